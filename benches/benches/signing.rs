//! Signing cost of each provider, beside a bare HMAC-SHA256 of the same string to sign.
//!
//! `cargo bench -p secretmanager-benches --bench signing`

use std::hint::black_box;

use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use secretmanager_core::Method;
use secretmanager_core::ncp::{Credentials, Signer};
use sha2::Sha256;

const ACCESS_KEY: &str = "AK_TEST";
const SECRET_KEY: &str = "SK_TEST";
const PATH: &str = "/action/v1/secrets/abc123/jobs/tok456/start";
const TIMESTAMP_MS: u64 = 1_700_000_000_000;

fn ncp(c: &mut Criterion) {
    let mut group = c.benchmark_group("ncp_signature_v2");
    let string_to_sign = format!("POST {PATH}\n{TIMESTAMP_MS}\n{ACCESS_KEY}");
    group.bench_function("bare_hmac_sha256_base64", |b| {
        b.iter(|| {
            let mut mac =
                Hmac::<Sha256>::new_from_slice(black_box(SECRET_KEY).as_bytes()).expect("any key length");
            mac.update(black_box(string_to_sign.as_bytes()));
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
        })
    });
    let signer = Signer::new(&Credentials::new(ACCESS_KEY, SECRET_KEY));
    group.bench_function("signer_sign", |b| {
        b.iter(|| signer.sign(Method::Post, black_box(PATH), black_box(TIMESTAMP_MS)))
    });
    group.finish();
}

criterion_group!(benches, ncp);
criterion_main!(benches);
