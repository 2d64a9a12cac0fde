//! Exact numbers for Smithy's `bigInteger` and `bigDecimal`.
//!
//! A value is the decimal text the wire carried, checked against the JSON number grammar and
//! kept as it came: no digit or exponent is lost, and it is written back exactly as read.
//! Values compare by what they mean (`1.50 == 1.5`, `-0 == 0`, `1e3 > 999`), in time linear in
//! their length, whatever their exponent: a server can check the `@range` of a value from an
//! untrusted request without the quadratic work that parsing into a binary big number would
//! take. For arithmetic, parse [`BigDecimal::as_str`] or [`BigInteger::as_str`] with the number
//! crate of your choice (`bigdecimal`, `num-bigint`, ...).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A Smithy `bigInteger`: an integer of any size, kept as its decimal text (`-?digits`).
#[derive(Clone)]
pub struct BigInteger(Cow<'static, str>);

/// A Smithy `bigDecimal`: a decimal of any number of digits and any exponent up to
/// ±10<sup>36</sup>, kept as its text in the JSON number grammar (`-1.25e-7`).
#[derive(Clone)]
pub struct BigDecimal(Cow<'static, str>);

/// A text that is not a `bigInteger` or `bigDecimal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseNumberError {
    reason: &'static str,
}

impl fmt::Display for ParseNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason)
    }
}

impl std::error::Error for ParseNumberError {}

/// Exponents beyond this are refused, so that the exponent arithmetic of comparisons cannot
/// overflow (an `i128` holds this plus any length of digits).
const EXPONENT_LIMIT: i128 = 1_000_000_000_000_000_000_000_000_000_000_000_000;

/// A number's text taken apart: `-int.frac e exp`.
struct Parts<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
    exp: i128,
}

fn digits_len(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// Takes apart a number in the JSON grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
fn parse(text: &str) -> Result<Parts<'_>, ParseNumberError> {
    let bad = |reason| Err(ParseNumberError { reason });
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, rest) = rest.split_at(digits_len(rest));
    if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
        return bad("not a number: expected digits without leading zeros");
    }
    let (frac, rest) = match rest.strip_prefix('.') {
        Some(rest) => rest.split_at(digits_len(rest)),
        None => ("", rest),
    };
    if frac.is_empty() && int.len() + usize::from(negative) < text.len() - rest.len() {
        return bad("not a number: expected digits after the decimal point");
    }
    let exp = match rest.strip_prefix(['e', 'E']) {
        None if rest.is_empty() => 0,
        None => return bad("not a number: unexpected characters after the digits"),
        Some(e) => {
            let (sign, e) = match e.as_bytes().first() {
                Some(b'-') => (-1, &e[1..]),
                Some(b'+') => (1, &e[1..]),
                _ => (1, e),
            };
            if e.is_empty() || digits_len(e) != e.len() {
                return bad("not a number: expected digits in the exponent");
            }
            match e.parse::<i128>() {
                Ok(v) if v <= EXPONENT_LIMIT => sign * v,
                _ => return bad("exponent out of range"),
            }
        }
    };
    Ok(Parts {
        negative,
        int,
        frac,
        exp,
    })
}

impl Parts<'_> {
    fn digits(&self) -> impl DoubleEndedIterator<Item = u8> + Clone + '_ {
        self.int.bytes().chain(self.frac.bytes())
    }

    /// `None` for zero, else the sign, the exponent `e` and the significant digits `d` (without
    /// leading or trailing zeros) of the value `±0.d × 10^e`.
    fn normal(&self) -> Option<(bool, i128, impl Iterator<Item = u8> + Clone + '_)> {
        let total = self.int.len() + self.frac.len();
        let leading = self.digits().take_while(|&d| d == b'0').count();
        if leading == total {
            return None;
        }
        let trailing = self.digits().rev().take_while(|&d| d == b'0').count();
        // Both lengths are far below `i128::MAX - EXPONENT_LIMIT`.
        let exp = self.exp + self.int.len() as i128 - leading as i128;
        let significant = self.digits().skip(leading).take(total - leading - trailing);
        Some((self.negative, exp, significant))
    }
}

/// Parts of a text checked when its value was made; zero should one not parse.
fn parts(text: &str) -> Parts<'_> {
    parse(text).unwrap_or(Parts {
        negative: false,
        int: "0",
        frac: "",
        exp: 0,
    })
}

fn compare(a: &str, b: &str) -> Ordering {
    let (a, b) = (parts(a), parts(b));
    match (a.normal(), b.normal()) {
        (None, None) => Ordering::Equal,
        (None, Some((negative, ..))) => {
            if negative {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (Some((negative, ..)), None) => {
            if negative {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        (Some((an, ae, ad)), Some((bn, be, bd))) => match (an, bn) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            // Same sign: the larger exponent is the larger magnitude, then the digits decide
            // (a digit string that is a prefix of another is the smaller).
            (negative, _) => {
                let magnitude = ae.cmp(&be).then_with(|| ad.cmp(bd));
                if negative {
                    magnitude.reverse()
                } else {
                    magnitude
                }
            }
        },
    }
}

fn hash<H: Hasher>(text: &str, state: &mut H) {
    // What `compare` looks at, so that equal values hash alike.
    match parts(text).normal() {
        None => state.write_u8(0),
        Some((negative, exp, digits)) => {
            state.write_u8(if negative { 1 } else { 2 });
            state.write_i128(exp);
            for d in digits {
                state.write_u8(d);
            }
        }
    }
}

/// The kind of JSON value a raw text starts with, for error messages.
fn json_kind(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "something else",
    }
}

/// Reads a JSON number as its raw text (serde_json's `RawValue`: the number is never
/// converted to a float or an integer on the way).
fn read_raw<'de, D: Deserializer<'de>, T: FromStr<Err = ParseNumberError>>(
    deserializer: D,
    what: &str,
) -> Result<T, D::Error> {
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    let text = raw.get().trim();
    if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(serde::de::Error::custom(format_args!(
            "invalid type: {}, expected a {what} number",
            json_kind(text)
        )));
    }
    text.parse()
        .map_err(|e| serde::de::Error::custom(format_args!("invalid {what}: {e}")))
}

/// Writes the text as a JSON number, digit for digit.
fn write_raw<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    RawValue::from_string(text.to_owned())
        .map_err(serde::ser::Error::custom)?
        .serialize(serializer)
}

macro_rules! number_type {
    ($ty:ident, $what:literal) => {
        impl $ty {
            /// The number's text, as read or given.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A value of a text the generator checked (model defaults and `@range` bounds).
            #[allow(dead_code, reason = "used only where the model has defaults or bounds")]
            pub(crate) const fn from_trusted(text: &'static str) -> Self {
                Self(Cow::Borrowed(text))
            }
        }

        impl Default for $ty {
            fn default() -> Self {
                Self(Cow::Borrowed("0"))
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                compare(&self.0, &other.0) == Ordering::Equal
            }
        }

        impl Eq for $ty {}

        impl PartialOrd for $ty {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $ty {
            fn cmp(&self, other: &Self) -> Ordering {
                compare(&self.0, &other.0)
            }
        }

        impl Hash for $ty {
            fn hash<H: Hasher>(&self, state: &mut H) {
                hash(&self.0, state);
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                write_raw(&self.0, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                read_raw(deserializer, $what)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = ParseNumberError;

            fn try_from(text: String) -> Result<Self, ParseNumberError> {
                text.parse::<Self>()?;
                Ok(Self(Cow::Owned(text)))
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0.into_owned()
            }
        }

        number_type!(@from $ty: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
    };
    (@from $ty:ident: $($int:ty),*) => {
        $(
            impl From<$int> for $ty {
                fn from(value: $int) -> Self {
                    Self(Cow::Owned(value.to_string()))
                }
            }
        )*
    };
}

number_type!(BigInteger, "bigInteger");
number_type!(BigDecimal, "bigDecimal");

impl FromStr for BigInteger {
    type Err = ParseNumberError;

    /// An integer: `-?digits`, without a fraction or an exponent.
    fn from_str(text: &str) -> Result<Self, ParseNumberError> {
        let parts = parse(text)?;
        if parts.int.len() + usize::from(parts.negative) != text.len() {
            return Err(ParseNumberError {
                reason: "not an integer: expected digits only",
            });
        }
        Ok(Self(Cow::Owned(text.to_owned())))
    }
}

impl FromStr for BigDecimal {
    type Err = ParseNumberError;

    /// A number in the JSON grammar: `-1.25e-7`.
    fn from_str(text: &str) -> Result<Self, ParseNumberError> {
        parse(text)?;
        Ok(Self(Cow::Owned(text.to_owned())))
    }
}

impl From<BigInteger> for BigDecimal {
    fn from(value: BigInteger) -> Self {
        Self(value.0)
    }
}

impl PartialEq<BigDecimal> for BigInteger {
    fn eq(&self, other: &BigDecimal) -> bool {
        compare(&self.0, &other.0) == Ordering::Equal
    }
}

impl PartialOrd<BigDecimal> for BigInteger {
    fn partial_cmp(&self, other: &BigDecimal) -> Option<Ordering> {
        Some(compare(&self.0, &other.0))
    }
}

impl PartialEq<BigInteger> for BigDecimal {
    fn eq(&self, other: &BigInteger) -> bool {
        compare(&self.0, &other.0) == Ordering::Equal
    }
}

impl PartialOrd<BigInteger> for BigDecimal {
    fn partial_cmp(&self, other: &BigInteger) -> Option<Ordering> {
        Some(compare(&self.0, &other.0))
    }
}

/// A `serde_with` adapter writing a [`BigInteger`] or [`BigDecimal`] as a JSON string of its
/// exact text, and reading one from a string (the form rpcv2Json gives them).
pub struct Text;

impl<T: AsRef<str>> serde_with::SerializeAs<T> for Text {
    fn serialize_as<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.as_ref())
    }
}

impl<'de, T: TryFrom<String, Error = ParseNumberError>> serde_with::DeserializeAs<'de, T> for Text {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::try_from(String::deserialize(deserializer)?)
            .map_err(|e| serde::de::Error::custom(format_args!("invalid number: {e}")))
    }
}
