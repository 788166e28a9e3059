//! Taking the secrets a request carried out of the texts a server answers.
//!
//! A provider's error message may quote the request: a 404 that repeats the path shows the job
//! token, a server that echoes the body shows the secret value. Before such a text reaches a
//! caller (Rust `Display`, C `sm_error_message`, Python `str`), every secret the request
//! carried is replaced by [`REDACTED`], in each form a server could echo it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::{Zeroize, Zeroizing};

use crate::secret::REDACTED;

/// The shortest text taken for a secret. A shorter one (a three-letter password inside a
/// value) would match ordinary words of any message, so it is not searched for on its own; the
/// value that holds it still is.
pub const MIN_SECRET_LEN: usize = 4;

/// The secrets of one request, in every form a server could echo them, and the way to take
/// them out of a text. Its copies of the secrets are zeroed when it is dropped.
///
/// ```
/// use secretmanager_core::Redactor;
///
/// let mut redactor = Redactor::default();
/// redactor.add(r#"{"user":"app","password":"hunter22"}"#);
/// redactor.add("job/token 1");
/// let answer = r#"bad value {\"user\":\"app\",\"password\":\"hunter22\"} at /jobs/job%2Ftoken%201"#;
/// let cleaned = redactor.redact(answer).unwrap();
/// assert!(!cleaned.contains("hunter22") && !cleaned.contains("job%2Ftoken"), "{cleaned}");
/// assert_eq!(redactor.redact("nothing secret here"), None);
/// ```
#[derive(Default)]
pub struct Redactor {
    needles: Vec<Zeroizing<String>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor").field("secrets", &self.needles.len()).finish()
    }
}

impl Redactor {
    /// Adds a secret text: itself, its JSON-escaped, percent-encoded, base64 and hex forms,
    /// and, when it is the text of a JSON object or array, each string inside it.
    pub fn add(&mut self, secret: &str) {
        self.add_forms(secret);
        if secret.starts_with(['{', '['])
            && let Ok(mut value) = serde_json::from_str::<serde_json::Value>(secret)
        {
            self.add_leaves(&value);
            crate::secret::zeroize_json(&mut value);
        }
    }

    /// Adds a secret binary: its base64 and hex forms, and its text when it is UTF-8.
    pub fn add_bytes(&mut self, secret: &[u8]) {
        self.push(Zeroizing::new(STANDARD.encode(secret)));
        self.push(Zeroizing::new(hex(secret)));
        if let Ok(text) = std::str::from_utf8(secret) {
            self.add(text);
        }
    }

    /// Whether no secret was added.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// `text` with every secret replaced by [`REDACTED`]; `None` when it holds none. Every
    /// intermediate copy is zeroed.
    pub fn redact(&self, text: &str) -> Option<String> {
        let mut order: Vec<&Zeroizing<String>> = self.needles.iter().collect();
        // Longest first: a whole value goes before the strings inside it.
        order.sort_by_key(|needle| std::cmp::Reverse(needle.len()));
        let mut current: Option<String> = None;
        for needle in order {
            let haystack = current.as_deref().unwrap_or(text);
            if haystack.contains(needle.as_str()) {
                let replaced = haystack.replace(needle.as_str(), REDACTED);
                if let Some(mut old) = current.replace(replaced) {
                    old.zeroize();
                }
            }
        }
        current
    }

    /// Replaces `text` in place when it holds a secret, zeroing the old text.
    pub fn redact_in_place(&self, text: &mut String) {
        if let Some(cleaned) = self.redact(text) {
            let mut old = std::mem::replace(text, cleaned);
            old.zeroize();
        }
    }

    fn add_forms(&mut self, secret: &str) {
        if secret.len() < MIN_SECRET_LEN {
            return;
        }
        self.push(Zeroizing::new(secret.to_owned()));
        if let Ok(quoted) = serde_json::to_string(secret) {
            let quoted = Zeroizing::new(quoted);
            self.push(Zeroizing::new(quoted[1..quoted.len() - 1].to_owned()));
        }
        let mut encoded = Zeroizing::new(String::new());
        crate::encode::push_segment(&mut encoded, secret);
        self.push(encoded);
        self.push(Zeroizing::new(STANDARD.encode(secret)));
        self.push(Zeroizing::new(hex(secret.as_bytes())));
    }

    fn add_leaves(&mut self, value: &serde_json::Value) {
        match value {
            serde_json::Value::String(text) => self.add_forms(text),
            serde_json::Value::Array(items) => items.iter().for_each(|item| self.add_leaves(item)),
            serde_json::Value::Object(map) => map.values().for_each(|item| self.add_leaves(item)),
            serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {}
        }
    }

    fn push(&mut self, needle: Zeroizing<String>) {
        if needle.len() >= MIN_SECRET_LEN && !self.needles.iter().any(|known| **known == *needle) {
            self.needles.push(needle);
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "canary-Zq8x";

    #[test]
    fn every_form_of_a_secret_is_taken_out() {
        let mut redactor = Redactor::default();
        redactor.add(&format!(r#"{{"password":"{CANARY}","n":1}}"#));
        let forms = [
            CANARY.to_owned(),
            STANDARD.encode(CANARY),
            hex(CANARY.as_bytes()),
            format!(r#"{{\"password\":\"{CANARY}\",\"n\":1}}"#),
        ];
        for form in forms {
            let text = format!("the server said: <{form}>.");
            let cleaned = redactor.redact(&text).unwrap_or_else(|| panic!("{form} was not found"));
            assert!(!cleaned.contains(CANARY) && !cleaned.contains(&form), "{cleaned}");
            assert!(cleaned.starts_with("the server said: <") && cleaned.contains(REDACTED), "{cleaned}");
        }
    }

    #[test]
    fn short_strings_are_not_searched_for_alone_and_binaries_are() {
        let mut redactor = Redactor::default();
        redactor.add(r#"{"pw":"abc"}"#);
        assert_eq!(redactor.redact("abc is fine"), None);
        assert!(redactor.redact(r#"got {"pw":"abc"}"#).is_some());
        let mut binary = Redactor::default();
        binary.add_bytes(&[0xde, 0xad, 0xbe, 0xef, 0x01]);
        assert_eq!(binary.redact("x 3q2+7wE= y").as_deref(), Some("x ** redacted ** y"));
        assert_eq!(binary.redact("deadbeef01").as_deref(), Some(REDACTED));
        assert!(Redactor::default().is_empty() && !binary.is_empty());
        assert!(!format!("{binary:?}").contains("3q2"));
    }

    #[test]
    fn in_place_redaction_keeps_clean_texts() {
        let mut redactor = Redactor::default();
        redactor.add(CANARY);
        let mut clean = "nothing here".to_owned();
        redactor.redact_in_place(&mut clean);
        assert_eq!(clean, "nothing here");
        let mut dirty = format!("token {CANARY} refused");
        redactor.redact_in_place(&mut dirty);
        assert_eq!(dirty, "token ** redacted ** refused");
    }
}
