//! The HTTP side: hyper serving each connection from the relay on its own task, applying
//! faults, routing to the control endpoints, NCP or Huawei, and answering with the emulator's
//! `Date`.

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::clock::{self, Clock};
use crate::config::Config;
use crate::exchange::{Incoming, Reply};
use crate::faults::{Fault, FaultPlan};
use crate::huawei::{self, HuaweiStore};
use crate::ncp::{self, NcpStore};
use crate::relay::Dropper;
use crate::request_log::RequestRecord;
use crate::{auth, control, head_guard};

/// Largest request body read; a longer one is refused.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// Everything the connections share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    pub(crate) faults: Mutex<FaultPlan>,
    pub(crate) log: Mutex<Vec<RequestRecord>>,
    pub(crate) ncp: Mutex<NcpStore>,
    pub(crate) huawei: Mutex<HuaweiStore>,
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

/// Accepts connections on `listener` (from the relay) and serves each on its own task, until
/// the runtime running this shuts down.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, dropper: Dropper) {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of descriptors or similar: back off instead of spinning.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let dropper = dropper.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let (shared, dropper) = (Arc::clone(&shared), dropper.clone());
                async move { answer(request, peer, &shared, &dropper).await }
            });
            // A connection that fails or is dropped on purpose ends here; nothing to report.
            let _ = http1::Builder::new()
                .title_case_headers(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The service's error for a request left unanswered on purpose: hyper then closes the
/// connection without writing anything.
#[derive(Debug)]
struct Unanswered;

impl fmt::Display for Unanswered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request is left unanswered")
    }
}

impl std::error::Error for Unanswered {}

/// Reads one request and answers it, or leaves it unanswered (a fault that drops the
/// connection).
async fn answer(
    request: Request<hyper::body::Incoming>,
    peer: SocketAddr,
    shared: &Shared,
    dropper: &Dropper,
) -> Result<Response<Full<Bytes>>, Unanswered> {
    let (parts, body) = request.into_parts();
    // A body over the limit, or one that breaks off, is answered with a 400.
    let (body, body_ok) = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => (collected.to_bytes().to_vec(), true),
        Err(_) => (Vec::new(), false),
    };
    let rq = Incoming {
        method: parts.method.as_str().to_ascii_uppercase(),
        raw_url: parts.uri.to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned())
            })
            .collect(),
        body,
    };
    match serve_one(&rq, body_ok, peer, shared, dropper).await {
        Some(reply) => Ok(response(reply, shared)),
        None => Err(Unanswered),
    }
}

/// The answer to `rq`, after its fault if one is due; `None` when the fault leaves it
/// unanswered (its connection already closed).
async fn serve_one(
    rq: &Incoming,
    body_ok: bool,
    peer: SocketAddr,
    shared: &Shared,
    dropper: &Dropper,
) -> Option<Reply> {
    if rq.header(head_guard::MARKER_HEADER).is_some() {
        let index = shared.begin(rq, None);
        let reply = non_ascii_header(rq, shared);
        shared.finish(index, reply.status);
        return Some(reply);
    }
    if rq.path().starts_with(control::PREFIX) {
        return Some(control::handle(rq, shared));
    }
    let fault = lock(&shared.faults).next_fault(rq.path());
    let index = shared.begin(rq, fault);
    let reply = match fault {
        Some(Fault::DropConnection) => {
            dropper.drop_connection(peer);
            return None;
        }
        Some(Fault::LoseAnswer) => {
            let reply = route(rq, shared, body_ok);
            shared.finish(index, reply.status);
            // Applied; the answer goes nowhere.
            dropper.drop_connection(peer);
            return None;
        }
        Some(Fault::Status(status)) => injected(rq, status, shared),
        Some(Fault::StatusAfterApplying(status)) => {
            // The state changes as for a normal answer; the caller is told otherwise.
            let _applied = route(rq, shared, body_ok);
            injected(rq, status, shared)
        }
        Some(Fault::Delay(delay)) => {
            // Holds no thread; a delay too long to represent lasts until the emulator stops
            // (its runtime shuts down, dropping this).
            tokio::time::sleep(delay).await;
            route(rq, shared, body_ok)
        }
        None => route(rq, shared, body_ok),
    };
    shared.finish(index, reply.status);
    Some(reply)
}

/// The 400 of a request whose headers held non-ASCII bytes, in the provider's error shape.
fn non_ascii_header(rq: &Incoming, shared: &Shared) -> Reply {
    if huawei::is_huawei_path(rq.path()) {
        let request_id = lock(&shared.huawei).request_id();
        huawei::error(400, "CSMS.0003", "a request header holds bytes that are not ASCII", &request_id)
    } else {
        with_trace_id(
            ncp::error(
                400,
                "INVALID_REQUEST",
                "Invalid request",
                "a request header holds bytes that are not ASCII",
            ),
            shared,
        )
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

/// The HTTP answer for `reply`, with the emulator's `Date`.
fn response(reply: Reply, shared: &Shared) -> Response<Full<Bytes>> {
    // A 204 has no body.
    let body =
        if reply.status == 204 { Vec::new() } else { serde_json::to_vec(&reply.body).unwrap_or_default() };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let date = clock::http_date(shared.clock.now_ms());
    let defaults =
        [("Date", date.as_str()), ("Content-Type", "application/json"), ("Server", "secretmanager-emulator")];
    let headers = response.headers_mut();
    // A header of the reply replaces a default of the same name.
    let extra = reply.headers.iter().map(|(name, value)| (name.as_str(), value.as_str()));
    for (name, value) in defaults.into_iter().chain(extra) {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value))
        {
            headers.insert(name, value);
        }
    }
    response
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
