//! The log of every request the emulator received, so tests can count what arrived.

/// What the request log shows instead of the job token of an NCP rotation-job step
/// (`/action/v1/secrets/{secretId}/jobs/{jobToken}/...`): the token is a credential.
pub const REDACTED_JOB_TOKEN: &str = "[redacted]";

/// `path` with the job token of an NCP rotation-job step replaced by [`REDACTED_JOB_TOKEN`],
/// whatever base path comes before `/action/v1/secrets/`; any other path unchanged.
pub(crate) fn redact_job_token(path: &str) -> String {
    let mut segments: Vec<&str> = path.split('/').collect();
    let token_at = segments
        .windows(5)
        .position(|w| w[0] == "action" && w[1] == "v1" && w[2] == "secrets" && w[4] == "jobs")
        .map(|at| at + 5);
    if let Some(token) = token_at.and_then(|at| segments.get_mut(at)) {
        *token = REDACTED_JOB_TOKEN;
    }
    segments.join("/")
}

/// One request the emulator received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path without the query, as received (percent-encoded), except that the job token
    /// of a rotation-job step is replaced by [`REDACTED_JOB_TOKEN`].
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

    #[test]
    fn job_tokens_are_redacted_from_logged_paths() {
        for (path, logged) in [
            ("/action/v1/secrets/sid/jobs/tok-1/start", "/action/v1/secrets/sid/jobs/[redacted]/start"),
            (
                "/secretmanager/action/v1/secrets/sid/jobs/tok-1/pending",
                "/secretmanager/action/v1/secrets/sid/jobs/[redacted]/pending",
            ),
            ("/action/v1/secrets/sid/jobs/tok-1", "/action/v1/secrets/sid/jobs/[redacted]"),
            ("/action/v1/secrets/sid/jobs/", "/action/v1/secrets/sid/jobs/[redacted]"),
            ("/action/v1/secrets/sid/jobs", "/action/v1/secrets/sid/jobs"),
            ("/api/v1/secrets/jobs/values", "/api/v1/secrets/jobs/values"),
            ("/api/v1/secrets/sid/logs", "/api/v1/secrets/sid/logs"),
            ("/", "/"),
            ("", ""),
        ] {
            assert_eq!(redact_job_token(path), logged, "{path:?}");
        }
    }
}
