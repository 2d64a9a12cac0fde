//! Diagnostics: what the generator reports about a model, always naming where.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation continues; the output compiles but something was approximated.
    Warning,
    /// Generation fails; nothing is written.
    Error,
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
}

impl Diagnostic {
    pub fn error(shape: impl Into<Option<String>>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: None,
            shape: shape.into(),
            message: message.into(),
        }
    }

    pub fn warning(shape: impl Into<Option<String>>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(shape, message)
        }
    }

    pub fn in_file(mut self, file: &str) -> Self {
        self.file.get_or_insert_with(|| file.to_owned());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}")?;
        if let Some(file) = &self.file {
            write!(f, ": {file}")?;
        }
        if let Some(shape) = &self.shape {
            write!(f, ": {shape}")?;
        }
        write!(f, ": {}", self.message)
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
