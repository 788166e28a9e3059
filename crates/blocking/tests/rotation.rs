//! The rotation helper `ncp::Client::rotate` against the emulator: each way of producing
//! PENDING, and failures at each step reported with Fail Rotation Job.

mod common;

use std::cell::RefCell;

use secretmanager_blocking::SecretString;
use secretmanager_blocking::ncp::{self, PendingValue, RotationCause, RotationPhase, RotationStep};
use secretmanager_emulator::{Emulator, REDACTED_JOB_TOKEN};

use common::{INITIAL_VALUE, ncp_client, secret_with_job};

fn chain(client: &ncp::Client, id: &str) -> ncp::SecretChain {
    client.get_secret_value(&ncp::GetSecretValue::new(id)).expect("get secret value").chain
}

fn password(value: &str) -> String {
    let json: serde_json::Value = serde_json::from_str(value).expect("a JSON value");
    json["password"].as_str().expect("a password key").to_owned()
}

#[test]
fn random_pending_is_applied_and_becomes_active() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "rot-random");
    let applied = RefCell::new(None);
    let outcome = client
        .rotate(&id, &token, PendingValue::Random, |rotation| {
            assert_eq!(rotation.current.chain.active.as_ref().unwrap().expose(), INITIAL_VALUE);
            *applied.borrow_mut() = Some(rotation.pending.clone());
            Ok::<(), std::io::Error>(())
        })
        .unwrap();
    let applied: SecretString = applied.into_inner().unwrap();
    assert_eq!(outcome.new_value.expose(), applied.expose());
    assert_ne!(password(applied.expose()), password(INITIAL_VALUE));
    let after = chain(&client, &id);
    assert_eq!(after.active.unwrap().expose(), applied.expose());
    assert_eq!(after.previous.unwrap().expose(), INITIAL_VALUE);
    assert!(!format!("{outcome:?}").contains(&password(applied.expose())));
}

#[test]
fn generated_pending_replaces_only_the_rotation_targets() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "rot-generate");
    let options = ncp::GenerateRandomSecret::new("", "").length(16).exclude_punctuation(true);
    let outcome = client
        .rotate(&id, &token, PendingValue::Generate(options), |_| Ok::<(), std::io::Error>(()))
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(outcome.new_value.expose()).unwrap();
    assert_eq!(value["user"], "app");
    let pw = value["password"].as_str().unwrap();
    assert_eq!(pw.len(), 16);
    assert!(pw.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '), "{pw}");
    assert_eq!(chain(&client, &id).active.unwrap().expose(), outcome.new_value.expose());
    assert_eq!(emulator.request_count("POST", "/generate-random-secret"), 1);
}

#[test]
fn custom_pending_is_built_from_the_current_chain() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "rot-custom");
    let produce = |current: &ncp::SecretValueChain| {
        let active = current.chain.active.as_ref().ok_or("no active value")?;
        Ok(SecretString::from(active.expose().replace("initial-pw-1", "custom-pw-2")))
    };
    client.rotate(&id, &token, PendingValue::custom(produce), |_| Ok::<(), std::io::Error>(())).unwrap();
    assert_eq!(password(chain(&client, &id).active.unwrap().expose()), "custom-pw-2");
}

#[test]
fn a_failing_apply_fails_the_job_and_keeps_the_active_value() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "rot-applyfail");
    let err = client
        .rotate(&id, &token, PendingValue::Random, |_| Err(std::io::Error::other("database unreachable")))
        .unwrap_err();
    assert_eq!(err.step, RotationStep::Apply);
    assert!(matches!(err.cause, RotationCause::Apply(ref e) if e.to_string() == "database unreachable"));
    assert!(err.fail_reported());
    assert!(err.to_string().contains("reported failed"), "{err}");
    let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).unwrap();
    assert_eq!(detail.rotation_phase, Some(RotationPhase::RotationFailed));
    let after = chain(&client, &id);
    assert_eq!(after.active.unwrap().expose(), INITIAL_VALUE);
    assert!(after.pending.is_none());
    // The request log shows job tokens redacted.
    assert_eq!(emulator.request_count("POST", &format!("{id}/jobs/{REDACTED_JOB_TOKEN}/fail")), 1);
}

#[test]
fn a_failing_producer_fails_the_job_before_apply() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "rot-prodfail");
    let mut applied = false;
    let err = client
        .rotate(&id, &token, PendingValue::custom(|_| Err("vault offline".into())), |_| {
            applied = true;
            Ok::<(), std::io::Error>(())
        })
        .unwrap_err();
    assert!(!applied);
    assert_eq!(err.step, RotationStep::Pending);
    assert!(matches!(err.cause, RotationCause::Produce(ref e) if e.to_string() == "vault offline"));
    assert!(err.fail_reported());
}

#[test]
fn an_unknown_job_fails_at_start_and_says_the_report_failed_too() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let (id, _token) = secret_with_job(&client, "rot-badtoken");
    let err = client
        .rotate(&id, "not-the-token", PendingValue::Random, |_| Ok::<(), std::io::Error>(()))
        .unwrap_err();
    assert_eq!(err.step, RotationStep::Start);
    assert!(matches!(err.cause, RotationCause::Api(ref e) if e.status().is_some()), "{err:?}");
    assert!(!err.fail_reported());
}
