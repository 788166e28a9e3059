//! One entry of the cache: what it holds, until when, and the lock its fetches take turns on.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use arc_swap::ArcSwapOption;

use crate::clock::Moment;
use crate::settings::CacheSettings;
use crate::source::{Selector, Values};

/// One entry: the values of one secret at one stage (NCP: its chain) or version.
#[derive(Debug)]
pub(crate) struct Slot {
    pub(crate) secret: Box<str>,
    pub(crate) selector: Selector,
    /// What the entry holds; read without a lock.
    held: ArcSwapOption<Held>,
    /// Taken by whoever fetches: concurrent misses make one request.
    flight: Mutex<Flight>,
    /// Whether a background refresh is queued or running.
    pub(crate) refreshing: AtomicBool,
    /// When the entry was last read, in [`Moment::millis`] (for the LRU bound).
    last_used: AtomicU64,
    /// Raised by every invalidation: a fetch that began before one stores its values as
    /// already expired, since they may predate the change.
    generation: AtomicU64,
}

/// What an entry holds.
#[derive(Debug)]
pub(crate) enum Held {
    /// Values, fresh until `times` says otherwise.
    Value { values: Arc<Values>, times: Times },
    /// The provider said "not found"; remembered until `until`.
    Missing { error: secretmanager_blocking::Error, until: Moment },
}

/// When held values need refreshing, stop being fresh, and stop being served at all.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Times {
    pub(crate) refresh_at: Moment,
    pub(crate) expires_at: Moment,
    pub(crate) stale_until: Moment,
}

impl Times {
    /// The times of values fetched at `now`.
    pub(crate) fn fetched(now: Moment, settings: &CacheSettings) -> Self {
        let expires_at = now + settings.ttl_duration();
        Self {
            refresh_at: expires_at - settings.refresh_ahead_duration(),
            expires_at,
            stale_until: expires_at + settings.max_stale_duration(),
        }
    }

    /// These times with the values expired at `now` (still servable through an outage).
    fn expired(self, now: Moment) -> Self {
        Self { refresh_at: now.min(self.refresh_at), expires_at: now.min(self.expires_at), ..self }
    }
}

/// The state of an entry's fetches.
#[derive(Debug, Default)]
pub(crate) struct Flight {
    /// After a failed fetch: when the next may start.
    pub(crate) retry_at: Option<Moment>,
}

impl Slot {
    pub(crate) fn new(secret: &str, selector: Selector, tick: u64) -> Self {
        Self {
            secret: secret.into(),
            selector,
            held: ArcSwapOption::empty(),
            flight: Mutex::new(Flight::default()),
            refreshing: AtomicBool::new(false),
            last_used: AtomicU64::new(tick),
            generation: AtomicU64::new(0),
        }
    }

    /// What the entry holds now.
    pub(crate) fn held(&self) -> arc_swap::Guard<Option<Arc<Held>>> {
        self.held.load()
    }

    /// Takes the fetch lock.
    pub(crate) fn flight(&self) -> MutexGuard<'_, Flight> {
        self.flight.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a read at `tick`; written only when the tick moved, so readers of one entry
    /// on many threads do not fight over its cache line.
    pub(crate) fn touch(&self, tick: u64) {
        if self.last_used.load(Ordering::Relaxed) != tick {
            self.last_used.store(tick, Ordering::Relaxed);
        }
    }

    pub(crate) fn last_used(&self) -> u64 {
        self.last_used.load(Ordering::Relaxed)
    }

    /// The generation a fetch starting now belongs to.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Stores what a fetch of `generation` brought; values of an older generation are stored
    /// already expired.
    pub(crate) fn store(&self, held: Held, generation: u64, now: Moment) {
        let held = match held {
            Held::Value { values, times } if self.generation() != generation => {
                Held::Value { values, times: times.expired(now) }
            }
            held => held,
        };
        self.held.store(Some(Arc::new(held)));
    }

    /// Makes the values held expire now (they stay servable through an outage, until
    /// `max_stale`); a remembered "not found" is forgotten.
    pub(crate) fn expire(&self, now: Moment) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        let held = self.held.load_full();
        let expired = match held.as_deref() {
            Some(Held::Value { values, times }) => {
                Some(Arc::new(Held::Value { values: Arc::clone(values), times: times.expired(now) }))
            }
            Some(Held::Missing { .. }) | None => None,
        };
        self.held.store(expired);
    }
}
