//! # secretmanager-emulator
//!
//! A local HTTP server that speaks NCP Secret Manager (all 32 operations, API Gateway signature
//! v2) and Huawei Cloud CSMS (the 45 operations of the official SDK routed; secrets, versions,
//! stages, scheduled deletion, backups, asynchronous rotation tasks and the tools around them
//! served; `SDK-HMAC-SHA256` or an IAM token) on one port, checking every signature like the real gateways, with fault
//! injection and a settable clock for tests.
//!
//! * NCP is served at `/api/v1/…` and `/action/v1/…`, and the same under `/secretmanager/…`.
//! * Huawei is served at `/v1/{project_id}/…` ([`HUAWEI_PROJECT_ID`] by default).
//! * Control endpoints for out-of-process users live under `/_emulator/` (no signature):
//!   `POST /_emulator/faults` with `{"fault":"status","status":503,"count":2}`,
//!   `{"fault":"delay","ms":200}`, `{"fault":"drop"}`, `{"fault":"lose-answer"}` (applied, then
//!   the connection closed with no answer) (or `"percent":30` instead of `count`),
//!   `DELETE /_emulator/faults`, `POST /_emulator/clock` with `{"offset_ms":-600000}`,
//!   `GET /_emulator/requests`, `POST /_emulator/reset`, `GET /_emulator/health`,
//!   `POST /_emulator/huawei/rotation` with `{"delay_ms":500}` (rotation tasks stay `RUNNING`
//!   that long) or `{"fail_count":1,"error_code":"CSMS.0001","error_msg":"…"}` (the next
//!   rotations settle `FAILED`).
//!
//! Every answer carries a `Date` header from the emulator's (offset) clock.
//!
//! ```
//! use std::time::SystemTime;
//! use secretmanager_core::ncp::{self, Endpoint, RequestFactory};
//! use secretmanager_emulator::{Emulator, Fault};
//!
//! let emulator = Emulator::start().unwrap();
//! assert!(emulator.base_url().starts_with("http://127.0.0.1:"));
//!
//! // Requests are built and signed by the core, for the emulator's address.
//! let factory = RequestFactory::new(Endpoint::parse(emulator.base_url()).unwrap(), &emulator.ncp_credentials());
//! let request = factory.build(&ncp::GetSecretList::new(), SystemTime::now()).unwrap();
//! assert!(request.url.starts_with(emulator.base_url()));
//!
//! emulator.inject(Fault::Status(503), 1);
//! assert_eq!(emulator.request_count("GET", "/api/v1/secrets"), 0);
//! ```
#![forbid(unsafe_code)]

mod auth;
mod clock;
mod config;
mod control;
mod exchange;
mod faults;
mod head_guard;
mod huawei;
mod json_body;
mod ncp;
mod random;
mod relay;
mod request_log;
mod server;

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secretmanager_core::SecretString;

pub use config::{
    DEFAULT_KEY_NAME, DEFAULT_SEED, DELETION_WAIT_DAYS, HUAWEI_ACCESS_KEY, HUAWEI_AUTH_TOKEN,
    HUAWEI_PROJECT_ID, HUAWEI_SECRET_KEY, KMS_KEY_NAME, KMS_KEY_TAG, NCP_ACCESS_KEY, NCP_SECRET_KEY,
    SECOND_TRIGGER_ID, SECOND_TRIGGER_NAME, SECRET_LIST_PAGE_SIZE, TRIGGER_ID, TRIGGER_NAME,
};
pub use faults::Fault;
pub use request_log::{REDACTED_JOB_TOKEN, RequestRecord};

use config::Config;
use relay::Relay;
use server::{Shared, lock};

/// Threads running the HTTP server by default. Requests are served concurrently whatever the
/// number (each connection is a task, and an injected delay holds no thread).
pub const DEFAULT_WORKERS: usize = 4;

/// A running emulator. It stops when dropped.
///
/// ```
/// use secretmanager_emulator::{Emulator, HUAWEI_PROJECT_ID, NCP_ACCESS_KEY};
///
/// let emulator = Emulator::start().unwrap();
/// assert_eq!(emulator.ncp_credentials().access_key(), NCP_ACCESS_KEY);
/// assert_eq!(HUAWEI_PROJECT_ID.len(), 32);
/// let addr = emulator.local_addr();
/// drop(emulator); // stops the server and frees the port
/// assert!(addr.ip().is_loopback());
/// ```
pub struct Emulator {
    base_url: String,
    shared: Arc<Shared>,
    /// Runs the HTTP server; `None` once stopped.
    runtime: Option<tokio::runtime::Runtime>,
    relay: Relay,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator").field("base_url", &self.base_url).finish_non_exhaustive()
    }
}

impl Emulator {
    /// Starts an emulator on `127.0.0.1`, on a free port, with the default credentials.
    ///
    /// ```
    /// let emulator = secretmanager_emulator::Emulator::start().unwrap();
    /// assert!(emulator.base_url().starts_with("http://127.0.0.1:"));
    /// ```
    pub fn start() -> io::Result<Emulator> {
        Self::builder().start()
    }

    /// A builder to choose the address, credentials and seed.
    ///
    /// ```
    /// use secretmanager_emulator::Emulator;
    ///
    /// let emulator = Emulator::builder().ncp_credentials("AK", "SK").seed(7).start().unwrap();
    /// assert_eq!(emulator.ncp_credentials().access_key(), "AK");
    /// ```
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// The base URL, `http://127.0.0.1:PORT` (the loopback address when bound to all
    /// interfaces).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the emulator listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.relay.public_addr()
    }

    /// The NCP credentials the emulator accepts.
    pub fn ncp_credentials(&self) -> secretmanager_core::ncp::Credentials {
        self.shared.config.ncp.clone()
    }

    /// The Huawei AK/SK the emulator accepts.
    pub fn huawei_credentials(&self) -> secretmanager_core::huawei::Credentials {
        self.shared.config.huawei.clone()
    }

    /// The Huawei project id served under `/v1/{project_id}`.
    pub fn huawei_project_id(&self) -> &str {
        &self.shared.config.huawei_project_id
    }

    /// The Huawei IAM token accepted in `X-Auth-Token`.
    pub fn huawei_auth_token(&self) -> SecretString {
        self.shared.config.huawei_auth_token.clone()
    }

    /// Applies `fault` to the next `count` requests (control requests excepted), after any
    /// faults injected before.
    ///
    /// ```
    /// use secretmanager_emulator::{Emulator, Fault};
    ///
    /// let emulator = Emulator::start().unwrap();
    /// emulator.inject(Fault::DropConnection, 2);
    /// ```
    pub fn inject(&self, fault: Fault, count: u32) {
        lock(&self.shared.faults).inject(fault, count);
    }

    /// Applies `fault` to the next `count` requests whose path ends with `path_suffix`
    /// (control requests excepted); other requests pass by it.
    ///
    /// ```
    /// use secretmanager_emulator::{Emulator, Fault};
    ///
    /// let emulator = Emulator::start().unwrap();
    /// // The next Complete Rotation Job is applied, and its answer lost.
    /// emulator.inject_on(Fault::LoseAnswer, "/complete", 1);
    /// ```
    pub fn inject_on(&self, fault: Fault, path_suffix: &str, count: u32) {
        lock(&self.shared.faults).inject_on(fault, count, Some(path_suffix.to_owned()));
    }

    /// Applies `fault` to `percent` % of the requests, drawn from the emulator's seed (so the
    /// same sequence of requests meets the same faults). `0` stops it.
    pub fn inject_ratio(&self, fault: Fault, percent: u8) {
        lock(&self.shared.faults).inject_ratio(fault, percent);
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Shifts the emulator's clock (dates it answers and the time it checks signatures
    /// against) by `offset_ms` from the real clock.
    pub fn set_clock_offset_ms(&self, offset_ms: i64) {
        self.shared.clock.set_offset_ms(offset_ms);
    }

    /// The emulator's current time.
    pub fn now(&self) -> SystemTime {
        let ms = self.shared.clock.now_ms();
        match u64::try_from(ms) {
            Ok(ms) => UNIX_EPOCH + Duration::from_millis(ms),
            Err(_) => UNIX_EPOCH,
        }
    }

    /// Every request received so far (control requests excepted), oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.shared.log).clone()
    }

    /// How many `method` requests arrived at a path ending with `path_suffix`.
    ///
    /// ```
    /// let emulator = secretmanager_emulator::Emulator::start().unwrap();
    /// assert_eq!(emulator.request_count("POST", "/api/v1/secrets"), 0);
    /// ```
    pub fn request_count(&self, method: &str, path_suffix: &str) -> usize {
        lock(&self.shared.log).iter().filter(|r| r.matches(method, path_suffix)).count()
    }

    /// Makes Huawei rotation tasks stay `RUNNING` for `delay` before they settle (none by
    /// default: a rotation settles as it starts).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let emulator = secretmanager_emulator::Emulator::start().unwrap();
    /// emulator.set_huawei_rotation_delay(Duration::from_millis(200));
    /// ```
    pub fn set_huawei_rotation_delay(&self, delay: Duration) {
        lock(&self.shared.huawei).rotation.delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
    }

    /// Makes the next `count` Huawei rotations settle `FAILED` with `task_error_code` `code`
    /// and `task_error_msg` `message` (the secret keeps its versions).
    ///
    /// ```
    /// let emulator = secretmanager_emulator::Emulator::start().unwrap();
    /// emulator.fail_huawei_rotations(1, "CSMS.0001", "the rotation function failed");
    /// ```
    pub fn fail_huawei_rotations(&self, count: u32, code: &str, message: &str) {
        lock(&self.shared.huawei).rotation.fail_next(count, code, message);
    }

    /// Forgets every secret, fault and logged request, and resets the clock offset.
    pub fn reset(&self) {
        self.shared.reset();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Closes every client connection and the public port.
        self.relay.stop();
        // Ends the server's tasks (pending delays included) without waiting for them, so that an
        // emulator can also be dropped inside an async runtime.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Builds an [`Emulator`]: address, credentials, seed.
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    bind: IpAddr,
    port: u16,
    workers: usize,
    config: Config,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            workers: DEFAULT_WORKERS,
            config: Config::default(),
        }
    }
}

impl EmulatorBuilder {
    /// The address to listen on (default `127.0.0.1`).
    pub fn bind(mut self, address: IpAddr) -> Self {
        self.bind = address;
        self
    }

    /// The port to listen on (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// How many threads run the HTTP server (default [`DEFAULT_WORKERS`], at least 1).
    pub fn workers(mut self, workers: usize) -> Self {
        self.workers = workers.max(1);
        self
    }

    /// The NCP access key and secret key to accept.
    pub fn ncp_credentials(
        mut self,
        access_key: impl Into<String>,
        secret_key: impl Into<SecretString>,
    ) -> Self {
        self.config.ncp = secretmanager_core::ncp::Credentials::new(access_key, secret_key);
        self
    }

    /// The Huawei AK and SK to accept.
    pub fn huawei_credentials(
        mut self,
        access_key: impl Into<String>,
        secret_key: impl Into<SecretString>,
    ) -> Self {
        self.config.huawei = secretmanager_core::huawei::Credentials::new(access_key, secret_key);
        self
    }

    /// The Huawei project id to serve.
    pub fn huawei_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.config.huawei_project_id = project_id.into();
        self
    }

    /// The Huawei IAM token to accept in `X-Auth-Token`.
    pub fn huawei_auth_token(mut self, token: impl Into<SecretString>) -> Self {
        self.config.huawei_auth_token = token.into();
        self
    }

    /// The seed of every random value (ids, tokens, generated secrets, fault ratios).
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// Binds and starts serving.
    pub fn start(self) -> io::Result<Emulator> {
        let public = TcpListener::bind(SocketAddr::new(self.bind, self.port))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(self.workers)
            .thread_name("emulator-worker")
            .enable_io()
            .enable_time()
            .build()?;
        // The HTTP server listens on an internal loopback port behind the relay.
        let internal = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
        internal.set_nonblocking(true)?;
        let upstream = internal.local_addr()?;
        let internal = {
            // Registering the socket needs the runtime's context (not a thread of it).
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(internal)?
        };
        let relay = Relay::start(public, upstream)?;
        let addr = relay.public_addr();
        let host = match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_owned(),
            IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_owned(),
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        let shared = Arc::new(Shared::new(self.config));
        runtime.spawn(server::serve(internal, Arc::clone(&shared), relay.dropper()));
        let emulator = Emulator {
            base_url: format!("http://{host}:{}", addr.port()),
            shared,
            runtime: Some(runtime),
            relay,
        };
        Ok(emulator)
    }
}
