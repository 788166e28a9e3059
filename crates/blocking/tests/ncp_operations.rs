//! Every NCP Secret Manager operation, through the blocking client, against the emulator over
//! real HTTP.

mod common;

use secretmanager_blocking::ncp::{self, RotationPhase, SecretStage, SecretStatus, ValueStage};
use secretmanager_emulator::{Emulator, KMS_KEY_TAG, SECOND_TRIGGER_ID, TRIGGER_ID};

use common::{INITIAL_VALUE, create_secret, job_token, ncp_client};

#[test]
fn lists_of_keys_and_triggers() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let triggers = client.get_trigger_list(&ncp::GetTriggerList::new()).unwrap();
    let ids: Vec<_> = triggers.trigger_list.iter().map(|t| t.id.as_str()).collect();
    assert!(ids.contains(&TRIGGER_ID) && ids.contains(&SECOND_TRIGGER_ID), "{ids:?}");
    let keys = client.get_protection_key_list(&ncp::GetProtectionKeyList::new()).unwrap();
    assert!(keys.key_list.iter().any(|k| k.key_tag == KMS_KEY_TAG));
}

#[test]
fn create_read_and_update_a_secret() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let created = client
        .create_secret(&ncp::CreateSecret::new("ops-read", INITIAL_VALUE, ["password"]).memo("first"))
        .unwrap();
    let id = created.secret_id.clone();
    assert_eq!(created.secret_name, "ops-read");

    let list = client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert!(list.secret_list.iter().any(|s| s.secret_id == id));
    assert_eq!(list.total_count, 1);

    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).unwrap();
    assert_eq!(detail.secret_status, Some(SecretStatus::Enable));
    assert_eq!(detail.memo.as_deref(), Some("first"));

    let chain = client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).unwrap();
    assert_eq!(chain.chain.active.as_ref().map(|v| v.expose()), Some(INITIAL_VALUE));
    assert_eq!(chain.rotation_targets, ["password"]);

    let stage = client
        .get_secret_stage_value(&ncp::GetSecretStageValue::new(id.as_str(), SecretStage::Active))
        .unwrap();
    assert_eq!((stage.value.expose(), stage.value_stage), (INITIAL_VALUE, ValueStage::Active));

    let memo = client.update_secret_memo(&ncp::UpdateSecretMemo::new(id.as_str(), "second")).unwrap();
    assert_eq!(memo.memo, "second");

    let pending = r#"{"user":"app","password":"pending-pw"}"#;
    client.update_secret_value(&ncp::UpdateSecretValue::new(id.as_str()).pending(pending)).unwrap();
    let chain = client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).unwrap();
    assert_eq!(chain.chain.pending.as_ref().map(|v| v.expose()), Some(pending));
    assert_eq!(chain.chain.active.as_ref().map(|v| v.expose()), Some(INITIAL_VALUE));

    let previous = r#"{"user":"app","password":"old-pw"}"#;
    let updated = client
        .update_secret_stage_value(&ncp::UpdateSecretStageValue::new(
            id.as_str(),
            SecretStage::Previous,
            previous,
        ))
        .unwrap();
    assert_eq!(updated.secret_value.value_stage, ValueStage::Previous);
    let stage = client
        .get_secret_stage_value(&ncp::GetSecretStageValue::new(id.as_str(), SecretStage::Previous))
        .unwrap();
    assert_eq!(stage.value.expose(), previous);

    let change = client
        .update_protection_key(&ncp::UpdateProtectionKey::new(id.as_str()).user_managed_key(KMS_KEY_TAG))
        .unwrap();
    assert_eq!(change.protection_key.and_then(|k| k.kms_key_tag).as_deref(), Some(KMS_KEY_TAG));
}

#[test]
fn lifecycle_from_enable_to_delete() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_secret(&client, "ops-lifecycle");
    let disabled = client.disable_secret(&ncp::DisableSecret::new(id.as_str())).unwrap();
    assert_eq!(disabled.secret_status, Some(SecretStatus::Disable));
    let enabled = client.enable_secret(&ncp::EnableSecret::new(id.as_str())).unwrap();
    assert_eq!(enabled.secret_status, Some(SecretStatus::Enable));
    let revoked = client.request_secret_deletion(&ncp::RequestSecretDeletion::new(id.as_str())).unwrap();
    assert_eq!(revoked.secret_status, Some(SecretStatus::Revoke));
    let back = client.cancel_secret_deletion(&ncp::CancelSecretDeletion::new(id.as_str())).unwrap();
    assert_eq!(back.secret_status, Some(SecretStatus::Disable));
    client.request_secret_deletion(&ncp::RequestSecretDeletion::new(id.as_str())).unwrap();
    client.delete_secret(&ncp::DeleteSecret::new(id.as_str())).unwrap();
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).unwrap();
    assert_eq!(detail.secret_status, Some(SecretStatus::Destroyed));
    let err = client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).unwrap_err();
    assert!(matches!(err.status(), Some(404 | 422)), "{err}");
}

#[test]
fn auto_rotation_settings() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_secret(&client, "ops-auto");
    let on = client
        .enable_auto_rotation(
            &ncp::EnableAutoRotation::new(id.as_str()).rotation_period(30).trigger_id(TRIGGER_ID),
        )
        .unwrap();
    assert_eq!(on.auto_rotation_period, Some(30));
    let period = client.update_rotation_period(&ncp::UpdateRotationPeriod::new(id.as_str(), 60)).unwrap();
    assert_eq!(period.auto_rotation_period, Some(60));
    client.update_rotation_trigger(&ncp::UpdateRotationTrigger::new(id.as_str(), SECOND_TRIGGER_ID)).unwrap();
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).unwrap();
    assert_eq!(detail.trigger.map(|t| t.id).as_deref(), Some(SECOND_TRIGGER_ID));
    let off = client.disable_auto_rotation(&ncp::DisableAutoRotation::new(id.as_str())).unwrap();
    assert_eq!(off.auto_rotation, Some(false));
    client.delete_rotation_trigger(&ncp::DeleteRotationTrigger::new(id.as_str())).unwrap();
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).unwrap();
    assert!(detail.trigger.is_none(), "{:?}", detail.trigger);
}

#[test]
fn rotation_job_steps_one_by_one() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = common::secret_with_job(&client, "ops-job");

    let chain = client.start_rotation_job(&ncp::StartRotationJob::new(id.as_str(), token.as_str())).unwrap();
    assert_eq!(chain.chain.active.as_ref().map(|v| v.expose()), Some(INITIAL_VALUE));
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).unwrap();
    assert_eq!(detail.secret_status, Some(SecretStatus::Rotating));

    let random = client
        .generate_random_secret(&ncp::GenerateRandomSecret::new(id.as_str(), token.as_str()).length(20))
        .unwrap();
    assert_eq!(random.random_string.len(), 20);
    let added = client.add_pending_stage(&ncp::AddPendingStage::new(id.as_str(), token.as_str())).unwrap();
    assert!(added.pending.expose().contains("password"));
    let new_value = format!(r#"{{"user":"app","password":"{}"}}"#, random.random_string.expose());
    client
        .update_pending_stage(&ncp::UpdatePendingStage::new(id.as_str(), token.as_str(), new_value.as_str()))
        .unwrap();
    client.complete_rotation_job(&ncp::CompleteRotationJob::new(id.as_str(), token.as_str())).unwrap();

    let chain = client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).unwrap();
    assert_eq!(chain.chain.active.as_ref().map(|v| v.expose()), Some(new_value.as_str()));
    assert_eq!(chain.chain.previous.as_ref().map(|v| v.expose()), Some(INITIAL_VALUE));

    client.rollback_rotation_job(&ncp::RollbackRotationJob::new(id.as_str())).unwrap();
    let chain = client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).unwrap();
    assert_eq!(chain.chain.active.as_ref().map(|v| v.expose()), Some(INITIAL_VALUE));
}

#[test]
fn failed_job_is_retried_then_cancelled() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = common::secret_with_job(&client, "ops-fail");
    client.start_rotation_job(&ncp::StartRotationJob::new(id.as_str(), token.as_str())).unwrap();
    client.fail_rotation_job(&ncp::FailRotationJob::new(id.as_str(), token.as_str())).unwrap();
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).unwrap();
    assert_eq!(detail.rotation_phase, Some(RotationPhase::RotationFailed));

    client.retry_rotation_job(&ncp::RetryRotationJob::new(id.as_str())).unwrap();
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).unwrap();
    assert_eq!(detail.rotation_phase, Some(RotationPhase::Rotating));
    let retried = job_token(&client, &id);
    assert!(retried.is_some());

    client.cancel_rotation_job(&ncp::CancelRotationJob::new(id.as_str())).unwrap();
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).unwrap();
    assert_eq!(detail.rotation_phase, Some(RotationPhase::None));
}

#[test]
fn api_errors_keep_the_service_code() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_secret(&client, "ops-errors");
    // Deleting without a deletion request is not allowed in ENABLE.
    let err = client.delete_secret(&ncp::DeleteSecret::new(id.as_str())).unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(422), Some("INVALID_STATUS")), "{err}");
    let err = client.get_secret_detail(&ncp::GetSecretDetail::new("no-such-secret")).unwrap_err();
    assert_eq!(err.status(), Some(404));
    // Bad input never leaves the process.
    let before = emulator.requests().len();
    let err = client.get_secret_detail(&ncp::GetSecretDetail::new("")).unwrap_err();
    assert!(matches!(err, secretmanager_blocking::Error::Validation(_)), "{err:?}");
    assert_eq!(emulator.requests().len(), before);
}
