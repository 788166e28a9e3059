//! The CSMS operations a rotation client needs, one struct each.

mod account;
mod backup;
mod checker;
mod deletion;
mod events;
mod grants;
mod import;
mod password;
mod secrets;
mod stages;
mod tags;
mod tasks;
mod value;
mod versions;

pub use account::*;
pub use backup::*;
pub use checker::*;
pub use deletion::*;
pub use events::*;
pub use grants::*;
pub use import::*;
pub use password::*;
pub use secrets::*;
pub use stages::*;
pub use tags::*;
pub use tasks::*;
pub use versions::*;
