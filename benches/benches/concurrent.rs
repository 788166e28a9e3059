//! 64 concurrent Get Secret Value calls against the emulator, three ways: 64 tasks on one async
//! client (`secretmanager-tokio`), 64 threads on one blocking client, and 64 tasks sending the
//! same pre-built, pre-signed request with a bare reqwest client (configured as the async
//! client's: rustls, HTTP/1, the same connect, read and total timeouts). One iteration is one
//! batch of 64 calls. A fourth line is bare reqwest again, parsing each answer into a
//! `serde_json::Value`: a reference for how much of the async client's cost is reading the
//! answer at all. Each line has its own emulator (every connection served on its own task).
//!
//! Before the timed groups it reports, for the async client and for bare reqwest, the heap one
//! in-flight call holds (the peak heap over the idle level while 64 calls are in flight,
//! divided by 64) and the allocations a call makes on the calling side (the runtime's threads
//! and the one driving it, not the emulator's), and the size of one async call's future
//! (printed to stderr). The counting allocator counts only during that measurement: counting
//! is two atomic operations on one shared cache line per allocation, which would slow the
//! timed groups (the emulator's threads too, which share the process) in proportion to how
//! much each side allocates.
//!
//! `cargo bench -p secretmanager-benches --bench concurrent -- --warm-up-time 2 --measurement-time 5`

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use secretmanager_emulator::Emulator;

const CALLS: usize = 64;
const INITIAL: &str = r#"{"user":"app","password":"bench-initial"}"#;

/// The system allocator, counting the bytes in use and their peak while [`COUNTING`] is set,
/// and the allocations made on the calling side ([`CALLING_SIDE`] threads).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static IN_USE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static CALLING_SIDE_ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Set on the threads that make the calls (the runtime's and the one driving it), not on
    /// the emulator's.
    static CALLING_SIDE: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() && COUNTING.load(Ordering::Relaxed) {
            let size = layout.size() as isize;
            let now = IN_USE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(now, Ordering::Relaxed);
            if CALLING_SIDE.with(Cell::get) {
                CALLING_SIDE_ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            }
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            IN_USE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak heap over the level at its start while `batch` runs, per call, and the allocations
/// the calling side made, per call. Only blocks freed while counting are subtracted, so the
/// level may go below its start (a block allocated before and freed during the batch): the
/// count is signed and the peak is taken over the level at the start.
fn heap_and_allocations_per_call(
    runtime: &tokio::runtime::Runtime,
    batch: impl std::future::Future<Output = ()>,
) -> (usize, usize) {
    IN_USE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    CALLING_SIDE_ALLOCATIONS.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::SeqCst);
    runtime.block_on(batch);
    COUNTING.store(false, Ordering::SeqCst);
    let peak = usize::try_from(PEAK.load(Ordering::Relaxed)).unwrap_or(0);
    (peak / CALLS, CALLING_SIDE_ALLOCATIONS.load(Ordering::Relaxed) / CALLS)
}

/// A fresh emulator with one secret: its Get Secret Value.
///
/// Each way of calling gets its own: the emulator logs every request, and the secret's log
/// grows by one entry per read, so over a run of hundreds of thousands of calls its heap (in
/// this process) grows too. Sharing one emulator made whichever group ran later slower
/// (the async client ran 1.18x of bare reqwest after it, 1.06x before it).
fn fresh_emulator() -> (Emulator, secretmanager_core::ncp::GetSecretValue) {
    let emulator = Emulator::start().expect("emulator");
    let id = blocking_client(&emulator)
        .create_secret(&secretmanager_blocking::ncp::CreateSecret::new("bench-64", INITIAL, ["password"]))
        .expect("create")
        .secret_id;
    (emulator, secretmanager_core::ncp::GetSecretValue::new(id))
}

fn blocking_client(emulator: &Emulator) -> secretmanager_blocking::ncp::Client {
    secretmanager_blocking::ncp::Client::builder()
        .base_url(emulator.base_url())
        .credentials(emulator.ncp_credentials())
        .no_proxy()
        .build()
        .expect("blocking client")
}

/// A pre-built, signed request: its URL and headers, for bare reqwest to send again and again.
type SignedRequest = (Arc<String>, Arc<Vec<(&'static str, String)>>);

fn signed_request(emulator: &Emulator, op: &secretmanager_core::ncp::GetSecretValue) -> SignedRequest {
    let endpoint = secretmanager_core::ncp::Endpoint::parse(emulator.base_url()).expect("endpoint");
    let request = secretmanager_core::ncp::RequestFactory::new(endpoint, &emulator.ncp_credentials())
        .build(op, SystemTime::now())
        .expect("request");
    let headers = request.headers.iter().map(|h| (h.name, h.value.as_str().to_owned())).collect();
    (Arc::new(request.url), Arc::new(headers))
}

/// How long `batch` takes on `runtime`.
fn timed(runtime: &tokio::runtime::Runtime, batch: impl std::future::Future<Output = ()>) -> Duration {
    let started = Instant::now();
    runtime.block_on(batch);
    started.elapsed()
}

/// The async client against bare reqwest in pairs of batches, one of each in turn (which one
/// goes first alternates), so that the machine's slow swings (a shared VM's neighbours) fall
/// on both alike: the median of the per-pair ratios is the figure the goal is judged by.
/// `PAIRED_ROUNDS` pairs (default 1000; 0 skips), printed to stderr.
fn paired_batches<B, A, FB, FA>(runtime: &tokio::runtime::Runtime, bare: B, client: A)
where
    B: Fn() -> FB,
    A: Fn() -> FA,
    FB: std::future::Future<Output = ()>,
    FA: std::future::Future<Output = ()>,
{
    let rounds = std::env::var("PAIRED_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000usize);
    if rounds == 0 {
        return;
    }
    let mut bare_times = Vec::with_capacity(rounds);
    let mut client_times = Vec::with_capacity(rounds);
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (b, a) = if round % 2 == 0 {
            let b = timed(runtime, bare());
            (b, timed(runtime, client()))
        } else {
            let a = timed(runtime, client());
            (timed(runtime, bare()), a)
        };
        bare_times.push(b);
        client_times.push(a);
        ratios.push(a.as_secs_f64() / b.as_secs_f64());
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    ratios.sort_by(f64::total_cmp);
    let quartile = |q: usize| ratios[(ratios.len() - 1) * q / 4];
    eprintln!(
        "paired batches ({rounds} pairs): bare reqwest median {:?}, async client median {:?}; async / bare per pair: median {:.3}x (quartiles {:.3}x - {:.3}x)",
        median(&mut bare_times),
        median(&mut client_times),
        quartile(2),
        quartile(1),
        quartile(3)
    );
}

fn concurrent_reads(c: &mut Criterion) {
    CALLING_SIDE.with(|side| side.set(true));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .on_thread_start(|| CALLING_SIDE.with(|side| side.set(true)))
        .enable_all()
        .build()
        .expect("runtime");
    let (async_emulator, op) = fresh_emulator();
    let client = secretmanager_tokio::ncp::Client::builder()
        .base_url(async_emulator.base_url())
        .credentials(async_emulator.ncp_credentials())
        .no_proxy()
        .build()
        .expect("async client");
    let (blocking_emulator, blocking_op) = fresh_emulator();
    let blocking = blocking_client(&blocking_emulator);
    let (bare_emulator, bare_op) = fresh_emulator();
    let (json_emulator, json_op) = fresh_emulator();
    let bare = reqwest::Client::builder()
        .tls_backend_preconfigured(
            rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .expect("TLS versions")
                .with_root_certificates(rustls::RootCertStore::empty())
                .with_no_client_auth(),
        )
        .redirect(reqwest::redirect::Policy::none())
        .http1_only()
        .no_proxy()
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(30))
        // The client's default total timeout (60 s), which it gives every attempt as its budget.
        .timeout(Duration::from_secs(60))
        .build()
        .expect("bare reqwest");
    let bare_target = signed_request(&bare_emulator, &bare_op);
    let json_target = signed_request(&json_emulator, &json_op);

    let async_batch = || {
        let (client, op) = (client.clone(), op.clone());
        async move {
            let mut calls = tokio::task::JoinSet::new();
            for _ in 0..CALLS {
                let (client, op) = (client.clone(), op.clone());
                calls.spawn(async move { client.get_secret_value(&op).await.expect("async call") });
            }
            while let Some(done) = calls.join_next().await {
                black_box(done.expect("task"));
            }
        }
    };
    // `decode`: also parse each answer into a `serde_json::Value`, the least a caller of bare
    // reqwest does with it (a reference line: the goal is against the line without).
    let bare_batch = |(url, headers): &SignedRequest, decode: bool| {
        let (bare, url, headers) = (bare.clone(), url.clone(), headers.clone());
        async move {
            let mut calls = tokio::task::JoinSet::new();
            for _ in 0..CALLS {
                let (bare, url, headers) = (bare.clone(), url.clone(), headers.clone());
                calls.spawn(async move {
                    let mut builder = bare.get(url.as_str());
                    for (name, value) in headers.iter() {
                        builder = builder.header(*name, value.as_str());
                    }
                    let response = builder.send().await.expect("bare request");
                    assert_eq!(response.status().as_u16(), 200);
                    let body = response.bytes().await.expect("body");
                    if decode {
                        let json: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
                        black_box(json);
                    }
                    body
                });
            }
            while let Some(done) = calls.join_next().await {
                black_box(done.expect("task"));
            }
        }
    };

    // What one spawned call holds before it runs: its future (tokio's task adds its header).
    eprintln!("one call's future: async client {} B", std::mem::size_of_val(&client.get_secret_value(&op)));

    // Warm both pools to 64 connections, then measure the heap of one batch each.
    runtime.block_on(async_batch());
    runtime.block_on(bare_batch(&bare_target, false));
    let (async_bytes, async_allocations) = heap_and_allocations_per_call(&runtime, async_batch());
    let (bare_bytes, bare_allocations) =
        heap_and_allocations_per_call(&runtime, bare_batch(&bare_target, false));
    eprintln!(
        "heap per in-flight call (peak over idle, {CALLS} in flight): async client {async_bytes} B, bare reqwest {bare_bytes} B"
    );
    eprintln!(
        "allocations per call on the calling side: async client {async_allocations}, bare reqwest {bare_allocations}"
    );

    paired_batches(&runtime, || bare_batch(&bare_target, false), async_batch);

    // 64 threads, each making one call per batch, started and awaited with barriers.
    let start = Arc::new(Barrier::new(CALLS + 1));
    let end = Arc::new(Barrier::new(CALLS + 1));
    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..CALLS)
        .map(|_| {
            let (blocking, op, start, end, stop) =
                (blocking.clone(), blocking_op.clone(), start.clone(), end.clone(), stop.clone());
            std::thread::spawn(move || {
                loop {
                    start.wait();
                    if stop.load(Ordering::Acquire) {
                        return;
                    }
                    black_box(blocking.get_secret_value(&op).expect("blocking call"));
                    end.wait();
                }
            })
        })
        .collect();

    let mut group = c.benchmark_group("64_concurrent_get_secret_value");
    group.bench_function("bare_reqwest_prebuilt_headers", |b| {
        b.iter(|| runtime.block_on(bare_batch(&bare_target, false)))
    });
    group.bench_function("bare_reqwest_prebuilt_headers_json_value", |b| {
        b.iter(|| runtime.block_on(bare_batch(&json_target, true)))
    });
    group.bench_function("async_client", |b| b.iter(|| runtime.block_on(async_batch())));
    group.bench_function("blocking_client_64_threads", |b| {
        b.iter(|| {
            start.wait();
            end.wait();
        })
    });
    group.finish();

    stop.store(true, Ordering::Release);
    start.wait();
    for thread in threads {
        thread.join().expect("thread");
    }
}

criterion_group!(benches, concurrent_reads);
criterion_main!(benches);
