//! The CSMS operations a rotation client needs, one struct each.

mod secrets;
mod value;
mod versions;

pub use secrets::*;
pub use versions::*;
