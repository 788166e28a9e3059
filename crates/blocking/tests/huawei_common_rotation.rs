//! User-driven rotation of a COMMON secret against the emulator: the new value waits under a
//! pending stage while the caller applies it, SYSCURRENT moves only after, and no failure ever
//! loses the current value.

mod common;

use std::io;

use secretmanager_blocking::huawei::{
    self, CommonRotation, CommonRotationCause, CommonRotationStep, NextValue, StageName,
};
use secretmanager_blocking::{ApiErrorKind, Error, RetryPolicy, SecretString};
use secretmanager_emulator::{Emulator, Fault};

use common::{INITIAL_VALUE, huawei_builder, huawei_client};

const NEXT_VALUE: &str = r#"{"user":"app","password":"next-pw-2"}"#;

fn create(client: &huawei::Client, name: &str) -> String {
    client
        .create_secret(&huawei::CreateSecret::new(name).secret_string(INITIAL_VALUE))
        .expect("create secret");
    stage(client, name, StageName::SysCurrent).expect("SYSCURRENT after create")
}

/// The version a stage points at.
fn stage(client: &huawei::Client, name: &str, stage: impl Into<StageName>) -> Result<String, Error> {
    client.show_secret_stage(&huawei::ShowSecretStage::new(name, stage)).map(|s| s.stage.version_id)
}

/// The value of the version a stage points at.
fn value_at(client: &huawei::Client, name: &str, at: impl Into<StageName>) -> String {
    let version = stage(client, name, at).expect("stage exists");
    let shown = client.show_secret_version(&huawei::ShowSecretVersion::new(name, version)).expect("version");
    shown.version.secret_string.expect("a text value").expose().to_owned()
}

#[test]
fn a_rotation_promotes_the_new_value_only_after_apply_and_keeps_the_old_one_as_previous() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    let first = create(&client, "common-ok");

    let rotation = CommonRotation::new(
        "common-ok",
        NextValue::custom(|current| {
            assert_eq!(current.secret_string.as_ref().unwrap().expose(), INITIAL_VALUE);
            Ok(SecretString::from(NEXT_VALUE))
        }),
    );
    let outcome = client
        .rotate_common(rotation, |pending| {
            // While the caller applies the new value, readers still get the current one.
            assert_eq!(value_at(&client, "common-ok", StageName::SysCurrent), INITIAL_VALUE);
            assert_eq!(stage(&client, "common-ok", "PENDING").unwrap(), pending.version_id);
            assert_eq!(pending.current.version_metadata.id, first);
            assert_eq!(pending.value.expose(), NEXT_VALUE);
            Ok::<(), io::Error>(())
        })
        .expect("the rotation completes");

    assert_eq!(outcome.previous_version_id, first);
    assert_ne!(outcome.version_id, first);
    assert_eq!(outcome.value.expose(), NEXT_VALUE);
    assert!(outcome.tidy.is_ok(), "{:?}", outcome.tidy);
    assert_eq!(stage(&client, "common-ok", StageName::SysCurrent).unwrap(), outcome.version_id);
    assert_eq!(stage(&client, "common-ok", StageName::SysPrevious).unwrap(), first);
    assert_eq!(value_at(&client, "common-ok", StageName::SysCurrent), NEXT_VALUE);
    assert_eq!(value_at(&client, "common-ok", StageName::SysPrevious), INITIAL_VALUE);
    let gone = stage(&client, "common-ok", "PENDING").unwrap_err();
    assert_eq!(gone.api().map(|api| api.kind()), Some(ApiErrorKind::NotFound), "{gone}");
}

#[test]
fn a_random_value_comes_from_generate_random_password() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    create(&client, "common-random");
    let options = huawei::GenerateRandomPassword::new().length(24);
    let outcome = client
        .rotate_common(CommonRotation::new("common-random", NextValue::Random(options)), |_| {
            Ok::<(), io::Error>(())
        })
        .expect("the rotation completes");
    assert_eq!(outcome.value.expose().chars().count(), 24);
    assert_eq!(value_at(&client, "common-random", StageName::SysCurrent), outcome.value.expose());
    assert_eq!(emulator.request_count("POST", "/csms/generate-password"), 1);
}

#[test]
fn a_failed_apply_drops_the_pending_stage_and_never_moves_syscurrent() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    let first = create(&client, "common-apply");
    let rotation = CommonRotation::new("common-apply", NextValue::custom(|_| Ok(NEXT_VALUE.into())))
        .pending_stage("STAGED");
    let err = client
        .rotate_common(rotation, |_| Err(io::Error::other("the database refused the new password")))
        .unwrap_err();

    assert_eq!(err.step, CommonRotationStep::Apply);
    assert!(matches!(err.cause, CommonRotationCause::Apply(_)), "{err}");
    assert!(matches!(err.cleanup, Some(Ok(()))), "{err}");
    assert!(err.version_id.is_some());
    assert!(err.to_string().contains("SYSCURRENT is unchanged"), "{err}");
    assert!(!err.to_string().contains("next-pw-2"), "{err}");
    assert_eq!(stage(&client, "common-apply", StageName::SysCurrent).unwrap(), first);
    assert_eq!(value_at(&client, "common-apply", StageName::SysCurrent), INITIAL_VALUE);
    assert!(stage(&client, "common-apply", "STAGED").is_err(), "the pending stage was removed");
}

#[test]
fn a_failed_promotion_keeps_the_new_version_under_the_pending_stage() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_builder(&emulator).retry(RetryPolicy::none()).build().unwrap();
    let first = create(&client, "common-promote");
    let rotation = CommonRotation::new("common-promote", NextValue::custom(|_| Ok(NEXT_VALUE.into())));
    let err = client
        .rotate_common(rotation, |_| {
            // The target system took the new value; then CSMS fails the promotion.
            emulator.inject_on(Fault::Status(500), "/stages/SYSCURRENT", 1);
            Ok::<(), io::Error>(())
        })
        .unwrap_err();

    assert_eq!(err.step, CommonRotationStep::Promote);
    assert!(err.cleanup.is_none(), "the pending stage is kept: {err}");
    let new_version = err.version_id.clone().expect("the new version is named");
    assert!(err.to_string().contains(&new_version), "{err}");
    assert_eq!(stage(&client, "common-promote", StageName::SysCurrent).unwrap(), first);
    assert_eq!(stage(&client, "common-promote", "PENDING").unwrap(), new_version);
    // Promoting it again, as the error says, finishes the rotation.
    client
        .update_secret_stage(&huawei::UpdateSecretStage::new(
            "common-promote",
            StageName::SysCurrent,
            new_version,
        ))
        .unwrap();
    assert_eq!(value_at(&client, "common-promote", StageName::SysCurrent), NEXT_VALUE);
}

#[test]
fn a_lost_create_answer_stops_before_apply_with_the_current_value_in_place() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    let first = create(&client, "common-lost");
    emulator.inject_on(Fault::LoseAnswer, "/secrets/common-lost/versions", 1);
    let mut applied = false;
    let rotation = CommonRotation::new("common-lost", NextValue::custom(|_| Ok(NEXT_VALUE.into())));
    let err = client
        .rotate_common(rotation, |_| {
            applied = true;
            Ok::<(), io::Error>(())
        })
        .unwrap_err();

    assert_eq!(err.step, CommonRotationStep::CreateVersion);
    assert!(matches!(&err.cause, CommonRotationCause::Api(e) if e.is_outcome_unknown()), "{err}");
    assert!(!applied, "apply is never called without a stored new version");
    assert_eq!(stage(&client, "common-lost", StageName::SysCurrent).unwrap(), first);
    assert_eq!(emulator.request_count("POST", "/secrets/common-lost/versions"), 1, "never resent");
}
