//! # secretmanager-engine
//!
//! What every client of the secretmanager SDK shares, whatever sends its bytes: the one
//! [`Error`] type, the client [`Builder`] with every setting (endpoints, credentials and where
//! they are found, timeouts, proxy, [`TlsRoots`], [`RetryPolicy`]...), and the call [`Engine`], a sans-IO state machine that
//! decides for each attempt of a call when to sign it, how long it may take, whether to
//! retry, re-sign after learning the server's clock, or give up, and how a lost answer is
//! settled (see [`call`]). The blocking client (`secretmanager-blocking`, on ureq) and the
//! async one (on tokio) drive the same engine, so they cannot drift apart.
//!
//! It also holds what the clients tell [`tracing`] ([`observe`]): a span per call and an
//! event per attempt, never a secret.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use secretmanager_core::OperationKind;
//! use secretmanager_engine::{Answer, Engine, RetryPolicy, Step};
//!
//! let engine = Engine::new(RetryPolicy::default().initial_backoff(Duration::ZERO), None, 0);
//! let mut call = engine.start(OperationKind::Repeatable, engine.deadline());
//! let mut sent = 0;
//! let output = loop {
//!     let _sign_at = call.next_attempt();
//!     let _budget = call.budget().map_err(|failure| failure.error)?;
//!     sent += 1;
//!     // A transport would send the request here; the first answer is a 503.
//!     let (status, decoded) = if sent == 1 {
//!         let busy = secretmanager_core::ApiError::new(secretmanager_core::Provider::Ncp, 503, "", "busy");
//!         (503, Err(secretmanager_core::Error::Api(busy)))
//!     } else {
//!         (200, Ok("output"))
//!     };
//!     match call.answered(&Answer::from_headers(status, [], SystemTime::now()), decoded, Duration::ZERO) {
//!         Step::Done(output) => break output,
//!         Step::SendNow => {}
//!         Step::SendAfter(wait) => std::thread::sleep(wait),
//!         Step::Stop(failure) => return Err(failure.error),
//!     }
//! };
//! assert_eq!((output, sent), ("output", 2));
//! # Ok::<(), secretmanager_engine::Error>(())
//! ```

#![forbid(unsafe_code)]

pub mod call;
mod changes;
mod clock;
pub mod credentials;
mod error;
pub mod huawei;
pub mod ncp;
pub mod observe;
mod request;
mod retry;
mod settings;
mod tls;

pub use call::{Answer, Call, Engine, Failure, ReadBack, Settlement, Step};
pub use changes::{ChangeListeners, ChangeSubscription, Listener};
pub use clock::parse_http_date;
pub use error::{
    ApiError, ApiErrorKind, CredentialsError, DecodeError, Error, OutcomeUnknown, TimeoutError, TimeoutPhase,
    TransportError, TransportErrorKind, ValidationError,
};
pub use request::RequestSource;
pub use retry::{RetryPolicy, is_safe_to_retry};
pub use settings::{
    Builder, ConnectionSettings, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_USER_AGENT, FromBuilder,
    MAX_USER_AGENT_BYTES, ProxyChoice, ProxyUrl, Timeouts, validate_user_agent,
};
pub use tls::{SSL_CERT_FILE, TlsRoots, TrustedRoots};
