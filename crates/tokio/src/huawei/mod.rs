//! The async Huawei Cloud CSMS client ([`Client`]): every operation of the API as an
//! awaitable method.
//!
//! The operation and model types are the core's (re-exported here), the builder and the
//! errors are the blocking client's: only the transport differs.

mod client;
mod ops;

pub use client::{Client, ClientBuilder, Settings};
pub use secretmanager_core::huawei::*;
