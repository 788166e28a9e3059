//! Waiting for a rotation task, awaited: [`Client::wait_for_task`] and
//! [`Client::rotate_and_wait`]. The types and the poll's decisions are the engine's, shared
//! with the blocking client.

use secretmanager_core::huawei::{RotateSecret, SecretTask};
use secretmanager_engine::huawei::tasks::{PollStep, TaskPoll, TaskWait, TaskWaitError};

use super::Client;

impl Client {
    /// Waits until rotation task `task_id` (the `rotation_task_id` of RotateSecret) ends,
    /// looking it up with ListSecretTask as `wait` says (sleeping on tokio's timer between
    /// looks); answers the task once it is `SUCCESS`, as the blocking client's
    /// `wait_for_task` does. Dropping the future stops the wait; the task goes on in CSMS.
    pub async fn wait_for_task(&self, task_id: &str, wait: TaskWait) -> Result<SecretTask, TaskWaitError> {
        let mut poll = TaskPoll::new(task_id, wait);
        loop {
            let answer = self.list_secret_task(&poll.lookup()).await;
            match poll.answered(answer) {
                PollStep::Succeeded(task) => {
                    if let Some(secret) = &task.secret_name {
                        self.notify_change(secret);
                    }
                    return Ok(*task);
                }
                PollStep::LookAgainAfter(pause) => tokio::time::sleep(pause).await,
                PollStep::Stop(error) => return Err(error),
            }
        }
    }

    /// RotateSecret, then [`Client::wait_for_task`] on the task it started: answers the task
    /// once the rotation succeeded; `None` for a rotation answered without a task (a `COMMON`
    /// secret). RotateSecret is never resent.
    pub async fn rotate_and_wait(
        &self,
        secret_name: &str,
        wait: TaskWait,
    ) -> Result<Option<SecretTask>, TaskWaitError> {
        let rotated =
            self.rotate_secret(&RotateSecret::new(secret_name)).await.map_err(TaskWaitError::Api)?;
        match rotated.rotation_task_id {
            Some(task_id) => self.wait_for_task(&task_id, wait).await.map(Some),
            None => Ok(None),
        }
    }
}
