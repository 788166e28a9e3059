//! What `sm_error` tells about a failed call, read through the C functions, against the
//! emulator: the status of the answer's kind, the provider's request id
//! (`sm_error_request_id`) and whether a later resend may succeed (`sm_error_retryable`).

mod common;

use std::ptr;

use secretmanager::*;
use secretmanager_emulator::Fault;

use common::{ErrorInfo, c, call, emulator};

/// The emulator's request ids, like the providers': 32 hexadecimal digits.
fn request_id(err: &ErrorInfo) -> &str {
    let id = err.request_id.as_deref().unwrap_or_else(|| panic!("no request id: {err:?}"));
    assert!(id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    id
}

fn secret_detail(client: &common::Client, id: &str) -> Result<(), ErrorInfo> {
    let id = c(id);
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    let result = call(|err| unsafe { sm_get_secret_detail(client.get(), id.as_ptr(), &mut secret, err) });
    // SAFETY: secret is NULL or owned by this test, freed once.
    unsafe { sm_secret_free(secret) };
    result
}

#[test]
fn a_refusal_has_its_status_and_request_id_and_is_not_retryable() {
    let (_emulator, client) = emulator();
    let first = secret_detail(&client, "no-such-secret").unwrap_err();
    assert_eq!(
        (first.status, first.http_status, first.code.as_str()),
        (sm_status::SM_NOT_FOUND, 404, "NOT_FOUND")
    );
    assert!(!first.retryable);
    let second = secret_detail(&client, "no-such-secret").unwrap_err();
    assert_ne!(request_id(&first), request_id(&second), "each answer has its own id");
    assert!(first.message.contains(request_id(&first)), "{}", first.message);
}

#[test]
fn server_faults_and_quotas_are_retryable() {
    let (emulator, client) = emulator();
    // The client retries nothing (max_retries 0): the first answer is the error.
    let cases = [
        (503, sm_status::SM_API_ERROR, "INTERNAL_SERVER_ERROR", true),
        (501, sm_status::SM_API_ERROR, "INTERNAL_SERVER_ERROR", false),
        (429, sm_status::SM_QUOTA_EXCEEDED, "400", true),
        (400, sm_status::SM_INVALID_REQUEST, "INVALID_REQUEST", false),
    ];
    for (http_status, status, code, retryable) in cases {
        emulator.inject(Fault::Status(http_status), 1);
        let err = secret_detail(&client, "any").unwrap_err();
        assert_eq!((err.status, err.http_status, err.code.as_str()), (status, http_status, code), "{err:?}");
        assert_eq!(err.retryable, retryable, "{err:?}");
        request_id(&err);
    }
}

#[test]
fn failures_without_an_answer_have_no_request_id() {
    let (_emulator, client) = emulator();
    let mut secret = ptr::null_mut();
    // SAFETY: a NULL secret id is refused before anything is sent; the other pointers are valid.
    let err =
        call(|err| unsafe { sm_get_secret_detail(client.get(), ptr::null(), &mut secret, err) }).unwrap_err();
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
    assert_eq!((err.request_id, err.retryable), (None, false));

    // Nothing listens on port 9 of 127.0.0.1: refused, never sent, worth another try.
    let unreachable = common::Client::new("http://127.0.0.1:9", "AK", "SK");
    let err = secret_detail(&unreachable, "any").unwrap_err();
    assert_eq!(err.status, sm_status::SM_TRANSPORT_ERROR, "{err:?}");
    assert_eq!((err.request_id, err.retryable), (None, true));
}
