//! Model numbers as the decimal text of the exact `bigInteger` and `bigDecimal` types.

/// The digits of an integral number (`1e30` → `1` and 30 zeros), as a `bigInteger` holds it;
/// `None` for a number with a fraction, or with more than 10,000 digits.
pub fn integer_text(n: &serde_json::Number) -> Option<String> {
    if n.is_i64() || n.is_u64() {
        return Some(n.to_string());
    }
    // Any other number: its text as the model wrote it (the loaders keep it), `1.5e3` or `1e30`.
    let text = n.to_string();
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (text.as_str(), 0),
    };
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let frac = frac.trim_end_matches('0');
    let zeros = exp.checked_sub(i64::try_from(frac.len()).ok()?)?;
    if !(0..=10_000).contains(&zeros) {
        return None;
    }
    let digits = format!("{int}{frac}{}", "0".repeat(zeros as usize));
    let digits = digits.trim_start_matches('0');
    Some(match (digits.is_empty(), negative) {
        (true, _) => "0".to_owned(),
        (false, true) => format!("-{digits}"),
        (false, false) => digits.to_owned(),
    })
}

/// Whether a number's text is zero (`0`, `-0.0`, `0e5`).
pub fn is_zero(text: &str) -> bool {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    mantissa.bytes().all(|b| matches!(b, b'0' | b'.' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> serde_json::Number {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn integers_are_written_out() {
        assert_eq!(integer_text(&number("12")).as_deref(), Some("12"));
        assert_eq!(
            integer_text(&number("18446744073709551615")).as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(
            integer_text(&number("1e30")).as_deref(),
            Some("1000000000000000000000000000000")
        );
        assert_eq!(integer_text(&number("-2.5e3")).as_deref(), Some("-2500"));
        assert_eq!(integer_text(&number("100.0")).as_deref(), Some("100"));
        assert_eq!(integer_text(&number("1.5")), None);
        assert_eq!(integer_text(&number("1e-3")), None);
        assert!(is_zero("-0.0e7") && is_zero("0") && !is_zero("0.01"));
    }
}
