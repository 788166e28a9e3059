//! Retries, timeouts, clock skew and bad credentials, with faults injected by the emulator and
//! checked against its request log.

mod common;

use std::time::Duration;

use secretmanager_blocking::ncp::{self, Credentials};
use secretmanager_blocking::{ApiErrorKind, Error, RetryPolicy, TimeoutPhase, TransportErrorKind};
use secretmanager_emulator::{Emulator, Fault, NCP_ACCESS_KEY};

use common::{fast_retry, ncp_builder, ncp_client};

const LIST_PATH: &str = "/api/v1/secrets";

#[test]
fn status_503_is_retried_for_a_read() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    emulator.inject(Fault::Status(503), 2);
    client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert_eq!(emulator.request_count("GET", LIST_PATH), 3);
    let faults: Vec<_> = emulator.requests().into_iter().filter_map(|r| r.fault).collect();
    assert_eq!(faults, ["status 503", "status 503"]);
}

#[test]
fn status_429_is_retried_for_a_read() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    emulator.inject(Fault::Status(429), 1);
    client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert_eq!(emulator.request_count("GET", LIST_PATH), 2);
}

#[test]
fn retries_are_bounded() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_builder(&emulator).retry(fast_retry().max_retries(2)).build().unwrap();
    emulator.inject(Fault::Status(503), 10);
    let err = client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert_eq!(err.status(), Some(503), "{err}");
    assert_eq!(emulator.request_count("GET", LIST_PATH), 3);
}

#[test]
fn no_retry_policy_sends_once() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_builder(&emulator).retry(RetryPolicy::none()).build().unwrap();
    emulator.inject(Fault::Status(503), 1);
    assert!(client.get_secret_list(&ncp::GetSecretList::new()).is_err());
    assert_eq!(emulator.request_count("GET", LIST_PATH), 1);
}

#[test]
fn a_read_is_retried_after_a_dropped_connection() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    emulator.inject(Fault::DropConnection, 1);
    client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert_eq!(emulator.request_count("GET", LIST_PATH), 2);
}

#[test]
fn create_is_never_sent_twice_after_503() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    emulator.inject(Fault::Status(503), 1);
    let err = client
        .create_secret(&ncp::CreateSecret::new("once", common::INITIAL_VALUE, ["password"]))
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.request_may_have_been_sent());
    assert_eq!(emulator.request_count("POST", LIST_PATH), 1);
    assert_eq!(client.get_secret_list(&ncp::GetSecretList::new()).unwrap().total_count, 0);
}

#[test]
fn create_is_never_sent_twice_after_a_dropped_connection() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    emulator.inject(Fault::DropConnection, 1);
    let err = client
        .create_secret(&ncp::CreateSecret::new("once", common::INITIAL_VALUE, ["password"]))
        .unwrap_err();
    // The create may have been applied: a distinct outcome naming the lookup that settles it.
    let Error::OutcomeUnknown(ref unknown) = err else { panic!("{err:?}") };
    assert_eq!((unknown.operation, unknown.settled_by), ("Create Secret", "Get Secret List"));
    assert!(
        matches!(*unknown.cause, Error::Transport(ref t) if t.kind != TransportErrorKind::ConnectFailed),
        "{err:?}"
    );
    assert!(err.request_may_have_been_sent());
    assert_eq!(emulator.request_count("POST", LIST_PATH), 1);
}

#[test]
fn execute_rotation_job_is_never_sent_twice_after_503() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = common::create_secret(&client, "exec-once");
    client
        .enable_auto_rotation(
            &ncp::EnableAutoRotation::new(id.as_str())
                .rotation_period(30)
                .trigger_id(secretmanager_emulator::TRIGGER_ID),
        )
        .unwrap();
    emulator.inject(Fault::Status(503), 1);
    assert!(client.execute_rotation_job(&ncp::ExecuteRotationJob::new(id.as_str())).is_err());
    assert_eq!(emulator.request_count("POST", &format!("{id}/rotation")), 1);
}

#[test]
fn a_delay_beyond_the_read_timeout_is_a_timeout() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_builder(&emulator)
        .read_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    emulator.inject(Fault::Delay(Duration::from_millis(1500)), 1);
    let err = client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert!(matches!(err, Error::Timeout(ref t) if t.phase != TimeoutPhase::Connect), "{err:?}");
    assert!(err.is_timeout());
    assert!(err.request_may_have_been_sent());
}

#[test]
fn a_read_timeout_is_retried_for_a_read() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_builder(&emulator).read_timeout(Duration::from_secs(2)).build().unwrap();
    // Far longer than the read timeout (the emulator's drop ends it).
    emulator.inject(Fault::Delay(Duration::from_secs(60)), 1);
    client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    // The first attempt met the delay and timed out; a retry was answered. (On a slow machine
    // a retry may time out too and be retried again, so the count is at least two.)
    let gets: Vec<_> = emulator.requests().into_iter().filter(|r| r.matches("GET", LIST_PATH)).collect();
    assert!(gets.len() >= 2, "{gets:?}");
    assert!(gets[0].fault.as_deref().is_some_and(|f| f.starts_with("delay")), "{gets:?}");
    assert_eq!(gets.last().and_then(|r| r.status), Some(200), "{gets:?}");
}

#[test]
fn a_refused_connection_is_reported_as_not_sent() {
    // A port that was just freed: every connection to it is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = ncp::Client::builder()
        .base_url(&format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::new("AK", "SK"))
        .no_proxy()
        .retry(fast_retry().max_retries(1))
        .build()
        .unwrap();
    let err = client
        .create_secret(&ncp::CreateSecret::new("refused", common::INITIAL_VALUE, ["password"]))
        .unwrap_err();
    assert!(matches!(err, Error::Transport(ref t) if t.kind == TransportErrorKind::ConnectFailed), "{err:?}");
    assert!(!err.request_may_have_been_sent());
}

#[test]
fn a_server_clock_ten_minutes_ahead_is_learned_on_the_first_call() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    emulator.set_clock_offset_ms(600_000);
    client.get_secret_list(&ncp::GetSecretList::new()).unwrap();
    let offset = client.clock_offset_ms();
    assert!((595_000..=605_000).contains(&offset), "learned offset {offset}");
    let statuses: Vec<_> = emulator.requests().into_iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(401), Some(200)]);
    // Later calls, from clones too, use the offset at once.
    client.clone().get_secret_list(&ncp::GetSecretList::new()).unwrap();
    assert_eq!(emulator.request_count("GET", LIST_PATH), 3);
}

#[test]
fn a_server_clock_behind_is_learned_too_even_for_create() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    emulator.set_clock_offset_ms(-600_000);
    common::create_secret(&client, "skewed");
    assert!(client.clock_offset_ms() < -590_000);
    assert_eq!(emulator.request_count("POST", LIST_PATH), 2);
    assert_eq!(client.get_secret_list(&ncp::GetSecretList::new()).unwrap().total_count, 1);
}

#[test]
fn wrong_credentials_are_an_api_error_with_code_200_and_not_retried() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_builder(&emulator)
        .credentials(Credentials::new(NCP_ACCESS_KEY, "wrong-secret-key-value"))
        .build()
        .unwrap();
    let err = client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(401), Some("200")), "{err}");
    assert!(err.kind() == Some(ApiErrorKind::Authentication));
    assert!(!err.to_string().contains("wrong-secret-key-value"));
    assert!(!format!("{err:?}").contains("wrong-secret-key-value"));
    assert_eq!(emulator.request_count("GET", LIST_PATH), 1);
    assert_eq!(client.clock_offset_ms(), 0);
}

#[test]
fn many_threads_share_one_client() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = common::create_secret(&client, "shared");
    std::thread::scope(|scope| {
        for _ in 0..8 {
            let client = client.clone();
            let id = id.as_str();
            scope.spawn(move || {
                for _ in 0..10 {
                    let chain = client.get_secret_value(&ncp::GetSecretValue::new(id)).unwrap();
                    assert_eq!(chain.chain.active.unwrap().expose(), common::INITIAL_VALUE);
                }
            });
        }
    });
    assert_eq!(emulator.request_count("GET", &format!("{id}/values")), 80);
}

#[test]
fn the_total_timeout_bounds_the_call_with_its_retries() {
    // A read that is retried on timeouts, with a 300 ms deadline for the whole call, meets a
    // server that answers after 10 s: one attempt, cut off at the deadline, and no retry
    // (it would start after the deadline).
    let emulator = Emulator::start().unwrap();
    let client = ncp_builder(&emulator).total_timeout(Duration::from_millis(300)).build().unwrap();
    emulator.inject(Fault::Delay(Duration::from_secs(10)), 5);
    let err = client.get_secret_list(&ncp::GetSecretList::new()).unwrap_err();
    assert!(matches!(err, Error::Timeout(ref t) if t.phase == TimeoutPhase::Total), "{err:?}");
    assert_eq!(emulator.request_count("GET", LIST_PATH), 1);
}
