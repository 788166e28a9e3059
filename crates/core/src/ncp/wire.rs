//! Wire forms of the NCP model: `"Y"`/`"N"` flags, epoch-millisecond dates and ids sent as
//! strings or numbers. String enums come from [`crate::wire::string_enum`].

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serde adapter: `bool` in Rust, `"Y"`/`"N"` on the wire.
pub mod yn {
    use super::*;

    /// Writes `"Y"` or `"N"`.
    pub fn serialize<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(if *value { "Y" } else { "N" })
    }

    /// Reads `"Y"` or `"N"` (also accepting `y`/`n`).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        match text.as_ref() {
            "Y" | "y" => Ok(true),
            "N" | "n" => Ok(false),
            _ => Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Other("a flag"),
                &"\"Y\" or \"N\"",
            )),
        }
    }

    /// The same for `Option<bool>`; use with `#[serde(default)]`.
    pub mod option {
        use super::*;

        /// Writes `"Y"`, `"N"` or nothing.
        pub fn serialize<S: Serializer>(value: &Option<bool>, serializer: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => super::serialize(v, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads `"Y"`, `"N"` or `null`.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
            #[derive(Deserialize)]
            struct Flag(#[serde(with = "super")] bool);
            Ok(Option::<Flag>::deserialize(deserializer)?.map(|f| f.0))
        }
    }
}

/// A date as NCP sends it: milliseconds since the Unix epoch.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use secretmanager_core::ncp::EpochMillis;
///
/// let date = EpochMillis(1_753_065_580_243);
/// assert_eq!(date.to_system_time(), UNIX_EPOCH + Duration::from_millis(1_753_065_580_243));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EpochMillis(pub i64);

/// An integer of format `epoch-millis`.
impl schemars::JsonSchema for EpochMillis {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EpochMillis".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "format": "epoch-millis" })
    }
}

impl EpochMillis {
    /// The date as a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        let magnitude = Duration::from_millis(self.0.unsigned_abs());
        if self.0 >= 0 { UNIX_EPOCH + magnitude } else { UNIX_EPOCH - magnitude }
    }

    /// The date of `time`, saturating at the limits of `i64` milliseconds.
    pub fn from_system_time(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self(i64::try_from(after.as_millis()).unwrap_or(i64::MAX)),
            Err(before) => Self(i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |ms| -ms)),
        }
    }
}

/// Serde adapter: a `String` in Rust, read from a JSON string or number (NCP documents some
/// ids as strings but sends numbers), written as a string.
pub(crate) mod string_or_number {
    use super::*;

    /// Writes the text as a JSON string.
    pub(crate) fn serialize<S: Serializer>(value: &str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value)
    }

    /// Reads a string, or a number as its decimal text.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum TextOrNumber {
            Text(String),
            Number(serde_json::Number),
        }
        Ok(match TextOrNumber::deserialize(deserializer)? {
            TextOrNumber::Text(text) => text,
            TextOrNumber::Number(number) => number.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Flags {
        #[serde(with = "yn")]
        on: bool,
        #[serde(default, with = "yn::option", skip_serializing_if = "Option::is_none")]
        maybe: Option<bool>,
    }

    #[test]
    fn flags_are_y_and_n_on_the_wire() {
        let json = serde_json::to_string(&Flags { on: true, maybe: Some(false) }).unwrap();
        assert_eq!(json, r#"{"on":"Y","maybe":"N"}"#);
        let back: Flags = serde_json::from_str(r#"{"on":"N"}"#).unwrap();
        assert_eq!(back, Flags { on: false, maybe: None });
        assert!(serde_json::from_str::<Flags>(r#"{"on":"yes"}"#).is_err());
        assert!(serde_json::from_str::<Flags>(r#"{"on":true}"#).is_err());
    }

    #[test]
    fn epoch_millis_round_trips_through_system_time() {
        for ms in [0, 1, 1_760_842_800_000, -5] {
            assert_eq!(EpochMillis::from_system_time(EpochMillis(ms).to_system_time()), EpochMillis(ms));
        }
    }
}
