//! The cache: lock-free reads of what is held, one fetch at a time per entry, a bounded map.

use std::collections::HashMap;
use std::fmt;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use arc_swap::ArcSwap;
use secretmanager_blocking::{ChangeSubscription, SecretString};

use crate::clock::Moment;
use crate::entry::{Flight, Held, Slot, Times};
use crate::error::{Error, is_transient};
use crate::json_field;
use crate::settings::CacheSettings;
use crate::source::{Fetched, Selector, SelectorRef, Source, Values, Want};

/// Every entry, by secret: the entries of one secret are its stages or versions. Hashed
/// with foldhash (randomly seeded per map), a fifth of SipHash's cost on a read.
type Entries = HashMap<Box<str>, Arc<[Arc<Slot>]>, foldhash::fast::RandomState>;

/// A rotation-aware cache of secret values over an NCP or CSMS client.
///
/// * **Reads** of a held value take no lock and make no request: `get` costs about what
///   copying the value costs, from any number of threads.
/// * **TTL**: a value is served as fresh for [`CacheSettings::ttl`]; a read near its end
///   starts a background refresh while readers keep the value
///   ([`CacheSettings::refresh_ahead`]).
/// * **Single flight**: concurrent reads of a missing or expired entry make one request.
/// * **Rotation-aware**: CSMS entries are refreshed by asking where the stage is
///   (ShowSecretStage) and fetching the value only when it moved. NCP entries hold the whole
///   chain, so [`SecretCache::get_with_previous`] answers ACTIVE and PREVIOUS of one moment.
///   A change made through the same client (or a clone) — a completed rotation job, a new
///   version, a moved stage, a CSMS rotation task seen to succeed — expires the secret's
///   entries at once.
/// * **Outages**: when a refresh fails transiently (5xx, 429, timeouts, connection errors),
///   the value held is served for up to [`CacheSettings::max_stale`] past its TTL, with one
///   new attempt a second. Authentication, permission and not-found errors are never served
///   through; "not found" is remembered for [`CacheSettings::negative_ttl`].
/// * **Bounded**: at most [`CacheSettings::max_entries`] entries; the least recently read
///   goes first.
/// * **Secret**: values are [`SecretString`]s, zeroed when the last copy drops (an evicted,
///   invalidated or replaced value too); `Debug` shows counts only.
///
/// Cheap to clone (clones share the entries); `Send + Sync`.
///
/// ```no_run
/// use std::time::Duration;
/// use secretmanager_blocking::ncp;
/// use secretmanager_cache::{CacheSettings, SecretCache};
///
/// let client = ncp::Client::builder().build()?;
/// let cache = SecretCache::with_settings(client, CacheSettings::default().ttl(Duration::from_secs(60)));
///
/// // In the request handler: no request unless the value is older than a minute.
/// let password = cache.get_json_field("secret-id", "password")?;
/// # let _ = password;
/// // A login with the current value failed? The rotation may have just completed elsewhere.
/// let (current, previous) = cache.get_with_previous("secret-id")?;
/// # let _ = (current, previous);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SecretCache<S: Source> {
    inner: Arc<Inner<S>>,
}

impl<S: Source> Clone for SecretCache<S> {
    fn clone(&self) -> Self {
        Self { inner: Arc::clone(&self.inner) }
    }
}

impl<S: Source> fmt::Debug for SecretCache<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretCache")
            .field("entries", &self.len())
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

struct Inner<S> {
    source: S,
    settings: CacheSettings,
    entries: ArcSwap<Entries>,
    /// Held while the map changes; counts the entries.
    writer: Mutex<usize>,
    /// The queue of the background refresher, started at the first refresh-ahead.
    refresher: OnceLock<Option<Mutex<Sender<Arc<Slot>>>>>,
    /// The client's change listener, until the cache drops.
    subscription: OnceLock<ChangeSubscription>,
}

impl<S: Source> SecretCache<S> {
    /// A cache over `source` with the default [`CacheSettings`].
    pub fn new(source: S) -> Self {
        Self::with_settings(source, CacheSettings::default())
    }

    /// A cache over `source` with `settings`.
    pub fn with_settings(source: S, settings: CacheSettings) -> Self {
        let inner = Arc::new(Inner {
            source,
            settings,
            entries: ArcSwap::from_pointee(Entries::default()),
            writer: Mutex::new(0),
            refresher: OnceLock::new(),
            subscription: OnceLock::new(),
        });
        let weak = Arc::downgrade(&inner);
        let subscription = inner.source.subscribe(Box::new(move |secret| {
            if let Some(inner) = weak.upgrade() {
                inner.expire(secret);
            }
        }));
        let _ = inner.subscription.set(subscription);
        Self { inner }
    }

    /// The current value of `secret` (NCP: its ACTIVE value, by secret id; CSMS: its
    /// SYSCURRENT version's text, by secret name).
    pub fn get(&self, secret: &str) -> Result<SecretString, Error> {
        self.with_current(secret, SecretString::clone)
    }

    /// Runs `read` on the current value of `secret`, held by the cache, without copying it
    /// (fetching first, as [`SecretCache::get`] does): for a caller that copies the value into
    /// memory of its own or needs only part of it.
    ///
    /// ```no_run
    /// # use secretmanager_blocking::ncp;
    /// # use secretmanager_cache::SecretCache;
    /// # let cache = SecretCache::new(ncp::Client::builder().build()?);
    /// let length = cache.with_current("secret-id", |value| value.expose().len())?;
    /// # let _ = length;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_current<R>(&self, secret: &str, read: impl Fn(&SecretString) -> R) -> Result<R, Error> {
        self.inner.read(secret, Want::Current, |values| S::pick(values, Want::Current).map(&read))
    }

    /// The value of `secret` at `stage`: NCP `PREVIOUS`, `ACTIVE` or `PENDING` (any case);
    /// CSMS any stage name (`SYSPREVIOUS`, a custom stage).
    pub fn get_stage(&self, secret: &str, stage: &str) -> Result<SecretString, Error> {
        let want = Want::Stage(stage);
        self.inner.read(secret, want, |values| S::pick(values, want).cloned())
    }

    /// CSMS: the text of version `version_id` of `secret`. NCP secrets have no versions:
    /// [`Error::NoValue`].
    pub fn get_version(&self, secret: &str, version_id: &str) -> Result<SecretString, Error> {
        let want = Want::Version(version_id);
        self.inner.read(secret, want, |values| S::pick(values, want).cloned())
    }

    /// The current value and the previous one (`None` before the first rotation), for the
    /// login that raced a rotation: when the current value is refused, try the previous.
    ///
    /// NCP answers both from one chain, fetched at once. CSMS holds SYSCURRENT and
    /// SYSPREVIOUS as two entries; when SYSCURRENT moves, SYSPREVIOUS is fetched again.
    pub fn get_with_previous(&self, secret: &str) -> Result<(SecretString, Option<SecretString>), Error> {
        let same_entry = S::selector(Want::Current).ok() == S::selector(Want::Previous).ok();
        if same_entry {
            return self.inner.read(secret, Want::Current, |values| {
                let current = S::pick(values, Want::Current)?.clone();
                Some((current, S::pick(values, Want::Previous).cloned()))
            });
        }
        let current = self.get(secret)?;
        let previous = match self
            .inner
            .read(secret, Want::Previous, |values| S::pick(values, Want::Previous).cloned())
        {
            Ok(previous) => Some(previous),
            Err(err) if err.is_not_found() || matches!(err, Error::NoValue { .. }) => None,
            Err(err) => return Err(err),
        };
        Ok((current, previous))
    }

    /// Field `field` of the current value, a JSON object (`{"user":"app","password":"..."}`):
    /// a string as it is, a number or boolean as JSON writes it. The other fields are never
    /// copied.
    pub fn get_json_field(&self, secret: &str, field: &str) -> Result<SecretString, Error> {
        let read = self.with_current(secret, |value| json_field::field(value.expose(), field))?;
        read.map_err(|reason| Error::Field { secret: secret.to_owned(), field: field.to_owned(), reason })
    }

    /// Drops every entry of `secret` (its values are zeroed once no reader holds a copy); the
    /// next read fetches.
    pub fn invalidate(&self, secret: &str) {
        self.inner.change_entries(|entries, count| {
            if let Some(slots) = entries.remove(secret) {
                *count -= slots.len();
            }
        });
    }

    /// Drops every entry.
    pub fn invalidate_all(&self) {
        self.inner.change_entries(|entries, count| {
            entries.clear();
            *count = 0;
        });
    }

    /// Fetches every entry held of `secret` now, whatever their age: the next reads see what
    /// the service holds. A failure leaves the entries as they were and is returned.
    pub fn refresh_now(&self, secret: &str) -> Result<(), Error> {
        let slots = self.inner.entries.load().get(secret).cloned();
        self.inner.source.waiting(|| {
            for slot in slots.iter().flat_map(|slots| slots.iter()) {
                let mut flight = slot.flight();
                self.inner.fetch_into(slot, &mut flight)?;
            }
            Ok(())
        })
    }

    /// How many entries are held.
    pub fn len(&self) -> usize {
        *self.inner.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether no entry is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The settings.
    pub fn settings(&self) -> &CacheSettings {
        &self.inner.settings
    }

    /// The client the cache fetches with.
    pub fn client(&self) -> &S {
        &self.inner.source
    }
}

impl<S: Source> Inner<S> {
    /// Reads `want` of `secret` with `pick`, fetching first when nothing fresh is held.
    fn read<T>(
        self: &Arc<Self>,
        secret: &str,
        want: Want<'_>,
        pick: impl Fn(&Values) -> Option<T>,
    ) -> Result<T, Error> {
        let selector = S::selector(want).map_err(|_| self.no_value(secret, want))?;
        let now = Moment::now();
        {
            let entries = self.entries.load();
            if let Some(slot) = find(&entries, secret, selector) {
                let held = slot.held();
                match held.as_deref() {
                    Some(Held::Value { values, times }) if now < times.expires_at => {
                        slot.touch(now.millis());
                        if now >= times.refresh_at {
                            self.refresh_in_background(slot);
                        }
                        return pick(values).ok_or_else(|| self.no_value(secret, want));
                    }
                    Some(Held::Missing { error, until }) if now < *until => {
                        return Err(Error::Fetch(error.clone()));
                    }
                    _ => {}
                }
            }
        }
        self.source.waiting(|| self.read_slowly(secret, want, selector, pick))
    }

    /// A read that found nothing fresh: one thread fetches, the others wait for its answer.
    fn read_slowly<T>(
        self: &Arc<Self>,
        secret: &str,
        want: Want<'_>,
        selector: SelectorRef<'_>,
        pick: impl Fn(&Values) -> Option<T>,
    ) -> Result<T, Error> {
        let slot = self.slot(secret, selector);
        let mut flight = slot.flight();
        let now = Moment::now();
        let held = slot.held().clone();
        let servable = |held: &Option<Arc<Held>>| match held.as_deref() {
            Some(Held::Value { values, times }) if now < times.stale_until => Some(Arc::clone(values)),
            _ => None,
        };
        // Another thread may have fetched while this one waited, or failed a moment ago.
        match held.as_deref() {
            Some(Held::Value { values, times }) if now < times.expires_at => {
                return pick(values).ok_or_else(|| self.no_value(secret, want));
            }
            Some(Held::Missing { error, until }) if now < *until => return Err(Error::Fetch(error.clone())),
            _ => {}
        }
        if flight.retry_at.is_some_and(|at| now < at)
            && let Some(values) = servable(&held)
        {
            return pick(&values).ok_or_else(|| self.no_value(secret, want));
        }
        match self.fetch_into(&slot, &mut flight) {
            Ok(values) => pick(&values).ok_or_else(|| self.no_value(secret, want)),
            Err(Error::Fetch(error)) if is_transient(&error) => match servable(&held) {
                Some(values) => pick(&values).ok_or_else(|| self.no_value(secret, want)),
                None => Err(Error::Fetch(error)),
            },
            Err(error) => Err(error),
        }
    }

    /// Fetches `slot` (whose fetch lock `flight` is) and stores what came: new values, the
    /// same values for longer, or a remembered "not found". After a transient failure the
    /// entry is left as it was and the next fetch waits [`CacheSettings::retry_after_failure`].
    fn fetch_into(&self, slot: &Slot, flight: &mut Flight) -> Result<Arc<Values>, Error> {
        let generation = slot.generation();
        let held = slot.held().clone();
        let held_values = match held.as_deref() {
            Some(Held::Value { values, .. }) => Some(values),
            _ => None,
        };
        let fetched = self.source.fetch(&slot.secret, &slot.selector, held_values.map(|values| &**values));
        let now = Moment::now();
        match fetched {
            Ok(fetched) => {
                flight.retry_at = None;
                let values = match (fetched, held_values) {
                    (Fetched::Unchanged, Some(values)) => Arc::clone(values),
                    (Fetched::New(values), _) => {
                        if held_values.is_some() {
                            self.moved(slot, now);
                        }
                        Arc::new(values)
                    }
                    (Fetched::Unchanged, None) => return Err(self.no_value(&slot.secret, Want::Current)),
                };
                let times = Times::fetched(now, &self.settings);
                slot.store(Held::Value { values: Arc::clone(&values), times }, generation, now);
                Ok(values)
            }
            Err(error) if error.kind() == Some(secretmanager_blocking::ApiErrorKind::NotFound) => {
                flight.retry_at = None;
                let until = now + self.settings.negative_ttl_duration();
                slot.store(Held::Missing { error: error.clone(), until }, generation, now);
                Err(Error::Fetch(error))
            }
            Err(error) => {
                if is_transient(&error) {
                    flight.retry_at = Some(now + self.settings.retry_after_failure());
                }
                Err(Error::Fetch(error))
            }
        }
    }

    /// The values of `slot` moved: the entries that move with it expire.
    fn moved(&self, slot: &Slot, now: Moment) {
        let Some(sibling) = S::moves_with(&slot.selector) else { return };
        let entries = self.entries.load();
        let Some(slots) = entries.get(&*slot.secret) else { return };
        for other in slots.iter().filter(|other| other.selector == sibling) {
            other.expire(now);
        }
    }

    /// Every entry of `secret` expires now: the client changed it.
    fn expire(&self, secret: &str) {
        let now = Moment::now();
        if let Some(slots) = self.entries.load().get(secret) {
            for slot in slots.iter() {
                slot.expire(now);
            }
        }
    }

    /// Queues `slot` for the background refresher, unless it is queued already.
    fn refresh_in_background(self: &Arc<Self>, slot: &Arc<Slot>) {
        use std::sync::atomic::Ordering;
        if slot.refreshing.swap(true, Ordering::AcqRel) {
            return;
        }
        let queued = self.refresher().is_some_and(|queue| {
            queue.lock().unwrap_or_else(PoisonError::into_inner).send(Arc::clone(slot)).is_ok()
        });
        if !queued {
            slot.refreshing.store(false, Ordering::Release);
        }
    }

    /// The refresher's queue, starting its thread the first time; `None` if no thread could
    /// be started (entries are then fetched when they expire).
    fn refresher(self: &Arc<Self>) -> Option<&Mutex<Sender<Arc<Slot>>>> {
        self.refresher
            .get_or_init(|| {
                let (queue, jobs) = mpsc::channel::<Arc<Slot>>();
                let weak: Weak<Self> = Arc::downgrade(self);
                std::thread::Builder::new()
                    .name("secretmanager-cache-refresh".into())
                    .spawn(move || {
                        // Ends when the cache drops (its queue closes) or can no longer be reached.
                        while let Ok(slot) = jobs.recv() {
                            let Some(inner) = weak.upgrade() else { break };
                            inner.refresh_ahead(&slot);
                        }
                    })
                    .ok()
                    .map(|_| Mutex::new(queue))
            })
            .as_ref()
    }

    /// The background refresh of `slot`, unless a reader refreshed it meanwhile.
    fn refresh_ahead(&self, slot: &Slot) {
        use std::sync::atomic::Ordering;
        {
            let mut flight = slot.flight();
            let now = Moment::now();
            let due = match slot.held().as_deref() {
                Some(Held::Value { times, .. }) => now >= times.refresh_at,
                _ => false,
            };
            if due && flight.retry_at.is_none_or(|at| now >= at) {
                // A failure is left for the readers to meet at expiry.
                let _ = self.fetch_into(slot, &mut flight);
            }
        }
        slot.refreshing.store(false, Ordering::Release);
    }

    /// The entry `selector` of `secret`, added (evicting the least recently read entry when
    /// the cache is full) if there is none.
    fn slot(&self, secret: &str, selector: SelectorRef<'_>) -> Arc<Slot> {
        if let Some(slot) = find(&self.entries.load(), secret, selector) {
            return Arc::clone(slot);
        }
        let mut added = None;
        self.change_entries(|entries, count| {
            if let Some(slot) = find(entries, secret, selector) {
                added = Some(Arc::clone(slot));
                return;
            }
            while *count >= self.settings.max_entries_count() && evict_least_recent(entries) {
                *count -= 1;
            }
            let slot = Arc::new(Slot::new(secret, Selector::from_ref(selector), Moment::now().millis()));
            let slots: Arc<[Arc<Slot>]> = match entries.get(secret) {
                Some(slots) => slots.iter().cloned().chain([Arc::clone(&slot)]).collect(),
                None => Arc::from([Arc::clone(&slot)]),
            };
            entries.insert(secret.into(), slots);
            *count += 1;
            added = Some(slot);
        });
        added.unwrap_or_else(|| Arc::new(Slot::new(secret, Selector::from_ref(selector), 0)))
    }

    /// Changes a copy of the map under the writer lock, then publishes it.
    fn change_entries(&self, change: impl FnOnce(&mut Entries, &mut usize)) {
        let mut count = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut entries = Entries::clone(&self.entries.load());
        change(&mut entries, &mut count);
        self.entries.store(Arc::new(entries));
    }

    fn no_value(&self, secret: &str, want: Want<'_>) -> Error {
        let stage = match want {
            Want::Current => S::CURRENT,
            Want::Previous => S::PREVIOUS,
            Want::Stage(name) | Want::Version(name) => name,
        };
        Error::NoValue { secret: secret.to_owned(), stage: stage.to_owned() }
    }
}

/// The entry `selector` of `secret` in `entries`.
fn find<'e>(entries: &'e Entries, secret: &str, selector: SelectorRef<'_>) -> Option<&'e Arc<Slot>> {
    entries.get(secret)?.iter().find(|slot| slot.selector.matches(selector))
}

/// Removes the least recently read entry; whether there was one.
fn evict_least_recent(entries: &mut Entries) -> bool {
    let Some((secret, index)) = entries
        .iter()
        .flat_map(|(secret, slots)| {
            slots.iter().enumerate().map(move |(i, slot)| (slot.last_used(), secret, i))
        })
        .min_by_key(|(last_used, _, _)| *last_used)
        .map(|(_, secret, index)| (secret.clone(), index))
    else {
        return false;
    };
    let Some(slots) = entries.get(&secret) else { return false };
    let kept: Arc<[Arc<Slot>]> =
        slots.iter().enumerate().filter(|(i, _)| *i != index).map(|(_, slot)| Arc::clone(slot)).collect();
    if kept.is_empty() {
        entries.remove(&secret);
    } else {
        entries.insert(secret, kept);
    }
    true
}
