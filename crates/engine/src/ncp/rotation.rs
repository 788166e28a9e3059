//! What the rotation helpers of both NCP clients (blocking and async) share: how PENDING is
//! produced, what the apply function is given, the outcome and the error of a rotation, and
//! the composition of a generated value. Only the calls differ between the clients.

use std::fmt;

use secretmanager_core::SecretString;
use secretmanager_core::ncp::{GenerateRandomSecret, SecretValueChain};

use crate::error::Error;

/// An error from the caller's code, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A caller's function producing PENDING from the current chain (the blocking helper's).
pub type ProducePending<'a> = Box<dyn FnOnce(&SecretValueChain) -> Result<SecretString, BoxError> + 'a>;

/// A caller's function producing PENDING from the current chain that may move between
/// threads (the async helper's, whose future holds it across awaits and must stay `Send`).
pub type SendProducePending<'a> =
    Box<dyn FnOnce(&SecretValueChain) -> Result<SecretString, BoxError> + Send + 'a>;

/// How the new PENDING value is produced; `P` is the caller's function of
/// [`PendingSource::Custom`]. Named through [`PendingValue`] (blocking) and
/// [`SendPendingValue`] (async).
pub enum PendingSource<P> {
    /// NCP draws it (**Add Pending Stage**): random values for the rotation-target keys.
    Random,
    /// For each rotation-target key, **Generate Random Secret** with these options draws a
    /// value, which replaces that key in a copy of ACTIVE; **Update Pending Stage** stores the
    /// result. The secret id and job token of the given operation are replaced by the job's.
    Generate(GenerateRandomSecret),
    /// The caller's function builds it from the current chain (a JSON object text);
    /// **Update Pending Stage** stores it.
    Custom(P),
}

/// How the blocking rotation helper produces PENDING.
pub type PendingValue<'a> = PendingSource<ProducePending<'a>>;

/// How the async rotation helper produces PENDING: its custom function is `Send`.
pub type SendPendingValue<'a> = PendingSource<SendProducePending<'a>>;

impl<P> PendingSource<P> {
    /// [`PendingSource::Generate`] with the default options (12 characters of every type).
    pub fn generate() -> Self {
        PendingSource::Generate(GenerateRandomSecret::new("", ""))
    }
}

impl<'a> PendingValue<'a> {
    /// [`PendingSource::Custom`] from a function.
    pub fn custom(produce: impl FnOnce(&SecretValueChain) -> Result<SecretString, BoxError> + 'a) -> Self {
        PendingSource::Custom(Box::new(produce))
    }
}

impl<'a> SendPendingValue<'a> {
    /// [`PendingSource::Custom`] from a function that may move between threads.
    pub fn custom(
        produce: impl FnOnce(&SecretValueChain) -> Result<SecretString, BoxError> + Send + 'a,
    ) -> Self {
        PendingSource::Custom(Box::new(produce))
    }
}

impl<P> fmt::Debug for PendingSource<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PendingSource::Random => f.write_str("Random"),
            PendingSource::Generate(op) => f.debug_tuple("Generate").field(op).finish(),
            PendingSource::Custom(_) => f.write_str("Custom(..)"),
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

impl RotationOutcome {
    /// The outcome of a job that started from `previous_chain` and made `new_value` ACTIVE.
    pub fn new(previous_chain: SecretValueChain, new_value: SecretString) -> Self {
        Self { previous_chain, new_value }
    }
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
    /// A rotation that failed at `step` for `cause`, with the outcome of Fail Rotation Job
    /// (`None`: not sent).
    pub fn new(step: RotationStep, cause: RotationCause<E>, fail_report: Option<Result<(), Error>>) -> Self {
        Self { step, cause, fail_report }
    }

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

/// Why a generated PENDING cannot be made from `chain`: no rotation target, or an ACTIVE
/// value that is not a JSON object. Checked before any value is drawn.
pub fn check_generatable(chain: &SecretValueChain) -> Result<(), &'static str> {
    if chain.rotation_targets.is_empty() {
        return Err("the secret has no rotation targets");
    }
    active_object(chain).map(drop)
}

/// The new PENDING of [`PendingValue::Generate`]: a copy of ACTIVE with rotation target `i`
/// replaced by `drawn[i]` (one drawn value per target, in order). Every working copy (ACTIVE's
/// values, the drawn strings) is wiped when dropped.
pub fn with_targets_replaced(
    chain: &SecretValueChain,
    drawn: Vec<SecretString>,
) -> Result<SecretString, &'static str> {
    let mut object = active_object(chain)?;
    let Some(map) = object.0.as_object_mut() else {
        return Err("the ACTIVE value is not a JSON object");
    };
    for (target, random) in chain.rotation_targets.iter().zip(drawn) {
        let drawn = serde_json::Value::String(random.expose().to_owned());
        if let Some(mut replaced) = map.insert(target.clone(), drawn) {
            secretmanager_core::secret::zeroize_json(&mut replaced);
        }
    }
    let text = serde_json::to_string(&object.0).map_err(|_| "the new value could not be written as JSON")?;
    Ok(SecretString::from(text))
}

/// ACTIVE parsed as a JSON object (an empty one when there is no ACTIVE).
fn active_object(chain: &SecretValueChain) -> Result<WipedOnDrop, &'static str> {
    let object = WipedOnDrop(match &chain.chain.active {
        Some(active) => serde_json::from_str::<serde_json::Value>(active.expose())
            .map_err(|_| "the ACTIVE value is not a JSON object")?,
        None => serde_json::Value::Object(serde_json::Map::new()),
    });
    if object.0.is_object() { Ok(object) } else { Err("the ACTIVE value is not a JSON object") }
}

/// A JSON value whose strings (at any depth) are zeroed when it is dropped.
struct WipedOnDrop(serde_json::Value);

impl Drop for WipedOnDrop {
    fn drop(&mut self) {
        secretmanager_core::secret::zeroize_json(&mut self.0);
    }
}
