//! # secretmanager-tokio
//!
//! Async clients of NAVER Cloud Platform Secret Manager ([`ncp::Client`]) and Huawei Cloud
//! CSMS ([`huawei::Client`]) on tokio, with reqwest and rustls (no OpenSSL).
//!
//! They are the blocking clients' twins: the same [`Builder`] with the same settings and
//! defaults (endpoints, credentials and where they are found, timeouts, proxy, [`TlsRoots`],
//! [`RetryPolicy`]), the same operations (one awaitable method each, from the core's catalog),
//! the same [`Error`], and the same call engine (`secretmanager-engine`), which decides every
//! retry, clock correction and read-back: only the transport differs.
//!
//! * Futures are `Send`: spawn them, or run many calls at once on one client (clones share
//!   one connection pool).
//! * Cancellation is safe: dropping a call (a timeout, a `select!`) drops its attempt and its
//!   connection and leaves the client as it was; a change that may have reached the server
//!   is still told to the client's change listeners.
//! * Every call is a `secretmanager.call` span of `tracing`, with the same events as the
//!   blocking client's, never a secret.
//!
//! ```no_run
//! use secretmanager_tokio::ncp::{self, Client, Endpoint, PendingValue};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Credentials from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY or ~/.ncloud/configure.
//! let client = Client::builder().endpoint(Endpoint::kr_global()).build()?;
//! let created = client
//!     .create_secret(&ncp::CreateSecret::new("db-password", r#"{"password":"initial"}"#, ["password"]))
//!     .await?;
//! // In a rotation function, given the secret id and job token:
//! let outcome = client
//!     .rotate(&created.secret_id, "job-token", PendingValue::Random, async |rotation| {
//!         // Set rotation.pending.expose() on the database here.
//!         let _ = rotation.pending;
//!         Ok::<(), std::io::Error>(())
//!     })
//!     .await?;
//! assert!(!outcome.new_value.is_empty());
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]

mod execute;
pub mod huawei;
pub mod ncp;
mod operations;
mod transport;

pub use secretmanager_core::{SecretBytes, SecretString};
pub use secretmanager_engine::{
    ApiError, ApiErrorKind, Builder, ChangeSubscription, CredentialsError, DecodeError, Error,
    OutcomeUnknown, RetryPolicy, SSL_CERT_FILE, TimeoutError, TimeoutPhase, Timeouts, TlsRoots,
    TransportError, TransportErrorKind, ValidationError, credentials,
};
