//! Reading back whether a transition took effect, after its answer was lost and its resend was
//! refused.
//!
//! A [`Transition`](crate::OperationKind::Transition) such as Complete Rotation Job or Disable
//! Secret is refused when sent again after the first send was applied (the job token is no
//! longer valid, the secret is already `DISABLE`). When a transport lost the first answer, that
//! refusal says nothing about the caller's request: the transport sends the operation's
//! [`StateCheck`], a read, and asks the operation to [`settle`](crate::ncp::Operation::settle)
//! what it shows. Sans-IO like the rest of the core: the transport sends the check and hands the
//! decoded answer back.

pub use crate::kind::Settled;
use crate::ncp::model::{Secret, SecretStatus, SecretValueChain};
use crate::ncp::ops::{GetSecretDetail, GetSecretLogs, GetSecretValue, LogResult, SecretLogPage};

/// The read that shows whether a transition took effect.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateCheck {
    /// The secret's metadata (its status).
    Detail(GetSecretDetail),
    /// The decrypted value chain (its PENDING value).
    Value(GetSecretValue),
    /// The newest entries of the secret's log (the job steps taken with a job token).
    Logs(GetSecretLogs),
}

/// What a [`StateCheck`] read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ObservedState {
    /// Get Secret Detail's answer.
    Detail(Box<Secret>),
    /// Get Secret Value's answer.
    Value(SecretValueChain),
    /// Get Secret Logs' answer.
    Logs(SecretLogPage),
    /// The check answered 404: the secret is not (or no longer) there.
    NotFound,
}

/// How many log entries the check of a job step reads (newest first).
pub(crate) const LOG_CHECK_PAGE_SIZE: u32 = 100;

/// The check of a status transition: the secret's detail.
pub(crate) fn detail_check(secret_id: &str) -> StateCheck {
    StateCheck::Detail(GetSecretDetail::new(secret_id))
}

/// The check of a job step: the newest page of the secret's log.
pub(crate) fn logs_check(secret_id: &str) -> StateCheck {
    StateCheck::Logs(GetSecretLogs::new(secret_id).page_no(1).page_size(LOG_CHECK_PAGE_SIZE))
}

/// Settles a status transition: applied when the secret now has status `target`.
pub(crate) fn settle_status(observed: ObservedState, target: SecretStatus) -> Settled<Secret> {
    match observed {
        ObservedState::Detail(secret) if secret.secret_status == Some(target) => Settled::Applied(*secret),
        ObservedState::Detail(_) => Settled::NotApplied,
        _ => Settled::Unknown,
    }
}

/// Settles a job step from the log: applied when a successful `action` taken with `job_token` is
/// logged, not applied when a successful `other` (the step that would have excluded it) is.
pub(crate) fn settle_job_step(
    observed: &ObservedState,
    job_token: &str,
    action: &str,
    other: &str,
) -> Settled<()> {
    let ObservedState::Logs(page) = observed else { return Settled::Unknown };
    let succeeded = |name: &str| {
        page.entries.iter().any(|entry| {
            entry.job_token.as_deref() == Some(job_token)
                && entry.action.eq_ignore_ascii_case(name)
                && entry.result == Some(LogResult::Success)
        })
    };
    if succeeded(action) {
        Settled::Applied(())
    } else if succeeded(other) {
        Settled::NotApplied
    } else {
        Settled::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::decode;

    fn logs(body: &str) -> ObservedState {
        ObservedState::Logs(decode(200, body.as_bytes()).unwrap())
    }

    #[test]
    fn a_logged_step_of_the_same_job_settles_it() {
        let page = logs(
            r#"{"code":"SUCCESS","data":{"result":[
            {"action":"Complete Rotation Job","jobToken":"other","result":"SUCCESS"},
            {"action":"Complete Rotation Job","jobToken":"tok","result":"FAIL"},
            {"action":"Start Rotation Job","jobToken":"tok","result":"SUCCESS"}]}}"#,
        );
        assert_eq!(
            settle_job_step(&page, "tok", "Complete Rotation Job", "Fail Rotation Job"),
            Settled::Unknown
        );
        let page = logs(
            r#"{"code":"SUCCESS","data":{"result":[
            {"action":"complete rotation job","jobToken":"tok","result":"SUCCESS"}]}}"#,
        );
        assert_eq!(
            settle_job_step(&page, "tok", "Complete Rotation Job", "Fail Rotation Job"),
            Settled::Applied(())
        );
        assert_eq!(
            settle_job_step(&page, "tok", "Fail Rotation Job", "Complete Rotation Job"),
            Settled::NotApplied
        );
        assert_eq!(
            settle_job_step(&ObservedState::NotFound, "tok", "Fail Rotation Job", "x"),
            Settled::Unknown
        );
    }

    #[test]
    fn a_status_settles_a_status_change() {
        let detail = |status: &str| {
            ObservedState::Detail(Box::new(
                decode(
                    200,
                    format!(r#"{{"code":"SUCCESS","data":{{"secretId":"s","secretStatus":"{status}"}}}}"#)
                        .as_bytes(),
                )
                .unwrap(),
            ))
        };
        assert!(
            matches!(settle_status(detail("DISABLE"), SecretStatus::Disable), Settled::Applied(s) if s.secret_id == "s")
        );
        assert_eq!(settle_status(detail("ENABLE"), SecretStatus::Disable).map(drop), Settled::NotApplied);
        assert_eq!(settle_status(ObservedState::NotFound, SecretStatus::Disable).map(drop), Settled::Unknown);
    }
}
