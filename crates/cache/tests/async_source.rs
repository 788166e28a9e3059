//! A cache over the async clients (`OnRuntime`, feature `tokio`) against the emulator: reads
//! from tasks of a multi-thread runtime and from a plain thread, a change through the same
//! client seen at once, a CSMS stage, and the refusal to wait on a current-thread runtime.

use std::time::Duration;

use secretmanager_cache::{CacheSettings, Error, OnRuntime, SecretCache};
use secretmanager_emulator::Emulator;
use secretmanager_tokio::{huawei, ncp};

const VALUE: &str = r#"{"user":"app","password":"cached-pw-1"}"#;

fn ncp_client(emulator: &Emulator) -> ncp::Client {
    ncp::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.ncp_credentials())
        .no_proxy()
        .build()
        .expect("client")
}

#[test]
fn an_async_client_serves_a_cache_from_tasks_and_threads() {
    let emulator = Emulator::start().expect("emulator");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let client = ncp_client(&emulator);
    let id = runtime
        .block_on(client.create_secret(&ncp::CreateSecret::new("cached", VALUE, ["password"])))
        .expect("create")
        .secret_id;
    let settings = CacheSettings::default().ttl(Duration::from_secs(60));
    let cache =
        SecretCache::with_settings(OnRuntime::new(client.clone(), runtime.handle().clone()), settings);

    // From 8 tasks at once: one fetch, every read the value.
    let reads = runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (cache, id) = (cache.clone(), id.clone());
            tasks.spawn(async move { cache.get_json_field(&id, "password").map(|v| v.expose().to_owned()) });
        }
        let mut reads = Vec::new();
        while let Some(read) = tasks.join_next().await {
            reads.push(read.expect("task").expect("read"));
        }
        reads
    });
    assert_eq!(reads, vec!["cached-pw-1".to_owned(); 8]);
    assert_eq!(emulator.request_count("GET", "/values"), 1, "one fetch for eight readers");

    // From a plain thread, and after a change through the same client: seen at once.
    runtime
        .block_on(client.update_secret_value(
            &ncp::UpdateSecretValue::new(id.as_str()).active(r#"{"user":"app","password":"cached-pw-2"}"#),
        ))
        .expect("update");
    let after = std::thread::scope(|s| s.spawn(|| cache.get_json_field(&id, "password")).join().unwrap());
    assert_eq!(after.expect("read").expose(), "cached-pw-2");
    assert_eq!(emulator.request_count("GET", "/values"), 2);
}

#[test]
fn a_csms_stage_is_cached_and_a_current_thread_runtime_is_refused() {
    let emulator = Emulator::start().expect("emulator");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let client = huawei::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.huawei_credentials())
        .project_id(emulator.huawei_project_id())
        .no_proxy()
        .build()
        .expect("client");
    runtime
        .block_on(client.create_secret(&huawei::CreateSecret::new("cached-hw").secret_string(VALUE)))
        .expect("create");
    let cache = SecretCache::new(OnRuntime::new(client, runtime.handle().clone()));
    assert_eq!(cache.get("cached-hw").expect("read").expose(), VALUE);
    assert_eq!(cache.get_stage("cached-hw", "SYSCURRENT").expect("stage").expose(), VALUE);

    let other = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    cache.invalidate("cached-hw");
    let refused = other.block_on(async { cache.get("cached-hw") });
    assert!(matches!(refused, Err(Error::Fetch(secretmanager_tokio::Error::Config(_)))), "{refused:?}");
}
