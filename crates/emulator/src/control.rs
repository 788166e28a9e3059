//! The HTTP control endpoints under `/_emulator/`, for users outside the process. They need no
//! signature and are never faulted or logged.
//!
//! | Method and path | Body | Effect |
//! |---|---|---|
//! | `POST /_emulator/faults` | `{"fault":"status","status":503,"count":2}`, `{"fault":"delay","ms":200,"count":1}`, `{"fault":"drop","count":1}`, `{"fault":"lose-answer","count":1}` (applied, then the connection closed), `{"fault":"status-after-applying","status":504}` (applied, then answered with that error); `"path":"/complete"` to fault only requests whose path ends so; `"percent":30` instead of `count` for a share of requests | injects a fault |
//! | `DELETE /_emulator/faults` | — | removes every fault |
//! | `POST /_emulator/clock` | `{"offset_ms":-600000}` | shifts the emulator's clock |
//! | `GET /_emulator/requests` | — | `{"requests":[{"method","path","status","fault"}]}` |
//! | `POST /_emulator/reset` | — | forgets secrets, faults, requests, clock offset |
//! | `GET /_emulator/health` | — | `{"status":"ok"}` |
//! | `POST /_emulator/huawei/rotation` | `{"delay_ms":500}` and/or `{"fail_count":1,"error_code":"CSMS.0001","error_msg":"…"}` (code and message optional) | Huawei rotation tasks stay `RUNNING` for `delay_ms` (0 by default) before settling; the next `fail_count` rotations settle `FAILED` with that `task_error_code`/`task_error_msg`; answers `{"ok":true,"delay_ms","queued_failures"}` |

use std::time::Duration;

use serde_json::{Value, json};

use crate::exchange::{Incoming, Reply};
use crate::faults::Fault;
use crate::huawei::RotationPlan;
use crate::json_body::JsonBody;
use crate::server::{Shared, lock};

/// The path prefix of the control endpoints.
pub(crate) const PREFIX: &str = "/_emulator/";

fn bad(details: &str) -> Reply {
    Reply::json(400, json!({"error": details}))
}

/// Serves one control request.
pub(crate) fn handle(rq: &Incoming, shared: &Shared) -> Reply {
    match (rq.method.as_str(), rq.path()) {
        ("POST", "/_emulator/faults") => match parse_fault(&rq.body) {
            Ok((fault, Amount::Count(count), path)) => {
                lock(&shared.faults).inject_on(fault, count, path);
                Reply::json(200, json!({"ok": true}))
            }
            Ok((fault, Amount::Percent(percent), _)) => {
                lock(&shared.faults).inject_ratio(fault, percent);
                Reply::json(200, json!({"ok": true}))
            }
            Err(details) => bad(&details),
        },
        ("DELETE", "/_emulator/faults") => {
            lock(&shared.faults).clear();
            Reply::json(200, json!({"ok": true}))
        }
        ("POST", "/_emulator/clock") => {
            match JsonBody::parse(&rq.body)
                .and_then(|b| b.int("offset_ms"))
                .and_then(|o| o.ok_or_else(|| "offset_ms is required".to_owned()))
            {
                Ok(offset) => {
                    shared.clock.set_offset_ms(offset);
                    Reply::json(200, json!({"ok": true, "offset_ms": offset}))
                }
                Err(details) => bad(&details),
            }
        }
        ("GET", "/_emulator/requests") => {
            let requests: Vec<Value> = lock(&shared.log).iter().map(|r| r.to_json()).collect();
            Reply::json(200, json!({ "requests": requests }))
        }
        ("POST", "/_emulator/reset") => {
            shared.reset();
            Reply::json(200, json!({"ok": true}))
        }
        ("GET", "/_emulator/health") => Reply::json(200, json!({"status": "ok"})),
        ("POST", "/_emulator/huawei/rotation") => match parse_rotation(&rq.body) {
            Ok(change) => {
                let mut store = lock(&shared.huawei);
                change.apply(&mut store.rotation);
                let plan = &store.rotation;
                Reply::json(
                    200,
                    json!({"ok": true, "delay_ms": plan.delay_ms, "queued_failures": plan.failures.len()}),
                )
            }
            Err(details) => bad(&details),
        },
        _ => Reply::json(404, json!({"error": "unknown control endpoint"})),
    }
}

/// How many requests a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Amount {
    Count(u32),
    Percent(u8),
}

/// The `status` of a fault body: an HTTP error status, 400 to 599.
fn error_status(body: &JsonBody) -> Result<u16, String> {
    let status = body.int("status")?.ok_or("status is required")?;
    Ok(u16::try_from(status).ok().filter(|s| (400..=599).contains(s)).ok_or("status must be 400 to 599")?)
}

/// A change to how Huawei rotations run.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RotationChange {
    delay_ms: Option<u64>,
    fail_count: u32,
    error_code: String,
    error_msg: String,
}

impl RotationChange {
    fn apply(&self, plan: &mut RotationPlan) {
        if let Some(delay) = self.delay_ms {
            plan.delay_ms = delay;
        }
        plan.fail_next(self.fail_count, &self.error_code, &self.error_msg);
    }
}

fn parse_rotation(body: &[u8]) -> Result<RotationChange, String> {
    let body = JsonBody::parse(body)?;
    let delay_ms = match body.int("delay_ms")? {
        None => None,
        Some(ms) => Some(
            u64::try_from(ms).ok().filter(|ms| *ms <= 3_600_000).ok_or("delay_ms must be 0 to 3600000")?,
        ),
    };
    let fail_count = match body.int("fail_count")? {
        None => 0,
        Some(n) => u32::try_from(n).ok().filter(|n| *n <= 1000).ok_or("fail_count must be 0 to 1000")?,
    };
    let error_code = body.string("error_code")?.unwrap_or(RotationPlan::DEFAULT_ERROR_CODE).to_owned();
    let error_msg = body.string("error_msg")?.unwrap_or(RotationPlan::DEFAULT_ERROR_MSG).to_owned();
    if delay_ms.is_none() && fail_count == 0 {
        return Err("give delay_ms, fail_count or both".to_owned());
    }
    Ok(RotationChange { delay_ms, fail_count, error_code, error_msg })
}

fn parse_fault(body: &[u8]) -> Result<(Fault, Amount, Option<String>), String> {
    let body = JsonBody::parse(body)?;
    let fault = match body.required_string("fault")? {
        "status" => Fault::Status(error_status(&body)?),
        "delay" => {
            let ms = body.int("ms")?.ok_or("ms is required")?;
            let ms = u64::try_from(ms).ok().filter(|ms| *ms <= 60_000).ok_or("ms must be 0 to 60000")?;
            Fault::Delay(Duration::from_millis(ms))
        }
        "status-after-applying" => Fault::StatusAfterApplying(error_status(&body)?),
        "drop" => Fault::DropConnection,
        "lose-answer" => Fault::LoseAnswer,
        other => {
            return Err(format!(
                "unknown fault {other}; use status, status-after-applying, delay, drop or lose-answer"
            ));
        }
    };
    let amount = match (body.int("count")?, body.int("percent")?) {
        (Some(_), Some(_)) => return Err("give count or percent, not both".to_owned()),
        (None, Some(p)) => {
            Amount::Percent(u8::try_from(p).ok().filter(|p| *p <= 100).ok_or("percent must be 0 to 100")?)
        }
        (Some(c), None) => Amount::Count(u32::try_from(c).map_err(|_| "count must be 0 or more".to_owned())?),
        (None, None) => Amount::Count(1),
    };
    let path = body.string("path")?.map(str::to_owned);
    if path.is_some() && matches!(amount, Amount::Percent(_)) {
        return Err("path goes with count, not percent".to_owned());
    }
    Ok((fault, amount, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rotation_changes() {
        let change = parse_rotation(br#"{"delay_ms":250}"#).unwrap();
        assert_eq!((change.delay_ms, change.fail_count), (Some(250), 0));
        let change =
            parse_rotation(br#"{"fail_count":2,"error_code":"FSS.0500","error_msg":"boom"}"#).unwrap();
        let mut plan = RotationPlan::default();
        change.apply(&mut plan);
        assert_eq!(plan.delay_ms, 0);
        assert_eq!(plan.failures.len(), 2);
        assert_eq!(plan.failures[0], ("FSS.0500".to_owned(), "boom".to_owned()));
        let defaults = parse_rotation(br#"{"fail_count":1}"#).unwrap();
        assert_eq!(defaults.error_code, RotationPlan::DEFAULT_ERROR_CODE);
        for bad in
            [&br#"{}"#[..], br#"{"delay_ms":-1}"#, br#"{"fail_count":-2}"#, br#"{"delay_ms":"5"}"#, b"x"]
        {
            assert!(parse_rotation(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn parses_every_fault_form() {
        assert_eq!(
            parse_fault(br#"{"fault":"status","status":503,"count":2}"#),
            Ok((Fault::Status(503), Amount::Count(2), None))
        );
        assert_eq!(
            parse_fault(br#"{"fault":"delay","ms":150}"#),
            Ok((Fault::Delay(Duration::from_millis(150)), Amount::Count(1), None))
        );
        assert_eq!(
            parse_fault(br#"{"fault":"drop","percent":40}"#),
            Ok((Fault::DropConnection, Amount::Percent(40), None))
        );
        assert_eq!(
            parse_fault(br#"{"fault":"status-after-applying","status":504}"#),
            Ok((Fault::StatusAfterApplying(504), Amount::Count(1), None))
        );
        assert_eq!(
            parse_fault(br#"{"fault":"lose-answer","path":"/complete"}"#),
            Ok((Fault::LoseAnswer, Amount::Count(1), Some("/complete".to_owned())))
        );
        for bad in [
            &br#"{"fault":"status"}"#[..],
            br#"{"fault":"status","status":200}"#,
            br#"{"fault":"nope"}"#,
            br#"{"fault":"drop","percent":101}"#,
            br#"{"fault":"drop","count":-1}"#,
            br#"{"fault":"lose-answer","percent":5,"path":"/complete"}"#,
            b"not json",
        ] {
            assert!(parse_fault(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
