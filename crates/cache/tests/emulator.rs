//! The cache over real clients against the emulator, counting the requests the emulator
//! received: single flight, TTL and refresh-ahead, stale values through an outage, rotation
//! while readers read, the LRU bound, CSMS's version check, and invalidation by the client.
//! Every loop is bounded by time or count.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use secretmanager_blocking::{RetryPolicy, huawei, ncp};
use secretmanager_cache::{CacheSettings, Error, SecretCache};
use secretmanager_emulator::{Emulator, Fault, TRIGGER_ID};

const INITIAL: &str = r#"{"user":"app","password":"initial-pw"}"#;

fn ncp_client(emulator: &Emulator) -> ncp::Client {
    ncp::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.ncp_credentials())
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .expect("client for the emulator")
}

fn huawei_client(emulator: &Emulator) -> huawei::Client {
    huawei::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.huawei_credentials())
        .project_id(emulator.huawei_project_id())
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .expect("client for the emulator")
}

fn create_ncp(client: &ncp::Client, name: &str) -> String {
    client.create_secret(&ncp::CreateSecret::new(name, INITIAL, ["password"])).expect("create").secret_id
}

fn create_huawei(client: &huawei::Client, name: &str) {
    client.create_secret(&huawei::CreateSecret::new(name).secret_string(INITIAL)).expect("create");
}

/// Value fetches of NCP secret `id` so far.
fn ncp_fetches(emulator: &Emulator, id: &str) -> usize {
    emulator.request_count("GET", &format!("/secrets/{id}/values"))
}

/// Requests of CSMS secret `name` whose path holds `part` (`/versions/`, `/stages/`).
fn huawei_requests(emulator: &Emulator, name: &str, part: &str) -> usize {
    let prefix = format!("/secrets/{name}{part}");
    emulator.requests().iter().filter(|r| r.method == "GET" && r.path.contains(&prefix)).count()
}

fn settings(ttl_ms: u64) -> CacheSettings {
    CacheSettings::default().ttl(Duration::from_millis(ttl_ms))
}

#[test]
fn thirty_two_readers_for_five_seconds_with_a_one_second_ttl_fetch_at_most_seven_times() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_ncp(&client, "busy");
    let cache = SecretCache::with_settings(client, settings(1000));
    let start = Barrier::new(32);
    let reads = AtomicUsize::new(0);
    let end = Instant::now() + Duration::from_secs(5);
    thread::scope(|scope| {
        for _ in 0..32 {
            scope.spawn(|| {
                start.wait();
                while Instant::now() < end {
                    assert_eq!(cache.get(&id).expect("read").expose(), INITIAL);
                    reads.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let fetches = ncp_fetches(&emulator, &id);
    // At most one fetch a TTL (the point); at least a few, though a busy machine may take a
    // second of the five to start 32 threads.
    assert!(
        (3..=7).contains(&fetches),
        "{fetches} value fetches for {} reads",
        reads.load(Ordering::Relaxed)
    );
    assert!(reads.load(Ordering::Relaxed) > 10_000, "reads are served from memory");
}

#[test]
fn concurrent_misses_make_one_request() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_ncp(&client, "single-flight");
    // Every answer is late, so that all readers miss together.
    emulator.inject(Fault::Delay(Duration::from_millis(300)), 1);
    let cache = SecretCache::new(client);
    let start = Barrier::new(16);
    thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                start.wait();
                assert_eq!(cache.get(&id).unwrap().expose(), INITIAL);
            });
        }
    });
    assert_eq!(ncp_fetches(&emulator, &id), 1);
}

#[test]
fn an_outage_is_served_from_the_cache_until_max_stale_then_fails_clearly() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_ncp(&client, "outage");
    let cache = SecretCache::with_settings(
        client,
        settings(300).max_stale(Duration::from_millis(900)).refresh_ahead(Duration::ZERO),
    );
    assert_eq!(cache.get(&id).unwrap().expose(), INITIAL);
    let fetched = Instant::now();
    emulator.inject(Fault::Status(503), 100_000);

    // Served until TTL + max_stale (1.2 s) after the fetch; then the 503 itself.
    let mut served_until = fetched;
    let failed = loop {
        let elapsed = fetched.elapsed();
        assert!(elapsed < Duration::from_secs(5), "still served after 5 s");
        match cache.get(&id) {
            Ok(value) => {
                assert_eq!(value.expose(), INITIAL);
                served_until = Instant::now();
            }
            Err(err) => break err,
        }
        thread::sleep(Duration::from_millis(20));
    };
    let served = served_until - fetched;
    // With room for a slow machine's late reads: never served stale would end near 0.3 s,
    // served without a limit at the 5 s bound.
    assert!(served >= Duration::from_millis(900), "served stale for only {served:?}");
    assert!(served <= Duration::from_millis(2000), "served stale for {served:?}");
    assert_eq!(failed.fetch_error().and_then(|e| e.status()), Some(503), "{failed}");
    assert!(!format!("{failed}{failed:?}").contains("initial-pw"));
    // While stale, one attempt per TTL (here 300 ms; at most one a second), not one per read
    // (about 60 reads were made): 0.3, 0.6, 0.9 s and the last at 1.2 s.
    let attempts = emulator.requests().iter().filter(|r| r.fault.as_deref() == Some("status 503")).count();
    assert!((3..=5).contains(&attempts), "{attempts} attempts during the outage");
}

#[test]
fn authentication_and_not_found_errors_are_never_served_through() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_ncp(&client, "refused");
    let cache = SecretCache::with_settings(client, settings(100).max_stale(Duration::from_secs(60)));
    cache.get(&id).unwrap();
    thread::sleep(Duration::from_millis(150));
    emulator.inject(Fault::Status(401), 1);
    let err = cache.get(&id).unwrap_err();
    assert_eq!(err.fetch_error().and_then(|e| e.status()), Some(401), "{err}");

    // A missing secret: one request, remembered for the negative TTL.
    for _ in 0..5 {
        assert!(cache.get("0123456789abcdef").unwrap_err().is_not_found());
    }
    assert_eq!(ncp_fetches(&emulator, "0123456789abcdef"), 1);
}

#[test]
fn readers_during_a_rotation_see_active_then_the_new_value_within_one_ttl() {
    let emulator = Emulator::start().unwrap();
    let admin = ncp_client(&emulator);
    let id = create_ncp(&admin, "rotating");
    admin
        .enable_auto_rotation(
            &ncp::EnableAutoRotation::new(id.as_str()).rotation_period(30).trigger_id(TRIGGER_ID),
        )
        .unwrap();
    // The readers' client is another one: only the TTL tells them of the rotation.
    let ttl = Duration::from_millis(500);
    let cache = SecretCache::with_settings(ncp_client(&emulator), CacheSettings::default().ttl(ttl));
    let stop = AtomicBool::new(false);
    let completed_at: Mutex<Option<Instant>> = Mutex::new(None);
    let new_value = r#"{"user":"app","password":"rotated-pw"}"#;
    let reads = AtomicUsize::new(0);
    thread::scope(|scope| {
        let readers: Vec<_> = (0..16)
            .map(|_| {
                scope.spawn(|| {
                    let mut saw_new_at = None;
                    let deadline = Instant::now() + Duration::from_secs(20);
                    while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                        let (current, previous) =
                            cache.get_with_previous(&id).expect("no reader gets an error");
                        reads.fetch_add(1, Ordering::Relaxed);
                        match current.expose() {
                            INITIAL => assert!(saw_new_at.is_none(), "went back to the old value"),
                            value if value == new_value => {
                                assert_eq!(previous.as_ref().map(|p| p.expose()), Some(INITIAL));
                                saw_new_at.get_or_insert_with(Instant::now);
                            }
                            _ => panic!("a value that is neither ACTIVE nor PREVIOUS"),
                        }
                        thread::sleep(Duration::from_millis(2));
                    }
                    saw_new_at
                })
            })
            .collect();

        thread::sleep(Duration::from_millis(300));
        admin.execute_rotation_job(&ncp::ExecuteRotationJob::new(id.as_str())).unwrap();
        let logs =
            admin.get_secret_logs(&ncp::GetSecretLogs::new(id.as_str()).keyword("Execute Rotation Job"));
        let token = logs.unwrap().entries.into_iter().find_map(|entry| entry.job_token).expect("job token");
        admin.start_rotation_job(&ncp::StartRotationJob::new(id.as_str(), token.as_str())).unwrap();
        thread::sleep(Duration::from_millis(300));
        admin
            .update_pending_stage(&ncp::UpdatePendingStage::new(id.as_str(), token.as_str(), new_value))
            .unwrap();
        thread::sleep(Duration::from_millis(300));
        admin.complete_rotation_job(&ncp::CompleteRotationJob::new(id.as_str(), token.as_str())).unwrap();
        *completed_at.lock().unwrap() = Some(Instant::now());
        thread::sleep(ttl + Duration::from_secs(1));
        stop.store(true, Ordering::Relaxed);

        let completed = completed_at.lock().unwrap().expect("completed");
        for reader in readers {
            let saw_new_at = reader.join().unwrap().expect("every reader saw the new ACTIVE");
            let late = saw_new_at.saturating_duration_since(completed);
            // Within one TTL, with room for the refresh's round trip and a busy machine.
            assert!(late <= ttl + Duration::from_millis(500), "saw the new value {late:?} after completion");
        }
    });
    assert!(reads.load(Ordering::Relaxed) > 1000);
}

#[test]
fn a_rotation_completed_through_the_same_client_is_seen_at_once() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_ncp(&client, "same-client");
    client
        .enable_auto_rotation(
            &ncp::EnableAutoRotation::new(id.as_str()).rotation_period(30).trigger_id(TRIGGER_ID),
        )
        .unwrap();
    let cache = SecretCache::with_settings(client.clone(), settings(600_000));
    assert_eq!(cache.get(&id).unwrap().expose(), INITIAL);
    client.execute_rotation_job(&ncp::ExecuteRotationJob::new(id.as_str())).unwrap();
    let logs = client.get_secret_logs(&ncp::GetSecretLogs::new(id.as_str()).keyword("Execute Rotation Job"));
    let token = logs.unwrap().entries.into_iter().find_map(|entry| entry.job_token).expect("job token");
    let rotated = client
        .rotate(&id, &token, ncp::PendingValue::Random, |_| Ok::<(), std::io::Error>(()))
        .expect("rotated");
    let (current, previous) = cache.get_with_previous(&id).unwrap();
    assert_ne!(current.expose(), INITIAL, "the ten-minute TTL did not hide the rotation");
    assert_eq!(previous.unwrap().expose(), INITIAL);
    let _ = rotated;
}

#[test]
fn an_lru_bound_of_n_holds_at_most_n_entries() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let ids: Vec<String> = (0..12).map(|i| create_ncp(&client, &format!("lru-{i}"))).collect();
    let cache = SecretCache::with_settings(client, CacheSettings::default().max_entries(5));
    for (i, id) in ids.iter().enumerate() {
        cache.get(id).unwrap();
        // The first secret is read again each time: it stays while others go.
        thread::sleep(Duration::from_millis(3));
        cache.get(&ids[0]).unwrap();
        assert!(cache.len() <= 5, "{} entries after {} secrets", cache.len(), i + 1);
    }
    assert_eq!(cache.len(), 5);
    assert_eq!(ncp_fetches(&emulator, &ids[0]), 1, "the most read entry was never evicted");
    // An evicted secret is fetched again.
    cache.get(&ids[1]).unwrap();
    assert_eq!(ncp_fetches(&emulator, &ids[1]), 2);
    cache.invalidate(&ids[1]);
    assert_eq!(cache.len(), 4);
}

#[test]
fn csms_refetches_a_value_only_when_syscurrent_moved() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    create_huawei(&client, "hw-cached");
    let cache =
        SecretCache::with_settings(huawei_client(&emulator), settings(100).refresh_ahead(Duration::ZERO));
    assert_eq!(cache.get("hw-cached").unwrap().expose(), INITIAL);
    for _ in 0..3 {
        thread::sleep(Duration::from_millis(120));
        assert_eq!(cache.get("hw-cached").unwrap().expose(), INITIAL);
    }
    assert_eq!(huawei_requests(&emulator, "hw-cached", "/stages/SYSCURRENT"), 4);
    assert_eq!(huawei_requests(&emulator, "hw-cached", "/versions/"), 1, "the value was fetched once");

    // Another client adds a version: SYSCURRENT moves, and the next refresh fetches it.
    client
        .create_secret_version(
            &huawei::CreateSecretVersion::new("hw-cached").secret_string(r#"{"password":"v2"}"#),
        )
        .unwrap();
    thread::sleep(Duration::from_millis(120));
    let (current, previous) = cache.get_with_previous("hw-cached").unwrap();
    assert_eq!(current.expose(), r#"{"password":"v2"}"#);
    assert_eq!(previous.unwrap().expose(), INITIAL);
    assert_eq!(cache.get_json_field("hw-cached", "password").unwrap().expose(), "v2");
    assert_eq!(cache.get_version("hw-cached", "v1").unwrap().expose(), INITIAL);
    assert_eq!(huawei_requests(&emulator, "hw-cached", "/versions/"), 4, "v2, SYSPREVIOUS's v1, v1");
}

#[test]
fn csms_changes_through_the_same_client_expire_the_entry_at_once() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    create_huawei(&client, "hw-same");
    let cache = SecretCache::new(client.clone());
    assert_eq!(cache.get("hw-same").unwrap().expose(), INITIAL);
    client
        .create_secret_version(
            &huawei::CreateSecretVersion::new("hw-same").secret_string(r#"{"password":"v2"}"#),
        )
        .unwrap();
    assert_eq!(cache.get("hw-same").unwrap().expose(), r#"{"password":"v2"}"#);
    assert!(cache.get("hw-missing").unwrap_err().is_not_found());
    assert!(matches!(cache.get_stage("hw-same", "").unwrap_err(), Error::NoValue { .. }));
}

#[test]
fn refresh_ahead_fetches_in_the_background_while_readers_keep_the_value() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_ncp(&client, "ahead");
    // A wide refresh window (from 1 s to 2 s of age), so that a slow machine's late wake-up
    // still reads inside it.
    let cache = SecretCache::with_settings(client, settings(2000).refresh_ahead(Duration::from_millis(1000)));
    cache.get(&id).unwrap();
    thread::sleep(Duration::from_millis(1200));
    // Inside the refresh window: the read answers at once and a refresh starts behind it.
    emulator.inject(Fault::Delay(Duration::from_secs(3)), 1);
    let started = Instant::now();
    assert_eq!(cache.get(&id).unwrap().expose(), INITIAL);
    assert!(started.elapsed() < Duration::from_millis(1500), "the read waited for the refresh");
    let deadline = Instant::now() + Duration::from_secs(10);
    while ncp_fetches(&emulator, &id) < 2 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(ncp_fetches(&emulator, &id), 2, "one background refresh");
    // refresh_now fetches whatever the age.
    cache.refresh_now(&id).unwrap();
    assert_eq!(ncp_fetches(&emulator, &id), 3);
}

#[test]
fn stages_fields_and_debug_output() {
    let emulator = Emulator::start().unwrap();
    let client = ncp_client(&emulator);
    let id = create_ncp(&client, "fields");
    let cache = SecretCache::new(client);
    assert_eq!(cache.get_stage(&id, "active").unwrap().expose(), INITIAL);
    assert!(matches!(cache.get_stage(&id, "PENDING").unwrap_err(), Error::NoValue { .. }));
    assert!(matches!(cache.get_stage(&id, "LATEST").unwrap_err(), Error::NoValue { .. }));
    assert!(matches!(cache.get_version(&id, "v1").unwrap_err(), Error::NoValue { .. }));
    assert_eq!(cache.get_json_field(&id, "user").unwrap().expose(), "app");
    let err = cache.get_json_field(&id, "host").unwrap_err();
    assert_eq!(err.to_string(), format!("field \"host\" of secret {id}: no such field"));
    let (_, previous) = cache.get_with_previous(&id).unwrap();
    assert!(previous.is_none());
    let shown = format!("{cache:?} {:?}", cache.get(&id).unwrap());
    assert!(!shown.contains("initial-pw"), "{shown}");
    assert_eq!(ncp_fetches(&emulator, &id), 1);
}
