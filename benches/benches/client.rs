//! One Start Rotation Job call through the blocking client, beside the same request sent with
//! a bare `ureq` agent (same configuration) with pre-built, pre-signed headers, both over a
//! kept-alive connection to the emulator. The emulator's work is the same in both; the
//! difference is the client's cost: validating, building and signing the request, the retry
//! loop, and decoding the answer. A third function measures that work alone (build and sign,
//! then decode a kept answer), without any I/O.
//!
//! `cargo bench -p secretmanager-benches --bench client -- --warm-up-time 2 --measurement-time 5`

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use secretmanager_blocking::ncp::{self, Client, Endpoint, RequestFactory};
use secretmanager_emulator::{Emulator, TRIGGER_ID};

/// A secret with a started rotation job; returns (secret id, job token).
fn started_job(client: &Client) -> (String, String) {
    let value = r#"{"user":"app","password":"bench-initial"}"#;
    let id = client
        .create_secret(&ncp::CreateSecret::new("bench", value, ["password"]))
        .expect("create")
        .secret_id;
    let enable = ncp::EnableAutoRotation::new(id.as_str()).rotation_period(30).trigger_id(TRIGGER_ID);
    client.enable_auto_rotation(&enable).expect("enable auto rotation");
    client.execute_rotation_job(&ncp::ExecuteRotationJob::new(id.as_str())).expect("execute");
    let logs = client
        .get_secret_logs(&ncp::GetSecretLogs::new(id.as_str()).keyword("Execute Rotation Job"))
        .expect("logs");
    let token = logs.entries.into_iter().find_map(|e| e.job_token).expect("job token");
    client.start_rotation_job(&ncp::StartRotationJob::new(id.as_str(), token.as_str())).expect("start");
    (id, token)
}

/// The agent configuration the client uses (see the crate's `config` module). The client's
/// connector also marks errors met while connecting, which costs nothing on a kept-alive
/// connection, so the default connector stands in for it here.
fn bare_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .user_agent(secretmanager_blocking::DEFAULT_USER_AGENT)
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_recv_response(Some(Duration::from_secs(30)))
        .timeout_recv_body(Some(Duration::from_secs(30)))
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

fn start_rotation_job(c: &mut Criterion) {
    let emulator = Emulator::start().expect("emulator");
    let client = Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.ncp_credentials())
        .no_proxy()
        .build()
        .expect("client");
    let (id, token) = started_job(&client);
    let op = ncp::StartRotationJob::new(id.as_str(), token.as_str());

    // The same request, built and signed once; the emulator accepts it for 5 minutes.
    let endpoint = Endpoint::parse(emulator.base_url()).expect("endpoint");
    let request = RequestFactory::new(endpoint, &emulator.ncp_credentials())
        .build(&op, SystemTime::now())
        .expect("request");
    let agent = bare_agent();

    let mut group = c.benchmark_group("start_rotation_job");
    group.bench_function("bare_ureq_prebuilt_headers", |b| {
        b.iter(|| {
            let mut builder = agent.post(request.url.as_str());
            for header in &request.headers {
                builder = builder.header(header.name, header.value.as_str());
            }
            let mut response = builder.send_empty().expect("bare request");
            assert_eq!(response.status().as_u16(), 200);
            black_box(response.body_mut().read_to_vec().expect("body"))
        })
    });
    group.bench_function("client", |b| {
        b.iter(|| black_box(client.start_rotation_job(black_box(&op)).expect("client request")))
    });
    // The client's own work without the network: build and sign, then decode a kept answer.
    let factory = RequestFactory::new(
        Endpoint::parse(emulator.base_url()).expect("endpoint"),
        &emulator.ncp_credentials(),
    );
    let mut response = {
        let mut builder = agent.post(request.url.as_str());
        for header in &request.headers {
            builder = builder.header(header.name, header.value.as_str());
        }
        builder.send_empty().expect("bare request")
    };
    let body = response.body_mut().read_to_vec().expect("body");
    group.bench_function("client_work_without_io", |b| {
        b.iter(|| {
            let built = factory.build(black_box(&op), SystemTime::now()).expect("request");
            black_box(built);
            black_box(ncp::decode::<ncp::SecretValueChain>(200, black_box(&body)).expect("decode"))
        })
    });
    group.finish();
}

criterion_group!(benches, start_rotation_job);
criterion_main!(benches);
