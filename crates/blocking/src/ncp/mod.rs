//! The blocking NCP Secret Manager client: [`Client`], its [`ClientBuilder`], one method per
//! operation, and the [`Client::rotate`] helper for rotation functions.
//!
//! The operation types, models and [`Endpoint`] come from `secretmanager_core::ncp` and are
//! re-exported here.

mod client;
mod ops;
mod rotation;

pub use client::{Client, ClientBuilder, Settings};
pub use rotation::{
    BoxError, PendingRotation, PendingSource, PendingValue, ProducePending, RotationCause, RotationError,
    RotationOutcome, RotationStep,
};
pub use secretmanager_core::ncp::*;
