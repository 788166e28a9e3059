//! The listeners a client tells of the secrets it changed: how a cache over the client learns,
//! at once, that a rotation completed through the same client.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

/// A function told the id (NCP) or name (CSMS) of a secret whose values or stages changed.
pub type Listener = Arc<dyn Fn(&str) + Send + Sync>;

/// The listeners of one client and its clones: each client holds one, tells it of every
/// secret a call may have changed, and lets callers subscribe (a cache over the client).
#[derive(Default)]
pub struct ChangeListeners {
    listeners: Mutex<Vec<(u64, Listener)>>,
    /// Whether any listener is registered: the calls of a client nobody listens to never take
    /// the lock.
    any: AtomicBool,
    next_id: AtomicU64,
}

impl fmt::Debug for ChangeListeners {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChangeListeners").field("any", &self.any.load(Ordering::Relaxed)).finish()
    }
}

impl ChangeListeners {
    /// Registers `listener` until the returned subscription is dropped.
    pub fn subscribe(self: &Arc<Self>, listener: Listener) -> ChangeSubscription {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut listeners = self.listeners.lock().unwrap_or_else(PoisonError::into_inner);
        listeners.push((id, listener));
        self.any.store(true, Ordering::Release);
        ChangeSubscription { id, listeners: Arc::downgrade(self) }
    }

    /// Tells every listener that `secret` changed. The listeners run on the calling thread,
    /// outside the lock (one may subscribe or unsubscribe another).
    pub fn notify(&self, secret: &str) {
        if !self.any.load(Ordering::Acquire) {
            return;
        }
        let listeners: Vec<Listener> = {
            let listeners = self.listeners.lock().unwrap_or_else(PoisonError::into_inner);
            listeners.iter().map(|(_, listener)| Arc::clone(listener)).collect()
        };
        for listener in listeners {
            listener(secret);
        }
    }

    fn unsubscribe(&self, id: u64) {
        let mut listeners = self.listeners.lock().unwrap_or_else(PoisonError::into_inner);
        listeners.retain(|(other, _)| *other != id);
        self.any.store(!listeners.is_empty(), Ordering::Release);
    }
}

/// A listener registered with a client's `on_secret_change` (through
/// [`ChangeListeners::subscribe`]); dropping it unregisters the listener.
#[must_use = "the listener is unregistered when this is dropped"]
pub struct ChangeSubscription {
    id: u64,
    listeners: Weak<ChangeListeners>,
}

impl fmt::Debug for ChangeSubscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChangeSubscription").field("id", &self.id).finish()
    }
}

impl Drop for ChangeSubscription {
    fn drop(&mut self) {
        if let Some(listeners) = self.listeners.upgrade() {
            listeners.unsubscribe(self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_listener_hears_until_its_subscription_is_dropped() {
        let listeners = Arc::new(ChangeListeners::default());
        let heard = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&heard);
        let subscription = listeners.subscribe(Arc::new(move |secret: &str| {
            assert_eq!(secret, "db");
            counter.fetch_add(1, Ordering::Relaxed);
        }));
        listeners.notify("db");
        drop(subscription);
        listeners.notify("db");
        assert_eq!(heard.load(Ordering::Relaxed), 1);
        assert!(!listeners.any.load(Ordering::Relaxed));
    }
}
