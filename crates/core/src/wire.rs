//! Wire forms shared by both providers' models and decoders.

use serde::Deserialize;

/// Declares an enum of documented wire words that also keeps words it does not know, so a
/// value added by the provider later is carried, not rejected.
///
/// Words are matched exactly, or, after a leading `case_insensitive;`, in any ASCII case
/// (`"active"` and `"Active"` are `ACTIVE`); a word matching none is kept as sent in `Other`.
macro_rules! string_enum {
    (
        case_insensitive;
        $($declaration:tt)*
    ) => {
        $crate::wire::string_enum! { @declare eq_ignore_ascii_case; $($declaration)* }
    };
    (
        $(#[$meta:meta])*
        pub enum $($declaration:tt)*
    ) => {
        $crate::wire::string_enum! { @declare eq; $(#[$meta])* pub enum $($declaration)* }
    };
    (
        @declare $matches:ident;
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value not documented when this SDK was written, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(other) => other,
                }
            }

            /// The documented wire words.
            pub const DOCUMENTED: &'static [&'static str] = &[$($wire),+];
        }

        impl From<&str> for $name {
            /// The variant whose wire word `text` is (in any ASCII case for an enum declared
            /// `case_insensitive`), else `Other(text)`.
            fn from(text: &str) -> Self {
                $( if text.$matches($wire) { return Self::$variant; } )+
                Self::Other(text.to_owned())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(text.as_ref()))
            }
        }

        /// A string: one of the documented words (`x-enum`), or any other word kept as sent.
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "x-enum": Self::DOCUMENTED,
                    "x-enum-names": [$(stringify!($variant)),+],
                })
            }
        }
    };
}

pub(crate) use string_enum;

/// Serde `deserialize_with` for an optional error field: a string as is, a number as its
/// decimal text, anything else (or nothing) as `None`. Error bodies come from gateways as well
/// as from the services, so their fields are read leniently.
pub(crate) fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(serde_json::Number),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Option::<TextOrNumber>::deserialize(d)? {
        Some(TextOrNumber::Text(s)) => Some(s),
        Some(TextOrNumber::Number(n)) => Some(n.to_string()),
        Some(TextOrNumber::Other(_)) | None => None,
    })
}

/// Serde `deserialize_with` helpers for undocumented fields, which must never fail the answer
/// they are in: each reads whatever JSON value it meets, keeps what fits and drops the rest,
/// and is used with `#[serde(default)]` so a missing field is fine too. Nothing is buffered:
/// objects and arrays in the way are skipped as they are parsed.
pub(crate) mod lenient {
    use std::fmt;

    use serde::Deserializer;
    use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

    use crate::ncp::EpochMillis;
    use crate::secret::SecretString;

    /// A JSON value with the parts the helpers use.
    enum Scalar {
        Text(String),
        Signed(i64),
        Unsigned(u64),
        Float(f64),
        Bool(bool),
        /// `null`, or an object or array (already skipped).
        Nothing,
    }

    impl Scalar {
        /// The text of a string, number or boolean.
        fn into_text(self) -> Option<String> {
            match self {
                Scalar::Text(text) => Some(text),
                Scalar::Signed(n) => Some(n.to_string()),
                Scalar::Unsigned(n) => Some(n.to_string()),
                Scalar::Float(n) => Some(n.to_string()),
                Scalar::Bool(b) => Some(b.to_string()),
                Scalar::Nothing => None,
            }
        }
    }

    struct ScalarVisitor;

    impl<'de> Visitor<'de> for ScalarVisitor {
        type Value = Scalar;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
            Ok(Scalar::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
            Ok(Scalar::Signed(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
            Ok(Scalar::Unsigned(v))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
            Ok(Scalar::Float(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
            Ok(Scalar::Text(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
            Ok(Scalar::Text(v))
        }
        fn visit_bytes<E>(self, _: &[u8]) -> Result<Scalar, E> {
            Ok(Scalar::Nothing)
        }
        fn visit_none<E>(self) -> Result<Scalar, E> {
            Ok(Scalar::Nothing)
        }
        fn visit_unit<E>(self) -> Result<Scalar, E> {
            Ok(Scalar::Nothing)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Scalar::Nothing)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Scalar::Nothing)
        }
    }

    fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }

    /// A string as is, a number or boolean as its text, anything else as `""`.
    pub(crate) fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(scalar(d)?.into_text().unwrap_or_default())
    }

    /// A string as is, a number or boolean as its text, anything else (`null`, an object, an
    /// array) as `None`.
    pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(scalar(d)?.into_text())
    }

    /// A string enum read from text as [`opt_string`] reads it (so an unknown word, or a
    /// number, is kept as the enum's `Other`).
    pub(crate) fn opt_text_enum<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: for<'a> From<&'a str>,
    {
        Ok(opt_string(d)?.as_deref().map(T::from))
    }

    /// A date: milliseconds since the epoch as a JSON integer, an integral float or decimal
    /// text (`"1753067196000"`), or an RFC 3339 date-time (`"2025-07-21T03:06:36Z"`); anything
    /// else, or a number out of range, as `None`.
    pub(crate) fn opt_epoch_millis<'de, D: Deserializer<'de>>(d: D) -> Result<Option<EpochMillis>, D::Error> {
        let millis = match scalar(d)? {
            Scalar::Signed(n) => Some(n),
            Scalar::Unsigned(n) => i64::try_from(n).ok(),
            Scalar::Float(f) => float_millis(f),
            Scalar::Text(text) => text_millis(text.trim()),
            Scalar::Bool(_) | Scalar::Nothing => None,
        };
        Ok(millis.map(EpochMillis))
    }

    /// An integral float within `i64` (what a gateway may turn a large integer into).
    fn float_millis(f: f64) -> Option<i64> {
        // 2^63 is exactly representable; every integral float below it converts exactly.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        // `as` saturates, and the value is integral and within `i64`: the cast is exact.
        (f.is_finite() && f.fract() == 0.0 && (-LIMIT..LIMIT).contains(&f)).then_some(f as i64)
    }

    fn text_millis(text: &str) -> Option<i64> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            text.parse().ok()
        } else {
            crate::time::rfc3339_epoch_millis(text)
        }
    }

    /// A secret text from a string; anything else as `None`. The text goes straight into the
    /// [`SecretString`], never through a buffer that is not zeroed.
    pub(crate) fn opt_secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
        struct SecretVisitor;

        impl<'de> Visitor<'de> for SecretVisitor {
            type Value = Option<SecretString>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Some(SecretString::from(v)))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Some(SecretString::from(v)))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_bytes<E>(self, _: &[u8]) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(None)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(None)
            }
        }

        d.deserialize_any(SecretVisitor)
    }

    /// An array whose elements that do not decode as `T` are skipped; `null` or anything but
    /// an array as no elements. Each element is buffered once to be tried as `T`.
    pub(crate) fn vec_skipping_invalid<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: de::Deserialize<'de>,
    {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Element<T> {
            Valid(T),
            Invalid(IgnoredAny),
        }

        struct ElementsVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: de::Deserialize<'de>> Visitor<'de> for ElementsVisitor<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut out = Vec::new();
                let mut seen = 0usize;
                while let Some(element) = seq.next_element::<Element<T>>()? {
                    seen += 1;
                    if seen > super::MAX_LIST_ITEMS {
                        return Err(de::Error::invalid_length(seen, &"at most 1000 entries"));
                    }
                    if let Element::Valid(value) = element {
                        out.push(value);
                    }
                }
                Ok(out)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Vec::new())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_none<E>(self) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
            fn visit_unit<E>(self) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
            fn visit_bool<E>(self, _: bool) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
            fn visit_i64<E>(self, _: i64) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
            fn visit_str<E>(self, _: &str) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
        }

        d.deserialize_any(ElementsVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
#[allow(unreachable_pub, dead_code, reason = "a test-only enum made by the macro")]
mod tests {
    use super::*;

    string_enum! {
        /// Test enum.
        pub enum Color {
            /// Red.
            Red = "RED",
        }
    }

    string_enum! {
        case_insensitive;
        /// Test enum read in any case.
        pub enum Shade {
            /// Light.
            Light = "LIGHT",
            /// Dark.
            DarkGrey = "DARK_GREY",
        }
    }

    #[test]
    fn case_insensitive_enums_read_any_case_and_keep_unknown_words_as_sent() {
        for text in ["LIGHT", "light", "Light", "lIgHt"] {
            let read: Shade = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(read, Shade::Light, "{text}");
            assert_eq!(serde_json::to_string(&read).unwrap(), "\"LIGHT\"");
        }
        assert_eq!(Shade::from("dark_grey"), Shade::DarkGrey);
        assert_eq!(Shade::from("Dark_Grey"), Shade::DarkGrey);
        for unknown in ["lighter", "dark grey", "", "LIGHT ", "ＬＩＧＨＴ"] {
            assert_eq!(Shade::from(unknown), Shade::Other(unknown.into()), "{unknown}");
        }
        assert_eq!(Shade::DOCUMENTED, ["LIGHT", "DARK_GREY"]);
        // The exact-match enums stay exact.
        assert_eq!(Color::from("red"), Color::Other("red".into()));
    }

    #[test]
    fn string_enums_keep_unknown_words() {
        assert_eq!(serde_json::from_str::<Color>("\"RED\"").unwrap(), Color::Red);
        let other: Color = serde_json::from_str("\"BLUE\"").unwrap();
        assert_eq!(other, Color::Other("BLUE".into()));
        assert_eq!(serde_json::to_string(&other).unwrap(), "\"BLUE\"");
    }

    #[derive(Deserialize)]
    struct Field {
        #[serde(default, deserialize_with = "text_or_number")]
        code: Option<String>,
    }

    #[test]
    fn text_or_number_reads_strings_and_numbers_and_drops_the_rest() {
        let code = |json: &str| serde_json::from_str::<Field>(json).unwrap().code;
        assert_eq!(code(r#"{"code":"APIGW.0301"}"#).as_deref(), Some("APIGW.0301"));
        assert_eq!(code(r#"{"code":400}"#).as_deref(), Some("400"));
        assert_eq!(code(r#"{"code":{"nested":1}}"#), None);
        assert_eq!(code(r#"{"code":null}"#), None);
        assert_eq!(code("{}"), None);
    }
}

/// The most items decoded from one list of an answer. Both providers page their lists far below
/// it (NCP at most 100 per page in practice, Huawei `limit` at most 1000); a longer list is a
/// broken or hostile answer, which would otherwise turn a few bytes per item (`{}`) into a full
/// model each, hundreds of times the answer's size.
pub const MAX_LIST_ITEMS: usize = 1000;

/// `deserialize_with` for a list of at most [`MAX_LIST_ITEMS`] items: a longer one fails the
/// answer as not of the documented shape, before more than that many items are built.
pub(crate) fn bounded_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Bounded<T>(std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Bounded<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a list of at most {MAX_LIST_ITEMS} items")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_LIST_ITEMS));
            while let Some(item) = seq.next_element()? {
                if items.len() == MAX_LIST_ITEMS {
                    return Err(serde::de::Error::invalid_length(MAX_LIST_ITEMS + 1, &self));
                }
                items.push(item);
            }
            Ok(items)
        }
    }

    d.deserialize_seq(Bounded(std::marker::PhantomData))
}

#[cfg(test)]
mod bounded_tests {
    use super::*;

    #[derive(Deserialize)]
    struct Page {
        #[serde(deserialize_with = "bounded_list")]
        items: Vec<u8>,
    }

    #[test]
    fn lists_are_decoded_up_to_the_limit_and_refused_beyond() {
        let at = format!(r#"{{"items":[{}]}}"#, vec!["1"; MAX_LIST_ITEMS].join(","));
        assert_eq!(serde_json::from_str::<Page>(&at).unwrap().items.len(), MAX_LIST_ITEMS);
        let over = format!(r#"{{"items":[{}]}}"#, vec!["1"; MAX_LIST_ITEMS + 1].join(","));
        let err = serde_json::from_str::<Page>(&over).err().unwrap();
        assert!(err.is_data(), "{err}");
        assert!(serde_json::from_str::<Page>(r#"{"items":null}"#).is_err());
    }
}
