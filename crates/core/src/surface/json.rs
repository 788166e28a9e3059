//! Requests read from JSON and answers written as JSON, for callers that speak JSON.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::secret::SecretBytes;

/// A JSON request that names no operation or does not describe one.
///
/// Its message never quotes a value of the request (which may hold a secret): field names are
/// kept, quoted values are replaced by `"…"`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// No operation has this name.
    UnknownOperation(String),
    /// The request JSON is not valid for the operation.
    InvalidJson {
        /// The operation named.
        operation: &'static str,
        /// What is wrong, with every quoted value replaced.
        message: String,
        /// 1-based line of the fault, 0 when unknown.
        line: usize,
        /// 1-based column of the fault, 0 when unknown.
        column: usize,
    },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::UnknownOperation(name) => write!(f, "no operation is called {name:?}"),
            RequestError::InvalidJson { operation, message, line, column } => {
                write!(f, "the request JSON of {operation} is not valid: {message}")?;
                if *line > 0 {
                    write!(f, " (line {line}, column {column})")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RequestError {}

/// Reads the request of operation `O` (called `operation`) from `json`: an object with the
/// operation's fields, named as on the wire. Validation by the documented rules happens when
/// the request is built, as for a request made in Rust.
pub fn request_from_json<O: DeserializeOwned>(
    operation: &'static str,
    json: &[u8],
) -> Result<O, RequestError> {
    serde_json::from_slice(json).map_err(|err| RequestError::InvalidJson {
        operation,
        message: without_quoted_values(&err.to_string()),
        line: err.line(),
        column: err.column(),
    })
}

/// Writes `answer` as JSON, every secret as it is, into memory zeroed when dropped.
pub fn answer_to_json<T: Serialize>(answer: &T) -> Result<SecretBytes, serde_json::Error> {
    crate::secret::to_json_exposing_secrets(answer)
}

/// For a paged operation `O` (called `operation`): the position of the page after `answer`
/// (the answer JSON of `request`, as [`answer_to_json`] wrote it) as JSON text, to be set as
/// the request's [`Operation::PAGE_FIELD`](crate::Operation::PAGE_FIELD) for the next call;
/// `None` on the last page and for an operation that is not paged.
pub fn next_page_position<O: super::CatalogOperation + DeserializeOwned>(
    operation: &'static str,
    request: &[u8],
    answer: &[u8],
) -> Result<Option<String>, RequestError> {
    let op: O = request_from_json(operation, request)?;
    let answer: O::Output = serde_json::from_slice(answer).map_err(|err| RequestError::InvalidJson {
        operation,
        message: format!("the answer: {}", without_quoted_values(&err.to_string())),
        line: err.line(),
        column: err.column(),
    })?;
    Ok(op.next_page_position(&answer).map(|position| position.to_string()))
}

/// `serde_json`'s message without the position (given apart) and with every `"quoted"`
/// value replaced by `"…"` (field names, which it quotes with backticks, stay).
fn without_quoted_values(message: &str) -> String {
    let message = message.rsplit_once(" at line ").map_or(message, |(text, _)| text);
    let mut out = String::with_capacity(message.len());
    let mut in_quotes = false;
    for c in message.chars() {
        match (c, in_quotes) {
            ('"', false) => {
                out.push_str("\"…");
                in_quotes = true;
            }
            ('"', true) => {
                out.push('"');
                in_quotes = false;
            }
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_never_reach_the_message() {
        let err = serde_json::from_str::<u32>(r#""hunter2-secret""#).unwrap_err();
        let cleaned = without_quoted_values(&err.to_string());
        assert!(!cleaned.contains("hunter2"), "{cleaned}");
        assert!(cleaned.contains("invalid type"), "{cleaned}");
    }

    #[test]
    fn field_names_and_positions_are_kept() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code, reason = "only deserialized")]
        struct Op {
            memo: String,
        }
        let err = request_from_json::<Op>("Op", b"{\n\"mem0\": \"s3cr3t\"}").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`mem0`") && text.contains("`memo`"), "{text}");
        assert!(text.contains("line 2"), "{text}");
        assert!(!text.contains("s3cr3t"), "{text}");
    }
}
