//! Every one of the 32 NCP operations, built by the core, answered by the emulator and decoded
//! by the core's `ncp::decode` into the operation's output type.

mod common;

use common::Harness;
use secretmanager_core::ncp::{self, Operation, SecretStage};
use secretmanager_emulator::{KMS_KEY_TAG, SECOND_TRIGGER_ID, TRIGGER_ID};

fn decoded<O: Operation>(h: &Harness, op: &O) -> O::Output {
    let answer = h.call(op);
    let body = serde_json::to_vec(&answer.body).expect("JSON");
    match ncp::decode::<O::Output>(answer.status, &body) {
        Ok(output) => output,
        Err(err) => panic!("{} did not decode: {err} ({} {:?})", O::NAME, answer.status, answer.body),
    }
}

#[test]
fn all_32_operations_decode_with_the_core() {
    let h = Harness::new();
    let value = r#"{"user":"u","password":"p"}"#;
    let secret = decoded(
        &h,
        &ncp::CreateSecret::new("decoded", value, ["password"]).memo("m").auto_rotation(7, TRIGGER_ID),
    );
    let id = secret.secret_id.clone();
    decoded(&h, &ncp::GetSecretList::new());
    decoded(&h, &ncp::GetSecretDetail::new(&id));
    decoded(&h, &ncp::GetSecretValue::new(&id));
    decoded(&h, &ncp::GetSecretStageValue::new(&id, SecretStage::Active));
    decoded(&h, &ncp::GetProtectionKeyList::new());
    decoded(&h, &ncp::GetTriggerList::new());
    decoded(&h, &ncp::UpdateSecretValue::new(&id).previous(value));
    decoded(&h, &ncp::UpdateSecretStageValue::new(&id, SecretStage::Active, value));
    decoded(&h, &ncp::UpdateSecretMemo::new(&id, "memo 2"));
    decoded(&h, &ncp::UpdateProtectionKey::new(&id).user_managed_key(KMS_KEY_TAG));
    decoded(&h, &ncp::UpdateRotationPeriod::new(&id, 14));
    decoded(&h, &ncp::UpdateRotationTrigger::new(&id, SECOND_TRIGGER_ID));
    decoded(&h, &ncp::DisableAutoRotation::new(&id));
    decoded(&h, &ncp::EnableAutoRotation::new(&id).rotation_period(3));

    decoded(&h, &ncp::ExecuteRotationJob::new(&id));
    let logs = decoded(&h, &ncp::GetSecretLogs::new(&id).keyword("Execute Rotation Job"));
    assert_eq!(logs.total_count, 1);
    let token = h.call(&ncp::GetSecretLogs::new(&id).keyword("Execute Rotation Job")).body["data"]["result"]
        [0]["jobToken"]
        .as_str()
        .expect("job token")
        .to_owned();
    decoded(&h, &ncp::StartRotationJob::new(&id, &token));
    decoded(&h, &ncp::GenerateRandomSecret::new(&id, &token).length(16));
    decoded(&h, &ncp::AddPendingStage::new(&id, &token));
    decoded(&h, &ncp::UpdatePendingStage::new(&id, &token, value));
    decoded(&h, &ncp::FailRotationJob::new(&id, &token));
    decoded(&h, &ncp::RetryRotationJob::new(&id));
    decoded(&h, &ncp::CancelRotationJob::new(&id));
    decoded(&h, &ncp::ExecuteRotationJob::new(&id));
    let token = h.call(&ncp::GetSecretLogs::new(&id).keyword("Execute Rotation Job")).body["data"]["result"]
        [0]["jobToken"]
        .as_str()
        .expect("job token")
        .to_owned();
    decoded(&h, &ncp::StartRotationJob::new(&id, &token));
    decoded(&h, &ncp::AddPendingStage::new(&id, &token));
    decoded(&h, &ncp::CompleteRotationJob::new(&id, &token));
    decoded(&h, &ncp::RollbackRotationJob::new(&id));

    decoded(&h, &ncp::DisableAutoRotation::new(&id));
    decoded(&h, &ncp::DeleteRotationTrigger::new(&id));
    decoded(&h, &ncp::DisableSecret::new(&id));
    decoded(&h, &ncp::EnableSecret::new(&id));
    decoded(&h, &ncp::RequestSecretDeletion::new(&id));
    decoded(&h, &ncp::CancelSecretDeletion::new(&id));
    decoded(&h, &ncp::RequestSecretDeletion::new(&id));
    decoded(&h, &ncp::DeleteSecret::new(&id));

    // Each of the 32 operation paths was used.
    let distinct: std::collections::HashSet<(String, String)> = h
        .emulator
        .requests()
        .into_iter()
        .map(|r| {
            let segments: Vec<&str> = r.path.split('/').collect();
            let generic: Vec<&str> = segments
                .iter()
                .enumerate()
                .map(|(i, s)| match (*s, i.checked_sub(1).map(|p| segments[p])) {
                    (s, _) if s == id => "{id}",
                    (_, Some("jobs")) => "{token}",
                    (s, _) => s,
                })
                .collect();
            (r.method, generic.join("/"))
        })
        .collect();
    assert_eq!(distinct.len(), 32, "{distinct:?}");
}
