//! serde adapters for the JSON wire format that serde's defaults do not cover.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::de::DeserializeAsWrap;
use serde_with::ser::SerializeAsWrap;
use serde_with::{DeserializeAs, SerializeAs};

/// A dense list: `null` items on the wire are dropped, as Smithy asks of clients, instead of
/// failing the whole value. Items go through the adapter `A` (by default, as they are).
pub struct DenseList<A = serde_with::Same>(PhantomData<A>);

/// A dense map: entries whose value is `null` are dropped. Values go through the adapter `A`
/// (by default, as they are).
pub struct DenseMap<A = serde_with::Same>(PhantomData<A>);

impl<T, A: SerializeAs<T>> SerializeAs<Vec<T>> for DenseList<A> {
    fn serialize_as<S: Serializer>(items: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(items.len()))?;
        for item in items {
            seq.serialize_element(&SerializeAsWrap::<T, A>::new(item))?;
        }
        seq.end()
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, Vec<T>> for DenseList<A> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        struct ListVisitor<T, A>(PhantomData<(T, A)>);
        impl<'de, T, A: DeserializeAs<'de, T>> Visitor<'de> for ListVisitor<T, A> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }

            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element::<Option<DeserializeAsWrap<T, A>>>()? {
                    if let Some(item) = item {
                        items.push(item.into_inner());
                    }
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(ListVisitor::<T, A>(PhantomData))
    }
}

impl<K: Serialize, V, A: SerializeAs<V>> SerializeAs<HashMap<K, V>> for DenseMap<A> {
    fn serialize_as<S: Serializer>(entries: &HashMap<K, V>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (k, v) in entries {
            map.serialize_entry(k, &SerializeAsWrap::<V, A>::new(v))?;
        }
        map.end()
    }
}

impl<'de, K, V, A> DeserializeAs<'de, HashMap<K, V>> for DenseMap<A>
where
    K: Deserialize<'de> + Eq + Hash,
    A: DeserializeAs<'de, V>,
{
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<HashMap<K, V>, D::Error> {
        struct MapVisitor<K, V, A>(PhantomData<(K, V, A)>);
        impl<'de, K, V, A> Visitor<'de> for MapVisitor<K, V, A>
        where
            K: Deserialize<'de> + Eq + Hash,
            A: DeserializeAs<'de, V>,
        {
            type Value = HashMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut access: M) -> Result<HashMap<K, V>, M::Error> {
                let mut map = HashMap::with_capacity(access.size_hint().unwrap_or(0).min(1024));
                while let Some((k, v)) = access.next_entry::<K, Option<DeserializeAsWrap<V, A>>>()? {
                    if let Some(v) = v {
                        map.insert(k, v.into_inner());
                    }
                }
                Ok(map)
            }
        }
        deserializer.deserialize_map(MapVisitor::<K, V, A>(PhantomData))
    }
}

/// A structure read from a JSON object one member at a time. The generated `Deserialize` impl of
/// every structure is [`deserialize_struct`] over this trait: one visitor for all of them instead
/// of a derived one each (serde's derive expands to about 290 lines a structure, which was most
/// of the generated crate's compile time).
pub trait ReadMembers: Default {
    /// The structure's name, for error messages.
    const NAME: &'static str;

    /// Reads the value of the member sent as `key` into `self`; `Ok(false)` for a key the
    /// structure does not know, whose value the caller skips.
    fn read_member<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
}

/// Reads a structure from a JSON object: members missing from it keep their default (the model's
/// default, else the zero value: client error correction), unknown keys are skipped, and a key
/// sent twice keeps its last value.
pub fn deserialize_struct<'de, T: ReadMembers, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct StructVisitor<T>(PhantomData<T>);
    impl<'de, T: ReadMembers> Visitor<'de> for StructVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::default();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if !value.read_member(&key.0, &mut map)? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(value)
        }
    }
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// The next value of `map`, `null` read as the type's default: a required member sent as
/// `null` is as good as absent (client error correction).
pub fn or_default<'de, T: Deserialize<'de> + Default, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
    Ok(map.next_value::<Option<T>>()?.unwrap_or_default())
}

/// Reads map values through the `serde_with` adapter `U`: `ReadAs::<U>::next(map)`.
pub struct ReadAs<U>(PhantomData<U>);

impl<U> ReadAs<U> {
    /// The next value of `map`.
    pub fn next<'de, T, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error>
    where
        U: DeserializeAs<'de, T>,
    {
        map.next_value::<DeserializeAsWrap<T, U>>().map(DeserializeAsWrap::into_inner)
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A float on the JSON wire: a number, or the string `"NaN"`, `"Infinity"` or `"-Infinity"`
/// for the values JSON has no number for (as the Smithy JSON protocols spell them).
pub struct Float;

fn float_text(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value.is_infinite() {
        Some(if value > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        None
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
        }
    }
}

impl SerializeAs<f64> for Float {
    fn serialize_as<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        match float_text(*value) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*value),
        }
    }
}

impl SerializeAs<f32> for Float {
    fn serialize_as<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match float_text(f64::from(*value)) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f32(*value),
        }
    }
}

impl<'de> DeserializeAs<'de, f64> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl<'de> DeserializeAs<'de, f32> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        // The nearest f32, as serde's own f32 reading does.
        deserializer.deserialize_any(FloatVisitor).map(|v| v as f32)
    }
}
