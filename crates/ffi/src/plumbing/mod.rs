//! The plumbing every exported function stands on: statuses and error objects, the panic
//! boundary, argument and out-pointer handling, sized caller structs, strings, proxy
//! and TLS settings and `fork()` handling.

pub(crate) mod callback;
pub(crate) mod error;
pub(crate) mod fork;
pub(crate) mod handle;
pub(crate) mod log;
pub(crate) mod options;
pub(crate) mod panic;
pub(crate) mod proxy;
pub(crate) mod sized;
pub(crate) mod status;
pub(crate) mod strings;
pub(crate) mod tls;
