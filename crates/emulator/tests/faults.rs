//! Fault injection, the clock, the request log and the HTTP control endpoints.

mod common;

use std::time::{Duration, Instant};

use common::Harness;
use secretmanager_core::ncp;
use secretmanager_emulator::{Emulator, Fault};

const VALUE: &str = r#"{"k":"v"}"#;

#[test]
fn status_fault_answers_the_gateway_body_and_changes_nothing() {
    let h = Harness::new();
    h.emulator.inject(Fault::Status(503), 1);
    let answer = h.call(&ncp::CreateSecret::new("faulted", VALUE, ["k"]));
    assert_eq!(answer.status, 503);
    assert_eq!(answer.body["error"]["errorCode"], "INTERNAL_SERVER_ERROR");
    let list = h.call(&ncp::GetSecretList::new());
    assert_eq!(list.body["data"]["totalCount"], 0, "the faulted create did nothing");

    h.emulator.inject(Fault::Status(429), 2);
    for _ in 0..2 {
        let answer = h.call(&ncp::GetSecretList::new());
        assert_eq!(answer.status, 429);
        assert_eq!(answer.body["error"]["errorCode"], "400");
        assert_eq!(answer.body["error"]["message"], "Quota Exceeded");
    }
    assert_eq!(h.call(&ncp::GetSecretList::new()).status, 200, "the fault ran out");

    let records = h.emulator.requests();
    assert_eq!(records.len(), 5);
    assert_eq!(records[0].fault.as_deref(), Some("status 503"));
    assert_eq!(records[0].status, Some(503));
    assert_eq!(records[4].fault, None);
    assert_eq!(h.emulator.request_count("POST", "/api/v1/secrets"), 1);
}

#[test]
fn delay_fault_answers_normally_after_the_delay() {
    let h = Harness::new();
    h.emulator.inject(Fault::Delay(Duration::from_millis(300)), 1);
    let started = Instant::now();
    let answer = h.call(&ncp::GetSecretList::new());
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.status, 200);
    assert_eq!(h.emulator.requests()[0].fault.as_deref(), Some("delay 300ms"));
}

#[test]
fn drop_fault_closes_the_connection_without_an_answer() {
    let h = Harness::new();
    // Warm a keep-alive connection first, so the drop hits a reused connection.
    assert_eq!(h.call(&ncp::GetSecretList::new()).status, 200);
    h.emulator.inject(Fault::DropConnection, 1);
    let request =
        h.factory.build(&ncp::CreateSecret::new("dropped", VALUE, ["k"]), h.emulator.now()).unwrap();
    let err = h.send(&request).expect_err("a dropped connection is a transport error");
    assert!(!matches!(err, ureq::Error::StatusCode(_)), "{err:?}");
    // The create did arrive once; the emulator logged it as dropped.
    let dropped: Vec<_> =
        h.emulator.requests().into_iter().filter(|r| r.fault.as_deref() == Some("drop")).collect();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].status, None);
    assert_eq!(dropped[0].path, "/api/v1/secrets");
    // The emulator keeps serving.
    assert_eq!(h.call(&ncp::GetSecretList::new()).status, 200);
}

#[test]
fn ratio_faults_are_deterministic_for_a_seed() {
    let run = || {
        let h = Harness::with(Emulator::builder().seed(99).start().unwrap());
        h.emulator.inject_ratio(Fault::Status(500), 50);
        let statuses: Vec<u16> = (0..30).map(|_| h.call(&ncp::GetTriggerList::new()).status).collect();
        statuses
    };
    let first = run();
    assert_eq!(first, run());
    assert!(first.contains(&500) && first.contains(&200), "{first:?}");
}

#[test]
fn every_response_has_one_date_from_the_emulator_clock() {
    let h = Harness::new();
    h.emulator.set_clock_offset_ms(-400 * 86_400_000);
    let answer = h.call(&ncp::GetSecretList::new());
    assert_eq!(answer.status, 200);
    assert_eq!(answer.dates.len(), 1, "{:?}", answer.dates);
    let this_year = common::sdk_date(std::time::SystemTime::now())[..4].parse::<i32>().unwrap();
    let year: i32 = answer.dates[0].split(' ').nth(3).unwrap().parse().unwrap();
    assert!(year < this_year, "{} should be the shifted clock", answer.dates[0]);
    assert!(answer.dates[0].ends_with(" GMT"));
    let unknown = h.raw("GET", &format!("{}/nowhere", h.emulator.base_url()), &[], b"").unwrap();
    assert_eq!(unknown.dates.len(), 1);
}

#[test]
fn concurrent_requests_are_served() {
    let h = Harness::new();
    h.emulator.inject(Fault::Delay(Duration::from_millis(200)), 4);
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            (0..4).map(|_| scope.spawn(|| h.call(&ncp::GetTriggerList::new()).status)).collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap(), 200);
        }
    });
    assert_eq!(h.emulator.request_count("GET", "/api/v1/triggers"), 4);
}

#[test]
fn http_control_endpoints() {
    let h = Harness::new();
    assert_eq!(h.control("GET", "/_emulator/health", "").body["status"], "ok");
    let set = h.control("POST", "/_emulator/faults", r#"{"fault":"status","status":503,"count":2}"#);
    assert_eq!(set.status, 200);
    assert_eq!(h.call(&ncp::GetSecretList::new()).status, 503);
    assert_eq!(h.control("DELETE", "/_emulator/faults", "").status, 200);
    assert_eq!(h.call(&ncp::GetSecretList::new()).status, 200, "faults cleared");

    assert_eq!(h.control("POST", "/_emulator/faults", r#"{"fault":"drop"}"#).status, 200);
    let request = h.factory.build(&ncp::GetSecretList::new(), h.emulator.now()).unwrap();
    assert!(h.send(&request).is_err());
    assert_eq!(h.control("POST", "/_emulator/faults", r#"{"fault":"delay","ms":50,"count":1}"#).status, 200);
    assert_eq!(h.call(&ncp::GetSecretList::new()).status, 200);
    assert_eq!(h.control("POST", "/_emulator/faults", r#"{"fault":"boom"}"#).status, 400);

    let requests = h.control("GET", "/_emulator/requests", "").body;
    let list = requests["requests"].as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert_eq!(list[0]["fault"], "status 503");
    assert_eq!(list[2]["fault"], "drop");
    assert_eq!(list[3]["fault"], "delay 50ms");
    assert_eq!(list[3]["path"], "/api/v1/secrets");

    assert_eq!(h.control("POST", "/_emulator/clock", r#"{"offset_ms":3600000}"#).status, 200);
    let stale = h.factory.build(&ncp::GetSecretList::new(), std::time::SystemTime::now()).unwrap();
    assert_eq!(h.send(&stale).unwrap().status, 401, "clock moved an hour ahead");
    assert_eq!(h.control("POST", "/_emulator/clock", r#"{"offset_ms":"soon"}"#).status, 400);

    h.call(&ncp::CreateSecret::new("to-reset", VALUE, ["k"]));
    assert_eq!(h.control("POST", "/_emulator/reset", "").status, 200);
    assert!(h.emulator.requests().is_empty());
    assert_eq!(
        h.call(&ncp::GetSecretList::new()).body["data"]["totalCount"],
        0,
        "clock reset and state cleared"
    );
    assert_eq!(h.control("GET", "/_emulator/unknown", "").status, 404);
}

#[test]
fn dropping_the_emulator_stops_it() {
    let h = Harness::new();
    let url = format!("{}/_emulator/health", h.emulator.base_url());
    let agent = h.agent.clone();
    drop(h.emulator);
    let result = agent.get(&url).call();
    assert!(result.is_err(), "nothing answers after drop");
}

#[test]
fn shutdown_cuts_an_injected_delay_short() {
    let Harness { emulator, agent, factory } = Harness::new();
    emulator.inject(Fault::Delay(Duration::from_secs(3600)), 1);
    let request = factory.build(&ncp::GetSecretList::new(), emulator.now()).unwrap();
    let pending = std::thread::spawn(move || {
        let mut call = agent.get(&request.url);
        for header in &request.headers {
            call = call.header(header.name, &header.value);
        }
        call.call().map(|response| response.status().as_u16())
    });
    // Wait (bounded) until the delayed request has arrived, then stop the emulator.
    let arrived = (0..1000).any(|_| {
        let seen = emulator.request_count("GET", "/api/v1/secrets") == 1;
        if !seen {
            std::thread::sleep(Duration::from_millis(10));
        }
        seen
    });
    assert!(arrived, "the delayed request reached the emulator");
    assert_eq!(emulator.requests()[0].status, None, "still being served");
    drop(emulator);
    let outcome = pending.join().unwrap();
    assert!(outcome.is_err(), "a stopped emulator does not answer: {outcome:?}");
}
