//! The rotation-function helper: runs one NCP rotation job from start to completion, and
//! reports it failed when any step fails.

use std::fmt;

use secretmanager_core::SecretString;
use secretmanager_core::ncp::{
    AddPendingStage, CompleteRotationJob, FailRotationJob, GenerateRandomSecret, SecretValueChain,
    StartRotationJob, UpdatePendingStage,
};

use super::Client;
use crate::error::Error;

/// An error from the caller's code, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A caller's function producing PENDING from the current chain.
pub type ProducePending<'a> = Box<dyn FnOnce(&SecretValueChain) -> Result<SecretString, BoxError> + 'a>;

/// How the new PENDING value is produced.
pub enum PendingValue<'a> {
    /// NCP draws it (**Add Pending Stage**): random values for the rotation-target keys.
    Random,
    /// For each rotation-target key, **Generate Random Secret** with these options draws a
    /// value, which replaces that key in a copy of ACTIVE; **Update Pending Stage** stores the
    /// result. The secret id and job token of the given operation are replaced by the job's.
    Generate(GenerateRandomSecret),
    /// The caller's function builds it from the current chain (a JSON object text);
    /// **Update Pending Stage** stores it.
    Custom(ProducePending<'a>),
}

impl<'a> PendingValue<'a> {
    /// [`PendingValue::Generate`] with the default options (12 characters of every type).
    pub fn generate() -> Self {
        PendingValue::Generate(GenerateRandomSecret::new("", ""))
    }

    /// [`PendingValue::Custom`] from a function.
    pub fn custom(produce: impl FnOnce(&SecretValueChain) -> Result<SecretString, BoxError> + 'a) -> Self {
        PendingValue::Custom(Box::new(produce))
    }
}

impl fmt::Debug for PendingValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PendingValue::Random => f.write_str("Random"),
            PendingValue::Generate(op) => f.debug_tuple("Generate").field(op).finish(),
            PendingValue::Custom(_) => f.write_str("Custom(..)"),
        }
    }
}

/// What the apply function is given: the job, the chain before rotation, and the new value.
#[derive(Debug)]
pub struct PendingRotation<'a> {
    /// The secret id.
    pub secret_id: &'a str,
    /// The job token.
    pub job_token: &'a str,
    /// The chain Start Rotation Job answered (ACTIVE is the value in use until completion).
    pub current: &'a SecretValueChain,
    /// The new value (a JSON object text), already stored as PENDING.
    pub pending: &'a SecretString,
}

/// A rotation job that completed.
#[derive(Debug)]
#[non_exhaustive]
pub struct RotationOutcome {
    /// The chain before rotation, as Start Rotation Job answered it.
    pub previous_chain: SecretValueChain,
    /// The value that became ACTIVE.
    pub new_value: SecretString,
}

/// The steps of a rotation job, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RotationStep {
    /// Start Rotation Job.
    Start,
    /// Producing PENDING (Add Pending Stage, Generate Random Secret + Update Pending Stage, or
    /// the caller's function + Update Pending Stage).
    Pending,
    /// The caller applying PENDING to the target system.
    Apply,
    /// Complete Rotation Job.
    Complete,
}

impl fmt::Display for RotationStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RotationStep::Start => "starting the job",
            RotationStep::Pending => "producing the PENDING value",
            RotationStep::Apply => "applying the new value to the target system",
            RotationStep::Complete => "completing the job",
        })
    }
}

/// Why a step failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum RotationCause<E> {
    /// A call to NCP failed.
    Api(Error),
    /// The caller's function producing PENDING failed.
    Produce(BoxError),
    /// The current value or the rotation targets did not allow generating PENDING.
    Unusable(&'static str),
    /// The caller's apply function failed.
    Apply(E),
}

/// A rotation job that did not complete: the failed step, its cause, and whether NCP was told
/// with Fail Rotation Job.
#[derive(Debug)]
#[non_exhaustive]
pub struct RotationError<E> {
    /// The step that failed.
    pub step: RotationStep,
    /// What went wrong.
    pub cause: RotationCause<E>,
    /// `Some(Ok(()))` when Fail Rotation Job was accepted, `Some(Err(_))` with the error it
    /// met, `None` when it was not sent: the outcome of Complete Rotation Job was unknown
    /// ([`Error::OutcomeUnknown`]), and failing a job that may have completed would leave the
    /// secret and the target system out of step.
    pub fail_report: Option<Result<(), Error>>,
}

impl<E> RotationError<E> {
    /// Whether NCP accepted Fail Rotation Job.
    pub fn fail_reported(&self) -> bool {
        matches!(self.fail_report, Some(Ok(())))
    }
}

impl<E: fmt::Display> fmt::Display for RotationError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rotation failed while {}: ", self.step)?;
        match &self.cause {
            RotationCause::Api(e) => write!(f, "{e}")?,
            RotationCause::Produce(e) => write!(f, "{e}")?,
            RotationCause::Unusable(why) => f.write_str(why)?,
            RotationCause::Apply(e) => write!(f, "{e}")?,
        }
        match &self.fail_report {
            Some(Ok(())) => f.write_str(" (the job was reported failed)"),
            Some(Err(e)) => write!(f, " (reporting the job failed did not succeed either: {e})"),
            None => f.write_str(" (the job may have completed: it was not reported failed)"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for RotationError<E> {}

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
    /// [`Error::OutcomeUnknown`] and Fail Rotation Job is not sent.
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
        let fail = |step, cause| RotationError {
            step,
            cause,
            fail_report: Some(self.fail_rotation_job(&FailRotationJob::new(secret_id, job_token))),
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
                RotationError {
                    step: RotationStep::Complete,
                    cause: RotationCause::Api(e),
                    fail_report: None,
                }
            } else {
                fail(RotationStep::Complete, RotationCause::Api(e))
            }
        })?;
        Ok(RotationOutcome { previous_chain: chain, new_value })
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
        if chain.rotation_targets.is_empty() {
            return Err(RotationCause::Unusable("the secret has no rotation targets"));
        }
        // The working copy holds secrets (ACTIVE's values, the drawn strings): it is wiped
        // when dropped, on every path.
        let mut object = WipedOnDrop(match &chain.chain.active {
            Some(active) => serde_json::from_str::<serde_json::Value>(active.expose())
                .map_err(|_| RotationCause::Unusable("the ACTIVE value is not a JSON object"))?,
            None => serde_json::Value::Object(serde_json::Map::new()),
        });
        let Some(map) = object.0.as_object_mut() else {
            return Err(RotationCause::Unusable("the ACTIVE value is not a JSON object"));
        };
        for target in &chain.rotation_targets {
            let random = self.generate_random_secret(options).map_err(RotationCause::Api)?;
            let drawn = serde_json::Value::String(random.random_string.expose().to_owned());
            if let Some(mut replaced) = map.insert(target.clone(), drawn) {
                secretmanager_core::secret::zeroize_json(&mut replaced);
            }
        }
        let text = serde_json::to_string(&object.0)
            .map_err(|_| RotationCause::Unusable("the new value could not be written as JSON"))?;
        Ok(SecretString::from(text))
    }
}

/// A JSON value whose strings (at any depth) are zeroed when it is dropped.
struct WipedOnDrop(serde_json::Value);

impl Drop for WipedOnDrop {
    fn drop(&mut self) {
        secretmanager_core::secret::zeroize_json(&mut self.0);
    }
}
