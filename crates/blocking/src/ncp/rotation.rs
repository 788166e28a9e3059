//! The rotation-function helper: runs one NCP rotation job from start to completion, and
//! reports it failed when any step fails. The types and the composition of a generated value
//! are the engine's, shared with the async client.

use secretmanager_core::SecretString;
use secretmanager_core::ncp::{
    AddPendingStage, CompleteRotationJob, FailRotationJob, GenerateRandomSecret, SecretValueChain,
    StartRotationJob, UpdatePendingStage,
};
pub use secretmanager_engine::ncp::rotation::{
    BoxError, PendingRotation, PendingSource, PendingValue, ProducePending, RotationCause, RotationError,
    RotationOutcome, RotationStep,
};
use secretmanager_engine::ncp::rotation::{check_generatable, with_targets_replaced};

use super::Client;

impl Client {
    /// Runs rotation job `job_token` of `secret_id`, as a rotation function does:
    ///
    /// 1. **Start Rotation Job** (the secret becomes `ROTATING`, the current chain comes back);
    /// 2. produces PENDING as `pending` says;
    /// 3. calls `apply` with the new value, to set it on the target system (a database
    ///    password, an API key...);
    /// 4. **Complete Rotation Job** (PENDING becomes ACTIVE).
    ///
    /// If any step fails, **Fail Rotation Job** is sent (best effort) and the error says which
    /// step failed, why, and whether the failure was reported. Values stay [`SecretString`]s.
    ///
    /// A lost answer to Complete Rotation Job is settled from the secret's log: when the job
    /// completed, the rotation succeeds. When nothing can tell, the error's cause is
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) and Fail Rotation Job is not sent.
    ///
    /// ```no_run
    /// use secretmanager_blocking::ncp::{Client, PendingValue};
    ///
    /// let client = Client::builder().build()?;
    /// let outcome = client.rotate("secret-id", "job-token", PendingValue::Random, |rotation| {
    ///     // Set rotation.pending.expose() on the target system here.
    ///     let _new = rotation.pending;
    ///     Ok::<(), std::io::Error>(())
    /// });
    /// match outcome {
    ///     Ok(done) => assert!(!done.new_value.is_empty()),
    ///     Err(failed) => eprintln!("{failed}"),
    /// }
    /// # Ok::<(), secretmanager_blocking::Error>(())
    /// ```
    #[allow(
        clippy::result_large_err,
        reason = "a rotation is several round trips; the error is rare and rich"
    )]
    pub fn rotate<E>(
        &self,
        secret_id: &str,
        job_token: &str,
        pending: PendingValue<'_>,
        apply: impl FnOnce(&PendingRotation<'_>) -> Result<(), E>,
    ) -> Result<RotationOutcome, RotationError<E>> {
        let fail = |step, cause| {
            let report = self.fail_rotation_job(&FailRotationJob::new(secret_id, job_token));
            RotationError::new(step, cause, Some(report))
        };
        let chain = self
            .start_rotation_job(&StartRotationJob::new(secret_id, job_token))
            .map_err(|e| fail(RotationStep::Start, RotationCause::Api(e)))?;
        let new_value = self
            .produce_pending(secret_id, job_token, &chain, pending)
            .map_err(|cause| fail(RotationStep::Pending, cause))?;
        let context = PendingRotation { secret_id, job_token, current: &chain, pending: &new_value };
        apply(&context).map_err(|e| fail(RotationStep::Apply, RotationCause::Apply(e)))?;
        self.complete_rotation_job(&CompleteRotationJob::new(secret_id, job_token)).map_err(|e| {
            if e.is_outcome_unknown() {
                RotationError::new(RotationStep::Complete, RotationCause::Api(e), None)
            } else {
                fail(RotationStep::Complete, RotationCause::Api(e))
            }
        })?;
        Ok(RotationOutcome::new(chain, new_value))
    }

    fn produce_pending<E>(
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
                    .map(|stage| stage.pending)
                    .map_err(RotationCause::Api);
            }
            PendingValue::Generate(mut options) => {
                options.secret_id = secret_id.to_owned();
                options.job_token = job_token.to_owned();
                self.generated_value(chain, &options)?
            }
            PendingValue::Custom(produce) => produce(chain).map_err(RotationCause::Produce)?,
        };
        self.update_pending_stage(&UpdatePendingStage::new(secret_id, job_token, value.clone()))
            .map_err(RotationCause::Api)?;
        Ok(value)
    }

    /// A copy of ACTIVE with each rotation target replaced by a generated random string.
    fn generated_value<E>(
        &self,
        chain: &SecretValueChain,
        options: &GenerateRandomSecret,
    ) -> Result<SecretString, RotationCause<E>> {
        check_generatable(chain).map_err(RotationCause::Unusable)?;
        let mut drawn = Vec::with_capacity(chain.rotation_targets.len());
        for _ in &chain.rotation_targets {
            drawn.push(self.generate_random_secret(options).map_err(RotationCause::Api)?.random_string);
        }
        with_targets_replaced(chain, drawn).map_err(RotationCause::Unusable)
    }
}
