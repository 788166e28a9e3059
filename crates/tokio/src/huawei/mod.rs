//! The async Huawei Cloud CSMS client ([`Client`]): every operation of the API as an
//! awaitable method, every page of a paged list ([`Client::pages`]), waiting for a
//! rotation task ([`Client::wait_for_task`]), and the COMMON-secret rotation helper
//! ([`Client::rotate_common`]).
//!
//! The operation and model types are the core's (re-exported here), the builder and the
//! errors are the blocking client's: only the transport differs.

mod client;
mod ops;
mod pages;
mod rotation;
mod tasks;

pub use client::{Client, ClientBuilder, Settings};
pub use pages::Pages;
pub use rotation::{
    BoxError, CommonRotation, CommonRotationCause, CommonRotationError, CommonRotationOutcome,
    CommonRotationStep, DEFAULT_PENDING_STAGE, NextValue, PendingVersion, ProduceValue,
};
pub use secretmanager_core::huawei::*;
pub use secretmanager_engine::huawei::tasks::{TaskWait, TaskWaitError};
