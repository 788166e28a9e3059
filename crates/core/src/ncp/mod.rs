//! NAVER Cloud Platform Secret Manager: the 32 operations, their validation, the API Gateway
//! signature v2, and decoding of the answers.
//!
//! Flow: build an operation (e.g. [`CreateSecret`]), turn it into a signed [`HttpRequest`]
//! with a [`RequestFactory`], send it with any transport, and give the answer's status and body
//! to [`decode`] (or with its headers to [`decode_response`], which also reads the request id
//! of an error answer) with the operation's [`Operation::Output`] type.
//!
//! [`HttpRequest`]: crate::HttpRequest

pub mod catalog;
mod credentials;
mod decode;
mod endpoint;
mod model;
mod operation;
mod ops;
mod reconcile;
mod rules;
mod signer;
mod wire;

pub use crate::operation::Operation;
pub use credentials::Credentials;
pub use decode::{REQUEST_ID_HEADER, SUCCESS, decode, decode_response};
pub use endpoint::Endpoint;
pub use model::*;
pub use operation::{Ncp, RequestFactory};
pub use ops::*;
pub use reconcile::{ObservedState, Settled, StateCheck};
pub use rules::*;
pub use signer::{ACCESS_KEY_HEADER, SIGNATURE_HEADER, Signature, Signer, TIMESTAMP_HEADER};
pub use wire::{EpochMillis, yn};
