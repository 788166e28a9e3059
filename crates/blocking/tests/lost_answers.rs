//! The emulator applies a request, then closes the connection with no answer: every transition
//! of both providers, every create, and the rotation helper, each checked against the state the
//! emulator holds afterwards.

mod common;

use secretmanager_blocking::ncp::{self, PendingValue, SecretStatus};
use secretmanager_blocking::{Error, huawei};
use secretmanager_emulator::{Emulator, Fault};

use common::{create_secret, huawei_client, ncp_client, secret_with_job};

/// Runs `call` with the answer to its first request lost.
fn losing_the_first_answer<T>(emulator: &Emulator, call: impl FnOnce() -> T) -> T {
    let lost = || emulator.requests().iter().filter(|r| r.fault.as_deref() == Some("lose answer")).count();
    let before = lost();
    emulator.inject(Fault::LoseAnswer, 1);
    let result = call();
    assert_eq!(lost(), before + 1, "the fault was applied once");
    result
}

fn status(client: &ncp::Client, id: &str) -> Option<SecretStatus> {
    client.get_secret_detail(&ncp::GetSecretDetail::new(id)).expect("detail").secret_status
}

#[test]
fn disable_and_enable_secret_succeed_when_their_answers_are_lost() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_secret(&client, "lost-disable");

    let disabled =
        losing_the_first_answer(&emulator, || client.disable_secret(&ncp::DisableSecret::new(&id)));
    let disabled = disabled.expect("the first send disabled it: success");
    assert_eq!(disabled.secret_status, Some(SecretStatus::Disable));
    assert_eq!(status(&client, &id), Some(SecretStatus::Disable));
    assert_eq!(emulator.request_count("POST", "/disable"), 2, "sent, then resent and refused");

    let enabled = losing_the_first_answer(&emulator, || client.enable_secret(&ncp::EnableSecret::new(&id)));
    assert_eq!(enabled.unwrap().secret_status, Some(SecretStatus::Enable));
    assert_eq!(status(&client, &id), Some(SecretStatus::Enable));
}

#[test]
fn cancel_deletion_and_delete_succeed_when_their_answers_are_lost() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_secret(&client, "lost-delete");
    client.request_secret_deletion(&ncp::RequestSecretDeletion::new(&id)).unwrap();

    let cancelled = losing_the_first_answer(&emulator, || {
        client.cancel_secret_deletion(&ncp::CancelSecretDeletion::new(&id))
    });
    assert_eq!(cancelled.unwrap().secret_status, Some(SecretStatus::Disable));

    client.request_secret_deletion(&ncp::RequestSecretDeletion::new(&id)).unwrap();
    losing_the_first_answer(&emulator, || client.delete_secret(&ncp::DeleteSecret::new(&id)))
        .expect("the first send deleted it: success");
    assert_eq!(status(&client, &id), Some(SecretStatus::Destroyed));
}

#[test]
fn a_refused_resend_whose_first_send_was_not_applied_is_the_answer() {
    // The first send never reaches the handler (its connection is dropped before): the
    // resend's refusal is the true answer, since the state shows nothing changed.
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_secret(&client, "not-revoked");
    emulator.inject(Fault::DropConnection, 1);
    let err = client.delete_secret(&ncp::DeleteSecret::new(&id)).unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(422), Some("INVALID_STATUS")), "{err}");
    assert!(!err.is_outcome_unknown());
    assert_eq!(status(&client, &id), Some(SecretStatus::Enable));
}

#[test]
fn every_job_step_succeeds_when_its_answer_is_lost() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "lost-steps");

    let chain = losing_the_first_answer(&emulator, || {
        client.start_rotation_job(&ncp::StartRotationJob::new(&id, &token))
    });
    assert!(chain.unwrap().chain.active.is_some());

    let pending = losing_the_first_answer(&emulator, || {
        client.add_pending_stage(&ncp::AddPendingStage::new(&id, &token))
    });
    let pending = pending.unwrap().pending;
    let stored = client.get_secret_value(&ncp::GetSecretValue::new(&id)).unwrap();
    assert_eq!(
        stored.chain.pending.as_ref().map(|p| p.expose()),
        Some(pending.expose()),
        "the answer is what is stored"
    );

    losing_the_first_answer(&emulator, || {
        client.complete_rotation_job(&ncp::CompleteRotationJob::new(&id, &token))
    })
    .expect("the job completed: success");
    let after = client.get_secret_value(&ncp::GetSecretValue::new(&id)).unwrap();
    assert_eq!(after.chain.active.as_ref().map(|a| a.expose()), Some(pending.expose()));
    let refused =
        emulator.requests().iter().filter(|r| r.path.ends_with("/complete") && r.status == Some(400)).count();
    assert_eq!(refused, 1, "the resend was refused, and the log settled it");
}

#[test]
fn fail_rotation_job_succeeds_when_its_answer_is_lost() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "lost-fail");
    client.start_rotation_job(&ncp::StartRotationJob::new(&id, &token)).unwrap();
    losing_the_first_answer(&emulator, || client.fail_rotation_job(&ncp::FailRotationJob::new(&id, &token)))
        .expect("the job failed as asked: success");
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(&id)).unwrap();
    assert_eq!(detail.rotation_phase, Some(ncp::RotationPhase::RotationFailed));
}

#[test]
fn the_rotation_helper_completes_when_the_completion_answer_is_lost() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "lost-rotate");
    let outcome = client.rotate(&id, &token, PendingValue::Random, |_| {
        // The next request is Complete Rotation Job: lose its answer.
        emulator.inject(Fault::LoseAnswer, 1);
        Ok::<(), std::io::Error>(())
    });
    let outcome = outcome.expect("the job completed: the rotation succeeded");
    let chain = client.get_secret_value(&ncp::GetSecretValue::new(&id)).unwrap();
    assert_eq!(chain.chain.active.as_ref().map(|a| a.expose()), Some(outcome.new_value.expose()));
    assert_eq!(emulator.request_count("POST", "/fail"), 0, "no Fail Rotation Job after a completed job");
}

#[test]
fn creates_whose_answers_are_lost_are_unknown_outcomes_naming_their_lookup() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let op = ncp::CreateSecret::new("lost-create", common::INITIAL_VALUE, ["password"]);
    let err = losing_the_first_answer(&emulator, || client.create_secret(&op)).unwrap_err();
    let Error::OutcomeUnknown(ref unknown) = err else { panic!("{err:?}") };
    assert_eq!(unknown.settled_by, "Get Secret List");
    assert_eq!(
        client.get_secret_list(&ncp::GetSecretList::new()).unwrap().total_count,
        1,
        "it was applied, once"
    );

    let (id, token) = secret_with_job(&client, "lost-execute");
    client.cancel_rotation_job(&ncp::CancelRotationJob::new(&id)).unwrap();
    let err = losing_the_first_answer(&emulator, || {
        client.execute_rotation_job(&ncp::ExecuteRotationJob::new(&id))
    })
    .unwrap_err();
    let Error::OutcomeUnknown(ref unknown) = err else { panic!("{err:?}") };
    assert_eq!((unknown.operation, unknown.settled_by), ("Execute Rotation Job", "Get Secret Logs"));
    assert_ne!(common::job_token(&client, &id), Some(token), "a new job was started, once");
}

#[test]
fn huawei_creates_and_rotations_whose_answers_are_lost_are_unknown_outcomes() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    let create =
        huawei::CreateSecret::new("hw-lost").secret_string("v1").rotation_func_urn(common::FUNCTION_URN);
    let err = losing_the_first_answer(&emulator, || client.create_secret(&create)).unwrap_err();
    assert!(matches!(err, Error::OutcomeUnknown(ref u) if u.settled_by == "ShowSecret"), "{err:?}");
    client.show_secret(&huawei::ShowSecret::new("hw-lost")).expect("it was created");

    let err =
        losing_the_first_answer(&emulator, || client.rotate_secret(&huawei::RotateSecret::new("hw-lost")))
            .unwrap_err();
    let Error::OutcomeUnknown(ref unknown) = err else { panic!("{err:?}") };
    assert_eq!((unknown.operation, unknown.settled_by), ("RotateSecret", "ListSecretTask"));
    assert!(err.to_string().contains("ListSecretTask"), "{err}");
    let tasks = client.list_secret_task(&huawei::ListSecretTask::new().secret_name("hw-lost")).unwrap();
    assert_eq!(tasks.tasks.len(), 1, "rotated once, and the task lookup shows it");

    let version = huawei::CreateSecretVersion::new("hw-lost").secret_string("v2");
    let err = losing_the_first_answer(&emulator, || client.create_secret_version(&version)).unwrap_err();
    assert!(matches!(err, Error::OutcomeUnknown(ref u) if u.settled_by == "ListSecretVersions"), "{err:?}");
}

#[test]
fn without_retries_a_lost_transition_is_read_back_and_a_lost_create_is_unknown() {
    let emulator = Emulator::start().unwrap();
    let client =
        common::ncp_builder(&emulator).retry(secretmanager_blocking::RetryPolicy::none()).build().unwrap();
    let (id, token) = secret_with_job(&client, "no-retries");
    client.start_rotation_job(&ncp::StartRotationJob::new(&id, &token)).unwrap();
    client.add_pending_stage(&ncp::AddPendingStage::new(&id, &token)).unwrap();
    losing_the_first_answer(&emulator, || {
        client.complete_rotation_job(&ncp::CompleteRotationJob::new(&id, &token))
    })
    .expect("not resent, but the log shows the job completed");
    assert_eq!(emulator.request_count("POST", "/complete"), 1, "sent once");

    // Disable Secret whose connection drops before it is applied, with no retry allowed: the
    // state shows nothing, and the request could still arrive, so the outcome stays unknown.
    let other = create_secret(&client, "no-retries-2");
    emulator.inject(Fault::DropConnection, 1);
    let err = client.disable_secret(&ncp::DisableSecret::new(&other)).unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(status(&client, &other), Some(SecretStatus::Enable));
}

#[test]
fn a_gateway_timeout_after_the_change_is_settled_too() {
    // The service completes the job, the gateway answers 504; the resend is refused.
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "applied-504");
    client.start_rotation_job(&ncp::StartRotationJob::new(&id, &token)).unwrap();
    let pending = client.add_pending_stage(&ncp::AddPendingStage::new(&id, &token)).unwrap().pending;
    emulator.inject_on(Fault::StatusAfterApplying(504), "/complete", 1);
    client.complete_rotation_job(&ncp::CompleteRotationJob::new(&id, &token)).expect("the job completed");
    let chain = client.get_secret_value(&ncp::GetSecretValue::new(&id)).unwrap();
    assert_eq!(chain.chain.active.as_ref().map(|a| a.expose()), Some(pending.expose()));

    // A create answered 504 after it was applied: unknown, not a failure.
    emulator.inject(Fault::StatusAfterApplying(504), 1);
    let op = ncp::CreateSecret::new("applied-504b", common::INITIAL_VALUE, ["password"]);
    let err = client.create_secret(&op).unwrap_err();
    assert!(err.is_outcome_unknown() && err.status() == Some(504), "{err:?}");
}

#[test]
fn delete_rotation_trigger_succeeds_when_its_answer_is_lost() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_secret(&client, "lost-trigger");
    client
        .update_rotation_trigger(&ncp::UpdateRotationTrigger::new(&id, secretmanager_emulator::TRIGGER_ID))
        .unwrap();
    losing_the_first_answer(&emulator, || {
        client.delete_rotation_trigger(&ncp::DeleteRotationTrigger::new(&id))
    })
    .expect("the trigger was removed: success");
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(&id)).unwrap();
    assert!(detail.trigger.is_none(), "{detail:?}");
}
