//! The NCP secrets and their state machine: statuses, the value chain and rotation jobs.

use std::fmt;

use secretmanager_core::secret::REDACTED;

use super::catalog::ROTATION_ACTION;
use super::route::Stage;

/// An NCP answer that is not a success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NcpError {
    /// 400 `INVALID_REQUEST`.
    Invalid(String),
    /// 404 `NOT_FOUND`.
    NotFound(String),
    /// 422 `INVALID_STATUS`.
    Status(String),
}

/// `secretStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Enable,
    Disable,
    Revoke,
    Rotating,
    Destroyed,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Enable => "ENABLE",
            Status::Disable => "DISABLE",
            Status::Revoke => "REVOKE",
            Status::Rotating => "ROTATING",
            Status::Destroyed => "DESTROYED",
        }
    }
}

/// `rotationPhase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    None,
    Rotating,
    Failed,
}

impl Phase {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Phase::None => "NONE",
            Phase::Rotating => "ROTATING",
            Phase::Failed => "ROTATION_FAILED",
        }
    }
}

/// A rotation job in progress. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Job {
    pub(crate) token: String,
    pub(crate) started: bool,
}

/// One entry of a secret's logs. `Debug` hides the job token.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct LogEntry {
    pub(crate) log_id: String,
    pub(crate) action: &'static str,
    pub(crate) job_token: Option<String>,
    pub(crate) success: bool,
    pub(crate) create_date: i64,
}

/// The protection key of a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Protection {
    Default,
    UserManaged { tag: String },
}

/// One secret. `Debug` shows its metadata, never its values.
#[derive(Clone)]
pub(crate) struct Secret {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) memo: String,
    pub(crate) status: Status,
    pub(crate) register_date: i64,
    pub(crate) update_date: i64,
    pub(crate) expected_destroy_date: Option<i64>,
    pub(crate) auto_rotation: bool,
    pub(crate) period_days: Option<u32>,
    pub(crate) next_rotation_date: Option<i64>,
    pub(crate) last_rotation_date: Option<i64>,
    pub(crate) last_rotation_result_id: Option<String>,
    pub(crate) phase: Phase,
    pub(crate) trigger_id: Option<String>,
    pub(crate) recently_executed_action: Option<String>,
    pub(crate) protection: Protection,
    pub(crate) previous: Option<String>,
    pub(crate) active: Option<String>,
    pub(crate) pending: Option<String>,
    pub(crate) rotation_targets: Vec<String>,
    pub(crate) job: Option<Job>,
    pub(crate) logs: Vec<LogEntry>,
}

impl fmt::Debug for Job {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Job").field("token", &REDACTED).field("started", &self.started).finish()
    }
}

impl fmt::Debug for LogEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogEntry")
            .field("log_id", &self.log_id)
            .field("action", &self.action)
            .field("success", &self.success)
            .field("create_date", &self.create_date)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("status", &self.status)
            .field("phase", &self.phase)
            .field("job", &self.job)
            .field("logs", &self.logs.len())
            .finish_non_exhaustive()
    }
}

fn wrong_status(what: &str, status: Status) -> NcpError {
    NcpError::Status(format!("{what} is not allowed while the secret is {}", status.as_str()))
}

impl Secret {
    /// A new, enabled secret with `active` as its value.
    pub(crate) fn new(id: String, name: String, active: String, targets: Vec<String>, now: i64) -> Self {
        Self {
            id,
            name,
            memo: String::new(),
            status: Status::Enable,
            register_date: now,
            update_date: now,
            expected_destroy_date: None,
            auto_rotation: false,
            period_days: None,
            next_rotation_date: None,
            last_rotation_date: None,
            last_rotation_result_id: None,
            phase: Phase::None,
            trigger_id: None,
            recently_executed_action: None,
            protection: Protection::Default,
            previous: None,
            active: Some(active),
            pending: None,
            rotation_targets: targets,
            job: None,
            logs: Vec::new(),
        }
    }

    /// Rejects any operation on a destroyed secret.
    pub(crate) fn require_not_destroyed(&self, what: &str) -> Result<(), NcpError> {
        if self.status == Status::Destroyed { Err(wrong_status(what, self.status)) } else { Ok(()) }
    }

    /// Rejects reads and writes of the value while deletion is requested (or done).
    pub(crate) fn require_usable(&self, what: &str) -> Result<(), NcpError> {
        if matches!(self.status, Status::Revoke | Status::Destroyed) {
            Err(wrong_status(what, self.status))
        } else {
            Ok(())
        }
    }

    /// The value at `stage`.
    pub(crate) fn stage(&self, stage: Stage) -> Option<&String> {
        match stage {
            Stage::Previous => self.previous.as_ref(),
            Stage::Active => self.active.as_ref(),
            Stage::Pending => self.pending.as_ref(),
        }
    }

    /// Replaces (or with `None`, deletes) the value at `stage`.
    pub(crate) fn set_stage(&mut self, stage: Stage, value: Option<String>) {
        match stage {
            Stage::Previous => self.previous = value,
            Stage::Active => self.active = value,
            Stage::Pending => self.pending = value,
        }
    }

    /// Enable Secret: only from DISABLE.
    pub(crate) fn enable(&mut self, now: i64) -> Result<(), NcpError> {
        if self.status != Status::Disable {
            return Err(wrong_status("Enable Secret", self.status));
        }
        self.status = Status::Enable;
        self.update_date = now;
        Ok(())
    }

    /// Disable Secret: only from ENABLE.
    pub(crate) fn disable(&mut self, now: i64) -> Result<(), NcpError> {
        if self.status != Status::Enable {
            return Err(wrong_status("Disable Secret", self.status));
        }
        self.status = Status::Disable;
        self.update_date = now;
        Ok(())
    }

    /// Request Secret Deletion: from ENABLE, DISABLE or REVOKE, to REVOKE.
    pub(crate) fn request_deletion(&mut self, now: i64, destroy_at: i64) -> Result<(), NcpError> {
        if !matches!(self.status, Status::Enable | Status::Disable | Status::Revoke) {
            return Err(wrong_status("Request Secret Deletion", self.status));
        }
        if self.status != Status::Revoke {
            self.expected_destroy_date = Some(destroy_at);
        }
        self.status = Status::Revoke;
        self.update_date = now;
        Ok(())
    }

    /// Cancel Secret Deletion: REVOKE to DISABLE.
    pub(crate) fn cancel_deletion(&mut self, now: i64) -> Result<(), NcpError> {
        if self.status != Status::Revoke {
            return Err(wrong_status("Cancel Secret Deletion", self.status));
        }
        self.status = Status::Disable;
        self.expected_destroy_date = None;
        self.update_date = now;
        Ok(())
    }

    /// Delete Secret: only from REVOKE; the values are dropped.
    pub(crate) fn destroy(&mut self, now: i64) -> Result<(), NcpError> {
        if self.status != Status::Revoke {
            return Err(wrong_status("Delete Secret", self.status));
        }
        self.status = Status::Destroyed;
        self.previous = None;
        self.active = None;
        self.pending = None;
        self.job = None;
        self.update_date = now;
        Ok(())
    }

    /// Execute Rotation Job (or Retry), and the scheduled rotation: the linked trigger runs a new
    /// job with `token`, phase ROTATING.
    pub(crate) fn execute_job(&mut self, token: String, retry: bool, now: i64) -> Result<(), NcpError> {
        let what = if retry { "Retry Rotation Job" } else { "Execute Rotation Job" };
        if self.status != Status::Enable {
            return Err(wrong_status(what, self.status));
        }
        if self.trigger_id.is_none() {
            return Err(NcpError::Status(format!("{what} needs a linked rotation trigger")));
        }
        match (retry, self.phase) {
            (false, Phase::Rotating) => {
                return Err(NcpError::Status("a rotation job is already running".to_owned()));
            }
            (true, phase) if phase != Phase::Failed => {
                return Err(NcpError::Status("only a failed rotation can be retried".to_owned()));
            }
            _ => {}
        }
        self.job = Some(Job { token, started: false });
        self.phase = Phase::Rotating;
        self.recently_executed_action = Some(ROTATION_ACTION.to_owned());
        self.update_date = now;
        Ok(())
    }

    /// Whether the rotation schedule fires at `now`: auto rotation on, `ENABLE`, a linked
    /// trigger, no job running, and `nextRotationDate` reached.
    pub(crate) fn rotation_due(&self, now: i64) -> bool {
        self.auto_rotation
            && self.status == Status::Enable
            && self.trigger_id.is_some()
            && self.job.is_none()
            && self.next_rotation_date.is_some_and(|date| date <= now)
    }

    /// The scheduled rotation: the job Execute Rotation Job creates, then `nextRotationDate`
    /// moves on by whole periods to the first date of the schedule after `now` (missed periods
    /// give no extra job).
    pub(crate) fn run_scheduled_rotation(&mut self, token: String, now: i64) -> Result<(), NcpError> {
        self.execute_job(token, false, now)?;
        if let (Some(date), Some(days)) = (self.next_rotation_date, self.period_days) {
            let period = i64::from(days.max(1)).saturating_mul(crate::clock::DAY_MS);
            let missed = (now.saturating_sub(date) / period).max(0);
            self.next_rotation_date =
                Some(date.saturating_add(missed.saturating_add(1).saturating_mul(period)));
        }
        Ok(())
    }

    /// Checks that `token` is the token of this secret's running job.
    pub(crate) fn check_job(&self, token: &str) -> Result<(), NcpError> {
        self.require_usable("a rotation job operation")?;
        match &self.job {
            Some(job) if crate::auth::constant_time_eq(job.token.as_bytes(), token.as_bytes()) => Ok(()),
            _ => Err(NcpError::Invalid("the job token is not valid for this secret".to_owned())),
        }
    }

    /// Start Rotation Job: status ROTATING.
    pub(crate) fn start_job(&mut self, token: &str, now: i64) -> Result<(), NcpError> {
        self.check_job(token)?;
        if let Some(job) = self.job.as_mut() {
            job.started = true;
        }
        self.status = Status::Rotating;
        self.update_date = now;
        Ok(())
    }

    /// Checks that the job is started, for the pending-stage operations and completion.
    pub(crate) fn check_started(&self, token: &str, what: &str) -> Result<(), NcpError> {
        self.check_job(token)?;
        match &self.job {
            Some(job) if job.started => Ok(()),
            _ => Err(NcpError::Status(format!("{what} needs a started rotation job"))),
        }
    }

    /// Complete Rotation Job: PENDING becomes ACTIVE, ACTIVE becomes PREVIOUS.
    pub(crate) fn complete_job(&mut self, token: &str, now: i64, result_id: String) -> Result<(), NcpError> {
        self.check_started(token, "Complete Rotation Job")?;
        let Some(pending) = self.pending.take() else {
            return Err(NcpError::Status("Complete Rotation Job needs a PENDING value".to_owned()));
        };
        self.previous = self.active.replace(pending);
        self.finish_job(now);
        self.last_rotation_date = Some(now);
        self.last_rotation_result_id = Some(result_id);
        self.phase = Phase::None;
        self.reschedule(now);
        Ok(())
    }

    /// Fail Rotation Job: phase ROTATION_FAILED, PENDING dropped.
    pub(crate) fn fail_job(&mut self, token: &str, now: i64) -> Result<(), NcpError> {
        self.check_job(token)?;
        self.pending = None;
        self.finish_job(now);
        self.phase = Phase::Failed;
        Ok(())
    }

    /// Cancel Rotation Job: the running job ends, PENDING dropped, phase NONE.
    pub(crate) fn cancel_job(&mut self, now: i64) -> Result<(), NcpError> {
        if self.job.is_none() {
            return Err(NcpError::Status("no rotation job is running".to_owned()));
        }
        self.pending = None;
        self.finish_job(now);
        self.phase = Phase::None;
        Ok(())
    }

    /// Rollback Rotation Job: ACTIVE takes back the PREVIOUS value (the two swap).
    pub(crate) fn rollback(&mut self, now: i64) -> Result<(), NcpError> {
        self.require_usable("Rollback Rotation Job")?;
        if self.job.is_some() || self.status == Status::Rotating {
            return Err(NcpError::Status("cannot roll back while a rotation job is running".to_owned()));
        }
        let Some(previous) = self.previous.take() else {
            return Err(NcpError::Status("there is no PREVIOUS value to roll back to".to_owned()));
        };
        self.previous = self.active.replace(previous);
        self.update_date = now;
        Ok(())
    }

    fn finish_job(&mut self, now: i64) {
        self.job = None;
        if self.status == Status::Rotating {
            self.status = Status::Enable;
        }
        self.update_date = now;
    }

    /// Recomputes the next rotation date: now + period when auto rotation is on.
    pub(crate) fn reschedule(&mut self, now: i64) {
        self.next_rotation_date = match (self.auto_rotation, self.period_days) {
            (true, Some(days)) => Some(now.saturating_add(i64::from(days) * crate::clock::DAY_MS)),
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        let mut s = Secret::new("id".into(), "name".into(), r#"{"k":"a"}"#.into(), vec!["k".into()], 1);
        s.trigger_id = Some("t".into());
        s
    }

    #[test]
    fn status_transitions_follow_the_reference() {
        let mut s = secret();
        assert!(s.enable(2).is_err());
        s.disable(2).unwrap();
        assert!(s.disable(3).is_err());
        s.enable(3).unwrap();
        assert!(s.cancel_deletion(4).is_err());
        assert!(s.destroy(4).is_err());
        s.request_deletion(4, 100).unwrap();
        assert_eq!((s.status, s.expected_destroy_date), (Status::Revoke, Some(100)));
        s.request_deletion(5, 200).unwrap();
        assert_eq!(s.expected_destroy_date, Some(100));
        assert!(s.require_usable("read").is_err());
        s.cancel_deletion(6).unwrap();
        assert_eq!((s.status, s.expected_destroy_date), (Status::Disable, None));
        s.request_deletion(7, 300).unwrap();
        s.destroy(8).unwrap();
        assert_eq!(s.status, Status::Destroyed);
        assert!(s.active.is_none());
        assert!(s.request_deletion(9, 1).is_err());
    }

    #[test]
    fn rotation_shifts_the_chain() {
        let mut s = secret();
        s.auto_rotation = true;
        s.period_days = Some(2);
        s.execute_job("tok".into(), false, 2).unwrap();
        assert_eq!(s.phase, Phase::Rotating);
        assert!(s.execute_job("tok2".into(), false, 2).is_err());
        assert!(s.start_job("wrong", 2).is_err());
        assert!(s.check_started("tok", "x").is_err());
        s.start_job("tok", 2).unwrap();
        assert_eq!(s.status, Status::Rotating);
        assert!(s.disable(2).is_err());
        assert!(s.request_deletion(2, 3).is_err());
        assert!(s.complete_job("tok", 3, "r".into()).is_err(), "no pending value yet");
        s.pending = Some(r#"{"k":"b"}"#.into());
        s.complete_job("tok", 3, "r".into()).unwrap();
        assert_eq!(s.previous.as_deref(), Some(r#"{"k":"a"}"#));
        assert_eq!(s.active.as_deref(), Some(r#"{"k":"b"}"#));
        assert_eq!(s.pending, None);
        assert_eq!((s.status, s.phase), (Status::Enable, Phase::None));
        assert_eq!(s.last_rotation_date, Some(3));
        assert_eq!(s.next_rotation_date, Some(3 + 2 * crate::clock::DAY_MS));
        assert!(s.check_job("tok").is_err(), "a finished job's token is refused");
        s.rollback(4).unwrap();
        assert_eq!(s.active.as_deref(), Some(r#"{"k":"a"}"#));
        assert_eq!(s.previous.as_deref(), Some(r#"{"k":"b"}"#));
    }

    #[test]
    fn scheduled_rotation_runs_the_execute_job_and_keeps_the_schedule() {
        const DAY: i64 = crate::clock::DAY_MS;
        let mut s = secret();
        assert!(!s.rotation_due(i64::MAX), "auto rotation is off");
        s.auto_rotation = true;
        s.period_days = Some(30);
        s.reschedule(0);
        assert_eq!(s.next_rotation_date, Some(30 * DAY));
        assert!(!s.rotation_due(30 * DAY - 1));
        assert!(s.rotation_due(30 * DAY));

        s.run_scheduled_rotation("auto-1".into(), 31 * DAY).unwrap();
        assert_eq!((s.status, s.phase), (Status::Enable, Phase::Rotating));
        assert_eq!(s.recently_executed_action.as_deref(), Some(ROTATION_ACTION));
        assert_eq!(s.update_date, 31 * DAY);
        assert_eq!(s.next_rotation_date, Some(60 * DAY), "the next date stays on the schedule");
        assert!(!s.rotation_due(61 * DAY), "a job is running");
        assert!(s.execute_job("manual".into(), false, 31 * DAY).is_err(), "one job at a time");
        s.start_job("auto-1", 32 * DAY).unwrap();
        s.fail_job("auto-1", 33 * DAY).unwrap();

        // 100 days late: one job, the next date is the first date of the schedule after now.
        assert!(s.rotation_due(160 * DAY));
        s.run_scheduled_rotation("auto-2".into(), 160 * DAY).unwrap();
        assert_eq!(s.next_rotation_date, Some(180 * DAY));
        s.cancel_job(161 * DAY).unwrap();
        // Exactly on a date of the schedule: the next one is a whole period later.
        s.run_scheduled_rotation("auto-3".into(), 180 * DAY).unwrap();
        assert_eq!(s.next_rotation_date, Some(210 * DAY));
        s.cancel_job(181 * DAY).unwrap();

        s.disable(182 * DAY).unwrap();
        assert!(!s.rotation_due(i64::MAX), "a DISABLE secret is not rotated");
        assert!(s.run_scheduled_rotation("auto-4".into(), 300 * DAY).is_err());
        assert_eq!(s.next_rotation_date, Some(210 * DAY), "a refused job leaves the schedule alone");
        s.enable(183 * DAY).unwrap();
        s.auto_rotation = false;
        s.reschedule(184 * DAY);
        assert!(!s.rotation_due(i64::MAX), "auto rotation off");
    }

    #[test]
    fn debug_hides_values_and_tokens() {
        let mut s =
            Secret::new("id".into(), "name".into(), r#"{"k":"hidden-value"}"#.into(), vec!["k".into()], 1);
        s.trigger_id = Some("t".into());
        s.execute_job("hidden-token".into(), false, 2).unwrap();
        s.logs.push(LogEntry {
            log_id: "l".into(),
            action: "Execute Rotation Job",
            job_token: Some("hidden-token".into()),
            success: true,
            create_date: 1,
        });
        let printed = format!("{s:?} {:?}", s.logs);
        assert!(printed.contains("name"));
        assert!(!printed.contains("hidden-value"));
        assert!(!printed.contains("hidden-token"));
    }

    #[test]
    fn failure_retry_and_cancel() {
        let mut s = secret();
        assert!(s.execute_job("x".into(), true, 2).is_err(), "nothing to retry");
        s.execute_job("t1".into(), false, 2).unwrap();
        s.start_job("t1", 2).unwrap();
        s.pending = Some("{}".into());
        s.fail_job("t1", 3).unwrap();
        assert_eq!((s.status, s.phase, s.pending.clone()), (Status::Enable, Phase::Failed, None));
        assert!(s.check_job("t1").is_err());
        s.execute_job("t2".into(), true, 2).unwrap();
        assert_eq!(s.phase, Phase::Rotating);
        s.cancel_job(4).unwrap();
        assert_eq!(s.phase, Phase::None);
        assert!(s.cancel_job(5).is_err());
        assert!(s.rollback(5).is_err(), "no previous value");
        s.trigger_id = None;
        assert!(s.execute_job("t3".into(), false, 2).is_err(), "needs a trigger");
    }
}
