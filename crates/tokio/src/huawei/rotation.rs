//! The COMMON-secret rotation helper, awaitable: [`Client::rotate_common`]. The steps, types
//! and decisions are the blocking helper's (shared through the engine); only the calls are
//! awaited.

use secretmanager_core::huawei::{SecretVersion, ShowSecretVersion};
use secretmanager_engine::Error;
use secretmanager_engine::huawei::rotation::{self as shared, RotationPlan, ValueSource};

pub use shared::{
    BoxError, CommonRotationCause, CommonRotationError, CommonRotationOutcome, CommonRotationStep,
    DEFAULT_PENDING_STAGE, PendingVersion, SendNextValue as NextValue, SendProduceValue as ProduceValue,
};

use super::Client;

/// One rotation of a `COMMON` secret: which secret, how its next value is made (a custom
/// function must be `Send`, so the rotation's future is), and the stage the new version waits
/// under.
///
/// ```
/// use secretmanager_tokio::huawei::{CommonRotation, NextValue};
///
/// let rotation = CommonRotation::new("db-password", NextValue::random()).pending_stage("ROTATING");
/// assert_eq!(rotation.pending_stage_name(), "ROTATING");
/// ```
pub type CommonRotation<'a> = shared::CommonRotation<ProduceValue<'a>>;

impl Client {
    /// Rotates a `COMMON` secret as the caller drives it, never losing the current value: the
    /// blocking client's `rotate_common`, awaited. It reads the version `SYSCURRENT` points
    /// at, produces the next value, stores it as a new version under the pending stage only,
    /// awaits `apply` with both, then moves `SYSCURRENT` to the new version and tidies up
    /// (`SYSPREVIOUS` on the former version, the pending stage removed).
    ///
    /// If `apply` fails the pending stage is removed and `SYSCURRENT` never moved; a failure
    /// at promotion keeps the pending stage on the new version, which the error names.
    /// Cancelling the future part way leaves the secret as the last finished call left it:
    /// `SYSCURRENT` moves only at promotion.
    ///
    /// ```no_run
    /// use secretmanager_tokio::huawei::{Client, CommonRotation, NextValue};
    ///
    /// # async fn run() -> Result<(), secretmanager_tokio::Error> {
    /// let client = Client::builder().region("cn-north-4").build()?;
    /// let rotation = CommonRotation::new("db-password", NextValue::random());
    /// let outcome = client
    ///     .rotate_common(rotation, async |pending| {
    ///         let _new = pending.value.expose(); // set it on the database and log in with it
    ///         Ok::<(), std::io::Error>(())
    ///     })
    ///     .await;
    /// match outcome {
    ///     Ok(done) => println!("now current: {}", done.version_id),
    ///     Err(failed) => eprintln!("{failed}"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    #[allow(
        clippy::result_large_err,
        reason = "a rotation is several round trips; the error is rare and rich"
    )]
    pub async fn rotate_common<E>(
        &self,
        rotation: CommonRotation<'_>,
        apply: impl AsyncFnOnce(&PendingVersion<'_>) -> Result<(), E>,
    ) -> Result<CommonRotationOutcome, CommonRotationError<E>> {
        use CommonRotationError as Failed;
        use CommonRotationStep as Step;
        let (plan, next) = rotation.into_plan();
        let current = self
            .current_version(&plan)
            .await
            .map_err(|e| Failed::before_creation(Step::ReadCurrent, CommonRotationCause::Api(e)))?;
        let value = match next {
            ValueSource::Random(options) => self
                .generate_random_password(&options)
                .await
                .map(|generated| generated.password)
                .map_err(|e| Failed::before_creation(Step::Produce, CommonRotationCause::Api(e)))?,
            ValueSource::Custom(produce) => produce(&current)
                .map_err(|e| Failed::before_creation(Step::Produce, CommonRotationCause::Produce(e)))?,
        };
        let version_id = self
            .create_secret_version(&plan.create_version(&value))
            .await
            .map_err(|e| Failed::before_creation(Step::CreateVersion, CommonRotationCause::Api(e)))?
            .version_metadata
            .id;
        let pending = PendingVersion {
            secret_name: plan.secret_name(),
            current: &current,
            version_id: &version_id,
            value: &value,
        };
        if let Err(e) = apply(&pending).await {
            let cleanup = self.delete_secret_stage(&plan.delete_pending_stage()).await;
            return Err(Failed::apply_failed(e, version_id, cleanup));
        }
        if let Err(e) = self.update_secret_stage(&plan.promote(&version_id)).await {
            return Err(Failed::promotion_failed(e, version_id));
        }
        let previous_version_id = current.version_metadata.id;
        let tidy = self.tidy_after_promotion(&plan, &previous_version_id).await;
        Ok(CommonRotationOutcome::new(previous_version_id, version_id, value, tidy))
    }

    /// The version `SYSCURRENT` points at, with its value.
    async fn current_version(&self, plan: &RotationPlan) -> Result<SecretVersion, Error> {
        let stage = self.show_secret_stage(&plan.show_current_stage()).await?;
        let show = ShowSecretVersion::new(plan.secret_name(), stage.stage.version_id);
        Ok(self.show_secret_version(&show).await?.version)
    }

    /// `SYSPREVIOUS` on the former version, then the pending stage removed.
    async fn tidy_after_promotion(
        &self,
        plan: &RotationPlan,
        previous_version_id: &str,
    ) -> Result<(), Error> {
        let shown = self.show_secret_stage(&plan.show_previous_stage()).await.ok();
        let moved = match plan
            .move_previous(shown.as_ref().map(|s| s.stage.version_id.as_str()), previous_version_id)
        {
            Some(update) => self.update_secret_stage(&update).await.map(drop),
            None => Ok(()),
        };
        let removed = self.delete_secret_stage(&plan.delete_pending_stage()).await;
        moved.and(removed)
    }
}
