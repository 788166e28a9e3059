//! Which answers are retried, for which operations: every retryable status one by one, and a
//! seeded share of 503s over many calls, both checked against the emulator's request log.

mod common;

use std::time::Duration;

use secretmanager_blocking::ncp;
use secretmanager_blocking::{Error, RetryPolicy};
use secretmanager_emulator::{Emulator, Fault};

use common::{INITIAL_VALUE, ncp_builder, ncp_client};

const LIST_PATH: &str = "/api/v1/secrets";

/// The seed of the share-of-requests test. With it, the emulator's draws at 50 % fault at most
/// 5 requests in a row over the 55 requests that test sends (27 of its 20 reads are retries; 4
/// of its 8 creates are refused), far below [`RATIO_RETRIES`].
const RATIO_SEED: u64 = 7;

/// Retries allowed in the share-of-requests test. The emulator draws one fault decision per
/// request, in arrival order, from its seeded generator, and the client sends one request at a
/// time, so the sequence of faulted requests is fixed by the seed whatever the backoff jitter:
/// a read fails only if `RATIO_RETRIES + 1` requests in a row are faulted, which this seed never
/// does (the test asserts the longest run it met, so a changed generator shows up as a clear
/// failure, not as flakiness).
const RATIO_RETRIES: u32 = 12;

/// The longest run of consecutive faulted requests in the emulator's log.
fn longest_fault_run(emulator: &Emulator) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for record in emulator.requests() {
        run = if record.fault.is_some() { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[test]
fn a_seeded_share_of_503s_is_retried_for_reads_and_never_for_creates() {
    let emulator = Emulator::builder().seed(RATIO_SEED).start().unwrap();
    let client = ncp_builder(&emulator)
        .retry(
            RetryPolicy::default()
                .max_retries(RATIO_RETRIES)
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(4)),
        )
        .build()
        .unwrap();
    emulator.inject_ratio(Fault::Status(503), 50);

    for read in 0..20 {
        let list = client.get_secret_list(&ncp::GetSecretList::new());
        assert!(list.is_ok(), "read {read}: {:?}", list.err());
    }
    let reads = emulator.request_count("GET", LIST_PATH);
    assert!(reads > 20, "retries should show in the log: {reads} requests for 20 reads");
    let faulted_reads = emulator.requests().iter().filter(|r| r.method == "GET" && r.fault.is_some()).count();
    assert_eq!(reads - faulted_reads, 20, "exactly one answered attempt per read");

    let mut created = 0;
    let mut refused = 0;
    for n in 0..8 {
        let before = emulator.request_count("POST", LIST_PATH);
        let result =
            client.create_secret(&ncp::CreateSecret::new(format!("ratio-{n}"), INITIAL_VALUE, ["password"]));
        assert_eq!(
            emulator.request_count("POST", LIST_PATH),
            before + 1,
            "create {n} reached the emulator once"
        );
        match result {
            Ok(_) => created += 1,
            Err(err) => {
                assert_eq!(err.status(), Some(503), "create {n}: {err:?}");
                assert!(err.request_may_have_been_sent());
                refused += 1;
            }
        }
    }
    // The seed meets both outcomes, so "never resent" was really exercised.
    assert!(refused > 0 && created > 0, "{created} created, {refused} refused");
    let longest = longest_fault_run(&emulator);
    assert!(longest <= RATIO_RETRIES as usize, "seed {RATIO_SEED} faulted {longest} requests in a row");

    emulator.clear_faults();
    let list = client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert_eq!(list.total_count, created, "a refused create left no secret behind");
}

/// The statuses a read is retried on, with the error code the emulator's injected answer
/// carries (429 has the API Gateway's "Quota Exceeded" body, code "400").
const RETRYABLE: [(u16, &str); 4] = [
    (500, "INTERNAL_SERVER_ERROR"),
    (502, "INTERNAL_SERVER_ERROR"),
    (504, "INTERNAL_SERVER_ERROR"),
    (429, "400"),
];

#[test]
fn each_retryable_status_is_retried_for_a_read() {
    for (status, _) in RETRYABLE {
        let emulator = Emulator::start().unwrap();
        let client = ncp_client(&emulator);
        emulator.inject(Fault::Status(status), 1);
        let list = client.get_secret_list(&ncp::GetSecretList::new());
        assert!(list.is_ok(), "{status}: {:?}", list.err());
        let statuses: Vec<_> = emulator.requests().into_iter().map(|r| r.status).collect();
        assert_eq!(statuses, [Some(status), Some(200)], "{status}: one retry, then success");
    }
}

#[test]
fn no_retryable_status_is_retried_for_a_create() {
    for (status, code) in RETRYABLE {
        let emulator = Emulator::start().unwrap();
        let client = ncp_client(&emulator);
        emulator.inject(Fault::Status(status), 1);
        let err = client
            .create_secret(&ncp::CreateSecret::new("not-resent", INITIAL_VALUE, ["password"]))
            .unwrap_err();
        // 429 and 503 say the request was not processed; after a 500, 502 or 504 it may have
        // been applied, so the create's outcome is unknown.
        let answer = match &err {
            Error::Api(_) if matches!(status, 429 | 503) => &err,
            Error::OutcomeUnknown(unknown) if matches!(status, 500 | 502 | 504) => unknown.cause.as_ref(),
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!((err.status(), err.code()), (Some(status), Some(code)), "{err}");
        assert!(answer.retryable(), "{status} is transient, yet a create is not resent");
        assert_eq!(emulator.request_count("POST", LIST_PATH), 1, "{status}: sent once");
        assert_eq!(client.get_secret_list(&ncp::GetSecretList::new()).unwrap().total_count, 0);
    }
}
