//! Checking that an engine takes a translation, with the limits generated code uses.

use super::PatternError;

/// Checks that the `regex` crate accepts the translation (with the default
/// limits, as used by generated code).
pub(super) fn verify(regex_text: &str) -> Result<(), PatternError> {
    verify_syntax(regex_text)?;
    match regex::Regex::new(regex_text) {
        Ok(_) => Ok(()),
        Err(regex::Error::CompiledTooBig(limit)) => Err(PatternError::Unsupported {
            reason: format!(
                "translated pattern exceeds the regex crate's compiled size limit of {limit} bytes"
            ),
        }),
        Err(e) => Err(PatternError::Invalid {
            reason: format!("the regex crate rejects the translation `{regex_text}`: {e}"),
        }),
    }
}

/// Checks the syntax of `regex`-crate text (including Unicode property
/// names) without compiling it.
pub(super) fn verify_syntax(regex_text: &str) -> Result<(), PatternError> {
    match regex_syntax::Parser::new().parse(regex_text) {
        Ok(_) => Ok(()),
        Err(regex_syntax::Error::Parse(e))
            if matches!(e.kind(), regex_syntax::ast::ErrorKind::NestLimitExceeded(_)) =>
        {
            Err(PatternError::Unsupported {
                reason: format!("nesting exceeds the regex crate's limit: {e}"),
            })
        }
        Err(e) => Err(PatternError::Invalid {
            reason: format!("the regex crate rejects the translation `{regex_text}`: {e}"),
        }),
    }
}

/// Checks that `fancy-regex` compiles the translation (with its default
/// limits; generated code only adds a backtracking limit, which does not
/// affect compiling).
pub(super) fn verify_fancy(fancy_text: &str) -> Result<(), PatternError> {
    use fancy_regex::{Error, ParseError};
    match fancy_regex::Regex::new(fancy_text) {
        Ok(_) => Ok(()),
        // Engine limits (nesting, lookbehinds it cannot run, size): valid
        // ECMA that this engine cannot take.
        Err(e @ (Error::ParseError(_, ParseError::RecursionExceeded) | Error::CompileError(_))) => {
            Err(PatternError::Unsupported {
                reason: format!("fancy-regex cannot compile the translation: {e}"),
            })
        }
        Err(e) => Err(PatternError::Invalid {
            reason: format!("fancy-regex rejects the translation `{fancy_text}`: {e}"),
        }),
    }
}
