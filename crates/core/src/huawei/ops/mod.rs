//! The CSMS operations a rotation client needs, one struct each.

mod account;
mod events;
mod grants;
mod lists;
mod secrets;
mod tags;
mod tasks;
mod value;
mod versions;

pub use account::*;
pub use events::*;
pub use grants::*;
pub use secrets::*;
pub use tags::*;
pub use tasks::*;
pub use versions::*;
