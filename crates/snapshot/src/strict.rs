//! A deserializer adapter that refuses a struct written as an array.
//!
//! serde's derived struct deserializers read a struct from a map of its fields or from a
//! sequence of its fields in order. No AWS response holds a struct as an array, so in call data
//! an array where a struct is expected is damage, and reading it could turn a verdict around:
//! `["sg-1", "web"]` would read as a security group without rules. [`Strict`] wraps a
//! deserializer and everything it hands on (seeds, `SeqAccess`, `MapAccess`, `EnumAccess`,
//! `VariantAccess` and the deserializers given to visitors), so that at every depth a struct
//! (or struct variant) given a sequence fails with `invalid type: sequence, expected struct X`.
//! Everything else is forwarded unchanged, errors included, so messages and positions stay the
//! inner deserializer's.
//!
//! The adapter is generic and allocates nothing; once inlined it costs next to nothing.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Unexpected, VariantAccess, Visitor,
};

/// Deserializes `T` from JSON text, refusing an array wherever a struct is expected.
pub(crate) fn from_str<T: de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Strict(&mut deserializer))?;
    deserializer.end()?;
    Ok(value)
}

/// A deserializer whose structs refuse sequences, at every depth.
pub(crate) struct Strict<D>(pub(crate) D);

/// A visitor handed on to the inner deserializer. `STRUCT`: it visits a struct, and refuses a
/// sequence.
struct StrictVisitor<V, const STRUCT: bool>(V);

/// A seed whose deserializer is wrapped.
struct StrictSeed<S>(S);

/// Access to a sequence, map, enum or variant, whose seeds and visitors are wrapped.
struct StrictAccess<A>(A);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for StrictSeed<S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(deserializer))
    }
}

/// Forwards `deserialize_*` methods, wrapping the visitor in `StrictVisitor<_, false>`.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[inline]
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method($($arg,)* StrictVisitor::<V, false>(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, StrictVisitor::<V, true>(visitor))
    }

    #[inline]
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Forwards `visit_*` methods that take a plain value.
macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {
        $(
            #[inline]
            fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
                self.0.$method(value)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>, const STRUCT: bool> Visitor<'de> for StrictVisitor<V, STRUCT> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Strict(deserializer))
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(deserializer))
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        if STRUCT { Err(de::Error::invalid_type(Unexpected::Seq, &self)) } else { self.0.visit_seq(StrictAccess(seq)) }
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(StrictAccess(map))
    }

    #[inline]
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(StrictAccess(data))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for StrictAccess<A> {
    type Error = A::Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(StrictSeed(seed))
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictAccess<A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(StrictSeed(seed))
    }

    #[inline]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(StrictSeed(seed))
    }

    #[inline]
    fn next_entry_seed<K: DeserializeSeed<'de>, S: DeserializeSeed<'de>>(
        &mut self,
        key: K,
        value: S,
    ) -> Result<Option<(K::Value, S::Value)>, A::Error> {
        self.0.next_entry_seed(StrictSeed(key), StrictSeed(value))
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for StrictAccess<A> {
    type Error = A::Error;
    type Variant = StrictAccess<A::Variant>;

    #[inline]
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), A::Error> {
        self.0.variant_seed(StrictSeed(seed)).map(|(value, variant)| (value, StrictAccess(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for StrictAccess<A> {
    type Error = A::Error;

    #[inline]
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    #[inline]
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.0.newtype_variant_seed(StrictSeed(seed))
    }

    #[inline]
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, StrictVisitor::<V, false>(visitor))
    }

    #[inline]
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, StrictVisitor::<V, true>(visitor))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt::Debug;

    use serde::Deserialize;
    use serde::de::{DeserializeOwned, IgnoredAny};

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Group {
        group_id: String,
        #[serde(default)]
        vpc_id: Option<String>,
        #[serde(default)]
        rules: Box<[Rule]>,
        #[serde(default)]
        pairs: Vec<IgnoredAny>,
        #[serde(default)]
        logging: Option<Logging>,
        #[serde(default)]
        tags: BTreeMap<String, Logging>,
        #[serde(default, deserialize_with = "flag")]
        flag: bool,
        #[serde(default)]
        id: Option<Id>,
        #[serde(default)]
        pair: Option<(u8, String)>,
        #[serde(default)]
        state: Option<State>,
        #[serde(default)]
        any: Option<serde_json::Value>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Rule {
        ip_protocol: String,
        from_port: Option<i64>,
        #[serde(rename = "URI", default)]
        uri: Option<String>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Logging {
        bucket: String,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Id(String);

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum State {
        On,
        Off,
        Level(u8),
        Range(u8, u8),
        Named { name: String },
        Logged(Logging),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Wrapped(Logging);

    fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        match String::deserialize(deserializer)?.as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(de::Error::invalid_value(Unexpected::Str(other), &"true or false")),
        }
    }

    /// Parses `text` strictly and plainly, and asserts that both agree.
    fn same<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> T {
        let plain = serde_json::from_str::<T>(text).unwrap();
        assert_eq!(from_str::<T>(text).unwrap(), plain, "{text}");
        plain
    }

    /// The strict error for `text`, which plain serde_json reads.
    fn refused<T: DeserializeOwned + Debug>(text: &str) -> String {
        serde_json::from_str::<T>(text).unwrap_or_else(|e| panic!("plain serde_json refuses {text}: {e}"));
        from_str::<T>(text).expect_err(text).to_string()
    }

    #[test]
    fn a_struct_from_an_array_is_refused_at_the_top() {
        assert_eq!(
            refused::<Logging>(r#"["b"]"#),
            "invalid type: sequence, expected struct Logging at line 1 column 1"
        );
        assert_eq!(
            refused::<Rule>(r#" [ "tcp", 22 ]"#),
            "invalid type: sequence, expected struct Rule at line 1 column 3"
        );
        refused::<Group>(r#"["sg-1"]"#);
    }

    #[test]
    fn a_struct_from_an_array_is_refused_at_every_depth() {
        let in_box = r#"{"GroupId": "sg-1", "Rules": [{"IpProtocol": "-1"}, ["tcp", 22]]}"#;
        assert_eq!(refused::<Group>(in_box), "invalid type: sequence, expected struct Rule at line 1 column 53");
        let in_option = r#"{"GroupId": "sg-1", "Logging": ["attacker-bucket"]}"#;
        assert_eq!(refused::<Group>(in_option), "invalid type: sequence, expected struct Logging at line 1 column 32");
        let in_map = r#"{"GroupId": "sg-1", "Tags": {"a": {"bucket": "b"}, "b": ["b"]}}"#;
        assert!(refused::<Group>(in_map).starts_with("invalid type: sequence, expected struct Logging at "));
        let in_vec = r#"[{"GroupId": "sg-1"}, ["sg-2"]]"#;
        assert!(refused::<Vec<Group>>(in_vec).starts_with("invalid type: sequence, expected struct Group at "));
        let in_map_in_vec = r#"[{"a": {"bucket": "b"}}, {"b": ["c"]}]"#;
        assert!(refused::<Vec<BTreeMap<String, Logging>>>(in_map_in_vec).contains("expected struct Logging"));
        let in_tuple = r#"[1, ["b"]]"#;
        assert!(refused::<(u8, Logging)>(in_tuple).contains("expected struct Logging"));
        let in_struct_variant = r#"{"GroupId": "sg-1", "State": {"named": ["x"]}}"#;
        assert!(refused::<Group>(in_struct_variant).contains("expected struct variant State::Named"));
        let in_newtype_variant = r#"{"GroupId": "sg-1", "State": {"logged": ["b"]}}"#;
        assert!(refused::<Group>(in_newtype_variant).contains("expected struct Logging"));
        assert!(refused::<Wrapped>(r#"["b"]"#).contains("expected struct Logging"));
        assert!(refused::<Option<Wrapped>>(r#"["b"]"#).contains("expected struct Logging"));
    }

    #[test]
    fn everything_else_reads_as_plain_serde_json_reads_it() {
        let group = same::<Group>(
            r#"{
                "GroupId": "sg-1", "VpcId": "vpc-1", "Unknown": [[1, {"a": [2]}], {"b": null}],
                "Rules": [{"IpProtocol": "tcp", "FromPort": 22, "URI": "u"}, {"IpProtocol": "-1", "FromPort": null}],
                "Pairs": [{"GroupId": "sg-2"}, [1, 2], "x", 3],
                "Logging": {"bucket": "logs", "prefix": "p"},
                "Tags": {"a": {"bucket": "b"}},
                "Flag": "true", "Id": "id-1", "Pair": [7, "seven"], "State": "on",
                "Any": {"k": [1, 2.5, "s", true, null, {"n": -3}]}
            }"#,
        );
        assert_eq!(group.rules.len(), 2);
        assert_eq!(group.pairs.len(), 4);
        assert_eq!(group.id, Some(Id("id-1".into())));
        same::<Group>(r#"{"GroupId": "sg-1"}"#);
        same::<Group>(r#"{"GroupId": "sg-1", "VpcId": null, "Logging": null, "Rules": []}"#);
        for state in [
            r#""off""#,
            r#"{"level": 3}"#,
            r#"{"range": [1, 2]}"#,
            r#"{"named": {"name": "n"}}"#,
            r#"{"logged": {"bucket": "b"}}"#,
        ] {
            same::<Group>(&format!(r#"{{"GroupId": "sg-1", "State": {state}}}"#));
        }
        same::<Option<Wrapped>>(r#"{"bucket": "b"}"#);
        same::<Vec<(u8, String)>>(r#"[[1, "a"], [2, "b"]]"#);
        same::<serde_json::Value>(r#"[{"a": [1, {"b": []}]}, "c"]"#);
    }

    #[test]
    fn errors_other_than_arrays_for_structs_are_serde_json_errors() {
        let texts = [
            r#"{"VpcId": "vpc-1"}"#,
            r#"{"GroupId": 1}"#,
            r#"{"GroupId": "sg-1", "Flag": "yes"}"#,
            r#"{"GroupId": "sg-1", "Rules": {"IpProtocol": "tcp"}}"#,
            r#"{"GroupId": "sg-1", "Rules": [{"IpProtocol": "tcp", "FromPort": "22"}]}"#,
            r#"{"GroupId": "sg-1", "Logging": "b"}"#,
            r#"{"GroupId": "sg-1", "State": "up"}"#,
            r#"{"GroupId": "sg-1"} x"#,
            r#"{"GroupId": "sg-1""#,
            r#""sg-1""#,
        ];
        for text in texts {
            let plain = serde_json::from_str::<Group>(text).unwrap_err().to_string();
            assert_eq!(from_str::<Group>(text).unwrap_err().to_string(), plain, "{text}");
        }
    }
}
