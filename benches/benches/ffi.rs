//! One Start Rotation Job call through the C ABI (`sm_start_rotation_job`, called from Rust
//! through the rlib, then `sm_secret_chain_free`), beside the same call through the blocking
//! client. Both clients are configured alike and keep their connection to the emulator alive,
//! and both build the operation from the secret id and job token on every call; the difference
//! is the cost of the C boundary: checking the C strings, the panic guard, and copying the
//! chain into C strings (zeroed when freed).
//!
//! `cargo bench -p secretmanager-benches --bench ffi -- --warm-up-time 2 --measurement-time 5`

mod common;

use std::hint::black_box;
use std::ptr;

use common::{FfiClient, cstring};
use criterion::{Criterion, criterion_group, criterion_main};
use secretmanager::{sm_secret_chain_active, sm_secret_chain_free, sm_start_rotation_job, sm_status};
use secretmanager_blocking::ncp::{self, Client, Endpoint};
use secretmanager_emulator::{Emulator, NCP_ACCESS_KEY, NCP_SECRET_KEY, TRIGGER_ID};

/// A secret with a started rotation job; returns (secret id, job token).
fn started_job(client: &Client) -> (String, String) {
    let value = r#"{"user":"app","password":"bench-initial"}"#;
    let id = client.call(&ncp::CreateSecret::new("benchffi", value, ["password"])).expect("create").secret_id;
    let enable = ncp::EnableAutoRotation::new(id.as_str()).rotation_period(30).trigger_id(TRIGGER_ID);
    client.call(&enable).expect("enable auto rotation");
    client.call(&ncp::ExecuteRotationJob::new(id.as_str())).expect("execute");
    let logs =
        client.call(&ncp::GetSecretLogs::new(id.as_str()).keyword("Execute Rotation Job")).expect("logs");
    let token = logs.entries.into_iter().find_map(|e| e.job_token).expect("job token");
    client.call(&ncp::StartRotationJob::new(id.as_str(), token.as_str())).expect("start");
    (id, token)
}

fn start_rotation_job(c: &mut Criterion) {
    let emulator = Emulator::start().expect("emulator");
    let endpoint = Endpoint::parse(emulator.base_url()).expect("endpoint");
    let client = Client::builder()
        .endpoint(endpoint)
        .credentials(ncp::Credentials::new(NCP_ACCESS_KEY, NCP_SECRET_KEY))
        .build()
        .expect("client");
    let ffi = FfiClient::new(emulator.base_url());
    let (id, token) = started_job(&client);
    let (c_id, c_token) = (cstring(&id), cstring(&token));

    let mut group = c.benchmark_group("start_rotation_job");
    group.bench_function("blocking_client", |b| {
        b.iter(|| {
            let op = ncp::StartRotationJob::new(black_box(id.as_str()), black_box(token.as_str()));
            black_box(client.call(&op).expect("blocking call"))
        })
    });
    group.bench_function("c_abi", |b| {
        b.iter(|| {
            let mut chain = ptr::null_mut();
            // SAFETY: the client is live, the strings are NUL-terminated, the slots writable.
            let status = unsafe {
                sm_start_rotation_job(
                    ffi.0,
                    black_box(c_id.as_ptr()),
                    black_box(c_token.as_ptr()),
                    &mut chain,
                    ptr::null_mut(),
                )
            };
            assert_eq!(status, sm_status::SM_OK);
            // SAFETY: chain is the live result of the call above, freed once.
            unsafe {
                black_box(sm_secret_chain_active(chain));
                sm_secret_chain_free(chain);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, start_rotation_job);
criterion_main!(benches);
