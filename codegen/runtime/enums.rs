//! Support for the enums and unions of this crate: unknown values and their deserializer.

/// A string enum value this version of the model does not know.
///
/// Services add enum values over time; keeping the text lets a client read, show and send such
/// values back unchanged. It can only be made by converting a string into an enum, so an unknown
/// value never shadows a known variant.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An intEnum value this version of the model does not know.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct UnknownInt(i32);

impl UnknownInt {
    pub(crate) fn new(value: i32) -> Self {
        Self(value)
    }

    /// The value as received.
    pub fn value(self) -> i32 {
        self.0
    }
}

/// Reads a value of the string enum `name` without rejecting unknown values. It asks for a
/// `String`, which takes a string in any form: ciborium reads a CBOR string sent in chunks, or
/// one longer than 4 KiB, only then (for JSON both are the same).
pub(crate) fn deserialize_str_enum<'de, D, T>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    deserializer.deserialize_string(StrEnumVisitor(name, std::marker::PhantomData))
}

/// Deserializes string enums without rejecting unknown values.
struct StrEnumVisitor<T>(&'static str, std::marker::PhantomData<T>);

impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for StrEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a string value of {}", self.0)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
}
