//! A job token authorises the steps of one rotation job: no `Debug` output, built request or
//! error of the core may print it, while the secret id it goes with stays visible.

use super::*;
use crate::ncp::{Credentials, Endpoint, Operation, RequestFactory, decode};
use crate::secret::REDACTED;

/// A job token that must never be printed.
const TOKEN: &str = "j0b-t0ken-n0t-f0r-l0gs";
/// The secret id, which must still be printed.
const SECRET_ID: &str = "secret-id-shown";

fn factory() -> RequestFactory {
    RequestFactory::new(Endpoint::kr_global(), &Credentials::new("AK", "SK"))
}

fn assert_token_hidden(printed: &str, what: &str) {
    assert!(!printed.contains(TOKEN), "{what} printed the job token: {printed}");
}

/// Prints `op` (both `Debug` forms) and its built request.
fn check_step<O: Operation<Provider = crate::ncp::Ncp> + std::fmt::Debug>(op: O) {
    for printed in [format!("{op:?}"), format!("{op:#?}")] {
        assert_token_hidden(&printed, O::NAME);
        assert!(printed.contains(SECRET_ID), "{} hides the secret id: {printed}", O::NAME);
        assert!(printed.contains(REDACTED), "{} shows no redaction marker: {printed}", O::NAME);
    }
    let request = factory().build_at_millis(&op, 1_700_000_000_000).unwrap();
    assert!(request.url.contains(TOKEN), "{}: the request must still carry the token", O::NAME);
    let printed = format!("{request:?}");
    assert_token_hidden(&printed, O::NAME);
    assert!(printed.contains(SECRET_ID), "{}: {printed}", O::NAME);
}

#[test]
fn no_job_step_prints_its_token() {
    check_step(StartRotationJob::new(SECRET_ID, TOKEN));
    check_step(AddPendingStage::new(SECRET_ID, TOKEN));
    check_step(UpdatePendingStage::new(SECRET_ID, TOKEN, r#"{"pw":"x"}"#));
    check_step(GenerateRandomSecret::new(SECRET_ID, TOKEN).length(16).exclude_characters("'\""));
    check_step(CompleteRotationJob::new(SECRET_ID, TOKEN));
    check_step(FailRotationJob::new(SECRET_ID, TOKEN));
}

#[test]
fn generate_random_secret_still_prints_its_settings() {
    let printed = format!("{:?}", GenerateRandomSecret::new(SECRET_ID, TOKEN).length(17));
    assert!(printed.contains("length: 17"), "{printed}");
    assert!(printed.contains("require_each_included_type: true"), "{printed}");
}

#[test]
fn a_decoded_log_entry_does_not_print_its_token() {
    let body = format!(
        r#"{{"code":"SUCCESS","data":{{"pageSize":100,"currentPage":1,"totalPage":1,"totalCount":2,"paged":true,
            "result":[{{"logId":"l2","secretId":"{SECRET_ID}","action":"Execute Rotation Job","jobToken":"{TOKEN}",
                        "result":"SUCCESS","createDate":1753067196001}},
                      {{"logId":"l1","secretId":"{SECRET_ID}","action":"Get Secret Value","createDate":1}}]}}}}"#
    );
    let page: SecretLogPage = decode(200, body.as_bytes()).unwrap();
    assert_eq!(page.entries[0].job_token.as_deref(), Some(TOKEN), "the value itself is kept");
    for printed in [format!("{page:?}"), format!("{page:#?}"), format!("{:?}", page.entries[0])] {
        assert_token_hidden(&printed, "a log page");
        assert!(printed.contains(SECRET_ID) && printed.contains("Execute Rotation Job"), "{printed}");
    }
    let entry = format!("{:?}", page.entries[0]);
    assert!(entry.contains(&format!("job_token: Some({REDACTED})")), "{entry}");
    let without = format!("{:?}", page.entries[1]);
    assert!(without.contains("job_token: None"), "{without}");
}

#[test]
fn no_validation_error_prints_the_token() {
    let bad_token = format!("{TOKEN}\n");
    let bad_id = format!("{TOKEN}\0");
    let value = r#"{"pw":"x"}"#;
    let errors: Vec<crate::Error> = vec![
        factory().build_at_millis(&StartRotationJob::new(SECRET_ID, &bad_token), 0).unwrap_err(),
        factory().build_at_millis(&AddPendingStage::new(&bad_id, TOKEN), 0).unwrap_err(),
        factory().build_at_millis(&UpdatePendingStage::new(SECRET_ID, &bad_token, value), 0).unwrap_err(),
        factory().build_at_millis(&UpdatePendingStage::new(SECRET_ID, TOKEN, TOKEN), 0).unwrap_err(),
        factory().build_at_millis(&GenerateRandomSecret::new(SECRET_ID, TOKEN).length(99), 0).unwrap_err(),
        factory().build_at_millis(&CompleteRotationJob::new(SECRET_ID, &bad_token), 0).unwrap_err(),
        factory().build_at_millis(&FailRotationJob::new(SECRET_ID, &bad_token), 0).unwrap_err(),
        factory().build_at_millis(&GetSecretLogs::new(SECRET_ID).keyword(&bad_token), 0).unwrap_err(),
    ];
    for err in errors {
        assert!(matches!(err, crate::Error::Validation(_)), "{err:?}");
        assert_token_hidden(&format!("{err} {err:?} {err:#?}"), "a validation error");
    }
}
