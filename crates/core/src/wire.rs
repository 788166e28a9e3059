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
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $crate::wire::string_enum! {
            @declare
            $(#[$meta])*
            pub enum $name {
                $( $(#[$vmeta])* $variant = $wire, )+
            }
        }

        impl From<&str> for $name {
            /// The variant whose wire word is `text` in any ASCII case, else `Other(text)`.
            fn from(text: &str) -> Self {
                $( if text.eq_ignore_ascii_case($wire) { return Self::$variant; } )+
                Self::Other(text.to_owned())
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $crate::wire::string_enum! {
            @declare
            $(#[$meta])*
            pub enum $name {
                $( $(#[$vmeta])* $variant = $wire, )+
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $( $wire => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                }
            }
        }
    };
    (
        @declare
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
