//! NCP Secret Manager: routing, the state of the secrets, and the answers' envelopes.

mod catalog;
mod handlers;
mod route;
mod rules;
mod schedule;
mod state;

use serde_json::{Value, json};

pub(crate) use handlers::NcpStore;
pub(crate) use route::{is_ncp_path, route};
use state::NcpError;

use crate::exchange::Reply;

/// The header in which the NCP API Gateway gives each answer's trace id, the request id a
/// client reports to NCP's support.
pub(crate) const TRACE_ID_HEADER: &str = "x-ncp-trace-id";

/// `{"code":"SUCCESS","data":…}`.
pub(crate) fn success(data: Value) -> Reply {
    Reply::json(200, json!({"code": "SUCCESS", "data": data}))
}

/// The error envelope `{"error":{"errorCode","message","details"}}`.
pub(crate) fn error(status: u16, code: &str, message: &str, details: &str) -> Reply {
    Reply::json(status, json!({"error": {"errorCode": code, "message": message, "details": details}}))
}

/// The gateway's 404 for a path no operation serves.
pub(crate) fn not_found_exception(path: &str) -> Reply {
    error(404, "300", "Not Found Exception", &format!("no API at {path}"))
}

/// The gateway's 401.
pub(crate) fn authentication_failed(details: &str) -> Reply {
    error(401, "200", "Authentication Failed", details)
}

/// The answer of an injected error status.
pub(crate) fn injected(status: u16) -> Reply {
    match status {
        429 => error(429, "400", "Quota Exceeded", "too many requests (injected by the emulator)"),
        s if s >= 500 => {
            error(s, "INTERNAL_SERVER_ERROR", "Server internal error", "injected by the emulator")
        }
        s => error(s, "INVALID_REQUEST", "Invalid request", "injected by the emulator"),
    }
}

/// The answer of an operation's outcome.
pub(crate) fn answer(outcome: Result<Value, NcpError>) -> Reply {
    match outcome {
        Ok(data) => success(data),
        Err(NcpError::Invalid(details)) => error(400, "INVALID_REQUEST", "Invalid request", &details),
        Err(NcpError::NotFound(details)) => error(404, "NOT_FOUND", "Not found", &details),
        Err(NcpError::Status(details)) => error(422, "INVALID_STATUS", "Invalid status", &details),
    }
}
