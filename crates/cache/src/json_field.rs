//! One field of a secret value that is a JSON object, read without copying the other fields
//! anywhere (they are skipped as they are parsed).

use std::borrow::Cow;
use std::fmt;

use secretmanager_blocking::SecretString;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// The text of field `field` of the JSON object `value`: a string as it is, a number or a
/// boolean as JSON writes it. The error says what was wrong, never quoting the value.
pub(crate) fn field(value: &str, field: &str) -> Result<SecretString, &'static str> {
    let mut deserializer = serde_json::Deserializer::from_str(value);
    let found = FindField(field).deserialize(&mut deserializer).map_err(|_| "not a JSON object")?;
    deserializer.end().map_err(|_| "not a JSON object")?;
    match found {
        Some(Field::Text(text)) => Ok(text),
        Some(Field::NotText) => Err("not a string, number or boolean"),
        None => Err("no such field"),
    }
}

/// A field's value, as [`field`] answers it.
enum Field {
    Text(SecretString),
    NotText,
}

/// Finds one field of a map, skipping the others.
struct FindField<'f>(&'f str);

impl<'de> DeserializeSeed<'de> for FindField<'_> {
    type Value = Option<Field>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FindField<'_> {
    type Value = Option<Field>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if found.is_none() && key == self.0 {
                found = Some(map.next_value::<FieldValue>()?.0);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// A field's value: its text, or that it has none.
struct FieldValue(Field);

impl<'de> de::Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = FieldValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<FieldValue, E> {
        Ok(FieldValue(Field::Text(SecretString::from(text))))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<FieldValue, E> {
        Ok(FieldValue(Field::Text(SecretString::new(text))))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<FieldValue, E> {
        Ok(FieldValue(Field::Text(SecretString::new(value.to_string()))))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<FieldValue, E> {
        Ok(FieldValue(Field::Text(SecretString::new(value.to_string()))))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<FieldValue, E> {
        Ok(FieldValue(Field::Text(SecretString::new(value.to_string()))))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<FieldValue, E> {
        Ok(FieldValue(Field::Text(SecretString::new(value.to_string()))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<FieldValue, E> {
        Ok(FieldValue(Field::NotText))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(FieldValue(Field::NotText))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(FieldValue(Field::NotText))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_numbers_and_booleans_are_read_by_name() {
        let value = r#"{"user":"app","password":"p\"w","port":5432,"tls":true,"opts":{"a":1}}"#;
        assert_eq!(field(value, "password").unwrap().expose(), "p\"w");
        assert_eq!(field(value, "port").unwrap().expose(), "5432");
        assert_eq!(field(value, "tls").unwrap().expose(), "true");
        assert_eq!(field(value, "opts").err(), Some("not a string, number or boolean"));
        assert_eq!(field(value, "missing").err(), Some("no such field"));
    }

    #[test]
    fn a_value_that_is_not_one_json_object_is_refused() {
        for value in ["plain text", "[1,2]", r#""text""#, r#"{"a":1} trailing"#, r#"{"a":"#] {
            assert_eq!(field(value, "a").err(), Some("not a JSON object"), "{value}");
        }
    }
}
