//! Huawei Cloud CSMS: routing, the operations by group, the state of the secrets and rotation
//! tasks, and the error bodies.

mod account;
mod answers;
mod blob;
mod events;
mod grants;
mod rotation;
mod route;
mod secrets;
mod state;
mod store;
mod tags;
mod tasks;
mod tools;
mod versions;

use serde_json::json;

pub(crate) use route::{Query, dispatch, is_huawei_path, route};
pub(crate) use state::HwError;
pub(crate) use store::HuaweiStore;
pub(crate) use tasks::RotationPlan;

use crate::exchange::Reply;

/// `{"error_code","error_msg","request_id"}` with an `X-Request-Id` header.
pub(crate) fn error(status: u16, code: &str, message: &str, request_id: &str) -> Reply {
    Reply::json(status, json!({"error_code": code, "error_msg": message, "request_id": request_id}))
        .with_header("X-Request-Id", request_id)
}

/// The gateway's 401.
pub(crate) fn authentication_failed(reason: &str, request_id: &str) -> Reply {
    error(401, "APIGW.0301", &format!("Incorrect IAM authentication information: {reason}"), request_id)
}

/// The gateway's 404 for a path no operation serves.
pub(crate) fn not_found(path: &str, request_id: &str) -> Reply {
    error(404, "APIGW.0101", &format!("The API does not exist or has not been published: {path}"), request_id)
}

/// The answer of an injected error status.
pub(crate) fn injected(status: u16, request_id: &str) -> Reply {
    match status {
        429 => error(429, "APIG.0308", "The request is throttled (injected by the emulator)", request_id),
        s if s >= 500 => {
            error(s, "CSMS.0001", "Internal server error (injected by the emulator)", request_id)
        }
        s => error(s, "CSMS.0003", "Invalid request (injected by the emulator)", request_id),
    }
}

/// The answer of an operation's outcome: 200 with the body, or 204 with none for `null` (the
/// operations whose response model is empty, such as DeleteSecret).
pub(crate) fn answer(outcome: Result<serde_json::Value, HwError>, request_id: &str) -> Reply {
    match outcome {
        Ok(serde_json::Value::Null) => {
            Reply::json(204, serde_json::Value::Null).with_header("X-Request-Id", request_id)
        }
        Ok(body) => Reply::json(200, body).with_header("X-Request-Id", request_id),
        Err(err) => error(err.status, err.code, &err.message, request_id),
    }
}
