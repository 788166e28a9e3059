//! The async COMMON-secret rotation against the emulator over real HTTP: the new value waits
//! under a pending stage while the caller's async apply runs, SYSCURRENT moves only after, no
//! failure loses the current value, and a cancelled rotation leaves SYSCURRENT alone.

use std::io;
use std::time::Duration;

use secretmanager_emulator::{Emulator, Fault};
use secretmanager_tokio::huawei::{
    self, CommonRotation, CommonRotationCause, CommonRotationStep, NextValue, StageName,
};
use secretmanager_tokio::{ApiErrorKind, Error, RetryPolicy, SecretString};

const INITIAL: &str = r#"{"user":"app","password":"initial-pw-1"}"#;
const NEXT_VALUE: &str = r#"{"user":"app","password":"next-pw-2"}"#;

fn builder(emulator: &Emulator) -> huawei::ClientBuilder {
    huawei::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.huawei_credentials())
        .project_id(emulator.huawei_project_id())
        .no_proxy()
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
}

fn client(emulator: &Emulator) -> huawei::Client {
    builder(emulator).build().expect("client for the emulator")
}

/// Creates `name` with [`INITIAL`]; the version SYSCURRENT points at.
async fn create(client: &huawei::Client, name: &str) -> String {
    client.create_secret(&huawei::CreateSecret::new(name).secret_string(INITIAL)).await.expect("create");
    stage(client, name, StageName::SysCurrent).await.expect("SYSCURRENT after create")
}

/// The version a stage points at.
async fn stage(client: &huawei::Client, name: &str, stage: impl Into<StageName>) -> Result<String, Error> {
    let shown = client.show_secret_stage(&huawei::ShowSecretStage::new(name, stage)).await?;
    Ok(shown.stage.version_id)
}

/// The value of the version a stage points at.
async fn value_at(client: &huawei::Client, name: &str, at: impl Into<StageName>) -> String {
    let version = stage(client, name, at).await.expect("stage exists");
    let shown =
        client.show_secret_version(&huawei::ShowSecretVersion::new(name, version)).await.expect("version");
    shown.version.secret_string.expect("a text value").expose().to_owned()
}

fn assert_send<T: Send>(_: &T) {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotation_promotes_the_new_value_only_after_the_awaited_apply() {
    let emulator = Emulator::start().unwrap();
    let client = client(&emulator);
    let first = create(&client, "async-common-ok").await;
    let rotation = CommonRotation::new(
        "async-common-ok",
        NextValue::custom(|current| {
            assert_eq!(current.secret_string.as_ref().unwrap().expose(), INITIAL);
            Ok(SecretString::from(NEXT_VALUE))
        }),
    );
    let reader = client.clone();
    let rotating = client.rotate_common(rotation, async |pending| {
        // While the caller applies the new value, readers still get the current one.
        assert_eq!(value_at(&reader, "async-common-ok", StageName::SysCurrent).await, INITIAL);
        assert_eq!(stage(&reader, "async-common-ok", "PENDING").await.unwrap(), pending.version_id);
        assert_eq!(pending.value.expose(), NEXT_VALUE);
        tokio::time::sleep(Duration::from_millis(5)).await;
        Ok::<(), io::Error>(())
    });
    assert_send(&rotating);
    let outcome = rotating.await.expect("the rotation completes");

    assert_eq!(outcome.previous_version_id, first);
    assert_ne!(outcome.version_id, first);
    assert_eq!(outcome.value.expose(), NEXT_VALUE);
    assert!(outcome.tidy.is_ok(), "{:?}", outcome.tidy);
    assert_eq!(stage(&client, "async-common-ok", StageName::SysCurrent).await.unwrap(), outcome.version_id);
    assert_eq!(stage(&client, "async-common-ok", StageName::SysPrevious).await.unwrap(), first);
    assert_eq!(value_at(&client, "async-common-ok", StageName::SysPrevious).await, INITIAL);
    let gone = stage(&client, "async-common-ok", "PENDING").await.unwrap_err();
    assert_eq!(gone.api().map(|api| api.kind()), Some(ApiErrorKind::NotFound), "{gone}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_random_value_comes_from_generate_random_password() {
    let emulator = Emulator::start().unwrap();
    let client = client(&emulator);
    create(&client, "async-common-random").await;
    let options = huawei::GenerateRandomPassword::new().length(24);
    let rotation = CommonRotation::new("async-common-random", NextValue::Random(options));
    let outcome = client.rotate_common(rotation, async |_| Ok::<(), io::Error>(())).await.expect("rotated");
    assert_eq!(outcome.value.expose().chars().count(), 24);
    assert_eq!(value_at(&client, "async-common-random", StageName::SysCurrent).await, outcome.value.expose());
    assert_eq!(emulator.request_count("POST", "/csms/generate-password"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_apply_drops_the_pending_stage_and_never_moves_syscurrent() {
    let emulator = Emulator::start().unwrap();
    let client = client(&emulator);
    let first = create(&client, "async-common-apply").await;
    let rotation = CommonRotation::new("async-common-apply", NextValue::custom(|_| Ok(NEXT_VALUE.into())))
        .pending_stage("STAGED");
    let err = client
        .rotate_common(rotation, async |_| Err(io::Error::other("the database refused the new password")))
        .await
        .unwrap_err();

    assert_eq!(err.step, CommonRotationStep::Apply);
    assert!(matches!(err.cause, CommonRotationCause::Apply(_)), "{err}");
    assert!(matches!(err.cleanup, Some(Ok(()))), "{err}");
    assert!(err.to_string().contains("SYSCURRENT is unchanged"), "{err}");
    assert!(!err.to_string().contains("next-pw-2"), "{err}");
    assert_eq!(stage(&client, "async-common-apply", StageName::SysCurrent).await.unwrap(), first);
    assert!(stage(&client, "async-common-apply", "STAGED").await.is_err(), "the pending stage was removed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_promotion_keeps_the_new_version_under_the_pending_stage() {
    let emulator = Emulator::start().unwrap();
    let client = builder(&emulator).retry(RetryPolicy::none()).build().unwrap();
    let first = create(&client, "async-common-promote").await;
    let rotation = CommonRotation::new("async-common-promote", NextValue::custom(|_| Ok(NEXT_VALUE.into())));
    let err = client
        .rotate_common(rotation, async |_| {
            // The target system took the new value; then CSMS fails the promotion.
            emulator.inject_on(Fault::Status(500), "/stages/SYSCURRENT", 1);
            Ok::<(), io::Error>(())
        })
        .await
        .unwrap_err();

    assert_eq!(err.step, CommonRotationStep::Promote);
    assert!(err.cleanup.is_none(), "the pending stage is kept: {err}");
    let new_version = err.version_id.clone().expect("the new version is named");
    assert!(err.to_string().contains(&new_version), "{err}");
    assert_eq!(stage(&client, "async-common-promote", StageName::SysCurrent).await.unwrap(), first);
    assert_eq!(stage(&client, "async-common-promote", "PENDING").await.unwrap(), new_version);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_create_answer_stops_before_apply_with_the_current_value_in_place() {
    let emulator = Emulator::start().unwrap();
    let client = client(&emulator);
    let first = create(&client, "async-common-lost").await;
    emulator.inject_on(Fault::LoseAnswer, "/secrets/async-common-lost/versions", 1);
    let mut applied = false;
    let rotation = CommonRotation::new("async-common-lost", NextValue::custom(|_| Ok(NEXT_VALUE.into())));
    let err = client
        .rotate_common(rotation, async |_| {
            applied = true;
            Ok::<(), io::Error>(())
        })
        .await
        .unwrap_err();

    assert_eq!(err.step, CommonRotationStep::CreateVersion);
    assert!(matches!(&err.cause, CommonRotationCause::Api(e) if e.is_outcome_unknown()), "{err}");
    assert!(!applied, "apply is never called without a stored new version");
    assert_eq!(stage(&client, "async-common-lost", StageName::SysCurrent).await.unwrap(), first);
    assert_eq!(emulator.request_count("POST", "/secrets/async-common-lost/versions"), 1, "never resent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotation_cancelled_during_apply_leaves_syscurrent_and_the_client_whole() {
    let emulator = Emulator::start().unwrap();
    let client = client(&emulator);
    let first = create(&client, "async-common-cancel").await;
    let rotation = CommonRotation::new("async-common-cancel", NextValue::custom(|_| Ok(NEXT_VALUE.into())));
    // Apply says it was reached, then never ends; the rotation is dropped once it is applying.
    let (applying, reached) = tokio::sync::oneshot::channel::<()>();
    let rotating = client.rotate_common(rotation, async move |_| {
        let _ = applying.send(());
        std::future::pending::<()>().await;
        Ok::<(), io::Error>(())
    });
    tokio::select! {
        _ = rotating => panic!("a rotation whose apply never ends cannot end"),
        reached = tokio::time::timeout(Duration::from_secs(20), reached) => {
            reached.expect("apply is reached").expect("apply said so");
        }
    }
    assert_eq!(stage(&client, "async-common-cancel", StageName::SysCurrent).await.unwrap(), first);
    assert_eq!(value_at(&client, "async-common-cancel", StageName::SysCurrent).await, INITIAL);
    let staged =
        stage(&client, "async-common-cancel", "PENDING").await.expect("the new version stays findable");
    assert_ne!(staged, first);
}
