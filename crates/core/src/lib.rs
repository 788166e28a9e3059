//! # secretmanager-core
//!
//! The sans-IO heart of the `secretmanager` SDK. It knows two secret-rotation APIs exactly:
//!
//! * [`ncp`]: NAVER Cloud Platform Secret Manager (all 32 operations), signed with the
//!   API Gateway signature v2;
//! * [`huawei`]: Huawei Cloud CSMS (`RotateSecret` and the calls around it), signed with
//!   `SDK-HMAC-SHA256` or sent with an IAM token.
//!
//! The crate opens no sockets, reads no clock and touches no environment: a caller passes an
//! operation, credentials, an endpoint and the current time, and gets back a complete, signed
//! [`HttpRequest`] that any transport can send. The response's status and body bytes then go
//! back through the provider's decoder, which yields the operation's typed output or one
//! [`Error`].
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use secretmanager_core::ncp::{self, Credentials, Endpoint, RequestFactory};
//!
//! let credentials = Credentials::new("AK_TEST", "SK_TEST");
//! let factory = RequestFactory::new(Endpoint::kr_global(), &credentials);
//! let op = ncp::StartRotationJob::new("secret-id", "job-token");
//! let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_000);
//! let request = factory.build(&op, now).expect("valid operation");
//! assert_eq!(
//!     request.url,
//!     "https://secretmanager.apigw.ntruss.com/action/v1/secrets/secret-id/jobs/job-token/start"
//! );
//! assert_eq!(request.header("x-ncp-apigw-timestamp"), Some("1700000000000"));
//! ```
#![forbid(unsafe_code)]

mod base_url;
mod encode;
pub mod error;
pub mod http;
pub mod huawei;
mod kind;
pub mod ncp;
mod operation;
pub mod paging;
mod redact;
pub mod secret;
pub mod surface;
pub mod time;
pub mod validate;
mod wire;

pub use error::{ApiError, ApiErrorKind, DecodeError, Error, Provider};
pub use http::{Header, HttpRequest, Method};
pub use kind::{OperationKind, Settled};
pub use operation::{Operation, ProviderKind};
pub use redact::{MIN_SECRET_LEN, Redactor};
pub use secret::{SecretBytes, SecretString};
pub use validate::{Rule, ValidationError};
pub use wire::MAX_LIST_ITEMS;
