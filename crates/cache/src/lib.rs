//! # secretmanager-cache
//!
//! A rotation-aware cache of secret values over the clients of `secretmanager-blocking`:
//! NAVER Cloud Platform Secret Manager ([`ncp::Client`](secretmanager_blocking::ncp::Client),
//! the value chain) and Huawei Cloud CSMS
//! ([`huawei::Client`](secretmanager_blocking::huawei::Client), a stage's version).
//!
//! A service reads its secrets thousands of times a second; the cache answers those reads
//! from memory, without a lock, and asks the service only once per TTL per secret (CSMS:
//! with a cheap "did SYSCURRENT move?" first), keeps serving through a passing outage, and
//! knows about rotation: during an NCP rotation readers keep ACTIVE, after it they see the
//! new one, and [`SecretCache::get_with_previous`] hands out the previous value too for the
//! login that raced the rotation.
//!
//! ```no_run
//! use secretmanager_blocking::huawei;
//! use secretmanager_cache::SecretCache;
//!
//! let client = huawei::Client::builder().region("cn-north-4").build()?;
//! let cache = SecretCache::new(client);
//! let password = cache.get_json_field("rds-password", "password")?;
//! # let _ = password;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! See [`SecretCache`] for what it does and [`CacheSettings`] for the settings.

#![forbid(unsafe_code)]

mod cache;
mod clock;
mod entry;
mod error;
mod json_field;
#[cfg(feature = "tokio")]
mod on_runtime;
mod settings;
mod source;

pub use cache::SecretCache;
pub use error::Error;
#[cfg(feature = "tokio")]
pub use on_runtime::OnRuntime;
pub use secretmanager_blocking::SecretString;
pub use settings::{
    CacheSettings, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_STALE, DEFAULT_NEGATIVE_TTL, DEFAULT_TTL,
    RETRY_AFTER_FAILURE,
};
pub use source::Source;
