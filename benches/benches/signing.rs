//! Signing cost of each provider, beside a bare HMAC-SHA256 of the same string to sign (for
//! Huawei, the signer also builds and hashes the canonical request and formats the header).
//!
//! `cargo bench -p secretmanager-benches --bench signing`

use std::hint::black_box;

use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use secretmanager_core::Method;
use secretmanager_core::huawei;
use secretmanager_core::huawei::signing::{self, Message};
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

/// Vector 1 of the Huawei reference: RotateSecret in cn-north-4.
fn huawei(c: &mut Criterion) {
    const AK: &str = "HWAKEXAMPLE0000000001";
    const SK: &str = "HWSKexample/SecretKey+0000000000000001";
    const SDK_DATE: &str = "20261124T120000Z";
    const PATH: &str = "/v1/0123456789abcdef0123456789abcdef/secrets/db-password/rotate";
    let headers = [
        ("Content-Type", "application/json;charset=UTF-8"),
        ("Host", "kms.cn-north-4.myhuaweicloud.com"),
        ("X-Sdk-Date", SDK_DATE),
        ("X-Project-Id", "0123456789abcdef0123456789abcdef"),
    ];
    let message = Message { method: "POST", path: PATH, query: "", headers: &headers, body: b"" };
    let names = signing::signed_header_names(&headers);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let string_to_sign = signing::string_to_sign(
        SDK_DATE,
        &signing::canonical_request("POST", PATH, "", &headers, &names, b""),
    );

    let mut group = c.benchmark_group("huawei_sdk_hmac_sha256");
    group.bench_function("bare_hmac_sha256_hex", |b| {
        b.iter(|| {
            let mut mac = Hmac::<Sha256>::new_from_slice(black_box(SK).as_bytes()).expect("any key length");
            mac.update(black_box(string_to_sign.as_bytes()));
            let digest = mac.finalize().into_bytes();
            digest.iter().fold(String::with_capacity(64), |mut hex, byte| {
                hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
                hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 0x0f)]));
                hex
            })
        })
    });
    let signer = signing::Signer::new(&huawei::Credentials::new(AK, SK));
    group.bench_function("signer_authorization", |b| {
        b.iter(|| signer.sign(black_box(SDK_DATE), black_box(&message)).to_string())
    });
    group.finish();
}

criterion_group!(benches, ncp, huawei);
criterion_main!(benches);
