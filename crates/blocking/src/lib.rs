//! # secretmanager-blocking
//!
//! Blocking clients of NAVER Cloud Platform Secret Manager ([`ncp::Client`]) and Huawei Cloud
//! CSMS ([`huawei::Client`]) on [`ureq`](https://docs.rs/ureq) 3 with rustls.
//!
//! The core (`secretmanager-core`) validates, builds and signs each request and decodes each
//! answer; this crate finds credentials, sends the requests over one shared connection pool
//! with timeouts, retries what is safe to retry, corrects a wrong local clock, and runs NCP
//! rotation jobs ([`ncp::Client::rotate`]).
//!
//! ```no_run
//! use secretmanager_blocking::ncp::{self, Client, Endpoint, PendingValue};
//!
//! // Credentials from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY or ~/.ncloud/configure.
//! let client = Client::builder().endpoint(Endpoint::kr_global()).build()?;
//!
//! let created = client.create_secret(&ncp::CreateSecret::new(
//!     "db-password",
//!     r#"{"user":"app","password":"initial"}"#,
//!     ["password"],
//! ))?;
//!
//! // In a rotation function, given the secret id and job token:
//! let outcome = client.rotate(&created.secret_id, "job-token", PendingValue::Random, |rotation| {
//!     // Set the new password (rotation.pending.expose()) on the database here.
//!     let _ = rotation.pending;
//!     Ok::<(), std::io::Error>(())
//! });
//! assert!(outcome.is_ok());
//! # Ok::<(), secretmanager_blocking::Error>(())
//! ```
//!
//! ## Defaults
//!
//! * timeouts: 5 s to connect, 30 s to wait for the answer, 60 s per exchange ([`Timeouts`]);
//! * retries: 3, exponential backoff with full jitter, only when safe ([`RetryPolicy`]);
//! * TLS verified against the Mozilla roots, or the CA bundle named by `SSL_CERT_FILE` when
//!   that is set ([`Builder::tls_roots`] chooses a CA bundle or the system store instead);
//! * the proxy from `HTTPS_PROXY` and friends;
//! * `User-Agent: secretmanager-rust/<version>`.
//!
//! ## Tracing
//!
//! Every call is a `secretmanager.call` span (provider, operation) of the `tracing` crate,
//! with an event per attempt (attempt number, HTTP status, provider code, request id,
//! duration) and per retry decision: install any `tracing` subscriber to see them (DEBUG for
//! every attempt; INFO for retries and failed calls). They never carry a secret value, a key,
//! a token, a signature, a header, a body or an error message.
//!
//! Do not enable `ureq`'s TRACE logging in production: it prints requests unredacted.

#![forbid(unsafe_code)]

mod config;
mod execute;
pub mod huawei;
pub mod ncp;
mod operations;
mod tls;

/// The error types, shared with every client through the engine.
use secretmanager_engine as error;
mod transport;

pub use config::Builder;
pub use secretmanager_core::{SecretBytes, SecretString};
pub use secretmanager_engine::ChangeSubscription;
pub use secretmanager_engine::credentials;
pub use secretmanager_engine::{
    ApiError, ApiErrorKind, CredentialsError, DecodeError, Error, OutcomeUnknown, RetryPolicy, TimeoutError,
    TimeoutPhase, TransportError, TransportErrorKind, ValidationError,
};
pub use secretmanager_engine::{
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_USER_AGENT, MAX_USER_AGENT_BYTES, SSL_CERT_FILE, Timeouts, TlsRoots,
    validate_user_agent,
};
