//! Reading a JSON object body field by field, with a clear text for every wrong input.

use std::fmt;

use serde_json::{Map, Value};

/// A request body that is a JSON object. `Debug` shows the field names only.
#[derive(Clone, Default)]
pub(crate) struct JsonBody(Map<String, Value>);

impl fmt::Debug for JsonBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl JsonBody {
    /// Parses `bytes` as a JSON object. An empty body is an empty object.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, String> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self::default());
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(map)) => Ok(Self(map)),
            Ok(_) => Err("the request body must be a JSON object".to_owned()),
            Err(err) => Err(format!("the request body is not valid JSON: {err}")),
        }
    }

    /// A field, unless absent or `null`.
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    /// An optional string field.
    pub(crate) fn string(&self, name: &str) -> Result<Option<&str>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(format!("{name} must be a string")),
        }
    }

    /// A required string field.
    pub(crate) fn required_string(&self, name: &str) -> Result<&str, String> {
        self.string(name)?.ok_or_else(|| format!("{name} is required"))
    }

    /// An optional integer field.
    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(value) => value.as_i64().map(Some).ok_or_else(|| format!("{name} must be an integer")),
        }
    }

    /// An optional boolean field.
    pub(crate) fn bool(&self, name: &str) -> Result<Option<bool>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(format!("{name} must be a boolean")),
        }
    }

    /// An optional array of strings.
    pub(crate) fn strings(&self, name: &str) -> Result<Option<Vec<String>>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| {
                    item.as_str().map(str::to_owned).ok_or_else(|| format!("{name} must hold strings"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(format!("{name} must be an array of strings")),
        }
    }

    /// An optional nested object.
    pub(crate) fn object(&self, name: &str) -> Result<Option<JsonBody>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(JsonBody(map.clone()))),
            Some(_) => Err(format!("{name} must be an object")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_typed_fields_and_explains_errors() {
        let body =
            JsonBody::parse(br#"{"s":"x","n":3,"b":true,"a":["k"],"o":{"v":"1"},"z":null,"f":1.5}"#).unwrap();
        assert_eq!(body.string("s"), Ok(Some("x")));
        assert_eq!(body.int("n"), Ok(Some(3)));
        assert_eq!(body.bool("b"), Ok(Some(true)));
        assert_eq!(body.strings("a"), Ok(Some(vec!["k".to_owned()])));
        assert_eq!(body.object("o").unwrap().unwrap().string("v"), Ok(Some("1")));
        assert_eq!(body.string("z"), Ok(None));
        assert_eq!(body.int("f"), Err("f must be an integer".into()));
        assert_eq!(body.string("n"), Err("n must be a string".into()));
        assert_eq!(body.required_string("missing"), Err("missing is required".into()));
        assert!(JsonBody::parse(b"[1]").is_err());
        assert!(JsonBody::parse(b"{bad").unwrap_err().contains("not valid JSON"));
        assert!(JsonBody::parse(b"  ").is_ok());
    }
}
