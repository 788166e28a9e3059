//! The log of every request the emulator received, so tests can count what arrived.

/// One request the emulator received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path without the query, as received (percent-encoded).
    pub path: String,
    /// The status answered; `None` while the request is being served (e.g. delayed) and when
    /// its connection was dropped.
    pub status: Option<u16>,
    /// The injected fault, if one was applied (e.g. `status 503`, `delay 50ms`, `drop`).
    pub fault: Option<String>,
}

impl RequestRecord {
    /// Whether this record is a `method` request whose path ends with `path_suffix`.
    pub fn matches(&self, method: &str, path_suffix: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && self.path.ends_with(path_suffix)
    }

    /// The record as JSON, for the HTTP control endpoint.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "fault": self.fault,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_on_method_and_suffix() {
        let record = RequestRecord {
            method: "POST".into(),
            path: "/api/v1/secrets".into(),
            status: Some(200),
            fault: None,
        };
        assert!(record.matches("post", "/secrets"));
        assert!(!record.matches("GET", "/secrets"));
        assert!(!record.matches("POST", "/keys"));
        assert_eq!(record.to_json()["status"], 200);
    }
}
