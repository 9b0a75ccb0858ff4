//! Reads JSON text into serde types: a recursive-descent parser that hands
//! each value straight to the type's visitor (no intermediate tree). Enums
//! are externally tagged as the protocol writes them (`"Ping"`, or an
//! object with one key naming the variant). Numbers must be integers that
//! fit 64 bits: the protocol has no floats, and a value that is not an
//! integer fails like any other malformed input. Nesting deeper than
//! [`MAX_DEPTH`](super::scan::MAX_DEPTH) fails too, so stored or received text cannot exhaust the
//! stack.

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use super::Malformed;
use super::scan::{Reader, Text};

type Result<T> = std::result::Result<T, Malformed>;

/// Parses `text` as one JSON value of type `T`, with nothing after it.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut reader = Reader {
        text,
        at: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut reader)?;
    match reader.peek() {
        None => Ok(value),
        Some(_) => Err(Malformed),
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Malformed;

    // Each kind reads only its own JSON shape (a struct only an object, a
    // number only an integer): forwarding them all to `deserialize_any`
    // would build every path of every visitor into the wasm, most of them
    // dead (a struct read from an array, a field named by its index).

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek().ok_or(Malformed)? {
            b'{' => self.deserialize_map(visitor),
            b'[' => self.deserialize_seq(visitor),
            b'"' => self.deserialize_str(visitor),
            b't' | b'f' => self.deserialize_bool(visitor),
            b'n' => self.deserialize_unit(visitor),
            _ => self.deserialize_i64(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.peek() == Some(b't');
        self.keyword(if value { "true" } else { "false" })?;
        visitor.visit_bool(value)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.integer()? {
            Ok(positive) => visitor.visit_u64(positive),
            Err(negative) => visitor.visit_i64(negative),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Text::Borrowed(text) => visitor.visit_borrowed_str(text),
            Text::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.descend(b'[')?;
        let mut seq = Sequence::new(self);
        let value = visitor.visit_seq(&mut seq)?;
        seq.finish(value)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.descend(b'{')?;
        let mut map = Sequence::new(self);
        let value = visitor.visit_map(&mut map)?;
        map.finish(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.keyword("null")?;
        visitor.visit_unit()
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() == Some(b'n') {
            self.keyword("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek() {
            // A unit variant: its name alone.
            Some(b'"') => match self.string()? {
                Text::Borrowed(name) => visitor.visit_enum(name.into_deserializer()),
                Text::Owned(name) => visitor.visit_enum(name.into_deserializer()),
            },
            // Any other: `{"Name": value}`.
            Some(b'{') => {
                self.descend(b'{')?;
                let value = visitor.visit_enum(&mut *self)?;
                self.eat(b'}')?;
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(Malformed),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_any(&mut *self, de::IgnoredAny)?;
        visitor.visit_unit()
    }

    // Nothing on the wire has these: they fail in `deserialize_any`'s
    // visitor (a number for a float, say) like any unexpected value.
    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf unit_struct tuple tuple_struct
    }
}

/// The entries of an object or the elements of an array being read.
struct Sequence<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
    /// The closing byte was read.
    done: bool,
}

impl<'a, 'de> Sequence<'a, 'de> {
    fn new(reader: &'a mut Reader<'de>) -> Self {
        Sequence {
            reader,
            first: true,
            done: false,
        }
    }

    /// A visitor that stopped before the end left the text half read.
    fn finish<T>(&self, value: T) -> Result<T> {
        if self.done { Ok(value) } else { Err(Malformed) }
    }
}

impl<'de> SeqAccess<'de> for Sequence<'_, 'de> {
    type Error = Malformed;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.reader.next_in(b']', &mut self.first)? {
            self.done = true;
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

impl<'de> MapAccess<'de> for Sequence<'_, 'de> {
    type Error = Malformed;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.reader.next_in(b'}', &mut self.first)? {
            self.done = true;
            return Ok(None);
        }
        if self.reader.peek() != Some(b'"') {
            return Err(Malformed);
        }
        let key = seed.deserialize(&mut *self.reader)?;
        self.reader.eat(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.reader)
    }
}

impl<'de> EnumAccess<'de> for &mut Reader<'de> {
    type Error = Malformed;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        if self.peek() != Some(b'"') {
            return Err(Malformed);
        }
        let variant = seed.deserialize(&mut *self)?;
        self.eat(b':')?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for &mut Reader<'de> {
    type Error = Malformed;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}
