//! Waiting for a CSMS rotation task, for every client: how long and how often to look
//! ([`TaskWait`]), why a wait ended without success ([`TaskWaitError`]), and the sans-IO poll
//! that decides after each ListSecretTask answer whether the task ended or when to look again
//! ([`TaskPoll`]).

use std::fmt;
use std::time::{Duration, Instant};

use secretmanager_core::huawei::{ListSecretTask, SecretTask, TaskList, TaskStatus};

use crate::error::Error;

/// How long a client's `wait_for_task` waits, and how often it looks.
///
/// CSMS runs a rotation asynchronously (through a FunctionGraph function for the database
/// secret types): the task is listed as running, then `SUCCESS` or `FAILED`. The defaults
/// follow Huawei's Terraform provider, which waits up to 10 minutes.
///
/// ```
/// use std::time::Duration;
/// use secretmanager_engine::huawei::tasks::TaskWait;
///
/// let wait = TaskWait::default().timeout(Duration::from_secs(60)).interval(Duration::from_millis(500));
/// assert_eq!(wait.timeout_duration(), Duration::from_secs(60));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskWait {
    timeout: Duration,
    first_interval: Duration,
    max_interval: Duration,
}

impl Default for TaskWait {
    /// Up to 10 minutes, looking after 1 s, then at intervals doubling up to 10 s.
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(600),
            first_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(10),
        }
    }
}

impl TaskWait {
    /// Gives up after `timeout` (counted from the first look).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Looks again after `interval` each time (no growth).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.first_interval = interval;
        self.max_interval = interval;
        self
    }

    /// The time it gives up after.
    pub fn timeout_duration(&self) -> Duration {
        self.timeout
    }
}

/// A task that did not succeed while a client's `wait_for_task` waited.
#[derive(Debug)]
#[non_exhaustive]
pub enum TaskWaitError {
    /// The task ended `FAILED`: the task, with `task_error_code` and `task_error_msg`.
    Failed(Box<SecretTask>),
    /// The timeout passed and the task had not ended: its last state, or `None` when it was
    /// never listed.
    TimedOut {
        /// The task id waited for.
        task_id: String,
        /// The task as last listed.
        last: Option<Box<SecretTask>>,
    },
    /// Looking the task up failed (the error of the last look).
    Api(Error),
}

impl TaskWaitError {
    /// The task's error code (`task_error_code`) when it failed.
    pub fn task_error_code(&self) -> Option<&str> {
        match self {
            TaskWaitError::Failed(task) => task.task_error_code.as_deref(),
            _ => None,
        }
    }

    /// The task's error message (`task_error_msg`) when it failed.
    pub fn task_error_msg(&self) -> Option<&str> {
        match self {
            TaskWaitError::Failed(task) => task.task_error_msg.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for TaskWaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskWaitError::Failed(task) => write!(
                f,
                "rotation task {} failed: {} {}",
                task.task_id,
                task.task_error_code.as_deref().unwrap_or("(no error code)"),
                task.task_error_msg.as_deref().unwrap_or("(no error message)")
            ),
            TaskWaitError::TimedOut { task_id, last } => {
                write!(f, "rotation task {task_id} had not ended when the wait timed out")?;
                match last.as_ref().and_then(|task| task.task_status.as_ref()) {
                    Some(status) => write!(f, " (last status {})", status.as_str()),
                    None => f.write_str(" (never listed)"),
                }
            }
            TaskWaitError::Api(e) => write!(f, "looking the rotation task up failed: {e}"),
        }
    }
}

impl std::error::Error for TaskWaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TaskWaitError::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// One wait for one task, as a state machine: send [`TaskPoll::lookup`], hand the answer to
/// [`TaskPoll::answered`], and sleep or stop as it says.
#[derive(Debug)]
pub struct TaskPoll {
    task_id: String,
    wait: TaskWait,
    started: Instant,
    interval: Duration,
    last: Option<Box<SecretTask>>,
}

/// What to do after a ListSecretTask answer.
#[derive(Debug)]
#[must_use]
pub enum PollStep {
    /// The task succeeded.
    Succeeded(Box<SecretTask>),
    /// Look again after this long.
    LookAgainAfter(Duration),
    /// The wait ended without success.
    Stop(TaskWaitError),
}

impl TaskPoll {
    /// A wait for task `task_id`, starting now.
    pub fn new(task_id: &str, wait: TaskWait) -> Self {
        Self {
            task_id: task_id.to_owned(),
            wait,
            started: Instant::now(),
            interval: wait.first_interval,
            last: None,
        }
    }

    /// The ListSecretTask that looks the task up.
    pub fn lookup(&self) -> ListSecretTask {
        ListSecretTask::new().task_id(self.task_id.as_str())
    }

    /// What the lookup answered (`Err`: the call failed, which ends the wait).
    pub fn answered(&mut self, answer: Result<TaskList, Error>) -> PollStep {
        let page = match answer {
            Ok(page) => page,
            Err(e) => return PollStep::Stop(TaskWaitError::Api(e)),
        };
        if let Some(task) = page.tasks.into_iter().find(|task| task.task_id == self.task_id) {
            match task.task_status {
                Some(TaskStatus::Success) => return PollStep::Succeeded(Box::new(task)),
                Some(TaskStatus::Failed) => return PollStep::Stop(TaskWaitError::Failed(Box::new(task))),
                _ => self.last = Some(Box::new(task)),
            }
        }
        let left = self.wait.timeout.saturating_sub(self.started.elapsed());
        if left.is_zero() {
            let last = self.last.take();
            return PollStep::Stop(TaskWaitError::TimedOut {
                task_id: std::mem::take(&mut self.task_id),
                last,
            });
        }
        let pause = self.interval.min(left);
        self.interval = self.interval.saturating_mul(2).min(self.wait.max_interval);
        PollStep::LookAgainAfter(pause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(status: &str) -> TaskList {
        let json = format!(
            r#"{{"tasks":[{{"task_id":"t-1","secret_name":"s","task_status":"{status}","task_error_code":"CSMS.0001"}}]}}"#
        );
        serde_json::from_str(&json).expect("a task page")
    }

    #[test]
    fn a_running_task_is_looked_up_again_with_growing_pauses_until_it_ends() {
        let wait = TaskWait {
            timeout: Duration::from_secs(60),
            first_interval: Duration::from_millis(10),
            max_interval: Duration::from_millis(25),
        };
        let mut poll = TaskPoll::new("t-1", wait);
        let pauses: Vec<_> = (0..3)
            .map(|_| match poll.answered(Ok(page("RUNNING"))) {
                PollStep::LookAgainAfter(pause) => pause.as_millis(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(pauses, [10, 20, 25]);
        assert!(
            matches!(poll.answered(Ok(page("SUCCESS"))), PollStep::Succeeded(task) if task.task_id == "t-1")
        );
        let mut failed = TaskPoll::new("t-1", wait);
        let PollStep::Stop(error) = failed.answered(Ok(page("FAILED"))) else {
            panic!("a failed task ends the wait")
        };
        assert_eq!(error.task_error_code(), Some("CSMS.0001"));
    }

    #[test]
    fn the_wait_ends_at_its_timeout_with_the_last_status_seen() {
        let mut poll = TaskPoll::new("t-1", TaskWait::default().timeout(Duration::ZERO));
        let PollStep::Stop(TaskWaitError::TimedOut { task_id, last }) = poll.answered(Ok(page("RUNNING")))
        else {
            panic!("timed out")
        };
        assert_eq!(task_id, "t-1");
        assert_eq!(last.and_then(|task| task.task_status).as_ref().map(TaskStatus::as_str), Some("RUNNING"));
        let mut unlisted = TaskPoll::new("t-2", TaskWait::default());
        assert!(
            matches!(unlisted.answered(Ok(page("SUCCESS"))), PollStep::LookAgainAfter(_)),
            "another task's success"
        );
    }
}
