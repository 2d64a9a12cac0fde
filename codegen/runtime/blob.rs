//! Base64, the wire form of blobs in JSON bodies and of `@mediaType` strings in headers. Formats
//! that are not human-readable (CBOR) carry blobs as byte strings instead.
//!
//! Both sides write the standard alphabet with padding. Clients read leniently (padding may be
//! short or left out); servers read strictly (canonical padding, no stray bits), as the Smithy
//! protocol tests ask.

use std::fmt;

use ::base64::Engine as _;
use ::base64::engine::DecodePaddingMode;
use ::base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use serde::de::{Deserializer, Visitor};
use serde::ser::Serializer;
use serde_with::{DeserializeAs, SerializeAs};

use super::wire::{Mode, ModeRead, with_mode};

/// Standard alphabet, padding optional.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &::base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Base64 text of `bytes`: standard alphabet, padded.
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    STANDARD.encode(bytes)
}

/// Text that is not the base64 of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64Error(String);

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Base64Error {}

/// The bytes of base64 `text`, read with the rules of `mode`.
pub fn decode(text: &str, mode: Mode) -> Result<Vec<u8>, Base64Error> {
    let engine = match mode {
        Mode::Lenient => &LENIENT,
        Mode::Strict => &STANDARD,
    };
    engine
        .decode(text)
        .map_err(|e| Base64Error(format!("invalid base64: {e}")))
}

/// The UTF-8 text that base64 `text` encodes (a `@mediaType` string header).
pub fn decode_string(text: &str, mode: Mode) -> Result<String, Base64Error> {
    String::from_utf8(decode(text, mode)?)
        .map_err(|e| Base64Error(format!("base64 value is not UTF-8: {e}")))
}

/// The `serde_with` adapter of blobs: a base64 string in JSON, a byte string in formats that are
/// not human-readable.
pub struct Base64;

impl SerializeAs<Vec<u8>> for Base64 {
    fn serialize_as<S: Serializer>(source: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&encode(source))
        } else {
            serializer.serialize_bytes(source)
        }
    }
}

impl<'de> DeserializeAs<'de, Vec<u8>> for Base64 {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        struct BlobVisitor(Mode);
        impl Visitor<'_> for BlobVisitor {
            type Value = Vec<u8>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 encoded string")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
                decode(v, self.0).map_err(E::custom)
            }

            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }

            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        impl<'de> ModeRead<'de> for BlobVisitor {
            type Value = Vec<u8>;

            fn read<D: Deserializer<'de>>(
                self,
                deserializer: D,
                mode: Mode,
            ) -> Result<Vec<u8>, D::Error> {
                if deserializer.is_human_readable() {
                    deserializer.deserialize_str(BlobVisitor(mode))
                } else {
                    // `byte_buf`, not `bytes`: ciborium reads a long or chunked byte string
                    // only into a buffer of its own.
                    deserializer.deserialize_byte_buf(BlobVisitor(mode))
                }
            }
        }
        with_mode(deserializer, BlobVisitor(Mode::Lenient))
    }
}
