//! The HTTP side: a pool of workers taking requests from `tiny_http`, applying faults, routing
//! to the control endpoints, NCP or Huawei, and answering with the emulator's `Date`.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crate::clock::{self, Clock};
use crate::config::Config;
use crate::exchange::{Incoming, Reply};
use crate::faults::{Fault, FaultPlan};
use crate::huawei::{self, HuaweiStore};
use crate::ncp::{self, NcpStore};
use crate::relay::Dropper;
use crate::request_log::RequestRecord;
use crate::{auth, control};

/// Largest request body read; a longer one is refused.
const MAX_BODY: u64 = 4 * 1024 * 1024;

/// Everything the workers share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    pub(crate) faults: Mutex<FaultPlan>,
    pub(crate) log: Mutex<Vec<RequestRecord>>,
    pub(crate) ncp: Mutex<NcpStore>,
    pub(crate) huawei: Mutex<HuaweiStore>,
    /// Set when the emulator stops, to cut injected delays short.
    pub(crate) stopping: AtomicBool,
}

/// Locks a mutex, recovering the data of a poisoned one (a worker that panicked cannot leave
/// the plain data of these stores half-written in a way that matters to an emulator).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// Fresh state for `config`.
    pub(crate) fn new(config: Config) -> Self {
        let seed = config.seed;
        Self {
            config,
            clock: Clock::default(),
            faults: Mutex::new(FaultPlan::new(seed)),
            log: Mutex::new(Vec::new()),
            ncp: Mutex::new(NcpStore::new(seed)),
            huawei: Mutex::new(HuaweiStore::new(seed)),
            stopping: AtomicBool::new(false),
        }
    }

    /// Forgets every secret, fault, logged request and the clock offset.
    pub(crate) fn reset(&self) {
        let seed = self.config.seed;
        *lock(&self.faults) = FaultPlan::new(seed);
        lock(&self.log).clear();
        *lock(&self.ncp) = NcpStore::new(seed);
        *lock(&self.huawei) = HuaweiStore::new(seed);
        self.clock.set_offset_ms(0);
    }

    /// Logs a request as it arrives; returns its place in the log.
    fn begin(&self, rq: &Incoming, fault: Option<Fault>) -> usize {
        let mut log = lock(&self.log);
        log.push(RequestRecord {
            method: rq.method.clone(),
            path: crate::request_log::redact_job_token(rq.path()),
            status: None,
            fault: fault.map(|f| f.label()),
        });
        log.len() - 1
    }

    /// Notes the status answered to the request logged at `index`.
    fn finish(&self, index: usize, status: u16) {
        if let Some(record) = lock(&self.log).get_mut(index) {
            record.status = Some(status);
        }
    }
}

/// Serves requests until the server is unblocked.
pub(crate) fn worker(server: &tiny_http::Server, shared: &Shared, dropper: &Dropper) {
    while let Ok(request) = server.recv() {
        serve_one(request, shared, dropper);
    }
}

fn serve_one(mut request: tiny_http::Request, shared: &Shared, dropper: &Dropper) {
    let mut body = Vec::new();
    let read = request.as_reader().take(MAX_BODY + 1).read_to_end(&mut body);
    let rq = Incoming {
        method: request.method().as_str().to_ascii_uppercase(),
        raw_url: request.url().to_owned(),
        headers: request
            .headers()
            .iter()
            .map(|h| (h.field.as_str().to_string(), h.value.to_string()))
            .collect(),
        body,
    };
    if rq.path().starts_with(control::PREFIX) {
        let reply = control::handle(&rq, shared);
        respond(request, reply, shared);
        return;
    }
    let fault = lock(&shared.faults).next_fault(rq.path());
    let index = shared.begin(&rq, fault);
    let reply = match fault {
        Some(Fault::DropConnection) => {
            if let Some(peer) = request.remote_addr().copied() {
                dropper.drop_connection(peer);
            }
            // The socket is closed: whatever tiny_http writes now goes nowhere.
            return;
        }
        Some(Fault::LoseAnswer) => {
            let reply = route(&rq, shared, read.is_ok() && rq.body.len() as u64 <= MAX_BODY);
            shared.finish(index, reply.status);
            if let Some(peer) = request.remote_addr().copied() {
                dropper.drop_connection(peer);
            }
            // Applied; the answer goes nowhere.
            return;
        }
        Some(Fault::Status(status)) => injected(&rq, status, shared),
        Some(Fault::StatusAfterApplying(status)) => {
            // The state changes as for a normal answer; the caller is told otherwise.
            let _applied = route(&rq, shared, read.is_ok() && rq.body.len() as u64 <= MAX_BODY);
            injected(&rq, status, shared)
        }
        Some(Fault::Delay(delay)) => {
            sleep_unless_stopping(delay, &shared.stopping);
            route(&rq, shared, read.is_ok() && rq.body.len() as u64 <= MAX_BODY)
        }
        None => route(&rq, shared, read.is_ok() && rq.body.len() as u64 <= MAX_BODY),
    };
    shared.finish(index, reply.status);
    respond(request, reply, shared);
}

/// Sleeps for `delay`, or less if the emulator stops meanwhile (so that shutdown is bounded).
fn sleep_unless_stopping(delay: Duration, stopping: &AtomicBool) {
    // A delay too long to represent lasts until the emulator stops.
    let deadline = Instant::now().checked_add(delay);
    while !stopping.load(Ordering::SeqCst) {
        let left = deadline.map_or(Duration::MAX, |d| d.saturating_duration_since(Instant::now()));
        if left.is_zero() {
            return;
        }
        thread::sleep(left.min(Duration::from_millis(20)));
    }
}

fn injected(rq: &Incoming, status: u16, shared: &Shared) -> Reply {
    if huawei::is_huawei_path(rq.path()) {
        let request_id = lock(&shared.huawei).request_id();
        huawei::injected(status, &request_id)
    } else {
        with_trace_id(ncp::injected(status), shared)
    }
}

/// An NCP answer with its `x-ncp-trace-id`, as the NCP API Gateway sends on every answer.
fn with_trace_id(reply: Reply, shared: &Shared) -> Reply {
    let trace_id = lock(&shared.ncp).trace_id();
    reply.with_header(ncp::TRACE_ID_HEADER, trace_id)
}

fn route(rq: &Incoming, shared: &Shared, body_ok: bool) -> Reply {
    if huawei::is_huawei_path(rq.path()) {
        route_huawei(rq, shared, body_ok)
    } else {
        with_trace_id(route_ncp(rq, shared, body_ok), shared)
    }
}

/// Answers an NCP path, or any path neither provider serves (with the NCP gateway's 404).
fn route_ncp(rq: &Incoming, shared: &Shared, body_ok: bool) -> Reply {
    let now = shared.clock.now_ms();
    let path = rq.path();
    let Some(route) = ncp::is_ncp_path(path).then(|| ncp::route(&rq.method, path)).flatten() else {
        return ncp::not_found_exception(path);
    };
    if let Err(details) = auth::verify_ncp(rq, &shared.config, now) {
        return ncp::authentication_failed(&details);
    }
    if !body_ok {
        return ncp::error(400, "INVALID_REQUEST", "Invalid request", "the request body could not be read");
    }
    let outcome = lock(&shared.ncp).handle(&route, rq, now);
    ncp::answer(outcome)
}

/// Answers a Huawei path.
fn route_huawei(rq: &Incoming, shared: &Shared, body_ok: bool) -> Reply {
    let now = shared.clock.now_ms();
    let path = rq.path();
    let request_id = lock(&shared.huawei).request_id();
    let Some(route) = huawei::route(&rq.method, path) else {
        return huawei::not_found(path, &request_id);
    };
    if let Err(reason) = auth::verify_huawei(rq, &shared.config, now) {
        return huawei::authentication_failed(&reason, &request_id);
    }
    if let Some(project_id) = &route.project_id
        && !auth::constant_time_eq(project_id.as_bytes(), shared.config.huawei_project_id.as_bytes())
    {
        return huawei::error(403, "CSMS.0003", "the project id does not match the credentials", &request_id);
    }
    if !body_ok {
        return huawei::error(400, "CSMS.0004", "the request body could not be read", &request_id);
    }
    let outcome = {
        let mut store = lock(&shared.huawei);
        store.set_now(now);
        huawei::dispatch(&mut store, &route, &huawei::Query(rq.query()), &rq.body)
    };
    huawei::answer(outcome, &request_id)
}

fn respond(request: tiny_http::Request, reply: Reply, shared: &Shared) {
    // 204 No Content carries no body.
    let body =
        if reply.status == 204 { Vec::new() } else { serde_json::to_vec(&reply.body).unwrap_or_default() };
    let mut response = tiny_http::Response::from_data(body).with_status_code(reply.status);
    let date = clock::http_date(shared.clock.now_ms());
    let mut headers = vec![
        ("Date".to_owned(), date),
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("Server".to_owned(), "secretmanager-emulator".to_owned()),
    ];
    headers.extend(reply.headers);
    for (name, value) in headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // A client that went away is not an error of the emulator.
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_paths_get_the_gateway_404() {
        let shared = Shared::new(Config::default());
        let rq =
            Incoming { method: "GET".into(), raw_url: "/nothing/here".into(), headers: vec![], body: vec![] };
        let reply = route(&rq, &shared, true);
        assert_eq!(reply.status, 404);
        assert_eq!(reply.body["error"]["errorCode"], "300");
    }

    #[test]
    fn delays_end_early_when_stopping() {
        let stopping = AtomicBool::new(true);
        let started = Instant::now();
        sleep_unless_stopping(Duration::from_secs(3600), &stopping);
        assert!(started.elapsed() < Duration::from_secs(3600));
        let running = AtomicBool::new(false);
        let started = Instant::now();
        sleep_unless_stopping(Duration::from_millis(30), &running);
        assert!(started.elapsed() >= Duration::from_millis(30));
    }

    #[test]
    fn reset_clears_the_log_and_clock() {
        let shared = Shared::new(Config::default());
        shared.clock.set_offset_ms(5);
        let rq = Incoming { method: "GET".into(), raw_url: "/x".into(), headers: vec![], body: vec![] };
        let index = shared.begin(&rq, None);
        shared.finish(index, 404);
        assert_eq!(lock(&shared.log)[0].status, Some(404));
        shared.reset();
        assert!(lock(&shared.log).is_empty());
        assert_eq!(shared.clock.offset_ms(), 0);
    }
}
