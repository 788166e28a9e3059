//! User-driven rotation of a `COMMON` secret: [`Client::rotate_common`], the flow NCP users get
//! from rotation jobs, built from versions and stages. The types and the decisions between the
//! calls are the engine's, shared with the async client.

use secretmanager_core::huawei::{SecretVersion, ShowSecretVersion};
use secretmanager_engine::huawei::rotation::{self as shared, RotationPlan, ValueSource};

pub use shared::{
    BoxError, CommonRotationCause, CommonRotationError, CommonRotationOutcome, CommonRotationStep,
    DEFAULT_PENDING_STAGE, NextValue, PendingVersion, ProduceValue,
};

use super::Client;
use crate::error::Error;

/// One rotation of a `COMMON` secret: which secret, how its next value is made, and the stage
/// the new version waits under.
///
/// ```
/// use secretmanager_blocking::huawei::{CommonRotation, NextValue};
///
/// let rotation = CommonRotation::new("db-password", NextValue::random()).pending_stage("ROTATING");
/// assert_eq!(rotation.pending_stage_name(), "ROTATING");
/// ```
pub type CommonRotation<'a> = shared::CommonRotation<ProduceValue<'a>>;

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
        use CommonRotationError as Failed;
        use CommonRotationStep as Step;
        let (plan, next) = rotation.into_plan();
        let current = self
            .current_version(&plan)
            .map_err(|e| Failed::before_creation(Step::ReadCurrent, CommonRotationCause::Api(e)))?;
        let value = match next {
            ValueSource::Random(options) => self
                .generate_random_password(&options)
                .map(|generated| generated.password)
                .map_err(|e| Failed::before_creation(Step::Produce, CommonRotationCause::Api(e)))?,
            ValueSource::Custom(produce) => produce(&current)
                .map_err(|e| Failed::before_creation(Step::Produce, CommonRotationCause::Produce(e)))?,
        };
        let version_id = self
            .create_secret_version(&plan.create_version(&value))
            .map_err(|e| Failed::before_creation(Step::CreateVersion, CommonRotationCause::Api(e)))?
            .version_metadata
            .id;
        let pending = PendingVersion {
            secret_name: plan.secret_name(),
            current: &current,
            version_id: &version_id,
            value: &value,
        };
        if let Err(e) = apply(&pending) {
            let cleanup = self.delete_secret_stage(&plan.delete_pending_stage());
            return Err(Failed::apply_failed(e, version_id, cleanup));
        }
        if let Err(e) = self.update_secret_stage(&plan.promote(&version_id)) {
            return Err(Failed::promotion_failed(e, version_id));
        }
        let previous_version_id = current.version_metadata.id;
        let tidy = self.tidy_after_promotion(&plan, &previous_version_id);
        Ok(CommonRotationOutcome::new(previous_version_id, version_id, value, tidy))
    }

    /// The version `SYSCURRENT` points at, with its value.
    fn current_version(&self, plan: &RotationPlan) -> Result<SecretVersion, Error> {
        let stage = self.show_secret_stage(&plan.show_current_stage())?;
        let shown =
            self.show_secret_version(&ShowSecretVersion::new(plan.secret_name(), stage.stage.version_id))?;
        Ok(shown.version)
    }

    /// `SYSPREVIOUS` on the former version, then the pending stage removed.
    fn tidy_after_promotion(&self, plan: &RotationPlan, previous_version_id: &str) -> Result<(), Error> {
        let shown = self.show_secret_stage(&plan.show_previous_stage()).ok();
        let moved = match plan
            .move_previous(shown.as_ref().map(|s| s.stage.version_id.as_str()), previous_version_id)
        {
            Some(update) => self.update_secret_stage(&update).map(drop),
            None => Ok(()),
        };
        let removed = self.delete_secret_stage(&plan.delete_pending_stage());
        moved.and(removed)
    }
}
