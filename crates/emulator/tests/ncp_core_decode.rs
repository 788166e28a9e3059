//! Every one of the 32 NCP operations, built by the core, answered by the emulator and decoded
//! by the core's `ncp::decode` into the operation's output type, under both URL layouts the
//! emulator serves: `/api/v1/...` (KR) and `/secretmanager/api/v1/...` (JPN style base path).

mod common;

use std::cell::RefCell;
use std::collections::BTreeSet;

use common::Harness;
use secretmanager_core::ncp::{self, Endpoint, Operation, RequestFactory, SecretStage};
use secretmanager_emulator::{Emulator, KMS_KEY_TAG, SECOND_TRIGGER_ID, TRIGGER_ID};
use serde_json::Value;

/// The base path of the second layout.
const PREFIX: &str = "/secretmanager";

/// What one call answered, in a form that does not depend on ids, tokens or times: the
/// operation, the status and the field names of `data` (`None` when `data` is null).
type Outcome = (&'static str, u16, Option<BTreeSet<String>>);

/// An emulator whose client signs for one layout, and the outcomes of the calls made so far.
struct Layout {
    h: Harness,
    outcomes: RefCell<Vec<Outcome>>,
}

impl Layout {
    /// Requests to `{base_url}{base_path}/api/v1/...`.
    fn new(base_path: &str) -> Self {
        let mut h = Harness::with(Emulator::start().expect("emulator starts"));
        let endpoint =
            Endpoint::parse(&format!("{}{base_path}", h.emulator.base_url())).expect("base url parses");
        assert_eq!(endpoint.base_path(), base_path);
        h.factory = RequestFactory::new(endpoint, &h.emulator.ncp_credentials());
        Self { h, outcomes: RefCell::new(Vec::new()) }
    }

    /// Calls `op` and decodes the answer with the core, which must succeed.
    fn decoded<O: Operation<Provider = ncp::Ncp>>(&self, op: &O) -> O::Output {
        let answer = self.h.call(op);
        let body = serde_json::to_vec(&answer.body).expect("JSON");
        let fields = match &answer.body["data"] {
            Value::Object(data) => Some(data.keys().cloned().collect()),
            _ => None,
        };
        self.outcomes.borrow_mut().push((O::NAME, answer.status, fields));
        match ncp::decode::<O::Output>(answer.status, &body) {
            Ok(output) => output,
            Err(err) => panic!("{} did not decode: {err} ({} {:?})", O::NAME, answer.status, answer.body),
        }
    }

    /// The token of the newest rotation job of `id`, read from its log.
    fn newest_job_token(&self, id: &str) -> String {
        let logs = self.decoded(&ncp::GetSecretLogs::new(id).keyword("Execute Rotation Job"));
        logs.entries.first().and_then(|entry| entry.job_token.clone()).expect("a job token")
    }
}

/// Runs all 32 operations through `layout`; returns the secret id used.
fn run_all_32(layout: &Layout) -> String {
    let value = r#"{"user":"u","password":"p"}"#;
    let secret = layout.decoded(
        &ncp::CreateSecret::new("decoded", value, ["password"]).memo("m").auto_rotation(7, TRIGGER_ID),
    );
    let id = secret.secret_id.clone();
    layout.decoded(&ncp::GetSecretList::new());
    layout.decoded(&ncp::GetSecretDetail::new(&id));
    layout.decoded(&ncp::GetSecretValue::new(&id));
    layout.decoded(&ncp::GetSecretStageValue::new(&id, SecretStage::Active));
    layout.decoded(&ncp::GetProtectionKeyList::new());
    layout.decoded(&ncp::GetTriggerList::new());
    layout.decoded(&ncp::UpdateSecretValue::new(&id).previous(value));
    layout.decoded(&ncp::UpdateSecretStageValue::new(&id, SecretStage::Active, value));
    layout.decoded(&ncp::UpdateSecretMemo::new(&id, "memo 2"));
    layout.decoded(&ncp::UpdateProtectionKey::new(&id).user_managed_key(KMS_KEY_TAG));
    layout.decoded(&ncp::UpdateRotationPeriod::new(&id, 14));
    layout.decoded(&ncp::UpdateRotationTrigger::new(&id, SECOND_TRIGGER_ID));
    layout.decoded(&ncp::DisableAutoRotation::new(&id));
    layout.decoded(&ncp::EnableAutoRotation::new(&id).rotation_period(3));

    layout.decoded(&ncp::ExecuteRotationJob::new(&id));
    let logs = layout.decoded(&ncp::GetSecretLogs::new(&id).keyword("Execute Rotation Job"));
    assert_eq!(logs.total_count, 1);
    let token = layout.newest_job_token(&id);
    layout.decoded(&ncp::StartRotationJob::new(&id, &token));
    layout.decoded(&ncp::GenerateRandomSecret::new(&id, &token).length(16));
    layout.decoded(&ncp::AddPendingStage::new(&id, &token));
    layout.decoded(&ncp::UpdatePendingStage::new(&id, &token, value));
    layout.decoded(&ncp::FailRotationJob::new(&id, &token));
    layout.decoded(&ncp::RetryRotationJob::new(&id));
    layout.decoded(&ncp::CancelRotationJob::new(&id));
    layout.decoded(&ncp::ExecuteRotationJob::new(&id));
    let token = layout.newest_job_token(&id);
    layout.decoded(&ncp::StartRotationJob::new(&id, &token));
    layout.decoded(&ncp::AddPendingStage::new(&id, &token));
    layout.decoded(&ncp::CompleteRotationJob::new(&id, &token));
    layout.decoded(&ncp::RollbackRotationJob::new(&id));

    layout.decoded(&ncp::DisableAutoRotation::new(&id));
    layout.decoded(&ncp::DeleteRotationTrigger::new(&id));
    layout.decoded(&ncp::DisableSecret::new(&id));
    layout.decoded(&ncp::EnableSecret::new(&id));
    layout.decoded(&ncp::RequestSecretDeletion::new(&id));
    layout.decoded(&ncp::CancelSecretDeletion::new(&id));
    layout.decoded(&ncp::RequestSecretDeletion::new(&id));
    layout.decoded(&ncp::DeleteSecret::new(&id));
    id
}

/// The distinct (method, path) pairs the emulator received, with the secret id and job
/// tokens replaced by placeholders.
fn distinct_operations(layout: &Layout, id: &str) -> BTreeSet<(String, String)> {
    layout
        .h
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
        .collect()
}

#[test]
fn all_32_operations_decode_with_the_core_under_both_layouts() {
    let plain = Layout::new("");
    let prefixed = Layout::new(PREFIX);
    let plain_id = run_all_32(&plain);
    let prefixed_id = run_all_32(&prefixed);

    // Same answers, call by call.
    let outcomes = plain.outcomes.borrow();
    assert!(outcomes.iter().all(|(_, status, _)| *status == 200), "{outcomes:?}");
    assert_eq!(*outcomes, *prefixed.outcomes.borrow());

    // Each of the 32 operation paths was used, under its layout's base path: every request
    // arrived (and, as the emulator verifies the signature over the path as sent, was signed)
    // with `/secretmanager` in the prefixed layout and without it in the plain one.
    let plain_ops = distinct_operations(&plain, &plain_id);
    assert_eq!(plain_ops.len(), 32, "{plain_ops:?}");
    assert!(plain_ops.iter().all(|(_, path)| !path.starts_with(PREFIX)), "{plain_ops:?}");
    let prefixed_ops = distinct_operations(&prefixed, &prefixed_id);
    assert_eq!(prefixed_ops.len(), 32, "{prefixed_ops:?}");
    let unprefixed: BTreeSet<(String, String)> = prefixed_ops
        .iter()
        .map(|(method, path)| {
            let rest = path.strip_prefix(PREFIX).unwrap_or_else(|| panic!("{path} lacks {PREFIX}"));
            (method.clone(), rest.to_owned())
        })
        .collect();
    assert_eq!(unprefixed, plain_ops);
}

#[test]
fn a_request_signed_without_the_base_path_is_refused() {
    let prefixed = Layout::new(PREFIX);
    let op = ncp::GetSecretList::new();
    let now = prefixed.h.emulator.now();
    let signed_with_prefix = prefixed.h.factory.build(&op, now).expect("builds");
    let url = signed_with_prefix.url.clone();
    assert!(url.contains("/secretmanager/api/v1/secrets"), "{url}");
    assert_eq!(prefixed.h.send(&signed_with_prefix).expect("answered").status, 200);

    // The same URL, with headers signed over `/api/v1/secrets` (the path without the prefix).
    let plain_factory = RequestFactory::new(
        Endpoint::parse(prefixed.h.emulator.base_url()).expect("parses"),
        &prefixed.h.emulator.ncp_credentials(),
    );
    let mut signed_without_prefix = plain_factory.build(&op, now).expect("builds");
    assert!(!signed_without_prefix.url.contains(PREFIX));
    signed_without_prefix.url = url;
    let refused = prefixed.h.send(&signed_without_prefix).expect("answered");
    assert_eq!(refused.status, 401, "{:?}", refused.body);
    assert_eq!(refused.body["error"]["errorCode"], "200", "{:?}", refused.body);
    assert_eq!(refused.body["error"]["message"], "Authentication Failed");

    // And the other way round: signed with the prefix, sent without it.
    let mut sent_without_prefix = prefixed.h.factory.build(&op, now).expect("builds");
    sent_without_prefix.url = sent_without_prefix.url.replacen(PREFIX, "", 1);
    let refused = prefixed.h.send(&sent_without_prefix).expect("answered");
    assert_eq!(refused.status, 401, "{:?}", refused.body);

    let statuses: Vec<Option<u16>> = prefixed.h.emulator.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(200), Some(401), Some(401)]);
}
