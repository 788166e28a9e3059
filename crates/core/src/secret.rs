//! Types that hold secret material: redacted when printed, zeroed when dropped.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// What `Debug` and `Display` print in place of a secret.
pub const REDACTED: &str = "** redacted **";

/// A secret text (a secret value, a key, a token).
///
/// `Debug` and `Display` print [`REDACTED`]; the memory is zeroed when the value is dropped.
/// The only way to read it is [`SecretString::expose`], which makes every use easy to find.
///
/// ```
/// use secretmanager_core::SecretString;
///
/// let password = SecretString::from("hunter2");
/// assert_eq!(format!("{password:?}"), "** redacted **");
/// assert_eq!(password.expose(), "hunter2");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    /// Wraps a secret text.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// Borrows the secret text. Keep the borrow short and never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Length of the secret in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Writes [`REDACTED`], never the secret: serializing a value that holds a secret (to log it,
/// cache it or hand it to another program) does not leak it. Request bodies that must carry
/// the secret build their own wire form from [`SecretString::expose`].
///
/// ```
/// use secretmanager_core::SecretString;
///
/// let json = serde_json::to_string(&SecretString::from("hunter2")).unwrap();
/// assert_eq!(json, r#""** redacted **""#);
/// ```
impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(if exposing() { self.expose() } else { REDACTED })
    }
}

/// Described as a string marked `"x-secret": true` (and `writeOnly`-free: answers carry
/// secrets too), so that generated bindings hold it in their own secret type.
impl schemars::JsonSchema for SecretString {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SecretString".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "x-secret": true })
    }
}

thread_local! {
    /// Set while [`to_json_exposing_secrets`] runs on this thread.
    static EXPOSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn exposing() -> bool {
    EXPOSING.with(std::cell::Cell::get)
}

/// Serializes `value` to JSON with every secret written as it is (everywhere else a
/// [`SecretString`] serializes as [`REDACTED`]), into memory that is zeroed when dropped.
///
/// This is how an answer reaches a caller that asked for it as JSON (the C entry point
/// `sm_call`, and through it the Python package): the caller asked for the secret.
///
/// ```
/// use secretmanager_core::SecretString;
/// use secretmanager_core::secret::to_json_exposing_secrets;
///
/// let json = to_json_exposing_secrets(&vec![SecretString::from("hunter2")]).unwrap();
/// assert_eq!(json.expose(), br#"["hunter2"]"#);
/// assert_eq!(serde_json::to_string(&SecretString::from("hunter2")).unwrap(), r#""** redacted **""#);
/// ```
pub fn to_json_exposing_secrets<T: Serialize + ?Sized>(value: &T) -> Result<SecretBytes, serde_json::Error> {
    /// Clears the flag however serialization ends (error or panic).
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            EXPOSING.with(|flag| flag.set(self.0));
        }
    }
    let _reset = Reset(EXPOSING.with(|flag| flag.replace(true)));
    exact_json(value).map(SecretBytes::from_zeroizing)
}

/// The JSON text of `value` in a buffer allocated once, of its exact size: a growing buffer
/// would leave unzeroed partial copies of the secrets behind in the memory it gives back.
fn exact_json<T: Serialize + ?Sized>(value: &T) -> Result<Zeroizing<Vec<u8>>, serde_json::Error> {
    /// A writer that only counts the bytes written to it.
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value)?;
    let mut out = Zeroizing::new(Vec::with_capacity(count.0));
    serde_json::to_writer(&mut *out, value)?;
    Ok(out)
}

/// Reads the secret text as sent (deserializing is how answers carrying a secret are read).
impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

/// Stands in for a sensitive plain-text field (such as a job token) in a hand-written `Debug`:
/// prints [`REDACTED`], without quotes, as [`SecretString`] does.
#[derive(Clone, Copy)]
pub(crate) struct Redacted;

impl Redacted {
    /// `Some(Redacted)` when the field is set, `None` when it is not, so `Debug` still tells
    /// whether it was present.
    pub(crate) fn if_some<T>(field: &Option<T>) -> Option<Self> {
        field.as_ref().map(|_| Self)
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Bytes that may hold a secret, such as a request body carrying a secret value.
///
/// `Debug` prints only the length; the memory is zeroed when dropped.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// Wraps bytes.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// Borrows the bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Zeroes every string of a JSON value, at any depth (for a parsed secret value that is about
/// to be dropped).
///
/// ```
/// let mut value = serde_json::json!({"password": "s3cr3t", "list": ["a", 1]});
/// secretmanager_core::secret::zeroize_json(&mut value);
/// assert_eq!(value, serde_json::json!({"password": "", "list": ["", 1]}));
/// ```
pub fn zeroize_json(value: &mut serde_json::Value) {
    use zeroize::Zeroize as _;
    match value {
        serde_json::Value::String(text) => text.zeroize(),
        serde_json::Value::Array(items) => items.iter_mut().for_each(zeroize_json),
        serde_json::Value::Object(map) => map.values_mut().for_each(zeroize_json),
        serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {}
    }
}

/// `serialize_with` for a field holding a secret as plain text (a job token): written as
/// [`REDACTED`] when present.
pub(crate) fn serialize_redacted<S: Serializer>(
    value: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(text) if exposing() => serializer.serialize_str(text),
        Some(_) => serializer.serialize_str(REDACTED),
        None => serializer.serialize_none(),
    }
}

impl SecretBytes {
    /// Wraps bytes already held in memory that is zeroed when freed (no copy is made).
    pub fn from_zeroizing(bytes: Zeroizing<Vec<u8>>) -> Self {
        Self(bytes)
    }
}

impl From<Vec<u8>> for SecretBytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} bytes)", REDACTED, self.0.len())
    }
}

/// Written as standard base64 (as CSMS sends binary values) where secrets are exposed (request
/// bodies, [`to_json_exposing_secrets`]), as [`REDACTED`] everywhere else.
impl Serialize for SecretBytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use base64::Engine as _;
        if !exposing() {
            return serializer.serialize_str(REDACTED);
        }
        let text = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(self.expose()));
        serializer.serialize_str(&text)
    }
}

/// Read from standard base64.
impl<'de> Deserialize<'de> for SecretBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use base64::Engine as _;
        let text = SecretString::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.expose())
            .map(Self::new)
            .map_err(|_| serde::de::Error::custom("the bytes are not standard base64"))
    }
}

/// A base64 string marked `"x-secret": true`.
impl schemars::JsonSchema for SecretBytes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SecretBytes".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "contentEncoding": "base64", "x-secret": true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_written_into_a_buffer_of_its_exact_size() {
        let value = vec!["x\"y\u{e9}".repeat(500)];
        let bytes = exact_json(&value).unwrap();
        // A buffer grown by doubling (or reserved too large) would have spare capacity.
        assert_eq!(bytes.capacity(), bytes.len());
        assert_eq!(&bytes[..], &serde_json::to_vec(&value).unwrap()[..]);
    }

    #[test]
    fn exposing_ends_with_the_call_even_when_serialization_fails() {
        struct Fails;
        impl Serialize for Fails {
            fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        assert!(to_json_exposing_secrets(&Fails).is_err());
        assert_eq!(serde_json::to_string(&SecretString::from("pw-1")).unwrap(), format!("{REDACTED:?}"));
    }

    #[test]
    fn zeroize_json_zeroes_strings_at_every_depth_and_keeps_the_rest() {
        let mut value = serde_json::json!({
            "password": "s3cr3t",
            "nested": {"token": "t0k3n", "list": ["a", 1, true, null]},
        });
        zeroize_json(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"password": "", "nested": {"token": "", "list": ["", 1, true, null]}})
        );
    }

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let secret = SecretString::from("p@ssw0rd-value");
        assert_eq!(format!("{secret:?}"), REDACTED);
        assert_eq!(format!("{secret}"), REDACTED);
        assert_eq!(format!("{secret:#?}"), REDACTED);
        let bytes = SecretBytes::from(b"p@ssw0rd-value".to_vec());
        assert!(!format!("{bytes:?}").contains("p@ss"));
    }

    #[test]
    fn redacted_stands_in_for_a_field() {
        assert_eq!(format!("{:?}", Redacted), REDACTED);
        assert_eq!(format!("{:?}", Redacted::if_some(&Some("tok"))), format!("Some({REDACTED})"));
        assert_eq!(format!("{:?}", Redacted::if_some::<String>(&None)), "None");
    }

    #[test]
    fn serializes_as_the_marker_and_deserializes_the_value_exactly() {
        let secret = SecretString::from("{\"k\":\"v\\u00e9 \\\"q\\\"\"}");
        let json = serde_json::to_string(&secret).unwrap();
        assert_eq!(json, format!("\"{REDACTED}\""));
        let read: SecretString = serde_json::from_str(r#""{\"k\":\"v\\u00e9 \\\"q\\\"\"}""#).unwrap();
        assert_eq!(read.expose(), "{\"k\":\"v\\u00e9 \\\"q\\\"\"}");
        let back: SecretString = serde_json::from_str(&json).unwrap();
        assert_eq!(back.expose(), REDACTED);
    }
}
