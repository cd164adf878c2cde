//! A compact binary form of any serde value as two lists, numbers and texts: what a
//! message between the page and its simulation workers carries. The types' own serde
//! derives are the only description of their fields; this module walks them.
//!
//! The format is not self-describing (like bincode's): a value is read back as the type
//! it was written as, in the order serde visits it.
//!
//! | serde value | numbers | texts |
//! | --- | --- | --- |
//! | `f64` | the value itself, bit for bit | |
//! | `bool` | 0 or 1 | |
//! | integers up to 32 bits, `f32` | the value (exact in an `f64`) | |
//! | `u64`, `i64`, `usize` | the high and the low 32 bits | |
//! | `char`, `str`, `String` | | the text |
//! | `Option` | 0 (none), or 1 then the value | |
//! | sequence, map | the length, then the items (a map's key, then its value) | |
//! | struct, tuple, array | the fields in order, nothing else | |
//! | enum | the variant's index, then its fields | |
//! | unit, unit struct | nothing | |

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use std::fmt;

/// A message's contents: numbers and texts, read in the order they were written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Wire {
    /// The numbers.
    pub numbers: Vec<f64>,
    /// The texts.
    pub texts: Vec<String>,
}

/// Why a value could not be written or read. Serde's own messages (which name the type
/// and field expected) are dropped unread: formatting them would cost the widget's
/// WebAssembly more than the messages are worth, for a fault only a broken build causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error(&'static str);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Error("a value serde cannot write")
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Error("a value serde cannot read")
    }
}

fn error(what: &'static str) -> Error {
    Error(what)
}

/// `value` written as numbers and texts.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Wire, Error> {
    let mut wire = Wire::default();
    value.serialize(&mut wire)?;
    Ok(wire)
}

/// The value [`encode`] wrote into `wire`; an error when `wire` holds anything else, a
/// number out of its type's range, or more than that value.
pub fn decode<T: DeserializeOwned>(wire: &Wire) -> Result<T, Error> {
    let mut reader = Reader {
        numbers: wire.numbers.iter(),
        texts: wire.texts.iter(),
    };
    let value = T::deserialize(&mut reader)?;
    if reader.numbers.len() == 0 && reader.texts.len() == 0 {
        Ok(value)
    } else {
        Err(error("more than one value"))
    }
}

/// A 64-bit FNV-1a hash of `value` as [`encode`] writes it: every number's bits, then
/// every text; equal values hash equal on every target. `None` when it cannot be
/// written.
pub fn fingerprint<T: Serialize + ?Sized>(value: &T) -> Option<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let wire = encode(value).ok()?;
    let mut hash = OFFSET;
    let mut add = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(PRIME);
        }
    };
    add(&(wire.numbers.len() as u64).to_le_bytes());
    for v in &wire.numbers {
        add(&v.to_bits().to_le_bytes());
    }
    for text in &wire.texts {
        // 0xff never occurs in UTF-8: it ends each text.
        add(text.as_bytes());
        add(&[0xff]);
    }
    Some(hash)
}

impl Wire {
    fn number(&mut self, v: f64) {
        self.numbers.push(v);
    }
    fn u64(&mut self, v: u64) {
        self.number(f64::from((v >> 32) as u32));
        self.number(f64::from(v as u32));
    }
    fn len(&mut self, len: Option<usize>) -> Result<(), Error> {
        let len = len.ok_or_else(|| error("a sequence of unknown length"))?;
        self.u64(len as u64);
        Ok(())
    }
}

impl ser::Serializer for &mut Wire {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.number(f64::from(u8::from(v)));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i32(i32::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i32(i32::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.number(f64::from(v));
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.u64(v as u64);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u32(u32::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u32(u32::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.number(f64::from(v));
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.u64(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.number(f64::from(v));
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.number(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.texts.push(v.to_string());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.texts.push(v.to_string());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.u64(v.len() as u64);
        self.numbers.extend(v.iter().map(|b| f64::from(*b)));
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.number(0.0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.number(1.0);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_u32(index)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.number(f64::from(index));
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Error> {
        self.len(len)?;
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.number(f64::from(index));
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Error> {
        self.len(len)?;
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.number(f64::from(index));
        Ok(self)
    }
}

/// Sequences, tuples, maps and structs are their items, one after another: a single
/// implementation serves every kind.
macro_rules! items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Wire {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Error> {
                Ok(())
            }
        }
    )*};
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Wire {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Wire {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Wire {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// Reads a [`Wire`] back, in the order it was written.
struct Reader<'a> {
    numbers: std::slice::Iter<'a, f64>,
    texts: std::slice::Iter<'a, String>,
}

impl Reader<'_> {
    fn number(&mut self) -> Result<f64, Error> {
        self.numbers
            .next()
            .copied()
            .ok_or_else(|| error("too few numbers"))
    }
    /// A whole number from `min` to `max`.
    fn whole(&mut self, min: f64, max: f64) -> Result<f64, Error> {
        let v = self.number()?;
        if v.fract() == 0.0 && (min..=max).contains(&v) {
            Ok(v)
        } else {
            Err(error("a number out of its range"))
        }
    }
    fn u32(&mut self) -> Result<u32, Error> {
        Ok(self.whole(0.0, f64::from(u32::MAX))? as u32)
    }
    fn i32(&mut self) -> Result<i32, Error> {
        Ok(self.whole(f64::from(i32::MIN), f64::from(i32::MAX))? as i32)
    }
    fn u64(&mut self) -> Result<u64, Error> {
        let high = u64::from(self.u32()?);
        let low = u64::from(self.u32()?);
        Ok((high << 32) | low)
    }
    fn text(&mut self) -> Result<&String, Error> {
        self.texts.next().ok_or_else(|| error("too few texts"))
    }
    /// A length: at most the values left, since every item takes at least one.
    fn len(&mut self) -> Result<usize, Error> {
        let len = self.u64()?;
        let left = (self.numbers.len() + self.texts.len()) as u64;
        if len <= left {
            Ok(len as usize)
        } else {
            Err(error("a length longer than the message"))
        }
    }
}

/// Reads `left` items in a row (a sequence's, a tuple's or a struct's fields).
struct Items<'r, 'a> {
    reader: &'r mut Reader<'a>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.reader).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, '_> {
    type Error = Error;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.reader).map(Some)
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.reader)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de, 'r, 'a> de::EnumAccess<'de> for &'r mut Reader<'a> {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<V: de::DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let index = self.u32()?;
        let variant = seed.deserialize(IntoDeserializer::<Error>::into_deserializer(index))?;
        Ok((variant, self))
    }
}

impl<'de, 'r, 'a> de::VariantAccess<'de> for &'r mut Reader<'a> {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }
    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Items {
            reader: self,
            left: len,
        })
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_seq(Items {
            reader: self,
            left: fields.len(),
        })
    }
}

impl<'de, 'r, 'a> de::Deserializer<'de> for &'r mut Reader<'a> {
    type Error = Error;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(error("a value of unknown type"))
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.u32()? {
            0 => visitor.visit_bool(false),
            1 => visitor.visit_bool(true),
            _ => Err(error("a truth value other than 0 or 1")),
        }
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i32(self.i32()?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i32(self.i32()?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i32(self.i32()?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(self.u64()? as i64)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u32(self.u32()?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u32(self.u32()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u32(self.u32()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(self.u64()?)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.number()?)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.number()?)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text()?)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text()?)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let len = self.len()?;
        let bytes = (0..len)
            .map(|_| Ok(self.whole(0.0, 255.0)? as u8))
            .collect::<Result<Vec<u8>, Error>>()?;
        visitor.visit_byte_buf(bytes)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.u32()? {
            0 => visitor.visit_none(),
            1 => visitor.visit_some(self),
            _ => Err(error("an option other than 0 or 1")),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let left = self.len()?;
        visitor.visit_seq(Items { reader: self, left })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Items {
            reader: self,
            left: len,
        })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let left = self.len()?;
        visitor.visit_map(Items { reader: self, left })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(fields.len(), visitor)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(error("a field name, which this format does not write"))
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(error("a value of unknown type"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    enum Shape {
        Nothing,
        Number(f64),
        Pair(u8, i16),
        Named { text: String, letter: char },
    }

    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Everything {
        yes: bool,
        small: i32,
        big: u64,
        negative: i64,
        size: usize,
        floats: Vec<f64>,
        array: [f64; 3],
        maybe: Option<Option<u32>>,
        shapes: Vec<Shape>,
        boxed: Box<Shape>,
        map: BTreeMap<String, u32>,
        unit: (),
    }

    fn everything() -> Everything {
        Everything {
            yes: true,
            small: -7,
            big: u64::MAX - 12_345,
            negative: i64::MIN + 3,
            size: usize::MAX - 5,
            floats: vec![
                0.1,
                -0.0,
                f64::MIN_POSITIVE / 2.0,
                f64::MAX,
                f64::NAN,
                f64::INFINITY,
            ],
            array: [1.0 / 3.0, 2.0, 3.5],
            maybe: Some(None),
            shapes: vec![
                Shape::Nothing,
                Shape::Number(1e-300),
                Shape::Pair(255, -300),
                Shape::Named {
                    text: "TikTok (ByteDance)".to_string(),
                    letter: 'é',
                },
            ],
            boxed: Box::new(Shape::Number(-2.5)),
            map: BTreeMap::from([("a".to_string(), 1), ("b".to_string(), 2)]),
            unit: (),
        }
    }

    #[test]
    fn every_kind_of_value_reads_back_bit_for_bit() {
        let value = everything();
        let wire = encode(&value).unwrap();
        let back: Everything = decode(&wire).unwrap();
        // NaN is not equal to itself: compare the floats' bits, then the rest.
        let bits = |v: &Everything| v.floats.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&value));
        assert_eq!(
            Everything {
                floats: vec![],
                ..back
            },
            Everything {
                floats: vec![],
                ..value
            }
        );
    }

    #[test]
    fn structs_write_no_field_names() {
        let wire = encode(&everything()).unwrap();
        assert_eq!(
            wire.texts,
            ["TikTok (ByteDance)", "é", "a", "b"].map(String::from)
        );
    }

    #[test]
    fn a_cut_padded_or_altered_message_reads_as_an_error() {
        let wire = encode(&everything()).unwrap();
        for cut in 0..wire.numbers.len() {
            let mut short = wire.clone();
            short.numbers.truncate(cut);
            assert!(decode::<Everything>(&short).is_err(), "cut at {cut}");
        }
        let mut long = wire.clone();
        long.numbers.push(0.0);
        assert!(decode::<Everything>(&long).is_err());
        let mut long = wire.clone();
        long.texts.push(String::new());
        assert!(decode::<Everything>(&long).is_err());
        // The first number is a truth value; 0.5 and 2 are none.
        for bad in [0.5, 2.0, -1.0] {
            let mut altered = wire.clone();
            altered.numbers[0] = bad;
            assert!(decode::<Everything>(&altered).is_err());
        }
    }

    #[test]
    fn a_huge_length_is_refused_before_anything_is_allocated() {
        let wire = Wire {
            numbers: vec![f64::from(u32::MAX), f64::from(u32::MAX)],
            texts: vec![],
        };
        assert!(decode::<Vec<f64>>(&wire).is_err());
        assert!(decode::<Vec<()>>(&wire).is_err());
    }

    #[test]
    fn a_fingerprint_changes_with_any_bit_and_any_text() {
        let value = everything();
        let print = fingerprint(&value).unwrap();
        assert_eq!(fingerprint(&value.clone()), Some(print));
        let mut moved = value.clone();
        moved.array[0] = f64::from_bits(moved.array[0].to_bits() + 1);
        assert_ne!(fingerprint(&moved), Some(print));
        let mut renamed = value;
        renamed.map.insert("c".to_string(), 0);
        assert_ne!(fingerprint(&renamed), Some(print));
    }

    #[test]
    fn an_unknown_variant_is_an_error() {
        let mut wire = encode(&Shape::Nothing).unwrap();
        wire.numbers[0] = 4.0;
        assert!(decode::<Shape>(&wire).is_err());
    }
}
