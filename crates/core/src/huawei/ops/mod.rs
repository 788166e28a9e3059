//! The CSMS operations a rotation client needs, one struct each.

mod secrets;
mod tasks;
mod value;
mod versions;

pub use secrets::*;
pub use tasks::*;
pub use versions::*;
