//! The blocking Huawei Cloud CSMS client: [`Client`] and its [`ClientBuilder`], with one method
//! per operation (`rotate_secret`, `show_secret`...).
//!
//! The operation types, models, [`Credentials`] and [`Endpoint`] come from
//! `secretmanager_core::huawei` and are re-exported here.

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
pub use tasks::{TaskWait, TaskWaitError};
