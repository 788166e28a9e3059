//! Waiting for a rotation task: [`Client::wait_for_task`] and [`Client::rotate_and_wait`].

use std::fmt;
use std::time::{Duration, Instant};

use secretmanager_core::huawei::{ListSecretTask, RotateSecret, SecretTask, TaskStatus};

use super::Client;
use crate::error::Error;

/// How long [`Client::wait_for_task`] waits, and how often it looks.
///
/// CSMS runs a rotation asynchronously (through a FunctionGraph function for the database
/// secret types): the task is listed as running, then `SUCCESS` or `FAILED`. The defaults
/// follow Huawei's Terraform provider, which waits up to 10 minutes.
///
/// ```
/// use std::time::Duration;
/// use secretmanager_blocking::huawei::TaskWait;
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

/// A task that did not succeed while [`Client::wait_for_task`] waited.
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

impl Client {
    /// Waits until rotation task `task_id` (the `rotation_task_id` of RotateSecret) ends,
    /// looking it up with ListSecretTask as `wait` says; answers the task once it is
    /// `SUCCESS`.
    ///
    /// A task not listed yet, or in any other status (running, waiting), is looked up again
    /// until the timeout. A failed lookup that the client's retries did not cure ends the
    /// wait with [`TaskWaitError::Api`].
    ///
    /// ```no_run
    /// use secretmanager_blocking::huawei::{Client, RotateSecret, TaskWait};
    ///
    /// let client = Client::builder().region("cn-north-4").credentials_from_env().build()?;
    /// let rotated = client.rotate_secret(&RotateSecret::new("rds-password"))?;
    /// if let Some(task_id) = rotated.rotation_task_id {
    ///     match client.wait_for_task(&task_id, TaskWait::default()) {
    ///         Ok(task) => println!("rotated by task {}", task.task_id),
    ///         Err(failed) => eprintln!("{failed}"),
    ///     }
    /// }
    /// # Ok::<(), secretmanager_blocking::Error>(())
    /// ```
    pub fn wait_for_task(&self, task_id: &str, wait: TaskWait) -> Result<SecretTask, TaskWaitError> {
        let started = Instant::now();
        let lookup = ListSecretTask::new().task_id(task_id);
        let mut interval = wait.first_interval;
        let mut last: Option<Box<SecretTask>> = None;
        loop {
            let page = self.list_secret_task(&lookup).map_err(TaskWaitError::Api)?;
            if let Some(task) = page.tasks.into_iter().find(|task| task.task_id == task_id) {
                match task.task_status {
                    Some(TaskStatus::Success) => {
                        // The rotation moved the secret's stages: a cache over this client
                        // drops what it holds of the secret.
                        if let Some(secret) = &task.secret_name {
                            self.inner.changes.notify(secret);
                        }
                        return Ok(task);
                    }
                    Some(TaskStatus::Failed) => return Err(TaskWaitError::Failed(Box::new(task))),
                    _ => last = Some(Box::new(task)),
                }
            }
            let left = wait.timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(TaskWaitError::TimedOut { task_id: task_id.to_owned(), last });
            }
            std::thread::sleep(interval.min(left));
            interval = interval.saturating_mul(2).min(wait.max_interval);
        }
    }

    /// RotateSecret, then [`Client::wait_for_task`] on the task it started: answers the task
    /// once the rotation succeeded. A rotation answered without a task (a `COMMON` secret,
    /// rotated at once) answers `None`.
    ///
    /// RotateSecret is never resent: if its answer is lost the error is
    /// [`Error::OutcomeUnknown`], inside [`TaskWaitError::Api`] (look for the task with
    /// ListSecretTask before rotating again).
    pub fn rotate_and_wait(
        &self,
        secret_name: &str,
        wait: TaskWait,
    ) -> Result<Option<SecretTask>, TaskWaitError> {
        let rotated = self.rotate_secret(&RotateSecret::new(secret_name)).map_err(TaskWaitError::Api)?;
        match rotated.rotation_task_id {
            Some(task_id) => self.wait_for_task(&task_id, wait).map(Some),
            None => Ok(None),
        }
    }
}
