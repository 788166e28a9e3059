//! The Huawei state every operation works on: the secrets, the rotation tasks, the clock of
//! the request being served, and one slot of state per group of operations.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;

use super::state::{HwError, HwSecret};
use super::tasks::HwTask;
use crate::random;

/// The state of the groups of operations, one value per type (see [`Groups::get`]).
#[derive(Default)]
pub(crate) struct Groups(HashMap<TypeId, Box<dyn Any + Send>>);

impl fmt::Debug for Groups {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Groups").field("count", &self.0.len()).finish_non_exhaustive()
    }
}

impl Groups {
    /// The state of type `T`, created with `T::default()` on first use.
    #[allow(dead_code, reason = "for the groups of operations that keep state of their own")]
    pub(crate) fn get<T: Default + Send + 'static>(&mut self) -> &mut T {
        self.0
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()))
            .downcast_mut::<T>()
            .unwrap_or_else(|| unreachable!("the slot of a type holds that type"))
    }
}

/// Every Huawei secret, in creation order, every rotation task, in the order they started,
/// and the state of the other groups.
#[derive(Debug)]
pub(crate) struct HuaweiStore {
    pub(crate) secrets: Vec<HwSecret>,
    pub(crate) tasks: Vec<HwTask>,
    #[allow(dead_code, reason = "for the groups of operations that keep state of their own")]
    pub(crate) groups: Groups,
    pub(crate) rng: fastrand::Rng,
    now: i64,
}

impl HuaweiStore {
    /// An empty store drawing random values from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            secrets: Vec::new(),
            tasks: Vec::new(),
            groups: Groups::default(),
            rng: fastrand::Rng::with_seed(seed ^ 0x4855_4157),
            now: 0,
        }
    }

    /// A fresh request id.
    pub(crate) fn request_id(&mut self) -> String {
        random::hex(&mut self.rng, 32)
    }

    /// The emulator's time of the request being served, in epoch milliseconds.
    pub(crate) fn now(&self) -> i64 {
        self.now
    }

    /// Sets the time of the request about to be served.
    pub(crate) fn set_now(&mut self, now_ms: i64) {
        self.now = now_ms;
    }

    /// The secret called `name`, or `CSMS.0005`.
    pub(crate) fn secret(&mut self, name: &str) -> Result<&mut HwSecret, HwError> {
        self.secrets
            .iter_mut()
            .find(|s| s.name == name)
            .ok_or_else(|| HwError::not_found(format!("secret {name} does not exist")))
    }

    /// The secret whose id is `id`, or `CSMS.0005`.
    #[allow(dead_code, reason = "for the groups that address secrets by id (tags)")]
    pub(crate) fn secret_by_id(&mut self, id: &str) -> Result<&mut HwSecret, HwError> {
        self.secrets
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or_else(|| HwError::not_found(format!("secret {id} does not exist")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Counter(u32);

    #[test]
    fn groups_keep_one_value_per_type() {
        let mut store = HuaweiStore::new(1);
        store.groups.get::<Counter>().0 += 2;
        store.groups.get::<Counter>().0 += 1;
        assert_eq!(store.groups.get::<Counter>(), &Counter(3));
        assert_eq!(store.groups.get::<Vec<u8>>(), &Vec::<u8>::new());
        assert!(store.secret("missing").is_err());
        store.set_now(42);
        assert_eq!(store.now(), 42);
    }
}
