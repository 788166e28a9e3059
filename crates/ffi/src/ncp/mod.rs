//! The NCP Secret Manager functions: the client, the typed operations of the main flows and
//! the rotation helper, and the result objects they hand out.

pub(crate) mod calls;
pub(crate) mod chain;
pub(crate) mod client;
pub(crate) mod job;
pub(crate) mod lists;
pub(crate) mod logs;
pub(crate) mod manage;
pub(crate) mod rotate;
pub(crate) mod rotation;
pub(crate) mod secret;
pub(crate) mod values;
