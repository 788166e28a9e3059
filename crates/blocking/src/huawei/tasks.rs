//! Waiting for a rotation task: [`Client::wait_for_task`] and [`Client::rotate_and_wait`].
//! The types and the poll's decisions are the engine's, shared with the async client.

use secretmanager_core::huawei::{RotateSecret, SecretTask};
use secretmanager_engine::huawei::tasks::{PollStep, TaskPoll};
pub use secretmanager_engine::huawei::tasks::{TaskWait, TaskWaitError};

use super::Client;

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
        let mut poll = TaskPoll::new(task_id, wait);
        loop {
            let answer = self.list_secret_task(&poll.lookup());
            match poll.answered(answer) {
                PollStep::Succeeded(task) => {
                    if let Some(secret) = &task.secret_name {
                        self.inner.changes.notify(secret);
                    }
                    return Ok(*task);
                }
                PollStep::LookAgainAfter(pause) => std::thread::sleep(pause),
                PollStep::Stop(error) => return Err(error),
            }
        }
    }

    /// RotateSecret, then [`Client::wait_for_task`] on the task it started: answers the task
    /// once the rotation succeeded. A rotation answered without a task (a `COMMON` secret,
    /// rotated at once) answers `None`.
    ///
    /// RotateSecret is never resent: if its answer is lost the error is
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown), inside [`TaskWaitError::Api`] (look for the task with
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
