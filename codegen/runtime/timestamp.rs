//! Timestamps on the wire: the three formats of Smithy's `timestampFormat` trait, as
//! [`serde_with`] adapters for [`jiff::Timestamp`] and as plain text functions.
//!
//! | Adapter          | Format         | Example                         |
//! |------------------|----------------|---------------------------------|
//! | [`EpochSeconds`] | `epoch-seconds`| `1398796238`, `1398796238.52`   |
//! | [`DateTime`]     | `date-time`    | `2014-04-29T18:30:38.52Z`       |
//! | [`HttpDate`]     | `http-date`    | `Tue, 29 Apr 2014 18:30:38 GMT` |
//!
//! Fields use them through `serde_with`, alone or inside `Option`, `Vec` and maps:
//!
//! ```text
//! #[serde(with = "::serde_with::As::<Option<crate::timestamp::EpochSeconds>>")]
//! pub expires: Option<jiff::Timestamp>,
//! ```
//!
//! Reading keeps every digit of precision down to nanoseconds. Writing keeps milliseconds, the
//! precision Smithy timestamps have, truncating toward the past: `date-time` and `epoch-seconds`
//! write a fraction only when the milliseconds are not zero, and `http-date`, which has no
//! fraction, writes whole seconds.
//!
//! Input that is not a timestamp of the expected format, or that lies outside what
//! [`jiff::Timestamp`] can hold (the years -9999 to 9999), fails to deserialize with an error
//! saying why; nothing here panics.

use std::fmt;

use jiff::Timestamp;
use jiff::civil;
use jiff::tz::Offset;
use serde::de::{self, Deserializer, Visitor};
use serde::ser::{self, Serializer};
use serde_with::{DeserializeAs, SerializeAs};

use crate::support::wire::{Mode, ModeRead, with_mode};

/// The `epoch-seconds` format: a JSON number of seconds since 1970-01-01T00:00:00Z.
///
/// Reads integers and decimal numbers (`1700000000`, `1700000000.123`, `1.5e9`); writes whole
/// seconds as an integer and anything else as a number with up to three decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EpochSeconds;

/// The `date-time` format: an RFC 3339 string such as `1985-04-12T23:20:50.52Z`.
///
/// Reads any UTC offset (`Z`, `+02:00`, `-08:00`; only `Z` when reading strictly, as servers do)
/// and any number of fractional digits; writes UTC with `Z` and up to three fractional digits,
/// only when they are not all zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateTime;

/// The `http-date` format: an RFC 7231 IMF-fixdate string such as
/// `Tue, 29 Apr 2014 18:30:38 GMT`.
///
/// Also reads fractional seconds (`Sun, 02 Jan 2000 20:34:56.456 GMT`), which some services send;
/// the obsolete RFC 850 and asctime forms are not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct HttpDate;

/// One of the formats of the `timestampFormat` trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimestampFormat {
    /// `epoch-seconds`: seconds since the Unix epoch, as a number.
    EpochSeconds,
    /// `date-time`: an RFC 3339 date-time.
    DateTime,
    /// `http-date`: an RFC 7231 IMF-fixdate.
    HttpDate,
}

impl TimestampFormat {
    /// The format's name in the model (`epoch-seconds`, `date-time`, `http-date`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        }
    }
}

impl fmt::Display for TimestampFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is not a timestamp in the expected format, or a timestamp the format cannot write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    format: TimestampFormat,
    reason: String,
}

impl TimestampError {
    fn new(format: TimestampFormat, reason: impl Into<String>) -> Self {
        Self {
            format,
            reason: reason.into(),
        }
    }

    /// The format that was expected.
    pub fn format(&self) -> TimestampFormat {
        self.format
    }
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} timestamp: {}", self.format, self.reason)
    }
}

impl std::error::Error for TimestampError {}

const NANOS_PER_MILLI: i128 = 1_000_000;

/// Longest input quoted back in an error message.
const MAX_QUOTED: usize = 64;

/// The input, quoted for an error message, unless it is too long to be worth repeating.
fn quoted(input: &str) -> String {
    if input.chars().count() <= MAX_QUOTED {
        format!("{input:?}")
    } else {
        String::from("the input")
    }
}

fn out_of_range(format: TimestampFormat, what: &str) -> TimestampError {
    TimestampError::new(
        format,
        format!("{what} is outside the supported range of years -9999 to 9999"),
    )
}

/// A timestamp truncated to milliseconds, as whole milliseconds since the epoch.
fn floor_millis(ts: Timestamp) -> i128 {
    ts.as_nanosecond().div_euclid(NANOS_PER_MILLI)
}

/// The timestamp as a UTC calendar date and time.
fn utc(ts: Timestamp) -> civil::DateTime {
    Offset::UTC.to_datetime(ts)
}

// epoch-seconds

/// Writes `ts` as seconds since the epoch: `1700000000`, `1700000000.123`, `-1.5`.
///
/// Keeps milliseconds, truncating toward the past; trailing zeros of the fraction are dropped.
pub fn format_epoch_seconds(ts: Timestamp) -> String {
    let millis = floor_millis(ts);
    let seconds = millis.div_euclid(1000);
    let fraction = millis.rem_euclid(1000);
    if fraction == 0 {
        return seconds.to_string();
    }
    // Written from the magnitude so that -0.5 keeps its sign.
    let sign = if millis < 0 { "-" } else { "" };
    let magnitude = millis.unsigned_abs();
    let digits = format!("{:03}", magnitude % 1000);
    format!(
        "{sign}{}.{}",
        magnitude / 1000,
        digits.trim_end_matches('0')
    )
}

/// Reads seconds since the epoch written as a decimal number: `1700000000`, `-1.5`,
/// `1700000000.123`, `1.5e9`.
///
/// Digits past nanoseconds are dropped, rounding toward the past. Leading `+`, whitespace, `NaN`
/// and infinities are rejected.
pub fn parse_epoch_seconds(text: &str) -> Result<Timestamp, TimestampError> {
    let format = TimestampFormat::EpochSeconds;
    let nanos = match decimal_nanos(text) {
        Ok(n) => n,
        Err(DecimalError::Syntax) => {
            return Err(TimestampError::new(
                format,
                format!("{} is not a number of seconds", quoted(text)),
            ));
        }
        Err(DecimalError::Range) => return Err(out_of_range(format, &quoted(text))),
    };
    Timestamp::from_nanosecond(nanos).map_err(|_| out_of_range(format, &quoted(text)))
}

enum DecimalError {
    Syntax,
    Range,
}

/// Parses a JSON-style decimal number of seconds into nanoseconds, exactly, rounding digits past
/// nanoseconds toward negative infinity.
fn decimal_nanos(text: &str) -> Result<i128, DecimalError> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = bytes.first() == Some(&b'-');
    if negative {
        i += 1;
    }
    let digits_in = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let int_len = digits_in(i);
    if int_len == 0 {
        return Err(DecimalError::Syntax);
    }
    let int_part = &text[i..i + int_len];
    i += int_len;
    let mut frac_part = "";
    if bytes.get(i) == Some(&b'.') {
        let frac_len = digits_in(i + 1);
        if frac_len == 0 {
            return Err(DecimalError::Syntax);
        }
        frac_part = &text[i + 1..i + 1 + frac_len];
        i += 1 + frac_len;
    }
    let mut exponent: i64 = 0;
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let exp_negative = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let exp_len = digits_in(i);
        if exp_len == 0 {
            return Err(DecimalError::Syntax);
        }
        for b in &bytes[i..i + exp_len] {
            // Saturates far beyond any exponent that could still give a timestamp.
            exponent = (exponent * 10 + i64::from(b - b'0')).min(1_000_000);
        }
        if exp_negative {
            exponent = -exponent;
        }
        i += exp_len;
    }
    if i != bytes.len() {
        return Err(DecimalError::Syntax);
    }

    // The value is digits × 10^scale nanoseconds, where digits joins the integer and fraction;
    // digits past nanoseconds are dropped (only whether any was nonzero matters).
    let frac_len = i64::try_from(frac_part.len()).map_err(|_| DecimalError::Range)?;
    let scale = exponent - frac_len + 9;
    let total = int_part.len() + frac_part.len();
    let drop = if scale >= 0 {
        0
    } else {
        usize::try_from(-scale).unwrap_or(usize::MAX).min(total)
    };
    let mut nanos: i128 = 0;
    let mut significant: i64 = 0;
    let mut dropped_nonzero = false;
    for (index, b) in int_part.bytes().chain(frac_part.bytes()).enumerate() {
        let d = b - b'0';
        if index >= total - drop {
            dropped_nonzero |= d != 0;
            continue;
        }
        if nanos != 0 || d != 0 {
            significant += 1;
            // No timestamp needs more than 21 digits of nanoseconds.
            if significant + scale.max(0) > 24 {
                return Err(DecimalError::Range);
            }
        }
        nanos = nanos * 10 + i128::from(d);
    }
    for _ in 0..scale.max(0) {
        nanos *= 10;
        if nanos == 0 {
            break;
        }
    }
    if negative {
        nanos = -nanos;
        if dropped_nonzero {
            nanos -= 1;
        }
    }
    Ok(nanos)
}

impl SerializeAs<Timestamp> for EpochSeconds {
    fn serialize_as<S: Serializer>(source: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        let millis = floor_millis(*source);
        // CBOR (not human-readable) sends every timestamp as a float, whole seconds included:
        // the Smithy protocols compare `1(0.0)` and `1(0)` as different values.
        if millis.rem_euclid(1000) == 0 && serializer.is_human_readable() {
            let seconds = i64::try_from(millis.div_euclid(1000))
                .map_err(|_| <S::Error as ser::Error>::custom("timestamp out of range"))?;
            serializer.serialize_i64(seconds)
        } else {
            // Exact below 2^53 milliseconds (about 285,000 years), so the shortest decimal form of
            // the float is the one with three decimals at most.
            let millis = i64::try_from(millis)
                .map_err(|_| <S::Error as ser::Error>::custom("timestamp out of range"))?;
            serializer.serialize_f64(millis as f64 / 1000.0)
        }
    }
}

impl<'de> DeserializeAs<'de, Timestamp> for EpochSeconds {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_any(EpochSecondsVisitor)
    }
}

struct EpochSecondsVisitor;

impl<'de> Visitor<'de> for EpochSecondsVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number of seconds since the Unix epoch")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Timestamp::from_second(v)
            .map_err(|_| E::custom(out_of_range(TimestampFormat::EpochSeconds, &v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(_) => Err(E::custom(out_of_range(
                TimestampFormat::EpochSeconds,
                &v.to_string(),
            ))),
        }
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Timestamp, E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(_) => Err(E::custom(out_of_range(
                TimestampFormat::EpochSeconds,
                &v.to_string(),
            ))),
        }
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Timestamp, E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(_) => Err(E::custom(out_of_range(
                TimestampFormat::EpochSeconds,
                &v.to_string(),
            ))),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        if !v.is_finite() {
            return Err(E::custom(TimestampError::new(
                TimestampFormat::EpochSeconds,
                format!("{v} is not a finite number of seconds"),
            )));
        }
        // The shortest decimal that reads back as `v` is what the sender wrote (for any number
        // with up to 15 significant digits), so `1700000000.123` keeps exactly 123 milliseconds
        // instead of the float's 122.99999…
        let mut buffer = zmij::Buffer::new();
        match decimal_nanos(buffer.format_finite(v))
            .ok()
            .and_then(|n| Timestamp::from_nanosecond(n).ok())
        {
            Some(ts) => Ok(ts),
            None => Err(E::custom(out_of_range(
                TimestampFormat::EpochSeconds,
                &format!("{v:?}"),
            ))),
        }
    }

    /// A number as serde_json's `arbitrary_precision` gives it: its text, read exactly.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Timestamp, A::Error> {
        let text = crate::support::wire::json_number_text(map, &self)?;
        match decimal_nanos(&text)
            .ok()
            .and_then(|n| Timestamp::from_nanosecond(n).ok())
        {
            Some(ts) => Ok(ts),
            None => Err(de::Error::custom(out_of_range(
                TimestampFormat::EpochSeconds,
                &text,
            ))),
        }
    }
}

// date-time

/// Writes `ts` as an RFC 3339 date-time in UTC: `1985-04-12T23:20:50.52Z`.
///
/// Keeps milliseconds, truncating toward the past, and writes a fraction only when they are not
/// zero. Fails for timestamps before the year 0, which RFC 3339 cannot write.
pub fn format_date_time(ts: Timestamp) -> Result<String, TimestampError> {
    let dt = utc(ts);
    if dt.year() < 0 {
        return Err(TimestampError::new(
            TimestampFormat::DateTime,
            format!("the year {} cannot be written in RFC 3339", dt.year()),
        ));
    }
    let mut out = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    // The civil time's fraction is never negative.
    let millis = dt.subsec_nanosecond() / 1_000_000;
    if millis != 0 {
        let digits = format!("{millis:03}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push('Z');
    Ok(out)
}

/// Reads an RFC 3339 date-time: `1985-04-12T23:20:50.52Z`, `1996-12-19T16:39:57-08:00`.
///
/// `T` and `Z` may be lowercase; fractional digits past nanoseconds are dropped; a leap second
/// (`:60`) reads as the last nanosecond of the minute before it would have ended.
pub fn parse_date_time(text: &str) -> Result<Timestamp, TimestampError> {
    read_date_time(text, true)
}

/// Reads an RFC 3339 date-time in UTC, as Smithy servers must: like [`parse_date_time`], but
/// the time must end with `Z`; a UTC offset (`-08:00`, even `+00:00`) is rejected.
pub fn parse_date_time_strict(text: &str) -> Result<Timestamp, TimestampError> {
    read_date_time(text, false)
}

fn read_date_time(text: &str, offsets: bool) -> Result<Timestamp, TimestampError> {
    let format = TimestampFormat::DateTime;
    let invalid = || {
        TimestampError::new(
            format,
            format!(
                "{} is not an RFC 3339 date-time such as 1985-04-12T23:20:50.52Z",
                quoted(text)
            ),
        )
    };
    let mut c = Cursor::new(text);
    let year = c.number(4).ok_or_else(invalid)?;
    c.literal(b"-").ok_or_else(invalid)?;
    let month = c.number(2).ok_or_else(invalid)?;
    c.literal(b"-").ok_or_else(invalid)?;
    let day = c.number(2).ok_or_else(invalid)?;
    c.one_of(b"Tt").ok_or_else(invalid)?;
    let hour = c.number(2).ok_or_else(invalid)?;
    c.literal(b":").ok_or_else(invalid)?;
    let minute = c.number(2).ok_or_else(invalid)?;
    c.literal(b":").ok_or_else(invalid)?;
    let second = c.number(2).ok_or_else(invalid)?;
    let nanos = c.fraction().ok_or_else(invalid)?;
    let offset_seconds = match c.bump() {
        Some(b'Z' | b'z') => 0,
        Some(b'+' | b'-') if !offsets => {
            return Err(TimestampError::new(
                format,
                format!("{} has a UTC offset; only Z is accepted", quoted(text)),
            ));
        }
        Some(sign @ (b'+' | b'-')) => {
            let hours = c.number(2).ok_or_else(invalid)?;
            c.literal(b":").ok_or_else(invalid)?;
            let minutes = c.number(2).ok_or_else(invalid)?;
            if hours > 23 || minutes > 59 {
                return Err(invalid());
            }
            let seconds = (hours * 3600 + minutes * 60) as i32;
            if sign == b'-' { -seconds } else { seconds }
        }
        _ => return Err(invalid()),
    };
    if !c.at_end() {
        return Err(invalid());
    }
    let dt = civil_date_time(year, month, day, hour, minute, second, nanos).ok_or_else(invalid)?;
    let offset = Offset::from_seconds(offset_seconds).map_err(|_| invalid())?;
    offset
        .to_timestamp(dt)
        .map_err(|_| out_of_range(format, &quoted(text)))
}

impl SerializeAs<Timestamp> for DateTime {
    fn serialize_as<S: Serializer>(source: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        let text = format_date_time(*source).map_err(<S::Error as ser::Error>::custom)?;
        serializer.serialize_str(&text)
    }
}

/// Reads leniently or strictly ([`parse_date_time_strict`], servers) as the deserializer says.
impl<'de> DeserializeAs<'de, Timestamp> for DateTime {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        struct Read;
        impl<'de> ModeRead<'de> for Read {
            type Value = Timestamp;

            fn read<D: Deserializer<'de>>(
                self,
                deserializer: D,
                mode: Mode,
            ) -> Result<Timestamp, D::Error> {
                deserializer.deserialize_str(TextVisitor {
                    expecting: "an RFC 3339 date-time string",
                    parse: match mode {
                        Mode::Lenient => parse_date_time,
                        Mode::Strict => parse_date_time_strict,
                    },
                })
            }
        }
        with_mode(deserializer, Read)
    }
}

// http-date

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Writes `ts` as an RFC 7231 IMF-fixdate: `Tue, 29 Apr 2014 18:30:38 GMT`.
///
/// Whole seconds only, truncating toward the past. Fails for timestamps before the year 0, which
/// the format cannot write.
pub fn format_http_date(ts: Timestamp) -> Result<String, TimestampError> {
    let dt = utc(ts);
    if dt.year() < 0 {
        return Err(TimestampError::new(
            TimestampFormat::HttpDate,
            format!("the year {} cannot be written in an HTTP date", dt.year()),
        ));
    }
    let weekday = WEEKDAYS[dt.weekday().to_sunday_zero_offset() as usize];
    let month = MONTHS[(dt.month() - 1) as usize];
    Ok(format!(
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
        dt.day(),
        dt.year(),
        dt.hour(),
        dt.minute(),
        dt.second()
    ))
}

/// Reads an RFC 7231 IMF-fixdate: `Tue, 29 Apr 2014 18:30:38 GMT`, optionally with fractional
/// seconds (`Sun, 02 Jan 2000 20:34:56.456 GMT`).
///
/// Names are case-sensitive and the day of the week must be the right one for the date.
pub fn parse_http_date(text: &str) -> Result<Timestamp, TimestampError> {
    let format = TimestampFormat::HttpDate;
    let invalid = || {
        TimestampError::new(
            format,
            format!(
                "{} is not an IMF-fixdate such as Tue, 29 Apr 2014 18:30:38 GMT",
                quoted(text)
            ),
        )
    };
    let mut c = Cursor::new(text);
    let weekday = c.name(&WEEKDAYS).ok_or_else(invalid)?;
    c.literal(b", ").ok_or_else(invalid)?;
    let day = c.number(2).ok_or_else(invalid)?;
    c.literal(b" ").ok_or_else(invalid)?;
    let month = c.name(&MONTHS).ok_or_else(invalid)? as u32 + 1;
    c.literal(b" ").ok_or_else(invalid)?;
    let year = c.number(4).ok_or_else(invalid)?;
    c.literal(b" ").ok_or_else(invalid)?;
    let hour = c.number(2).ok_or_else(invalid)?;
    c.literal(b":").ok_or_else(invalid)?;
    let minute = c.number(2).ok_or_else(invalid)?;
    c.literal(b":").ok_or_else(invalid)?;
    let second = c.number(2).ok_or_else(invalid)?;
    let nanos = c.fraction().ok_or_else(invalid)?;
    c.literal(b" GMT").ok_or_else(invalid)?;
    if !c.at_end() {
        return Err(invalid());
    }
    let dt = civil_date_time(year, month, day, hour, minute, second, nanos).ok_or_else(invalid)?;
    let actual = WEEKDAYS[dt.weekday().to_sunday_zero_offset() as usize];
    if WEEKDAYS[weekday] != actual {
        return Err(TimestampError::new(
            format,
            format!(
                "{} names the wrong day of the week: {:04}-{:02}-{:02} is a {actual}",
                quoted(text),
                year,
                month,
                day
            ),
        ));
    }
    Offset::UTC
        .to_timestamp(dt)
        .map_err(|_| out_of_range(format, &quoted(text)))
}

impl SerializeAs<Timestamp> for HttpDate {
    fn serialize_as<S: Serializer>(source: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        let text = format_http_date(*source).map_err(<S::Error as ser::Error>::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de> DeserializeAs<'de, Timestamp> for HttpDate {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_str(TextVisitor {
            expecting: "an HTTP date string",
            parse: parse_http_date,
        })
    }
}

// shared parsing

/// Reads a string timestamp with one of the text parsers.
struct TextVisitor {
    expecting: &'static str,
    parse: fn(&str) -> Result<Timestamp, TimestampError>,
}

impl Visitor<'_> for TextVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        (self.parse)(v).map_err(E::custom)
    }
}

/// A calendar date and time from parsed fields, or `None` when they name no such moment.
///
/// A leap second (`60`) becomes the last nanosecond of second 59, as a timestamp cannot hold it.
fn civil_date_time(
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
) -> Option<civil::DateTime> {
    let (second, nanos) = if second == 60 {
        (59, 999_999_999)
    } else {
        (second, nanos)
    };
    civil::DateTime::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        i32::try_from(nanos).ok()?,
    )
    .ok()
}

/// Steps through the bytes of a timestamp text.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    /// Exactly `len` ASCII digits.
    fn number(&mut self, len: usize) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + len)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.at += len;
        Some(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }

    fn literal(&mut self, expected: &[u8]) -> Option<()> {
        if self.bytes.get(self.at..self.at + expected.len())? != expected {
            return None;
        }
        self.at += expected.len();
        Some(())
    }

    fn one_of(&mut self, allowed: &[u8]) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        if !allowed.contains(&b) {
            return None;
        }
        self.at += 1;
        Some(b)
    }

    /// The index in `names` of the three-letter name that comes next.
    fn name(&mut self, names: &[&str]) -> Option<usize> {
        let found = names
            .iter()
            .position(|n| self.bytes.get(self.at..self.at + n.len()) == Some(n.as_bytes()))?;
        self.at += names[found].len();
        Some(found)
    }

    /// An optional `.` and one or more digits, as nanoseconds (digits past the ninth dropped);
    /// `Some(0)` when there is no fraction, `None` when a `.` has no digits.
    fn fraction(&mut self) -> Option<u32> {
        if self.bytes.get(self.at) != Some(&b'.') {
            return Some(0);
        }
        self.at += 1;
        let digits = self.bytes[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        let mut nanos = 0;
        for i in 0..9 {
            let d = if i < digits {
                u32::from(self.bytes[self.at + i] - b'0')
            } else {
                0
            };
            nanos = nanos * 10 + d;
        }
        self.at += digits;
        Some(nanos)
    }
}
