//! The async Huawei Cloud CSMS client ([`Client`]): every operation of the API as an
//! awaitable method, every page of a paged list ([`Client::pages`]), and waiting for a
//! rotation task ([`Client::wait_for_task`]).
//!
//! The operation and model types are the core's (re-exported here), the builder and the
//! errors are the blocking client's: only the transport differs.

mod client;
mod ops;
mod pages;
mod tasks;

pub use client::{Client, ClientBuilder, Settings};
pub use pages::Pages;
pub use secretmanager_core::huawei::*;
pub use secretmanager_engine::huawei::tasks::{TaskWait, TaskWaitError};
