//! Diagnostics: what the generator reports about a model, always naming where.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation continues: something was approximated, or the model does something that is
    /// allowed but likely a mistake.
    Warning,
    /// Smithy's DANGER: very likely a mistake. Generation fails unless the model suppresses
    /// the event (`@suppress`, `metadata suppressions`).
    Danger,
    /// Generation fails; nothing is written. Errors cannot be suppressed.
    Error,
}

impl Severity {
    /// The name Smithy gives the severity (`WARNING`, `DANGER`, `ERROR`), as `metadata
    /// validators` and `severityOverrides` spell it.
    pub fn smithy_name(self) -> &'static str {
        match self {
            Severity::Warning => "WARNING",
            Severity::Danger => "DANGER",
            Severity::Error => "ERROR",
        }
    }
}

/// One finding about the model, naming the file and the shape it concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The model file, when known.
    pub file: Option<String>,
    /// The absolute shape id (`ns#Shape` or `ns#Shape$member`), when the problem has one.
    pub shape: Option<String>,
    pub message: String,
    /// Where in the file, when the problem is at a place in its text.
    pub location: Option<Location>,
    /// The event id Smithy gives this kind of finding (`TraitTarget`, `HttpLabelTrait`...),
    /// which suppressions name; `None` for problems of reading the model.
    pub id: Option<String>,
}

/// A place in a model file's text, with the line it is on, so that the diagnostic can show it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of the line (without its line break).
    pub source_line: String,
    /// How many bytes of the line the problem covers (at least one, for the caret).
    pub len: usize,
}

impl Location {
    /// The location of the byte range `start..end` of `text`.
    pub fn of(text: &str, start: usize, end: usize) -> Self {
        let start = floor_char(text, start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let source_line = text[line_start..line_end].trim_end_matches('\r');
        let line = text.as_bytes()[..line_start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char(text, end.clamp(start, line_end));
        Self {
            line,
            column,
            source_line: source_line.to_owned(),
            len: (end - start).max(1),
        }
    }
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl Diagnostic {
    /// A finding of the given severity, not yet placed in a file.
    pub fn new(
        severity: Severity,
        shape: impl Into<Option<String>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            file: None,
            shape: shape.into(),
            message: message.into(),
            location: None,
            id: None,
        }
    }

    pub fn error(shape: impl Into<Option<String>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, shape, message)
    }

    /// Smithy's DANGER severity: see [`Severity::Danger`].
    pub fn danger(shape: impl Into<Option<String>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Danger, shape, message)
    }

    /// Names the kind of finding (the validator's event id).
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    pub fn warning(shape: impl Into<Option<String>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, shape, message)
    }

    pub fn in_file(mut self, file: &str) -> Self {
        self.file.get_or_insert_with(|| file.to_owned());
        self
    }

    /// Places the diagnostic at the byte range `start..end` of the file's text.
    pub fn at(mut self, text: &str, start: usize, end: usize) -> Self {
        self.location = Some(Location::of(text, start, end));
        self
    }

    /// Whether the diagnostic fails generation: an error, or a danger left unsuppressed.
    pub fn is_error(&self) -> bool {
        self.severity >= Severity::Danger
    }
}

impl fmt::Display for Diagnostic {
    /// One line (`error: file: shape: message`), or, for a place in a file, the message with
    /// the line shown and a caret under the problem, as rustc shows them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Danger => "danger",
            Severity::Error => "error",
        };
        let Some(loc) = &self.location else {
            write!(f, "{level}")?;
            if let Some(id) = &self.id {
                write!(f, "[{id}]")?;
            }
            if let Some(file) = &self.file {
                write!(f, ": {file}")?;
            }
            if let Some(shape) = &self.shape {
                write!(f, ": {shape}")?;
            }
            return write!(f, ": {}", self.message);
        };
        use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
        let title = match &self.shape {
            Some(shape) => format!("{shape}: {}", self.message),
            None => self.message.clone(),
        };
        let level = match self.severity {
            Severity::Warning => Level::WARNING,
            Severity::Danger => Level::ERROR.with_name("danger"),
            Severity::Error => Level::ERROR,
        };
        // The snippet is the one line; its column is given by the annotation's byte range.
        let start = loc
            .source_line
            .char_indices()
            .nth(loc.column - 1)
            .map_or(loc.source_line.len(), |(i, _)| i);
        let end = (start + loc.len).min(loc.source_line.len()).max(start);
        // The renderer adds the line and column to the path.
        let path = self.file.as_deref().unwrap_or("<model>");
        let snippet = Snippet::source(loc.source_line.as_str())
            .line_start(loc.line)
            .path(path)
            .annotation(AnnotationKind::Primary.span(start..end));
        let mut heading = level.primary_title(title.as_str());
        if let Some(id) = &self.id {
            heading = heading.id(id.as_str());
        }
        let report = &[heading.element(snippet)];
        write!(f, "{}", Renderer::plain().render(report))
    }
}

/// The diagnostics of a failed generation (at least one of them an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for d in &self.diagnostics {
            if !first {
                writeln!(f)?;
            }
            first = false;
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}
