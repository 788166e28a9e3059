//! Huawei Cloud CSMS: `RotateSecret` and the calls a rotation client needs around it, signed
//! with `SDK-HMAC-SHA256` or sent with an IAM token.
//!
//! Flow: build an operation (e.g. [`RotateSecret`]), turn it into a complete [`HttpRequest`]
//! with a [`RequestFactory`] at the current time, send it with any transport (sending the
//! `Host` header exactly as given: it is signed), and give the answer's status and body to
//! [`decode`] (or with its headers to [`decode_response`], which also reads the request id of an
//! error answer) with the operation's [`Operation::Output`] type.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use secretmanager_core::huawei::{self, Credentials, Endpoint, ProjectId, RequestFactory};
//!
//! let factory = RequestFactory::new(
//!     Endpoint::region("cn-north-4")?,
//!     Credentials::new("HWAKEXAMPLE0000000001", "HWSKexample/SecretKey+0000000000000001").into(),
//!     ProjectId::new("0123456789abcdef0123456789abcdef")?,
//! );
//! let now = UNIX_EPOCH + Duration::from_secs(1_795_521_600); // 2026-11-24T12:00:00Z
//! let request = factory.build(&huawei::RotateSecret::new("db-password"), now)?;
//!
//! assert_eq!(
//!     request.url,
//!     "https://kms.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/secrets/db-password/rotate"
//! );
//! assert_eq!(request.header("Host"), Some("kms.cn-north-4.myhuaweicloud.com"));
//! assert_eq!(request.header("X-Sdk-Date"), Some("20261124T120000Z"));
//! assert_eq!(
//!     request.header("Authorization"),
//!     Some(
//!         "SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000001, \
//!          SignedHeaders=content-type;host;x-project-id;x-sdk-date, \
//!          Signature=d95c56da10e75f4427b97b546b5d13c7f6836a106f36f17c9901d42a54a4ff68"
//!     )
//! );
//! assert!(!request.idempotent); // no idempotency token: a blind retry can rotate twice
//!
//! let answer: huawei::RotateSecretResponse =
//!     huawei::decode(200, br#"{"version_id":"v2","secret_name":"db-password"}"#)?;
//! assert_eq!(answer.version_id.as_deref(), Some("v2"));
//! # Ok::<(), secretmanager_core::Error>(())
//! ```
//!
//! [`HttpRequest`]: crate::HttpRequest

pub mod catalog;
mod credentials;
mod decode;
mod endpoint;
mod model;
mod operation;
mod ops;
mod rules;
pub mod signing;

pub use crate::operation::Operation;
pub use credentials::{Auth, Credentials};
pub use decode::{REQUEST_ID_HEADER, decode, decode_response};
pub use endpoint::{Endpoint, ProjectId};
pub use model::*;
pub use operation::{
    AUTH_TOKEN_HEADER, CONTENT_TYPE, Huawei, PROJECT_ID_HEADER, RequestFactory, SECURITY_TOKEN_HEADER,
};
pub use ops::*;
pub use rules::*;
