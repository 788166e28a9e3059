//! The async clients against the emulator over real HTTP: a full NCP rotation with a lost
//! answer, retries and their limits, clock skew, CSMS rotation, 64 calls at once on one
//! client, cancelled calls that leave the client whole, and the same errors as the blocking
//! client's.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use secretmanager_emulator::{Emulator, Fault, TRIGGER_ID};
use secretmanager_tokio::huawei::{self, StageName};
use secretmanager_tokio::ncp::{self, PendingValue};
use secretmanager_tokio::{ApiErrorKind, Error, RetryPolicy};

const INITIAL: &str = r#"{"user":"app","password":"initial-pw-1"}"#;

fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(40))
        .max_retry_after(Duration::from_millis(50))
}

fn ncp_builder(emulator: &Emulator) -> ncp::ClientBuilder {
    ncp::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.ncp_credentials())
        .no_proxy()
        .retry(fast_retry())
}

fn ncp_client(emulator: &Emulator) -> ncp::Client {
    ncp_builder(emulator).build().expect("client for the emulator")
}

fn huawei_client(emulator: &Emulator) -> huawei::Client {
    huawei::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.huawei_credentials())
        .project_id(emulator.huawei_project_id())
        .no_proxy()
        .retry(fast_retry())
        .build()
        .expect("client for the emulator")
}

async fn create_secret(client: &ncp::Client, name: &str) -> String {
    let op = ncp::CreateSecret::new(name, INITIAL, ["password"]);
    client.create_secret(&op).await.expect("create secret").secret_id
}

/// A secret with auto rotation on and a job executed: its id and the job token.
async fn secret_with_job(client: &ncp::Client, name: &str) -> (String, String) {
    let id = create_secret(client, name).await;
    let enable = ncp::EnableAutoRotation::new(id.as_str()).rotation_period(30).trigger_id(TRIGGER_ID);
    client.enable_auto_rotation(&enable).await.expect("enable auto rotation");
    client.execute_rotation_job(&ncp::ExecuteRotationJob::new(id.as_str())).await.expect("execute");
    let logs = client
        .get_secret_logs(&ncp::GetSecretLogs::new(id.as_str()).keyword("Execute Rotation Job"))
        .await
        .expect("logs");
    let token = logs.entries.into_iter().find_map(|entry| entry.job_token).expect("a job token");
    (id, token)
}

fn assert_send<T: Send>(_: &T) {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotation_completes_through_a_retried_start_and_a_lost_answer() {
    let emulator = Emulator::start().expect("emulator");
    let client = ncp_client(&emulator);
    let (id, token) = secret_with_job(&client, "async-rotated").await;
    emulator.inject_on(Fault::Status(503), "/start", 1);
    let applied = Arc::new(AtomicUsize::new(0));
    let seen = applied.clone();
    let rotation = client.rotate(&id, &token, PendingValue::generate(), async |rotation| {
        seen.fetch_add(1, Ordering::SeqCst);
        assert!(rotation.pending.expose().contains("\"user\":\"app\""));
        emulator.inject(Fault::LoseAnswer, 1); // the answer of Complete Rotation Job
        Ok::<(), std::io::Error>(())
    });
    assert_send(&rotation);
    let outcome = rotation.await.expect("the rotation completes, its lost answer settled");
    assert_eq!(applied.load(Ordering::SeqCst), 1);
    let starts = emulator.requests().iter().filter(|r| r.path.ends_with("/start")).count();
    assert_eq!(starts, 2, "the 503 was retried once");

    let chain = client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).await.expect("read back");
    assert_eq!(chain.chain.active.as_ref().map(|v| v.expose()), Some(outcome.new_value.expose()));
    assert_eq!(chain.chain.previous.as_ref().map(|v| v.expose()), Some(INITIAL));
    assert_ne!(outcome.new_value.expose(), INITIAL);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_and_retry_limits_are_the_blocking_clients() {
    let emulator = Emulator::start().expect("emulator");
    let client = ncp_client(&emulator);
    let missing =
        client.get_secret_value(&ncp::GetSecretValue::new("0123456789abcdef0123")).await.unwrap_err();
    assert_eq!(missing.kind(), Some(ApiErrorKind::NotFound), "{missing:?}");
    assert!(missing.request_id().is_some(), "{missing:?}");
    assert!(!missing.retryable());

    // A create is not sent again after an answer that may come from a service that applied
    // it; a read is retried up to the limit.
    emulator.inject(Fault::Status(503), 1);
    let err =
        client.create_secret(&ncp::CreateSecret::new("async-503", INITIAL, ["password"])).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(emulator.request_count("POST", "/secrets"), 1);
    let id = create_secret(&client, "async-reads").await;
    emulator.inject(Fault::Status(503), 10);
    let err = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(emulator.request_count("GET", &id), 4, "the first attempt and 3 retries");
    emulator.clear_faults();

    // A lost answer to a create is an unknown outcome, never a plain failure.
    emulator.inject(Fault::LoseAnswer, 1);
    let err =
        client.create_secret(&ncp::CreateSecret::new("async-lost", INITIAL, ["password"])).await.unwrap_err();
    assert!(matches!(err, Error::OutcomeUnknown(_)), "{err:?}");

    // Nothing listens: a connection refused is a transport error that was surely not sent.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let closed = ncp::Client::builder()
        .base_url(&format!("http://127.0.0.1:{port}"))
        .credentials(emulator.ncp_credentials())
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err =
        closed.create_secret(&ncp::CreateSecret::new("nowhere", INITIAL, ["password"])).await.unwrap_err();
    assert!(!err.request_may_have_been_sent(), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_far_server_clock_is_learned_and_the_call_signed_again() {
    let emulator = Emulator::start().expect("emulator");
    emulator.set_clock_offset_ms(600_000);
    let client = ncp_client(&emulator);
    create_secret(&client, "async-skew").await;
    assert!((client.clock_offset_ms() - 600_000).abs() < 5_000, "{}", client.clock_offset_ms());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_calls_at_once_on_one_client() {
    let emulator = Emulator::start().expect("emulator");
    let client = ncp_client(&emulator);
    let id = create_secret(&client, "async-many").await;
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let (client, id) = (client.clone(), id.clone());
        calls.spawn(async move { client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())).await });
    }
    let mut answered = 0;
    while let Some(joined) = calls.join_next().await {
        let chain = joined.expect("the task ran").expect("the call succeeded");
        assert_eq!(chain.chain.active.as_ref().map(|v| v.expose()), Some(INITIAL));
        answered += 1;
    }
    assert_eq!(answered, 64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_call_leaves_the_client_whole_and_still_tells_of_the_change() {
    let emulator = Emulator::start().expect("emulator");
    let client = ncp_client(&emulator);
    let id = create_secret(&client, "async-cancel").await;
    let changed = Arc::new(AtomicUsize::new(0));
    let heard = changed.clone();
    let _subscription = client.on_secret_change(move |_| {
        heard.fetch_add(1, Ordering::SeqCst);
    });

    emulator.inject(Fault::Delay(Duration::from_secs(2)), 1);
    let update =
        ncp::UpdateSecretValue::new(id.as_str()).pending(r#"{"user":"app","password":"second-pw-2"}"#);
    let cut = tokio::time::timeout(Duration::from_millis(200), client.update_secret_value(&update)).await;
    assert!(cut.is_err(), "the call was cancelled by the timeout");
    assert_eq!(changed.load(Ordering::SeqCst), 1, "a cancelled change that may have been sent is told");

    // The client is whole: the next calls succeed, on a fresh connection.
    for _ in 0..3 {
        let detail = client.get_secret_detail(&ncp::GetSecretDetail::new(id.as_str())).await.expect("detail");
        assert_eq!(detail.secret_id, id);
    }
    // A cancelled read changes nothing.
    emulator.inject(Fault::Delay(Duration::from_secs(2)), 1);
    let read = tokio::time::timeout(
        Duration::from_millis(200),
        client.get_secret_value(&ncp::GetSecretValue::new(id.as_str())),
    )
    .await;
    assert!(read.is_err());
    assert_eq!(changed.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csms_secrets_are_created_rotated_and_read() {
    let emulator = Emulator::start().expect("emulator");
    let client = huawei_client(&emulator);
    let urn = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate-db:latest";
    let op = huawei::CreateSecret::new("async-hw").secret_string(INITIAL).rotation_func_urn(urn);
    client.create_secret(&op).await.expect("create");
    let before = client
        .show_secret_stage(&huawei::ShowSecretStage::new("async-hw", StageName::SysCurrent))
        .await
        .expect("stage");
    emulator.inject(Fault::Status(503), 1);
    client.show_secret(&huawei::ShowSecret::new("async-hw")).await.expect("a read is retried after a 503");
    let rotated = client.rotate_secret(&huawei::RotateSecret::new("async-hw")).await.expect("rotated");
    let current = client
        .show_secret_stage(&huawei::ShowSecretStage::new("async-hw", StageName::SysCurrent))
        .await
        .expect("stage");
    assert_eq!(Some(current.stage.version_id.clone()), rotated.version_id);
    assert_ne!(current.stage.version_id, before.stage.version_id);
    let old = client
        .show_secret_version(&huawei::ShowSecretVersion::new("async-hw", before.stage.version_id.as_str()))
        .await
        .expect("the old version");
    assert_eq!(old.version.secret_string.map(|v| v.expose().to_owned()).as_deref(), Some(INITIAL));
    // Every page of a paged list, awaited: 3 secrets, 2 a page.
    for name in ["async-hw-2", "async-hw-3"] {
        client.create_secret(&huawei::CreateSecret::new(name).secret_string(INITIAL)).await.expect("create");
    }
    let mut pages = client.pages(huawei::ListSecrets::new().limit(2));
    let mut names = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        count += 1;
        names.extend(page.expect("a page").secrets.into_iter().map(|s| s.name));
        assert!(count <= 5, "bounded");
    }
    names.sort();
    assert_eq!((count, names), (2, vec!["async-hw".to_owned(), "async-hw-2".into(), "async-hw-3".into()]));

    // A rotation task, waited for on tokio's timer.
    emulator.set_huawei_rotation_delay(Duration::from_millis(150));
    let wait =
        huawei::TaskWait::default().interval(Duration::from_millis(20)).timeout(Duration::from_secs(5));
    let task = client.rotate_and_wait("async-hw", wait).await.expect("the task succeeds");
    let task = task.expect("a SHARED secret rotates through a task");
    assert_eq!(task.task_status, Some(huawei::TaskStatus::Success));
    let missing = client.show_secret(&huawei::ShowSecret::new("no-such-secret")).await.unwrap_err();
    assert_eq!(missing.kind(), Some(ApiErrorKind::NotFound));
}
