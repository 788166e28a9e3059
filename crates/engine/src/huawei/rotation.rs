//! What the COMMON-secret rotation helpers of both Huawei clients (blocking and async) share:
//! how the next value is produced, the rotation asked for, what the apply function is given,
//! the outcome and the error, and the decisions between the calls. Only the calls differ
//! between the clients.

use std::fmt;

use secretmanager_core::SecretString;
use secretmanager_core::huawei::{
    CreateSecretVersion, DeleteSecretStage, GenerateRandomPassword, SecretVersion, ShowSecretStage,
    StageName, UpdateSecretStage,
};

use crate::error::Error;

pub use crate::ncp::rotation::BoxError;

/// A caller's function producing the next value from the current version (the blocking
/// helper's).
pub type ProduceValue<'a> = Box<dyn FnOnce(&SecretVersion) -> Result<SecretString, BoxError> + 'a>;

/// A caller's function producing the next value that may move between threads (the async
/// helper's, whose future holds it across awaits and must stay `Send`).
pub type SendProduceValue<'a> = Box<dyn FnOnce(&SecretVersion) -> Result<SecretString, BoxError> + Send + 'a>;

/// The stage the new version waits under until it is promoted, unless
/// [`CommonRotation::pending_stage`] names another.
pub const DEFAULT_PENDING_STAGE: &str = "PENDING";

/// How the next value is produced; `P` is the caller's function of [`ValueSource::Custom`].
/// Named through [`NextValue`] (blocking) and [`SendNextValue`] (async).
pub enum ValueSource<P> {
    /// **GenerateRandomPassword** with these options draws it (the whole value is the
    /// password).
    Random(GenerateRandomPassword),
    /// The caller's function builds it from the current version (for example a JSON object
    /// with one key replaced).
    Custom(P),
}

/// How the blocking rotation helper produces the next value.
pub type NextValue<'a> = ValueSource<ProduceValue<'a>>;

/// How the async rotation helper produces the next value: its custom function is `Send`.
pub type SendNextValue<'a> = ValueSource<SendProduceValue<'a>>;

impl<P> ValueSource<P> {
    /// [`ValueSource::Random`] with CSMS's default password options.
    pub fn random() -> Self {
        ValueSource::Random(GenerateRandomPassword::new())
    }
}

impl<'a> NextValue<'a> {
    /// [`ValueSource::Custom`] from a function.
    pub fn custom(produce: impl FnOnce(&SecretVersion) -> Result<SecretString, BoxError> + 'a) -> Self {
        ValueSource::Custom(Box::new(produce))
    }
}

impl<'a> SendNextValue<'a> {
    /// [`ValueSource::Custom`] from a function that may move between threads.
    pub fn custom(
        produce: impl FnOnce(&SecretVersion) -> Result<SecretString, BoxError> + Send + 'a,
    ) -> Self {
        ValueSource::Custom(Box::new(produce))
    }
}

impl<P> fmt::Debug for ValueSource<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueSource::Random(options) => f.debug_tuple("Random").field(options).finish(),
            ValueSource::Custom(_) => f.write_str("Custom(..)"),
        }
    }
}

/// One rotation of a `COMMON` secret: which secret, how its next value is made, and the stage
/// the new version waits under. `P` is the caller's function of [`ValueSource::Custom`]; the
/// clients name this type with theirs (`CommonRotation<'a>`).
///
/// ```
/// use secretmanager_engine::huawei::rotation::{CommonRotation, NextValue};
///
/// let rotation = CommonRotation::new("db-password", NextValue::random()).pending_stage("ROTATING");
/// assert_eq!(rotation.pending_stage_name(), "ROTATING");
/// ```
#[derive(Debug)]
pub struct CommonRotation<P> {
    secret_name: String,
    next: ValueSource<P>,
    pending_stage: String,
}

impl<P> CommonRotation<P> {
    /// Rotates `secret_name` to a value made as `next` says, under [`DEFAULT_PENDING_STAGE`].
    pub fn new(secret_name: impl Into<String>, next: ValueSource<P>) -> Self {
        Self { secret_name: secret_name.into(), next, pending_stage: DEFAULT_PENDING_STAGE.to_owned() }
    }

    /// The new version waits under `stage` (a custom stage: not `SYSCURRENT` or
    /// `SYSPREVIOUS`) until it is promoted.
    pub fn pending_stage(mut self, stage: impl Into<String>) -> Self {
        self.pending_stage = stage.into();
        self
    }

    /// The stage the new version waits under.
    pub fn pending_stage_name(&self) -> &str {
        &self.pending_stage
    }

    /// The plan a client follows, and how the next value is made.
    pub fn into_plan(self) -> (RotationPlan, ValueSource<P>) {
        let CommonRotation { secret_name, next, pending_stage } = self;
        (RotationPlan { secret_name, pending_stage }, next)
    }
}

/// The operations of a rotation, in the order a client sends them, and the decisions between
/// them: what both clients' `rotate_common` share.
#[derive(Debug)]
pub struct RotationPlan {
    secret_name: String,
    pending_stage: String,
}

impl RotationPlan {
    /// The secret.
    pub fn secret_name(&self) -> &str {
        &self.secret_name
    }

    /// Step 1: the version `SYSCURRENT` points at (then **ShowSecretVersion** of its id).
    pub fn show_current_stage(&self) -> ShowSecretStage {
        ShowSecretStage::new(self.secret_name.as_str(), StageName::SysCurrent)
    }

    /// Step 3: the new version, stored under the pending stage only.
    pub fn create_version(&self, value: &SecretString) -> CreateSecretVersion {
        CreateSecretVersion::new(self.secret_name.as_str())
            .secret_string(value.clone())
            .version_stages([self.pending_stage.as_str()])
    }

    /// After a failed apply, and last in the tidying: removing the pending stage.
    pub fn delete_pending_stage(&self) -> DeleteSecretStage {
        DeleteSecretStage::new(self.secret_name.as_str(), self.pending_stage.as_str())
    }

    /// Step 5: `SYSCURRENT` moved to the new version.
    pub fn promote(&self, version_id: &str) -> UpdateSecretStage {
        UpdateSecretStage::new(self.secret_name.as_str(), StageName::SysCurrent, version_id)
    }

    /// The tidying's first look: where `SYSPREVIOUS` points after promotion.
    pub fn show_previous_stage(&self) -> ShowSecretStage {
        ShowSecretStage::new(self.secret_name.as_str(), StageName::SysPrevious)
    }

    /// `SYSPREVIOUS` moved to `previous_version_id`, unless `shown_previous` (the version
    /// [`RotationPlan::show_previous_stage`] answered, `None` when it failed) is already that
    /// one: CSMS may leave the former version without a stage, to be deleted.
    pub fn move_previous(
        &self,
        shown_previous: Option<&str>,
        previous_version_id: &str,
    ) -> Option<UpdateSecretStage> {
        (shown_previous != Some(previous_version_id)).then(|| {
            UpdateSecretStage::new(self.secret_name.as_str(), StageName::SysPrevious, previous_version_id)
        })
    }
}

/// What the apply function is given: the current version and the new one, already stored
/// under the pending stage.
#[derive(Debug)]
pub struct PendingVersion<'a> {
    /// The secret.
    pub secret_name: &'a str,
    /// The version `SYSCURRENT` pointed at when the rotation began, with its value: still
    /// the value in use until the new one is promoted.
    pub current: &'a SecretVersion,
    /// The new version's id.
    pub version_id: &'a str,
    /// The new value.
    pub value: &'a SecretString,
}

/// A rotation that completed: `SYSCURRENT` is on the new version.
#[derive(Debug)]
#[non_exhaustive]
pub struct CommonRotationOutcome {
    /// The version that was current before (now `SYSPREVIOUS`).
    pub previous_version_id: String,
    /// The version that became `SYSCURRENT`.
    pub version_id: String,
    /// Its value.
    pub value: SecretString,
    /// The tidying after promotion, which never fails a rotation that happened: removing the
    /// pending stage and making sure `SYSPREVIOUS` is on the former version. `Ok` when both
    /// were done, else the first error met.
    pub tidy: Result<(), Error>,
}

impl CommonRotationOutcome {
    /// The outcome of a rotation that made `version_id` (holding `value`) current in place of
    /// `previous_version_id`, tidied as `tidy` says.
    pub fn new(
        previous_version_id: String,
        version_id: String,
        value: SecretString,
        tidy: Result<(), Error>,
    ) -> Self {
        Self { previous_version_id, version_id, value, tidy }
    }
}

/// The steps of a rotation, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommonRotationStep {
    /// Reading the version `SYSCURRENT` points at (ShowSecretStage, ShowSecretVersion).
    ReadCurrent,
    /// Producing the next value (GenerateRandomPassword or the caller's function).
    Produce,
    /// Storing it as a new version under the pending stage (CreateSecretVersion).
    CreateVersion,
    /// The caller applying and testing the new value on the target system.
    Apply,
    /// Moving `SYSCURRENT` to the new version (UpdateSecretStage).
    Promote,
}

impl fmt::Display for CommonRotationStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CommonRotationStep::ReadCurrent => "reading the current version",
            CommonRotationStep::Produce => "producing the next value",
            CommonRotationStep::CreateVersion => "creating the new version",
            CommonRotationStep::Apply => "applying the new value to the target system",
            CommonRotationStep::Promote => "making the new version current",
        })
    }
}

/// Why a step failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum CommonRotationCause<E> {
    /// A call to CSMS failed.
    Api(Error),
    /// The caller's function producing the value failed.
    Produce(BoxError),
    /// The caller's apply function failed.
    Apply(E),
}

/// A rotation that did not complete. `SYSCURRENT` still points at the version it pointed at
/// before, unless [`CommonRotationError::step`] is [`CommonRotationStep::Promote`] and the
/// outcome of that call is unknown.
#[derive(Debug)]
#[non_exhaustive]
pub struct CommonRotationError<E> {
    /// The step that failed.
    pub step: CommonRotationStep,
    /// What went wrong.
    pub cause: CommonRotationCause<E>,
    /// The new version, when it was created (it keeps the pending stage if promotion failed,
    /// so that promotion can be tried again; see [`CommonRotationError::cleanup`]).
    pub version_id: Option<String>,
    /// Removing the pending stage after a failed apply: `Some(Ok(()))` when it was removed,
    /// `Some(Err(_))` with the error it met, `None` when it was not tried (nothing was
    /// created, or the failure came at promotion, after the target system took the new
    /// value: the pending stage then keeps the new version findable).
    pub cleanup: Option<Result<(), Error>>,
}

impl<E> CommonRotationError<E> {
    /// A failure at `step`, before any version was created: nothing was changed.
    pub fn before_creation(step: CommonRotationStep, cause: CommonRotationCause<E>) -> Self {
        Self { step, cause, version_id: None, cleanup: None }
    }

    /// The caller's apply function failed with `error` after `version_id` was created; the
    /// pending stage was then removed, or not, as `cleanup` says.
    pub fn apply_failed(error: E, version_id: String, cleanup: Result<(), Error>) -> Self {
        Self {
            step: CommonRotationStep::Apply,
            cause: CommonRotationCause::Apply(error),
            version_id: Some(version_id),
            cleanup: Some(cleanup),
        }
    }

    /// Promoting `version_id` failed with `error`: it keeps the pending stage.
    pub fn promotion_failed(error: Error, version_id: String) -> Self {
        Self {
            step: CommonRotationStep::Promote,
            cause: CommonRotationCause::Api(error),
            version_id: Some(version_id),
            cleanup: None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for CommonRotationError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rotation failed while {}: ", self.step)?;
        match &self.cause {
            CommonRotationCause::Api(e) => write!(f, "{e}")?,
            CommonRotationCause::Produce(e) => write!(f, "{e}")?,
            CommonRotationCause::Apply(e) => write!(f, "{e}")?,
        }
        match (&self.cleanup, &self.version_id) {
            (Some(Ok(())), _) => f.write_str(" (the pending stage was removed; SYSCURRENT is unchanged)"),
            (Some(Err(e)), _) => write!(f, " (removing the pending stage failed too: {e})"),
            (None, Some(version)) => write!(f, " (the new version {version} keeps the pending stage)"),
            (None, None) => f.write_str(" (nothing was changed)"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for CommonRotationError<E> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> RotationPlan {
        CommonRotation::new("db", NextValue::random()).pending_stage("STAGED").into_plan().0
    }

    #[test]
    fn sysprevious_is_moved_only_when_it_is_not_already_on_the_former_version() {
        let plan = plan();
        assert!(plan.move_previous(Some("v1"), "v1").is_none());
        let moved = plan.move_previous(Some("v0"), "v1").expect("moved");
        assert_eq!((moved.stage_name.as_str(), moved.version_id.as_str()), ("SYSPREVIOUS", "v1"));
        assert!(plan.move_previous(None, "v1").is_some(), "an unreadable stage is set again");
    }

    #[test]
    fn the_new_version_is_created_under_the_pending_stage_only() {
        let op = plan().create_version(&SecretString::from("next"));
        let body = serde_json::to_value(&op).unwrap();
        assert_eq!(body["version_stages"], serde_json::json!(["STAGED"]));
    }

    #[test]
    fn errors_say_what_was_left_behind_and_never_the_value() {
        let err =
            CommonRotationError::<std::io::Error>::promotion_failed(Error::Config("x".into()), "v2".into());
        assert!(err.to_string().contains("the new version v2 keeps the pending stage"), "{err}");
        let err = CommonRotationError::apply_failed(std::io::Error::other("refused"), "v2".into(), Ok(()));
        assert!(err.to_string().contains("SYSCURRENT is unchanged"), "{err}");
        let err = CommonRotationError::<std::io::Error>::before_creation(
            CommonRotationStep::ReadCurrent,
            CommonRotationCause::Produce("no".into()),
        );
        assert!(err.to_string().ends_with("(nothing was changed)"), "{err}");
    }
}
