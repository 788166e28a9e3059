//! User-driven rotation of a `COMMON` secret: [`Client::rotate_common`], the flow NCP users get
//! from rotation jobs, built from versions and stages.

use std::fmt;

use secretmanager_core::SecretString;
use secretmanager_core::huawei::{
    CreateSecretVersion, DeleteSecretStage, GenerateRandomPassword, SecretVersion, ShowSecretStage,
    ShowSecretVersion, StageName, UpdateSecretStage,
};

use super::Client;
use crate::error::Error;

/// An error from the caller's code, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A caller's function producing the next value from the current version.
pub type ProduceValue<'a> = Box<dyn FnOnce(&SecretVersion) -> Result<SecretString, BoxError> + 'a>;

/// The stage the new version waits under until it is promoted, unless
/// [`CommonRotation::pending_stage`] names another.
pub const DEFAULT_PENDING_STAGE: &str = "PENDING";

/// How the next value is produced.
pub enum NextValue<'a> {
    /// **GenerateRandomPassword** with these options draws it (the whole value is the
    /// password).
    Random(GenerateRandomPassword),
    /// The caller's function builds it from the current version (for example a JSON object
    /// with one key replaced).
    Custom(ProduceValue<'a>),
}

impl<'a> NextValue<'a> {
    /// [`NextValue::Random`] with CSMS's default password options.
    pub fn random() -> Self {
        NextValue::Random(GenerateRandomPassword::new())
    }

    /// [`NextValue::Custom`] from a function.
    pub fn custom(produce: impl FnOnce(&SecretVersion) -> Result<SecretString, BoxError> + 'a) -> Self {
        NextValue::Custom(Box::new(produce))
    }
}

impl fmt::Debug for NextValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NextValue::Random(options) => f.debug_tuple("Random").field(options).finish(),
            NextValue::Custom(_) => f.write_str("Custom(..)"),
        }
    }
}

/// One rotation of a `COMMON` secret: which secret, how its next value is made, and the stage
/// the new version waits under.
///
/// ```
/// use secretmanager_blocking::huawei::{CommonRotation, NextValue};
///
/// let rotation = CommonRotation::new("db-password", NextValue::random()).pending_stage("ROTATING");
/// assert_eq!(rotation.pending_stage_name(), "ROTATING");
/// ```
#[derive(Debug)]
pub struct CommonRotation<'a> {
    secret_name: String,
    next: NextValue<'a>,
    pending_stage: String,
}

impl<'a> CommonRotation<'a> {
    /// Rotates `secret_name` to a value made as `next` says, under [`DEFAULT_PENDING_STAGE`].
    pub fn new(secret_name: impl Into<String>, next: NextValue<'a>) -> Self {
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

impl Client {
    /// Rotates a `COMMON` secret as the caller drives it, never losing the current value:
    ///
    /// 1. reads the version `SYSCURRENT` points at, with its value;
    /// 2. produces the next value as `rotation` says;
    /// 3. stores it as a new version under the pending stage only (`SYSCURRENT` does not
    ///    move: readers keep the current value);
    /// 4. calls `apply` with both, to set the new value on the target system and test it;
    /// 5. moves `SYSCURRENT` to the new version, then tidies up: `SYSPREVIOUS` on the former
    ///    version, the pending stage removed.
    ///
    /// If `apply` fails the pending stage is removed and `SYSCURRENT` never moved. A failure at
    /// promotion keeps the pending stage on the new version (the target system already has
    /// the new value): the error names the version, and promoting it again is
    /// `update_secret_stage(&UpdateSecretStage::new(name, StageName::SysCurrent, version_id))`.
    ///
    /// ```no_run
    /// use secretmanager_blocking::huawei::{Client, CommonRotation, NextValue};
    ///
    /// let client = Client::builder().region("cn-north-4").credentials_from_env().build()?;
    /// let rotation = CommonRotation::new("db-password", NextValue::random());
    /// let outcome = client.rotate_common(rotation, |pending| {
    ///     // Set pending.value.expose() on the database and log in with it here.
    ///     let _new = pending.value;
    ///     Ok::<(), std::io::Error>(())
    /// });
    /// match outcome {
    ///     Ok(done) => println!("now current: {}", done.version_id),
    ///     Err(failed) => eprintln!("{failed}"),
    /// }
    /// # Ok::<(), secretmanager_blocking::Error>(())
    /// ```
    #[allow(
        clippy::result_large_err,
        reason = "a rotation is several round trips; the error is rare and rich"
    )]
    pub fn rotate_common<E>(
        &self,
        rotation: CommonRotation<'_>,
        apply: impl FnOnce(&PendingVersion<'_>) -> Result<(), E>,
    ) -> Result<CommonRotationOutcome, CommonRotationError<E>> {
        let CommonRotation { secret_name, next, pending_stage } = rotation;
        let name = secret_name.as_str();
        let failed = |step, cause| CommonRotationError { step, cause, version_id: None, cleanup: None };
        let current = self
            .current_version(name)
            .map_err(|e| failed(CommonRotationStep::ReadCurrent, CommonRotationCause::Api(e)))?;
        let value = match next {
            NextValue::Random(options) => self
                .generate_random_password(&options)
                .map(|generated| generated.password)
                .map_err(|e| failed(CommonRotationStep::Produce, CommonRotationCause::Api(e)))?,
            NextValue::Custom(produce) => produce(&current)
                .map_err(|e| failed(CommonRotationStep::Produce, CommonRotationCause::Produce(e)))?,
        };
        let created = self
            .create_secret_version(
                &CreateSecretVersion::new(name)
                    .secret_string(value.clone())
                    .version_stages([pending_stage.as_str()]),
            )
            .map_err(|e| failed(CommonRotationStep::CreateVersion, CommonRotationCause::Api(e)))?;
        let version_id = created.version_metadata.id;
        let pending =
            PendingVersion { secret_name: name, current: &current, version_id: &version_id, value: &value };
        if let Err(e) = apply(&pending) {
            let cleanup = self.delete_secret_stage(&DeleteSecretStage::new(name, pending_stage.as_str()));
            return Err(CommonRotationError {
                step: CommonRotationStep::Apply,
                cause: CommonRotationCause::Apply(e),
                version_id: Some(version_id),
                cleanup: Some(cleanup),
            });
        }
        let previous_version_id = current.version_metadata.id.clone();
        if let Err(e) = self.update_secret_stage(&UpdateSecretStage::new(
            name,
            StageName::SysCurrent,
            version_id.as_str(),
        )) {
            return Err(CommonRotationError {
                step: CommonRotationStep::Promote,
                cause: CommonRotationCause::Api(e),
                version_id: Some(version_id),
                cleanup: None,
            });
        }
        let tidy = self.tidy_after_promotion(name, &previous_version_id, &pending_stage);
        Ok(CommonRotationOutcome { previous_version_id, version_id, value, tidy })
    }

    /// The version `SYSCURRENT` of `secret_name` points at, with its value.
    fn current_version(&self, secret_name: &str) -> Result<SecretVersion, Error> {
        let stage = self.show_secret_stage(&ShowSecretStage::new(secret_name, StageName::SysCurrent))?;
        let shown = self.show_secret_version(&ShowSecretVersion::new(secret_name, stage.stage.version_id))?;
        Ok(shown.version)
    }

    /// `SYSPREVIOUS` on the former version (CSMS may leave a version without a stage to be
    /// deleted), then the pending stage removed.
    fn tidy_after_promotion(
        &self,
        secret_name: &str,
        previous: &str,
        pending_stage: &str,
    ) -> Result<(), Error> {
        let previous_stage =
            self.show_secret_stage(&ShowSecretStage::new(secret_name, StageName::SysPrevious));
        let on_previous = matches!(&previous_stage, Ok(stage) if stage.stage.version_id == previous);
        let moved = if on_previous {
            Ok(())
        } else {
            self.update_secret_stage(&UpdateSecretStage::new(secret_name, StageName::SysPrevious, previous))
                .map(drop)
        };
        let removed = self.delete_secret_stage(&DeleteSecretStage::new(secret_name, pending_stage));
        moved.and(removed)
    }
}
