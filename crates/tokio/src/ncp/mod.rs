//! The async NCP Secret Manager client ([`Client`]): every operation of the API as an
//! awaitable method, and the rotation helper ([`Client::rotate`]).
//!
//! The operation and model types are the core's (re-exported here), the builder and the
//! errors are the blocking client's: only the transport differs.

mod client;
mod ops;
mod rotation;

pub use client::{Client, ClientBuilder, Settings};
pub use secretmanager_core::ncp::*;
/// How the async rotation helper produces PENDING (the blocking helper's `PendingValue`, with a
/// `Send` custom function).
pub use secretmanager_engine::ncp::rotation::SendPendingValue as PendingValue;
/// The custom function of [`PendingValue`].
pub use secretmanager_engine::ncp::rotation::SendProducePending as ProducePending;
pub use secretmanager_engine::ncp::rotation::{
    BoxError, PendingRotation, PendingSource, RotationCause, RotationError, RotationOutcome, RotationStep,
};
