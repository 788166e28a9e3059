//! The CSMS operations a rotation client needs, one struct each.

mod backup;
mod checker;
mod deletion;
mod import;
mod password;
mod secrets;
mod stages;
mod tasks;
mod value;
mod versions;

pub use backup::*;
pub use checker::*;
pub use deletion::*;
pub use import::*;
pub use password::*;
pub use secrets::*;
pub use stages::*;
pub use tasks::*;
pub use versions::*;
