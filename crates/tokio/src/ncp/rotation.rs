//! The rotation-function helper, awaitable: one NCP rotation job from start to completion,
//! reported failed when any step fails. The steps, types and decisions are the blocking
//! helper's (the types and the generated value's composition come from the engine).

use secretmanager_core::SecretString;
use secretmanager_core::ncp::{
    AddPendingStage, CompleteRotationJob, FailRotationJob, GenerateRandomSecret, SecretValueChain,
    StartRotationJob, UpdatePendingStage,
};
use secretmanager_engine::ncp::rotation::{
    PendingRotation, RotationCause, RotationError, RotationOutcome, RotationStep,
    SendPendingValue as PendingValue, check_generatable, with_targets_replaced,
};

use super::Client;

impl Client {
    /// Runs rotation job `job_token` of `secret_id`, as a rotation function does: **Start
    /// Rotation Job**, PENDING as `pending` says, `apply` (awaited) with the new value, then
    /// **Complete Rotation Job**. If any step fails, **Fail Rotation Job** is sent (best
    /// effort) and the error says which step failed, why, and whether the failure was
    /// reported. A lost answer to Complete Rotation Job is settled from the secret's log; when
    /// nothing can tell, the cause is [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown)
    /// and the job is not reported failed.
    ///
    /// Cancelling the returned future part way leaves the job where it stood: NCP ends a job
    /// nobody completes.
    ///
    /// ```no_run
    /// use secretmanager_tokio::ncp::{Client, PendingValue};
    ///
    /// # async fn run() -> Result<(), secretmanager_tokio::Error> {
    /// let client = Client::builder().build()?;
    /// let outcome = client
    ///     .rotate("secret-id", "job-token", PendingValue::Random, async |rotation| {
    ///         let _new = rotation.pending.expose(); // set it on the database
    ///         Ok::<(), std::io::Error>(())
    ///     })
    ///     .await;
    /// # let _ = outcome;
    /// # Ok(())
    /// # }
    /// ```
    #[allow(
        clippy::result_large_err,
        reason = "a rotation is several round trips; the error is rare and rich"
    )]
    pub async fn rotate<E>(
        &self,
        secret_id: &str,
        job_token: &str,
        pending: PendingValue<'_>,
        apply: impl AsyncFnOnce(&PendingRotation<'_>) -> Result<(), E>,
    ) -> Result<RotationOutcome, RotationError<E>> {
        let chain = match self.start_rotation_job(&StartRotationJob::new(secret_id, job_token)).await {
            Ok(chain) => chain,
            Err(e) => {
                return Err(self
                    .failed(secret_id, job_token, RotationStep::Start, RotationCause::Api(e))
                    .await);
            }
        };
        let new_value = match self.produce_pending(secret_id, job_token, &chain, pending).await {
            Ok(value) => value,
            Err(cause) => return Err(self.failed(secret_id, job_token, RotationStep::Pending, cause).await),
        };
        let context = PendingRotation { secret_id, job_token, current: &chain, pending: &new_value };
        if let Err(e) = apply(&context).await {
            return Err(self
                .failed(secret_id, job_token, RotationStep::Apply, RotationCause::Apply(e))
                .await);
        }
        if let Err(e) = self.complete_rotation_job(&CompleteRotationJob::new(secret_id, job_token)).await {
            if e.is_outcome_unknown() {
                return Err(RotationError::new(RotationStep::Complete, RotationCause::Api(e), None));
            }
            return Err(self
                .failed(secret_id, job_token, RotationStep::Complete, RotationCause::Api(e))
                .await);
        }
        Ok(RotationOutcome::new(chain, new_value))
    }

    /// The error of a rotation that failed at `step`, after telling NCP with Fail Rotation Job.
    async fn failed<E>(
        &self,
        secret_id: &str,
        job_token: &str,
        step: RotationStep,
        cause: RotationCause<E>,
    ) -> RotationError<E> {
        let report = self.fail_rotation_job(&FailRotationJob::new(secret_id, job_token)).await;
        RotationError::new(step, cause, Some(report))
    }

    async fn produce_pending<E>(
        &self,
        secret_id: &str,
        job_token: &str,
        chain: &SecretValueChain,
        pending: PendingValue<'_>,
    ) -> Result<SecretString, RotationCause<E>> {
        let value = match pending {
            PendingValue::Random => {
                return self
                    .add_pending_stage(&AddPendingStage::new(secret_id, job_token))
                    .await
                    .map(|stage| stage.pending)
                    .map_err(RotationCause::Api);
            }
            PendingValue::Generate(mut options) => {
                options.secret_id = secret_id.to_owned();
                options.job_token = job_token.to_owned();
                self.generated_value(chain, &options).await?
            }
            PendingValue::Custom(produce) => produce(chain).map_err(RotationCause::Produce)?,
        };
        self.update_pending_stage(&UpdatePendingStage::new(secret_id, job_token, value.clone()))
            .await
            .map_err(RotationCause::Api)?;
        Ok(value)
    }

    /// A copy of ACTIVE with each rotation target replaced by a generated random string.
    async fn generated_value<E>(
        &self,
        chain: &SecretValueChain,
        options: &GenerateRandomSecret,
    ) -> Result<SecretString, RotationCause<E>> {
        check_generatable(chain).map_err(RotationCause::Unusable)?;
        let mut drawn = Vec::with_capacity(chain.rotation_targets.len());
        for _ in &chain.rotation_targets {
            drawn.push(self.generate_random_secret(options).await.map_err(RotationCause::Api)?.random_string);
        }
        with_targets_replaced(chain, drawn).map_err(RotationCause::Unusable)
    }
}
