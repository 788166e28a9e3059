//! A cache hit: `SecretCache::get` of a held value, beside the bare copy of the value it hands
//! out (`SecretString::clone`); the same hit through the C ABI (`sm_cache_get`, then
//! `sm_string_free`; and `sm_cache_get_into` a buffer of the caller's); and the hit from 1, 2, 4 and 8 threads reading one secret of one cache
//! at once.
//!
//! The threaded figures are the cost of one read on one thread: wall time × min(threads,
//! cores) / threads / reads, so that they stay flat when reads scale (no lock, no contended
//! cache line) and grow when threads wait for each other. More threads than cores share them;
//! that is counted, not hidden.
//!
//! `cargo bench -p secretmanager-benches --bench cache`

mod common;

use std::hint::black_box;
use std::ptr;
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use common::{FfiClient, cstring};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use secretmanager::{
    sm_cache_free, sm_cache_get, sm_cache_get_into, sm_cache_new, sm_status, sm_string_free,
};
use secretmanager_blocking::ncp::{self, Client, Endpoint};
use secretmanager_cache::SecretCache;
use secretmanager_emulator::{Emulator, NCP_ACCESS_KEY, NCP_SECRET_KEY};

/// A database login, the usual size of a cached secret.
const VALUE: &str =
    r#"{"user":"app","password":"bench-cache-pw-0123456789","host":"db.internal","port":5432}"#;

fn client(emulator: &Emulator) -> Client {
    let endpoint = Endpoint::parse(emulator.base_url()).expect("endpoint");
    Client::builder()
        .endpoint(endpoint)
        .credentials(ncp::Credentials::new(NCP_ACCESS_KEY, NCP_SECRET_KEY))
        .build()
        .expect("client")
}

/// Each of `threads` threads reads `reads` times at once; the time one read took one thread.
fn threaded_reads(threads: usize, reads: u64, read: &(impl Fn() + Sync)) -> Duration {
    let cores = thread::available_parallelism().map_or(1, usize::from);
    let start = Barrier::new(threads);
    let wall = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    start.wait();
                    let began = Instant::now();
                    for _ in 0..reads {
                        read();
                    }
                    began.elapsed()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("reader")).max().unwrap_or_default()
    });
    let parallel = u32::try_from(threads.min(cores)).expect("few threads");
    let threads = u32::try_from(threads).expect("few threads");
    wall * parallel / threads
}

fn cache_hit(c: &mut Criterion) {
    let emulator = Emulator::start().expect("emulator");
    let client = client(&emulator);
    let id =
        client.call(&ncp::CreateSecret::new("benchcache", VALUE, ["password"])).expect("create").secret_id;
    let cache = SecretCache::new(client);
    let held = cache.get(&id).expect("first read fetches");

    let mut group = c.benchmark_group("cache_hit");
    group.bench_function("secret_string_clone", |b| b.iter(|| black_box(black_box(&held).clone())));
    group.bench_function("rust_get", |b| b.iter(|| black_box(cache.get(black_box(&id)).expect("hit"))));
    group.bench_function("rust_get_json_field", |b| {
        b.iter(|| black_box(cache.get_json_field(black_box(&id), "password").expect("hit")))
    });

    let ffi_client = FfiClient::new(emulator.base_url());
    let mut ffi_cache = ptr::null_mut();
    // SAFETY: a live client, default options, writable slots.
    let status = unsafe { sm_cache_new(ffi_client.0, ptr::null(), &mut ffi_cache, ptr::null_mut()) };
    assert_eq!(status, sm_status::SM_OK);
    let c_id = cstring(&id);
    let c_get = || {
        let mut value = ptr::null_mut();
        // SAFETY: a live cache, a NUL-terminated id, a writable slot; the value is freed once.
        unsafe {
            let status = sm_cache_get(ffi_cache, black_box(c_id.as_ptr()), &mut value, ptr::null_mut());
            assert_eq!(status, sm_status::SM_OK);
            sm_string_free(black_box(value));
        }
    };
    c_get();
    group.bench_function("c_get", |b| b.iter(c_get));
    let mut buffer = vec![0_u8; 1024];
    group.bench_function("c_get_into", |b| {
        b.iter(|| {
            let mut length = 0;
            // SAFETY: a live cache, a NUL-terminated id, a buffer writable for its length.
            let status = unsafe {
                sm_cache_get_into(
                    ffi_cache,
                    black_box(c_id.as_ptr()),
                    buffer.as_mut_ptr().cast(),
                    buffer.len(),
                    &mut length,
                    ptr::null_mut(),
                )
            };
            assert_eq!(status, sm_status::SM_OK);
            black_box(&buffer[..length]);
        })
    });
    group.finish();

    let mut group = c.benchmark_group("cache_hit_threads");
    for threads in [1, 2, 4, 8] {
        group.bench_with_input(BenchmarkId::new("rust_get", threads), &threads, |b, &threads| {
            b.iter_custom(|reads| threaded_reads(threads, reads, &|| drop(black_box(cache.get(&id)))))
        });
        // The bare copy on as many threads: how the machine itself scales (SMT siblings, the
        // allocator), so that the cache's own scaling can be told from it.
        group.bench_with_input(BenchmarkId::new("secret_string_clone", threads), &threads, |b, &threads| {
            b.iter_custom(|reads| {
                threaded_reads(threads, reads, &|| drop(black_box(black_box(&held).clone())))
            })
        });
    }
    group.finish();
    // SAFETY: the cache is freed once, before its client.
    unsafe { sm_cache_free(ffi_cache) };
}

criterion_group!(benches, cache_hit);
criterion_main!(benches);
