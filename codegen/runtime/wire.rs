//! serde adapters for the wire formats (JSON, and CBOR where it differs) that serde's defaults do
//! not cover.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    DeserializeSeed, EnumAccess, Error as _, IntoDeserializer, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::de::DeserializeAsWrap;
use serde_with::ser::SerializeAsWrap;
use serde_with::{DeserializeAs, SerializeAs};

/// How strictly a value is read. Clients read leniently: they correct errors and keep what they
/// can (a `null` in a dense list or map is dropped, an unknown union member is kept, a date-time
/// may have any UTC offset, base64 may leave out its padding). Servers read strictly and reject
/// all of these, as the Smithy protocols ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Error correction, for clients: how any plain `serde` read of the crate's types reads.
    Lenient,
    /// Reject what the protocol does not allow, for servers.
    Strict,
}

/// Reads `T` from JSON text, strictly or not. A strict read here drops the required members the
/// text leaves out; [`from_json_strict`] reports them.
pub fn from_json<'de, T: Deserialize<'de>>(text: &'de str, mode: Mode) -> serde_json::Result<T> {
    match mode {
        Mode::Lenient => serde_json::from_str(text),
        Mode::Strict => from_json_strict(text).map(|(value, _)| value),
    }
}

/// Reads `T` from JSON text strictly (servers), with the paths of the required members (without
/// a default) that the text leaves out or sends as `null`, however deep they sit. The paths are
/// JSON pointers as validation writes them (member names, list indices, map keys); the value
/// holds zero values there, as a lenient read fills in, and a server rejects it.
pub fn from_json_strict<'de, T: Deserialize<'de>>(
    text: &'de str,
) -> serde_json::Result<(T, Vec<String>)> {
    let mut de = serde_json::Deserializer::from_str(text);
    let StrictRead { value, missing } = StrictRead::deserialize(&mut de)?;
    de.end()?;
    Ok((value, missing))
}

/// A value read strictly (servers), with the paths of the required members it leaves out (see
/// [`from_json_strict`]). Reading it reads `T` through [`Strict`], so any format's reader can
/// read strictly, even one that does not hand out its deserializer (ciborium's `from_reader`).
pub struct StrictRead<T> {
    /// The value, zero values where required members are missing.
    pub value: T,
    /// The paths of the required members left out or sent as null.
    pub missing: Vec<String>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StrictRead<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let track = Track::default();
        let value = T::deserialize(Strict::new(deserializer, &track, At::Value))?;
        Ok(Self {
            value,
            missing: track.missing.into_inner(),
        })
    }
}

/// A read whose rules depend on the [`Mode`]: run by [`with_mode`].
pub trait ModeRead<'de> {
    /// What is read.
    type Value;

    /// Reads from `deserializer` with the rules of `mode`.
    fn read<D: Deserializer<'de>>(
        self,
        deserializer: D,
        mode: Mode,
    ) -> Result<Self::Value, D::Error>;
}

/// The newtype name [`with_mode`] asks for. [`Strict`] answers it with `visit_some`; every other
/// deserializer reads a newtype struct of any name as its content, through
/// `visit_newtype_struct` (the way `serde_json::value::RawValue` is asked for).
const MODE_PROBE: &str = "$smithy::wire::Mode";

/// The struct name [`deserialize_struct`] and [`deserialize_union`] ask for: it tells [`Strict`]
/// that the fields are a `MEMBERS` list ([`ReadMembers::MEMBERS`]), not serde's field names
/// (which a derived `Deserialize` passes). serde_json ignores both.
const MEMBERS_PROBE: &str = "$smithy::wire::Members";

/// Runs `read` with the mode of `deserializer`: [`Mode::Strict`] under [`Strict`], else
/// [`Mode::Lenient`]. The mode travels with the deserializer, so the types' `Deserialize` impls
/// are the same on both sides.
pub fn with_mode<'de, D: Deserializer<'de>, R: ModeRead<'de>>(
    deserializer: D,
    read: R,
) -> Result<R::Value, D::Error> {
    struct Probe<R>(R);
    impl<'de, R: ModeRead<'de>> Visitor<'de> for Probe<R> {
        type Value = R::Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a value")
        }

        fn visit_newtype_struct<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<R::Value, D::Error> {
            self.0.read(deserializer, Mode::Lenient)
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<R::Value, D::Error> {
            self.0.read(deserializer, Mode::Strict)
        }
    }
    deserializer.deserialize_newtype_struct(MODE_PROBE, Probe(read))
}

/// What a strict read finds besides the value, shared by every level of the read (it lives on
/// the stack of [`from_json_strict`]).
#[derive(Default)]
struct Track {
    /// JSON pointers of the required members left out. Each starts relative to the structure
    /// that misses it; every level above puts its own part in front on the way back out, so
    /// nothing is spent on paths while nothing is missing.
    missing: RefCell<Vec<String>>,
}

impl Track {
    fn len(&self) -> usize {
        self.missing.borrow().len()
    }

    /// Puts `/segment` (escaped as RFC 6901 asks) in front of the paths found since there were
    /// `start`.
    fn prefix(&self, start: usize, segment: &dyn fmt::Display) {
        let mut missing = self.missing.borrow_mut();
        if missing.len() <= start {
            return;
        }
        let text = segment.to_string();
        let mut part = String::with_capacity(text.len() + 1);
        part.push('/');
        for c in text.chars() {
            match c {
                '~' => part.push_str("~0"),
                '/' => part.push_str("~1"),
                c => part.push(c),
            }
        }
        for path in &mut missing[start..] {
            path.insert_str(0, &part);
        }
    }
}

/// Where a strict read is, as far as [`Strict`] needs to know.
#[derive(Clone, Copy)]
enum At<'t> {
    /// Any value.
    Value,
    /// The value of a required member: a `null` there sets the flag (the member is absent).
    Required(&'t Cell<bool>),
    /// A structure or union, with its `MEMBERS` list.
    Members(&'static [&'static str]),
}

/// The strict reading of a deserializer (and of the visitors, seeds and accessors it passes
/// along, so that nested values are read strictly too): servers read request bodies through it,
/// in [`from_json_strict`], which also learns from it what the body leaves out.
pub struct Strict<'t, T> {
    inner: T,
    track: &'t Track,
    at: At<'t>,
}

impl<'t, T> Strict<'t, T> {
    fn new(inner: T, track: &'t Track, at: At<'t>) -> Self {
        Self { inner, track, at }
    }
}

macro_rules! strict_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                self.inner.$method($($arg,)* Strict::new(visitor, self.track, self.at))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<'_, D> {
    type Error = D::Error;

    strict_deserialize! {
        deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(), deserialize_i32(),
        deserialize_i64(), deserialize_i128(), deserialize_u8(), deserialize_u16(), deserialize_u32(),
        deserialize_u64(), deserialize_u128(), deserialize_f32(), deserialize_f64(), deserialize_char(),
        deserialize_str(), deserialize_string(), deserialize_bytes(), deserialize_byte_buf(),
        deserialize_option(), deserialize_unit(), deserialize_unit_struct(name: &'static str),
        deserialize_seq(), deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize), deserialize_map(),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(), deserialize_ignored_any(),
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let at = if name == MEMBERS_PROBE {
            At::Members(fields)
        } else {
            At::Value
        };
        self.inner
            .deserialize_struct(name, fields, Strict::new(visitor, self.track, at))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if name == MODE_PROBE {
            visitor.visit_some(self)
        } else {
            self.inner
                .deserialize_newtype_struct(name, Strict::new(visitor, self.track, self.at))
        }
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

macro_rules! strict_visit {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: serde::de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.inner.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Strict<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    strict_visit! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
        visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
        visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char), visit_str(&str),
        visit_borrowed_str(&'de str), visit_string(String), visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        if let At::Required(null) = self.at {
            null.set(true);
        }
        self.inner.visit_none()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        if let At::Required(null) = self.at {
            null.set(true);
        }
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner
            .visit_some(Strict::new(deserializer, self.track, At::Value))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.inner
            .visit_newtype_struct(Strict::new(deserializer, self.track, At::Value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(StrictSeq {
            inner: seq,
            track: self.track,
            index: 0,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let members = match self.at {
            At::Members(members) => members,
            _ => &[],
        };
        self.inner
            .visit_map(StrictMap::new(map, self.track, members))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner
            .visit_enum(Strict::new(data, self.track, At::Value))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Strict<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner
            .deserialize(Strict::new(deserializer, self.track, self.at))
    }
}

/// A JSON array read strictly: what an item misses is found at its index.
struct StrictSeq<'t, A> {
    inner: A,
    track: &'t Track,
    index: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for StrictSeq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let start = self.track.len();
        let item = self
            .inner
            .next_element_seed(Strict::new(seed, self.track, At::Value))?;
        self.track.prefix(start, &self.index);
        self.index += 1;
        Ok(item)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// An entry of a `MEMBERS` list ([`ReadMembers::MEMBERS`]): (member name, wire key, required).
fn member_entry(entry: &'static str) -> (&'static str, &'static str, bool) {
    let (entry, required) = match entry.strip_prefix('?') {
        Some(rest) => (rest, false),
        None => (entry, true),
    };
    let (name, key) = entry.split_once('=').unwrap_or((entry, entry));
    (name, key, required)
}

/// A JSON object read strictly: what a value misses is found at its member name (a structure's
/// or union's) or its key (a map's), and the required members of a structure that are absent or
/// `null` are found when it ends.
struct StrictMap<'t, 'de, A> {
    inner: A,
    track: &'t Track,
    /// The structure's or union's `MEMBERS` list; empty for a map.
    members: &'static [&'static str],
    /// Which entries of `members` were read with a value; empty once reported, or when
    /// `members` has no required member.
    seen: Vec<bool>,
    /// The path segment of the value to read next: its member name, else its key.
    segment: Cow<'de, str>,
    /// The index in `members` of the value to read next, when it is a required member.
    required: Option<usize>,
}

impl<'t, 'de, A: MapAccess<'de>> StrictMap<'t, 'de, A> {
    fn new(inner: A, track: &'t Track, members: &'static [&'static str]) -> Self {
        let any_required = members.iter().any(|entry| !entry.starts_with('?'));
        Self {
            inner,
            track,
            members,
            seen: if any_required {
                vec![false; members.len()]
            } else {
                Vec::new()
            },
            segment: Cow::Borrowed(""),
            required: None,
        }
    }

    /// Adds the required members that were not read with a value to the track, once.
    fn report_missing(&mut self) {
        let seen = std::mem::take(&mut self.seen);
        let mut missing = self.track.missing.borrow_mut();
        for (entry, seen) in self.members.iter().zip(seen) {
            let (name, _, required) = member_entry(entry);
            if required && !seen {
                missing.push(format!("/{name}"));
            }
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        // The key is read here, borrowed when it has no escapes, and handed to `seed`, so that
        // it can name the path of what its value misses.
        let Some(Key(key)) = self.inner.next_key::<Key<'de>>()? else {
            self.report_missing();
            return Ok(None);
        };
        let value = match &key {
            Cow::Borrowed(k) => seed.deserialize(Strict::new(
                BorrowedStrDeserializer::<A::Error>::new(k),
                self.track,
                At::Value,
            )),
            Cow::Owned(k) => seed.deserialize(Strict::new(
                IntoDeserializer::<A::Error>::into_deserializer(k.as_str()),
                self.track,
                At::Value,
            )),
        }?;
        let member = self
            .members
            .iter()
            .enumerate()
            .map(|(i, entry)| (i, member_entry(entry)))
            .find(|(_, (_, wire, _))| *wire == key);
        (self.segment, self.required) = match member {
            Some((i, (name, _, required))) => (Cow::Borrowed(name), required.then_some(i)),
            None => (key, None),
        };
        Ok(Some(value))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let start = self.track.len();
        let null = Cell::new(false);
        let at = match self.required {
            Some(_) => At::Required(&null),
            None => At::Value,
        };
        let value = self
            .inner
            .next_value_seed(Strict::new(seed, self.track, at))?;
        // A key sent twice keeps its last value, so its last value decides.
        if let Some(seen) = self.required.take().and_then(|i| self.seen.get_mut(i)) {
            *seen = !null.get();
        }
        self.track.prefix(start, &self.segment);
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'t, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Strict<'t, A> {
    type Error = A::Error;
    type Variant = Strict<'t, A::Variant>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Strict<'t, A::Variant>), A::Error> {
        let (value, variant) = self
            .inner
            .variant_seed(Strict::new(seed, self.track, At::Value))?;
        Ok((value, Strict::new(variant, self.track, At::Value)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Strict<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.inner
            .newtype_variant_seed(Strict::new(seed, self.track, At::Value))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner
            .tuple_variant(len, Strict::new(visitor, self.track, At::Value))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.inner
            .struct_variant(fields, Strict::new(visitor, self.track, At::Value))
    }
}

/// A dense list: `null` items on the wire are dropped when reading leniently, as Smithy asks of
/// clients, instead of failing the whole value, and rejected when reading strictly (servers).
/// Items go through the adapter `A` (by default, as they are).
pub struct DenseList<A = serde_with::Same>(PhantomData<A>);

/// A dense map: entries whose value is `null` are dropped when reading leniently and rejected
/// when reading strictly. Values go through the adapter `A` (by default, as they are).
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
        struct ListVisitor<T, A>(Mode, PhantomData<(T, A)>);
        impl<'de, T, A: DeserializeAs<'de, T>> Visitor<'de> for ListVisitor<T, A> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }

            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element::<Option<DeserializeAsWrap<T, A>>>()? {
                    match item {
                        Some(item) => items.push(item.into_inner()),
                        None if self.0 == Mode::Strict => {
                            return Err(S::Error::custom("null item in a list that is not sparse"));
                        }
                        None => {}
                    }
                }
                Ok(items)
            }
        }
        impl<'de, T, A: DeserializeAs<'de, T>> ModeRead<'de> for ListVisitor<T, A> {
            type Value = Vec<T>;

            fn read<D: Deserializer<'de>>(
                self,
                deserializer: D,
                mode: Mode,
            ) -> Result<Vec<T>, D::Error> {
                deserializer.deserialize_seq(ListVisitor::<T, A>(mode, PhantomData))
            }
        }
        with_mode(
            deserializer,
            ListVisitor::<T, A>(Mode::Lenient, PhantomData),
        )
    }
}

impl<K: Serialize, V, A: SerializeAs<V>> SerializeAs<HashMap<K, V>> for DenseMap<A> {
    fn serialize_as<S: Serializer>(
        entries: &HashMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
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
        struct MapVisitor<K, V, A>(Mode, PhantomData<(K, V, A)>);
        impl<'de, K, V, A> Visitor<'de> for MapVisitor<K, V, A>
        where
            K: Deserialize<'de> + Eq + Hash,
            A: DeserializeAs<'de, V>,
        {
            type Value = HashMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<M: MapAccess<'de>>(
                self,
                mut access: M,
            ) -> Result<HashMap<K, V>, M::Error> {
                let mut map = HashMap::with_capacity(access.size_hint().unwrap_or(0).min(1024));
                while let Some((k, v)) =
                    access.next_entry::<K, Option<DeserializeAsWrap<V, A>>>()?
                {
                    match v {
                        Some(v) => {
                            map.insert(k, v.into_inner());
                        }
                        None if self.0 == Mode::Strict => {
                            return Err(M::Error::custom("null value in a map that is not sparse"));
                        }
                        None => {}
                    }
                }
                Ok(map)
            }
        }
        impl<'de, K, V, A> ModeRead<'de> for MapVisitor<K, V, A>
        where
            K: Deserialize<'de> + Eq + Hash,
            A: DeserializeAs<'de, V>,
        {
            type Value = HashMap<K, V>;

            fn read<D: Deserializer<'de>>(
                self,
                deserializer: D,
                mode: Mode,
            ) -> Result<HashMap<K, V>, D::Error> {
                deserializer.deserialize_map(MapVisitor::<K, V, A>(mode, PhantomData))
            }
        }
        with_mode(
            deserializer,
            MapVisitor::<K, V, A>(Mode::Lenient, PhantomData),
        )
    }
}

/// A structure read from a JSON object one member at a time. The generated `Deserialize` impl of
/// every structure is [`deserialize_struct`] over this trait: one visitor for all of them instead
/// of a derived one each (serde's derive expands to about 290 lines a structure, which was most
/// of the generated crate's compile time).
pub trait ReadMembers: Default {
    /// The structure's name, for error messages.
    const NAME: &'static str;

    /// What a strict read (servers) needs to know of the members beyond their wire keys, one
    /// entry per member: each required member without a default, which a request must send, by
    /// its name; `name=key` for one whose wire key is not its name (`@jsonName`), and
    /// `?name=key` for such a member that is not required. Paths in validation errors use member
    /// names, and a strict read reports the required members a request leaves out, at any depth
    /// ([`from_json_strict`]); every other read ignores the list.
    const MEMBERS: &'static [&'static str] = &[];

    /// The keys of the members a protocol with HTTP bindings carries outside the body (in the
    /// URI, query or headers): a read of the body ([`Body`]) skips them, and `MEMBERS` leaves
    /// them out.
    const NOT_IN_BODY: &'static [&'static str] = &[];

    /// For an error with a message: the keys services also spell it with besides the member's
    /// own (`message`, `Message`, `errorMessage`). The member's own key wins; else the last of
    /// these whose value is a string ([`ReadMembers::fill_message`]); other values are skipped.
    const MESSAGE_ALIASES: &'static [&'static str] = &[];

    /// Sets the message member to `message` if the body did not set it under its own key.
    fn fill_message(&mut self, _message: String) {}

    /// Reads the value of the member sent as `key` into `self`; `Ok(false)` for a key the
    /// structure does not know, whose value the caller skips.
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;
}

/// Reads a structure from a JSON object: members missing from it keep their default (the model's
/// default, else the zero value: client error correction), unknown keys are skipped, and a key
/// sent twice keeps its last value. A strict read also reports the required members left out
/// (see [`ReadMembers::MEMBERS`]), which it fills in all the same.
pub fn deserialize_struct<'de, T: ReadMembers, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    read_struct(deserializer, false)
}

/// Reads the members of a structure from a JSON object, all of them, or with `body` only those
/// in the body of a message (see [`ReadMembers::NOT_IN_BODY`]).
fn read_struct<'de, T: ReadMembers, D: Deserializer<'de>>(
    deserializer: D,
    body: bool,
) -> Result<T, D::Error> {
    struct StructVisitor<T> {
        body: bool,
        marker: PhantomData<T>,
    }
    impl<'de, T: ReadMembers> Visitor<'de> for StructVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::default();
            let mut message = None;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                let skip = self.body && T::NOT_IN_BODY.contains(&&*key.0);
                if !skip && T::MESSAGE_ALIASES.contains(&&*key.0) {
                    if let MessageText(Some(text)) = map.next_value()? {
                        message = Some(text);
                    }
                } else if skip || !value.read_member(&key.0, &mut map)? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            if let Some(message) = message {
                value.fill_message(message);
            }
            Ok(value)
        }
    }
    let visitor = StructVisitor {
        body,
        marker: PhantomData,
    };
    deserializer.deserialize_struct(MEMBERS_PROBE, T::MEMBERS, visitor)
}

/// A structure written as the members every serde form of it holds. The generated `Serialize`
/// impl of every structure is `write_members(serializer, false)`.
pub trait WriteMembers {
    /// Writes the structure as a serde struct: every member but event streams, or with `body`
    /// only those a protocol with HTTP bindings carries in the body.
    fn write_members<S: Serializer>(&self, serializer: S, body: bool) -> Result<S::Ok, S::Error>;
}

/// A boxed structure (an operation error enum boxes large errors) writes as the structure.
impl<T: WriteMembers> WriteMembers for Box<T> {
    fn write_members<S: Serializer>(&self, serializer: S, body: bool) -> Result<S::Ok, S::Error> {
        (**self).write_members(serializer, body)
    }
}

/// The body of an HTTP message holding a structure: its members but those bound to the URI,
/// query or headers. `Body(&value)` serializes; `Body<T>` deserializes.
pub struct Body<T>(pub T);

impl<T: WriteMembers> Serialize for Body<&T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write_members(serializer, true)
    }
}

impl<'de, T: ReadMembers> Deserialize<'de> for Body<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_struct(deserializer, true).map(Body)
    }
}

/// A union read from a JSON object with one member set. The generated `Deserialize` impl of every
/// union is [`deserialize_union`] over this trait.
pub trait ReadUnion: Sized {
    /// The union's name, for error messages.
    const NAME: &'static str;

    /// The members whose wire key is not their name, as `?name=key` (the format of
    /// [`ReadMembers::MEMBERS`]), for the paths of a strict read.
    const MEMBERS: &'static [&'static str] = &[];

    /// Reads the value of the member sent as `key`: `Ok(None)` for a key the union does not know,
    /// whose value the caller reads; `Ok(Some(None))` for a member sent as `null` (not set).
    fn read_variant<'de, A: MapAccess<'de>>(
        key: &str,
        map: &mut A,
    ) -> Result<Option<Option<Self>>, A::Error>;

    /// The value for a member the model does not know, by wire name.
    fn unknown(key: &str) -> Self;
}

/// Reads a union from a JSON object: exactly one member must be set (members sent as `null` and
/// the `__type` key count as absent). A member the model does not know is kept as `unknown` when
/// reading leniently (clients: services add members) and rejected when reading strictly (servers).
pub fn deserialize_union<'de, T: ReadUnion, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct UnionVisitor<T>(Mode, PhantomData<T>);
    impl<'de, T: ReadUnion> Visitor<'de> for UnionVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a JSON object with one member of union {}", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut found: Option<T> = None;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                let value = match T::read_variant(&key.0, &mut map)? {
                    Some(value) => value,
                    None => {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        if key.0 == "__type" {
                            None
                        } else if self.0 == Mode::Strict {
                            return Err(A::Error::custom(format_args!(
                                "unknown member `{}` of union {}",
                                key.0,
                                T::NAME
                            )));
                        } else {
                            Some(T::unknown(&key.0))
                        }
                    }
                };
                if value.is_some() {
                    if found.is_some() {
                        return Err(A::Error::custom(format_args!(
                            "more than one member of union {} is set",
                            T::NAME
                        )));
                    }
                    found = value;
                }
            }
            found.ok_or_else(|| {
                A::Error::custom(format_args!("no member of union {} is set", T::NAME))
            })
        }
    }
    impl<'de, T: ReadUnion> ModeRead<'de> for UnionVisitor<T> {
        type Value = T;

        fn read<D: Deserializer<'de>>(self, deserializer: D, mode: Mode) -> Result<T, D::Error> {
            deserializer.deserialize_struct(
                MEMBERS_PROBE,
                T::MEMBERS,
                UnionVisitor::<T>(mode, PhantomData),
            )
        }
    }
    with_mode(deserializer, UnionVisitor::<T>(Mode::Lenient, PhantomData))
}

/// The next value of `map`, `null` read as the type's default: a required member sent as
/// `null` is as good as absent (client error correction).
pub fn or_default<'de, T: Deserialize<'de> + Default, A: MapAccess<'de>>(
    map: &mut A,
) -> Result<T, A::Error> {
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
        map.next_value::<DeserializeAsWrap<T, U>>()
            .map(DeserializeAsWrap::into_inner)
    }
}

/// An object key, borrowed from the input when it has no escapes (JSON).
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        // `deserialize_any` rather than `deserialize_str`: CBOR may send a key as a string in
        // chunks, which ciborium reads only where any string will do (JSON reads it the same).
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// The key under which serde_json, built with its `arbitrary_precision` feature, hands a number
/// to `deserialize_any`: as a map of one entry, the number's exact text its value. A user's build
/// may turn the feature on for every crate in it, so readers that take a number through
/// `deserialize_any` take this form too.
const JSON_NUMBER_KEY: &str = "$serde_json::private::Number";

/// The text of a number in serde_json's `arbitrary_precision` form (see [`JSON_NUMBER_KEY`]); any
/// other map is the wrong type for `expected`.
pub(crate) fn json_number_text<'de, A: MapAccess<'de>>(
    mut map: A,
    expected: &dyn serde::de::Expected,
) -> Result<String, A::Error> {
    match map.next_key::<Key<'de>>()? {
        Some(Key(key)) if key == JSON_NUMBER_KEY => map.next_value(),
        _ => Err(A::Error::invalid_type(serde::de::Unexpected::Map, expected)),
    }
}

/// A float on the JSON wire: a number, or the string `"NaN"`, `"Infinity"` or `"-Infinity"`
/// for the values JSON has no number for (as the Smithy JSON protocols spell them). Formats
/// that are not human-readable (CBOR) have a float for each of them, and write it.
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

impl<'de> Visitor<'de> for FloatVisitor {
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

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<f64, A::Error> {
        let text = json_number_text(map, &self)?;
        // Rust reads a decimal to the nearest f64, as serde_json does.
        text.parse()
            .map_err(|_| A::Error::invalid_value(serde::de::Unexpected::Str(&text), &self))
    }
}

impl SerializeAs<f64> for Float {
    fn serialize_as<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        match float_text(*value).filter(|_| serializer.is_human_readable()) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*value),
        }
    }
}

impl SerializeAs<f32> for Float {
    fn serialize_as<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match float_text(f64::from(*value)).filter(|_| serializer.is_human_readable()) {
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

/// An integer (`byte`, `short`, `integer`, `long`) on the JSON wire. Clients read a number
/// written with a fraction or an exponent when it is an integer in range (`1e2` is 100, `3.0` is
/// 3; `3.5` is an error), as the AWS SDKs do: JSON has one kind of number. Servers read
/// integers strictly, as the plain `serde` reading does.
pub struct Integer;

/// The integer types [`Integer`] reads, with the bounds of an exact float conversion.
trait IntegerType: Sized + TryFrom<i64> + TryFrom<u64> + Serialize + for<'de> Deserialize<'de> {
    /// `-2^(bits-1)` and `2^(bits-1)`, exact as floats.
    const FLOAT_MIN: f64;
    const FLOAT_END: f64;
    const NAME: &'static str;
    fn from_float(value: f64) -> Self;
}

macro_rules! integer_type {
    ($($ty:ty: $bits:literal),*) => {$(
        impl IntegerType for $ty {
            const FLOAT_MIN: f64 = -((1u64 << ($bits - 1)) as f64);
            const FLOAT_END: f64 = (1u64 << ($bits - 1)) as f64;
            const NAME: &'static str = stringify!($ty);
            fn from_float(value: f64) -> Self {
                // In range and integral (checked by the caller): exact.
                value as $ty
            }
        }

        impl SerializeAs<$ty> for Integer {
            fn serialize_as<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                value.serialize(serializer)
            }
        }

        impl<'de> DeserializeAs<'de, $ty> for Integer {
            fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                with_mode(deserializer, IntegerRead(PhantomData))
            }
        }
    )*};
}

integer_type!(i8: 8, i16: 16, i32: 32, i64: 64);

struct IntegerRead<T>(PhantomData<T>);

impl<'de, T: IntegerType> ModeRead<'de> for IntegerRead<T> {
    type Value = T;

    fn read<D: Deserializer<'de>>(self, deserializer: D, mode: Mode) -> Result<T, D::Error> {
        match mode {
            Mode::Strict => T::deserialize(deserializer),
            Mode::Lenient => deserializer.deserialize_i64(IntegerVisitor(PhantomData)),
        }
    }
}

struct IntegerVisitor<T>(PhantomData<T>);

impl<'de, T: IntegerType> Visitor<'de> for IntegerVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an integer in the range of {}", T::NAME)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<T, E> {
        if v.fract() == 0.0 && v >= T::FLOAT_MIN && v < T::FLOAT_END {
            Ok(T::from_float(v))
        } else {
            Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
        }
    }
}

/// The text of an error message member in a spelling that is not the shape's own: a string,
/// else nothing (a value of another type is skipped, not an error).
struct MessageText(Option<String>);

impl<'de> Deserialize<'de> for MessageText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = MessageText;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<MessageText, E> {
                Ok(MessageText(Some(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<MessageText, E> {
                Ok(MessageText(Some(v)))
            }

            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<MessageText, E> {
                Ok(MessageText(None))
            }

            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<MessageText, E> {
                Ok(MessageText(None))
            }

            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<MessageText, E> {
                Ok(MessageText(None))
            }

            fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<MessageText, E> {
                Ok(MessageText(None))
            }

            fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<MessageText, E> {
                Ok(MessageText(None))
            }

            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<MessageText, E> {
                Ok(MessageText(None))
            }

            fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<MessageText, E> {
                Ok(MessageText(None))
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<MessageText, E> {
                Ok(MessageText(None))
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<MessageText, E> {
                Ok(MessageText(None))
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<MessageText, D::Error> {
                serde::de::IgnoredAny::deserialize(d).map(|_| MessageText(None))
            }

            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<MessageText, D::Error> {
                MessageText::deserialize(d)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MessageText, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(MessageText(None))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MessageText, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(MessageText(None))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}
