//! How long a cache keeps values, how many, and what it serves through an outage.

use std::time::Duration;

/// The settings of a [`SecretCache`](crate::SecretCache); [`CacheSettings::default`] gives the
/// defaults, each method changes one.
///
/// | Setting | Default | What it does |
/// |---|---|---|
/// | [`ttl`](CacheSettings::ttl) | 5 min | how long a fetched value is served as fresh |
/// | [`max_entries`](CacheSettings::max_entries) | 1024 | how many values are held; the least recently read one goes first |
/// | [`refresh_ahead`](CacheSettings::refresh_ahead) | a tenth of the TTL | how long before its TTL ends a read starts a background refresh |
/// | [`max_stale`](CacheSettings::max_stale) | 5 min | how long past its TTL a value is still served while the service fails transiently |
/// | [`negative_ttl`](CacheSettings::negative_ttl) | 5 s | how long a "not found" answer is remembered |
///
/// ```
/// use std::time::Duration;
/// use secretmanager_cache::CacheSettings;
///
/// let settings = CacheSettings::default().ttl(Duration::from_secs(60)).max_entries(100);
/// assert_eq!(settings.ttl_duration(), Duration::from_secs(60));
/// assert_eq!(settings.refresh_ahead_duration(), Duration::from_secs(6));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheSettings {
    ttl: Duration,
    max_entries: usize,
    refresh_ahead: Option<Duration>,
    max_stale: Duration,
    negative_ttl: Duration,
}

impl Default for CacheSettings {
    fn default() -> Self {
        Self {
            ttl: DEFAULT_TTL,
            max_entries: DEFAULT_MAX_ENTRIES,
            refresh_ahead: None,
            max_stale: DEFAULT_MAX_STALE,
            negative_ttl: DEFAULT_NEGATIVE_TTL,
        }
    }
}

/// The default [`CacheSettings::ttl`]: 5 minutes.
pub const DEFAULT_TTL: Duration = Duration::from_secs(300);
/// The default [`CacheSettings::max_entries`].
pub const DEFAULT_MAX_ENTRIES: usize = 1024;
/// The default [`CacheSettings::max_stale`]: 5 minutes.
pub const DEFAULT_MAX_STALE: Duration = Duration::from_secs(300);
/// The default [`CacheSettings::negative_ttl`]: 5 seconds.
pub const DEFAULT_NEGATIVE_TTL: Duration = Duration::from_secs(5);
/// How long after a failed fetch the next one may start, while a stale value is served (at
/// most the TTL): an outage costs the service one request per entry and second, not one per
/// read.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(1);

impl CacheSettings {
    /// How long a fetched value is served as fresh (at least 1 ms).
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl.max(Duration::from_millis(1));
        self
    }

    /// How many entries (values of one secret at one stage or version) are held at most (at
    /// least 1); adding one more drops the least recently read.
    pub fn max_entries(mut self, max_entries: usize) -> Self {
        self.max_entries = max_entries.max(1);
        self
    }

    /// How long before its TTL ends a read of an entry starts refreshing it in the
    /// background, while readers keep the value they have (at most half the TTL).
    /// `Duration::ZERO` turns refresh-ahead off; by default it is a tenth of the TTL.
    pub fn refresh_ahead(mut self, refresh_ahead: Duration) -> Self {
        self.refresh_ahead = Some(refresh_ahead);
        self
    }

    /// How long past its TTL a value is still served when refreshing it fails transiently (a
    /// 5xx or 429 answer, a timeout, a connection error). Never through an authentication,
    /// permission or not-found error. `Duration::ZERO` serves nothing stale.
    pub fn max_stale(mut self, max_stale: Duration) -> Self {
        self.max_stale = max_stale;
        self
    }

    /// How long a "not found" answer is remembered, so that reads of a missing secret do not
    /// each cost a request. `Duration::ZERO` remembers nothing.
    pub fn negative_ttl(mut self, negative_ttl: Duration) -> Self {
        self.negative_ttl = negative_ttl;
        self
    }

    /// The TTL.
    pub fn ttl_duration(&self) -> Duration {
        self.ttl
    }

    /// The maximum number of entries.
    pub fn max_entries_count(&self) -> usize {
        self.max_entries
    }

    /// The refresh-ahead window in effect: the one set (at most half the TTL), or a tenth of
    /// the TTL.
    pub fn refresh_ahead_duration(&self) -> Duration {
        match self.refresh_ahead {
            Some(window) => window.min(self.ttl / 2),
            None => self.ttl / 10,
        }
    }

    /// The maximum staleness.
    pub fn max_stale_duration(&self) -> Duration {
        self.max_stale
    }

    /// The negative TTL.
    pub fn negative_ttl_duration(&self) -> Duration {
        self.negative_ttl
    }

    /// The wait after a failed fetch before the next one.
    pub(crate) fn retry_after_failure(&self) -> Duration {
        RETRY_AFTER_FAILURE.min(self.ttl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_ahead_is_a_tenth_of_the_ttl_unless_set_and_never_over_half() {
        let settings = CacheSettings::default().ttl(Duration::from_secs(1));
        assert_eq!(settings.refresh_ahead_duration(), Duration::from_millis(100));
        let set = settings.clone().refresh_ahead(Duration::from_secs(10));
        assert_eq!(set.refresh_ahead_duration(), Duration::from_millis(500));
        assert_eq!(settings.refresh_ahead(Duration::ZERO).refresh_ahead_duration(), Duration::ZERO);
    }

    #[test]
    fn zero_ttl_and_entries_are_raised_to_the_least_that_works() {
        let settings = CacheSettings::default().ttl(Duration::ZERO).max_entries(0);
        assert_eq!((settings.ttl_duration(), settings.max_entries_count()), (Duration::from_millis(1), 1));
        assert_eq!(settings.retry_after_failure(), Duration::from_millis(1));
    }
}
