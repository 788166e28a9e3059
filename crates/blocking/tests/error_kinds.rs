//! What a failed call says through the blocking clients, against the emulator: the kind of the
//! provider's answer, its request id, and whether it is retryable, which is exactly what the
//! retry loop goes by.

mod common;

use secretmanager_blocking::{ApiErrorKind, Error, RetryPolicy, huawei, ncp};
use secretmanager_emulator::{Emulator, Fault};

use common::{huawei_builder, huawei_client, ncp_builder, ncp_client};

const LIST_PATH: &str = "/api/v1/secrets";

/// The emulator's request ids, like the providers': 32 hexadecimal digits.
fn assert_request_id(err: &Error) -> String {
    let id = err.request_id().unwrap_or_else(|| panic!("no request id: {err}"));
    assert!(id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    id.to_owned()
}

#[test]
fn ncp_refusals_have_their_kind_and_trace_id_and_are_sent_once() {
    let emulator = Emulator::start().expect("the emulator starts");
    let client = ncp_client(&emulator);

    let missing = client.get_secret_detail(&ncp::GetSecretDetail::new("no-such-secret")).unwrap_err();
    assert_eq!((missing.status(), missing.code()), (Some(404), Some("NOT_FOUND")), "{missing}");
    assert_eq!(missing.kind(), Some(ApiErrorKind::NotFound));
    assert!(!missing.retryable());
    let first_id = assert_request_id(&missing);
    assert!(missing.to_string().contains(&first_id), "the message quotes the request id: {missing}");

    let id = common::create_secret(&client, "kinds");
    let busy = client.enable_secret(&ncp::EnableSecret::new(&id)).unwrap_err();
    assert_eq!(
        (busy.kind(), busy.code()),
        (Some(ApiErrorKind::InvalidState), Some("INVALID_STATUS")),
        "{busy}"
    );
    assert!(!busy.retryable());
    assert_ne!(assert_request_id(&busy), first_id, "each answer has its own id");

    let refused = client
        .create_secret(
            &ncp::CreateSecret::new("kinds-two", common::INITIAL_VALUE, ["password"])
                .auto_rotation(7, "no-such-trigger"),
        )
        .unwrap_err();
    assert_eq!(refused.kind(), Some(ApiErrorKind::InvalidRequest), "{refused}");
    assert!(!refused.retryable());
    assert_request_id(&refused);

    // Each refusal was sent once, although the client allows retries.
    assert_eq!(emulator.request_count("GET", "/api/v1/secrets/no-such-secret"), 1);
    assert_eq!(emulator.request_count("POST", "/enable"), 1);
    assert_eq!(emulator.request_count("POST", LIST_PATH), 2, "kinds, then kinds-two once");
}

#[test]
fn a_wrong_key_is_an_authentication_failure() {
    let emulator = Emulator::start().expect("the emulator starts");
    let credentials = ncp::Credentials::new(secretmanager_emulator::NCP_ACCESS_KEY, "not-the-secret-key");
    let client = ncp_builder(&emulator).credentials(credentials).build().expect("client");
    let err = client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert_eq!((err.kind(), err.code()), (Some(ApiErrorKind::Authentication), Some("200")), "{err}");
    assert!(!err.retryable());
    assert_request_id(&err);
    assert!(!err.to_string().contains("not-the-secret-key"), "{err}");
}

#[test]
fn retryable_is_what_the_retry_loop_resends() {
    // The emulator's injected answers: 429 is the gateway's "400" Quota Exceeded, 5xx
    // INTERNAL_SERVER_ERROR, any other status INVALID_REQUEST.
    let cases = [
        (400, ApiErrorKind::InvalidRequest, false),
        (403, ApiErrorKind::InvalidRequest, false),
        (429, ApiErrorKind::Quota, true),
        (500, ApiErrorKind::Other, true),
        (501, ApiErrorKind::Other, false),
        (502, ApiErrorKind::Other, true),
        (503, ApiErrorKind::Other, true),
        (504, ApiErrorKind::Other, true),
    ];
    for (status, kind, retryable) in cases {
        let emulator = Emulator::start().expect("the emulator starts");
        let once = ncp_builder(&emulator).retry(RetryPolicy::none()).build().expect("client");
        emulator.inject(Fault::Status(status), 1);
        let err = once.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
        assert_eq!(
            (err.status(), err.kind(), err.retryable()),
            (Some(status), Some(kind), retryable),
            "{err}"
        );
        assert_request_id(&err);

        // A read that may be resent is resent exactly when its error is retryable.
        let retrying = ncp_client(&emulator);
        emulator.inject(Fault::Status(status), 1);
        let answer = retrying.get_secret_list(&ncp::GetSecretList::new());
        let sent = emulator.request_count("GET", LIST_PATH) - 1;
        if retryable {
            assert!(answer.is_ok(), "{status}: {:?}", answer.err());
            assert_eq!(sent, 2, "{status}: the fault, then one resend");
        } else {
            let err = answer.expect_err("not resent, so the fault stands");
            assert_eq!(err.kind(), Some(kind));
            assert_eq!(sent, 1, "{status}: sent once");
        }
    }
}

#[test]
fn huawei_answers_are_judged_by_their_code_and_carry_x_request_id() {
    let emulator = Emulator::start().expect("the emulator starts");
    let client = huawei_client(&emulator);

    // CSMS answers 400 CSMS.0005: not found, by its code.
    let missing = client.show_secret(&huawei::ShowSecret::new("hw-missing")).unwrap_err();
    assert_eq!((missing.status(), missing.code()), (Some(400), Some("CSMS.0005")), "{missing}");
    assert_eq!(missing.kind(), Some(ApiErrorKind::NotFound));
    assert!(!missing.retryable());
    let id = assert_request_id(&missing);
    assert_eq!(missing.api().and_then(|api| api.request_id()), Some(id.as_str()));

    let once = huawei_builder(&emulator).retry(RetryPolicy::none()).build().expect("client");
    emulator.inject(Fault::Status(429), 1);
    let throttled = once.list_secrets(&huawei::ListSecrets::new()).unwrap_err();
    assert_eq!((throttled.kind(), throttled.code()), (Some(ApiErrorKind::Throttled), Some("APIG.0308")));
    assert!(throttled.retryable());
    assert_ne!(assert_request_id(&throttled), id);

    let denied = huawei_builder(&emulator)
        .credentials(huawei::Credentials::new(secretmanager_emulator::HUAWEI_ACCESS_KEY, "not-the-key"))
        .build()
        .expect("client")
        .list_secrets(&huawei::ListSecrets::new())
        .unwrap_err();
    assert_eq!((denied.kind(), denied.code()), (Some(ApiErrorKind::Authentication), Some("APIGW.0301")));
    assert!(!denied.retryable());
    assert_request_id(&denied);
}

#[test]
fn an_unknown_outcome_keeps_the_answer_but_is_not_retryable() {
    let emulator = Emulator::start().expect("the emulator starts");
    let client = ncp_builder(&emulator).retry(RetryPolicy::none()).build().expect("client");
    // A 504 after the create was applied: its outcome is unknown.
    emulator.inject(Fault::StatusAfterApplying(504), 1);
    let err = client
        .create_secret(&ncp::CreateSecret::new("maybe", common::INITIAL_VALUE, ["password"]))
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err}");
    assert_eq!((err.status(), err.kind()), (Some(504), Some(ApiErrorKind::Other)));
    assert_request_id(&err);
    assert!(!err.retryable(), "the create may have been applied: never blindly resent");
}
