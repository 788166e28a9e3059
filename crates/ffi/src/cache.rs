//! `sm_cache`: the rotation-aware secret cache of `secretmanager-cache`, over an NCP or a CSMS
//! client. This module maps its settings and reads to C.

use std::ffi::c_char;
use std::ptr;
use std::time::Duration;

use secretmanager_blocking::{huawei, ncp};
use secretmanager_cache::{
    CacheSettings, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_STALE, DEFAULT_NEGATIVE_TTL, DEFAULT_TTL, Error,
    SecretCache, SecretString,
};

use crate::huawei::sm_huawei_client;
use crate::ncp::client::sm_client;
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{OutSlot, StringOut, borrow, free_box};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::sized::{init_sized, read_sized, sized_struct};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{nul_inside, owned_secret_string, required_str};

/// The settings of `sm_cache_new` / `sm_huawei_cache_new`. Fill with
/// `sm_cache_options_init(&options, sizeof options)`, then change what you need. Borrowed for
/// the duration of the call.
///
/// Starts with `struct_size` (see Growth in the header's conventions); the first layout ends
/// with `negative_ttl_ms`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_cache_options {
    /// `sizeof(sm_cache_options)` as the caller was compiled, set by `sm_cache_options_init`:
    /// the library reads only the fields within it.
    pub struct_size: usize,
    /// How long a fetched value is served as fresh, in milliseconds (default 300000; at
    /// least 1).
    pub ttl_ms: u64,
    /// How many entries (values of one secret at one stage or version) are held at most; the
    /// least recently read goes first (default 1024; at least 1).
    pub max_entries: u64,
    /// How long before its TTL ends a read starts refreshing an entry in the background, in
    /// milliseconds (at most half the TTL); 0 = never; negative = a tenth of the TTL (the
    /// default).
    pub refresh_ahead_ms: i64,
    /// How long past its TTL a value is still served while refreshing it fails transiently
    /// (5xx, 429, timeouts, connection errors; never authentication, permission or not-found
    /// errors), in milliseconds (default 300000; 0 = never).
    pub max_stale_ms: u64,
    /// How long a "not found" answer is remembered, in milliseconds (default 5000; 0 = not
    /// at all).
    pub negative_ttl_ms: u64,
}

/// Milliseconds as C reads them from a duration constant.
const fn millis(duration: Duration) -> u64 {
    duration.as_secs() * 1000 + duration.subsec_millis() as u64
}

impl Default for sm_cache_options {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            ttl_ms: millis(DEFAULT_TTL),
            max_entries: DEFAULT_MAX_ENTRIES as u64,
            refresh_ahead_ms: -1,
            max_stale_ms: millis(DEFAULT_MAX_STALE),
            negative_ttl_ms: millis(DEFAULT_NEGATIVE_TTL),
        }
    }
}

sized_struct!(sm_cache_options, layouts ending with [negative_ttl_ms]);

impl sm_cache_options {
    /// The cache settings these options describe.
    fn settings(&self) -> CacheSettings {
        let mut settings = CacheSettings::default()
            .ttl(Duration::from_millis(self.ttl_ms))
            .max_entries(usize::try_from(self.max_entries).unwrap_or(usize::MAX))
            .max_stale(Duration::from_millis(self.max_stale_ms))
            .negative_ttl(Duration::from_millis(self.negative_ttl_ms));
        if let Ok(window) = u64::try_from(self.refresh_ahead_ms) {
            settings = settings.refresh_ahead(Duration::from_millis(window));
        }
        settings
    }
}

/// Fills `*options` with the defaults (TTL 5 minutes, 1024 entries, refresh-ahead a tenth of
/// the TTL, values served up to 5 minutes stale through an outage, "not found" remembered for
/// 5 seconds) and sets `options->struct_size` to `struct_size`, which is
/// `sizeof(sm_cache_options)` as the caller was compiled (only the fields within it are
/// written).
///
/// Writes `*options` (caller-owned; nothing to free); `SM_INVALID_ARGUMENT`, writing nothing,
/// if it is NULL or `struct_size` is smaller than the struct's first layout or larger than
/// this library knows. Thread-safe.
///
/// # Safety
///
/// `options` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_options_init(
    options: *mut sm_cache_options,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("options", options, struct_size) }
}

/// A rotation-aware cache of secret values over one client. Created by `sm_cache_new` (NCP)
/// or `sm_huawei_cache_new` (CSMS), freed by `sm_cache_free`.
///
/// Thread-safe: any number of threads may read through one cache at once; a read of a held
/// value takes no lock and sends nothing. Values are fetched once per TTL per entry (CSMS:
/// ShowSecretStage first, the value only when the stage moved), refreshed in the background
/// before they expire, served stale through transient outages up to `max_stale_ms`, and
/// expired at once when the cache's own client changes the secret (a completed rotation job,
/// a new version, a moved stage). Held values are zeroed when they leave the cache.
#[derive(Debug)]
pub struct sm_cache {
    inner: AnyCache,
}

/// The cache over the client of one of the two providers.
#[derive(Debug)]
enum AnyCache {
    Ncp(SecretCache<ncp::Client>),
    Huawei(SecretCache<huawei::Client>),
}

// The documented thread safety rests on this: both caches are Send + Sync.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<sm_cache>();
};

/// Runs `$body` with `$cache` bound to the cache of either provider.
macro_rules! with_cache {
    ($any:expr, |$cache:ident| $body:expr) => {
        match $any {
            AnyCache::Ncp($cache) => $body,
            AnyCache::Huawei($cache) => $body,
        }
    };
}

/// The C failure of a cache read.
fn failure(error: Error) -> Failure {
    match error {
        Error::Fetch(error) => Failure::from(error),
        other => Failure::new(sm_status::SM_NO_VALUE, other.to_string()),
    }
}

/// The body of the two constructors.
///
/// # Safety
///
/// `options` is NULL or a valid options struct; `out` and `err_out` are NULL or writable.
unsafe fn new_cache(
    options: *const sm_cache_options,
    out: *mut *mut sm_cache,
    err_out: *mut *mut sm_error,
    make: impl FnOnce(CacheSettings) -> Result<AnyCache, Failure>,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let out = unsafe { OutSlot::new("out", out)? };
        let options = if options.is_null() {
            sm_cache_options::default()
        } else {
            // SAFETY: options is a valid struct by contract.
            unsafe { read_sized("options", options)? }
        };
        out.set(sm_cache { inner: make(options.settings())? });
        Ok(())
    })
}

/// Creates a cache over NCP client `client`: `sm_cache_get` then answers a secret's ACTIVE
/// value by secret id, from one Get Secret Value per TTL.
///
/// Borrows `client` and `options` (NULL = the defaults) for the duration of the call: the
/// cache keeps its own share of the client's connections and settings, so the client may be
/// freed before the cache. On success `*out` receives a cache the caller owns and frees with
/// `sm_cache_free`. Sends nothing. `SM_INVALID_ARGUMENT` for a NULL `client` or `out`, or a
/// `struct_size` out of range. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `options` is NULL or a valid `sm_cache_options` of
/// `options->struct_size` readable bytes; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_new(
    client: *const sm_client,
    options: *const sm_cache_options,
    out: *mut *mut sm_cache,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        new_cache(options, out, err_out, |settings| {
            let client = borrow("client", client)?;
            Ok(AnyCache::Ncp(SecretCache::with_settings(client.inner.clone(), settings)))
        })
    }
}

/// Creates a cache over Huawei CSMS client `client`: `sm_cache_get` then answers the text of
/// a secret's SYSCURRENT version by secret name, asking ShowSecretStage once per TTL and
/// fetching the value only when SYSCURRENT moved.
///
/// Borrows `client` and `options` (NULL = the defaults) for the duration of the call; the
/// client may be freed before the cache. On success `*out` receives a cache the caller owns
/// and frees with `sm_cache_free`. Sends nothing. `SM_INVALID_ARGUMENT` for a NULL `client`
/// or `out`, or a `struct_size` out of range. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; `options` is NULL or a valid `sm_cache_options`
/// of `options->struct_size` readable bytes; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_cache_new(
    client: *const sm_huawei_client,
    options: *const sm_cache_options,
    out: *mut *mut sm_cache,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        new_cache(options, out, err_out, |settings| {
            let client = borrow("client", client)?;
            Ok(AnyCache::Huawei(SecretCache::with_settings(client.inner.clone(), settings)))
        })
    }
}

/// The body of the reads that answer one value: checks the arguments, reads, hands the value
/// over as an owned string.
///
/// # Safety
///
/// `cache` is NULL or a live cache; `secret` and `extra` are NULL or NUL-terminated; `out`
/// and `err_out` are NULL or writable.
unsafe fn read_one(
    cache: *const sm_cache,
    secret: *const c_char,
    extra: Option<(&str, *const c_char)>,
    out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
    read: impl FnOnce(&AnyCache, &str, &str) -> Result<SecretString, Error>,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (out, cache, secret) = unsafe {
            (StringOut::new("value_out", out)?, borrow("cache", cache)?, required_str("secret", secret)?)
        };
        let extra = match extra {
            // SAFETY: forwarded from this function's contract.
            Some((name, p)) => unsafe { required_str(name, p)? },
            None => "",
        };
        let value = read(&cache.inner, secret, extra).map_err(failure)?;
        out.set_raw(owned_secret_string("secret value", value.expose())?);
        Ok(())
    })
}

/// **Reads the current value of `secret`** (NCP: its ACTIVE value, by secret id; CSMS: the
/// text of its SYSCURRENT version, by secret name) from the cache, fetching it only when the
/// cache holds nothing fresh. Concurrent reads of a missing value make one request.
///
/// Borrows `cache` and `secret` for the duration of the call. On success `*value_out`
/// receives an owned copy of the value, freed (and zeroed) with `sm_string_free`. Fails with
/// the status of the fetch that failed (`SM_NOT_FOUND`, `SM_AUTHENTICATION_FAILED`, a
/// transient failure once the value held is older than the TTL plus `max_stale_ms`...),
/// `SM_NO_VALUE` when the secret has no current value, `SM_INVALID_ARGUMENT` for a NULL or
/// non-UTF-8 argument. Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live cache; `secret` is NULL or NUL-terminated; `value_out` and
/// `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_get(
    cache: *const sm_cache,
    secret: *const c_char,
    value_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { read_one(cache, secret, None, value_out, err_out, |any, id, _| with_cache!(any, |c| c.get(id))) }
}

/// **Reads the current value of `secret` into the caller's buffer**, as `sm_cache_get` does,
/// without allocating: the hot path of a reader that keeps one buffer (on its stack, per
/// thread) and zeroes it when done. Nothing is handed out, so there is nothing to free.
///
/// Borrows `cache`, `secret` and `buffer` for the duration of the call. On success writes the
/// value and a terminating NUL into `buffer` and its length (without the NUL) into
/// `*length_out`. When `capacity` is less than that length + 1, writes nothing into `buffer`,
/// sets `*length_out` to the length and fails with `SM_BUFFER_TOO_SMALL`: call again with a
/// buffer of at least `*length_out + 1` bytes (`buffer` may be NULL when `capacity` is 0, to
/// ask for the length). `*length_out` is 0 on any other failure, which is that of
/// `sm_cache_get`. A value holding a NUL byte fails with `SM_DECODE_ERROR`, as it does there.
/// Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live cache; `secret` is NULL or NUL-terminated; `buffer` is NULL or
/// writable for `capacity` bytes; `length_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_get_into(
    cache: *const sm_cache,
    secret: *const c_char,
    buffer: *mut c_char,
    capacity: usize,
    length_out: *mut usize,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        if length_out.is_null() {
            return Err(Failure::null("length_out"));
        }
        // SAFETY: length_out is writable (this function's contract) and not NULL.
        unsafe { length_out.write(0) };
        if buffer.is_null() && capacity > 0 {
            return Err(Failure::null("buffer"));
        }
        // SAFETY: forwarded from this function's contract.
        let (cache, secret) = unsafe { (borrow("cache", cache)?, required_str("secret", secret)?) };
        // Copied straight from the value the cache holds: no other copy is made.
        let copy = |value: &SecretString| -> Result<(), Failure> {
            let bytes = value.expose().as_bytes();
            if bytes.contains(&0) {
                return Err(nul_inside("secret value"));
            }
            // SAFETY: length_out is writable and not NULL (checked above).
            unsafe { length_out.write(bytes.len()) };
            if capacity <= bytes.len() {
                return Err(Failure::new(
                    sm_status::SM_BUFFER_TOO_SMALL,
                    // The length goes to length_out only: a message may be logged.
                    format!(
                        "a buffer of {capacity} bytes cannot hold the value of secret `{secret}` and its NUL; \
                         length_out says how long the value is"
                    ),
                ));
            }
            // SAFETY: buffer is writable for capacity > bytes.len() bytes and is not NULL (a
            // NULL buffer has capacity 0, refused above); the value is a separate allocation.
            unsafe {
                ptr::copy_nonoverlapping(bytes.as_ptr(), buffer.cast::<u8>(), bytes.len());
                buffer.add(bytes.len()).write(0);
            }
            Ok(())
        };
        with_cache!(&cache.inner, |c| c.with_current(secret, copy)).map_err(failure)?
    })
}

/// Reads the value of `secret` at `stage`: NCP `"PREVIOUS"`, `"ACTIVE"` or `"PENDING"` (any
/// case); CSMS any stage name (`"SYSPREVIOUS"`, a custom stage), as `sm_cache_get` does.
///
/// Borrows `cache`, `secret` and `stage` for the duration of the call. On success
/// `*value_out` receives an owned copy, freed (and zeroed) with `sm_string_free`.
/// `SM_NO_VALUE` when the stage holds no value (NCP PENDING outside a rotation) or is not a
/// stage of the provider. Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live cache; `secret` and `stage` are NULL or NUL-terminated;
/// `value_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_get_stage(
    cache: *const sm_cache,
    secret: *const c_char,
    stage: *const c_char,
    value_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        read_one(cache, secret, Some(("stage", stage)), value_out, err_out, |any, id, stage| {
            with_cache!(any, |c| c.get_stage(id, stage))
        })
    }
}

/// CSMS: reads the text of version `version_id` of `secret`, as `sm_cache_get` does. NCP
/// secrets have no versions: `SM_NO_VALUE`.
///
/// Borrows `cache`, `secret` and `version_id` for the duration of the call. On success
/// `*value_out` receives an owned copy, freed (and zeroed) with `sm_string_free`.
/// Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live cache; `secret` and `version_id` are NULL or NUL-terminated;
/// `value_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_get_version(
    cache: *const sm_cache,
    secret: *const c_char,
    version_id: *const c_char,
    value_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        read_one(cache, secret, Some(("version_id", version_id)), value_out, err_out, |any, id, version| {
            with_cache!(any, |c| c.get_version(id, version))
        })
    }
}

/// Reads field `field` of the current value of `secret`, a JSON object such as
/// `{"user":"app","password":"..."}`: a string as it is, a number or boolean as JSON writes
/// it. The other fields are never copied.
///
/// Borrows `cache`, `secret` and `field` for the duration of the call. On success
/// `*value_out` receives an owned copy, freed (and zeroed) with `sm_string_free`.
/// `SM_NO_VALUE` when the value is not a JSON object or lacks the field (the message names
/// the field, never the value). Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live cache; `secret` and `field` are NULL or NUL-terminated;
/// `value_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_get_json_field(
    cache: *const sm_cache,
    secret: *const c_char,
    field: *const c_char,
    value_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        read_one(cache, secret, Some(("field", field)), value_out, err_out, |any, id, field| {
            with_cache!(any, |c| c.get_json_field(id, field))
        })
    }
}

/// **Reads the current and the previous value of `secret`**, for the login that raced a
/// rotation: when the target system refuses the current value, try the previous one. NCP
/// answers both from one chain; CSMS from SYSCURRENT and SYSPREVIOUS.
///
/// Borrows `cache` and `secret` for the duration of the call. On success `*current_out`
/// receives an owned copy of the current value and `*previous_out` one of the previous value,
/// or NULL before the first rotation; both are freed (and zeroed) with `sm_string_free`. On
/// failure both are NULL. Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live cache; `secret` is NULL or NUL-terminated; `current_out`,
/// `previous_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_get_with_previous(
    cache: *const sm_cache,
    secret: *const c_char,
    current_out: *mut *mut c_char,
    previous_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (current_out, previous_out, cache, secret) = unsafe {
            (
                StringOut::new("current_out", current_out)?,
                StringOut::new("previous_out", previous_out)?,
                borrow("cache", cache)?,
                required_str("secret", secret)?,
            )
        };
        let (current, previous) =
            with_cache!(&cache.inner, |c| c.get_with_previous(secret)).map_err(failure)?;
        let current = owned_secret_string("current value", current.expose())?;
        let previous = match previous.map(|p| owned_secret_string("previous value", p.expose())).transpose() {
            Ok(previous) => previous.unwrap_or(ptr::null_mut()),
            Err(failure) => {
                // SAFETY: current was just handed out by owned_secret_string and never shared.
                unsafe { crate::plumbing::strings::sm_string_free(current) };
                return Err(failure);
            }
        };
        current_out.set_raw(current);
        previous_out.set_raw(previous);
        Ok(())
    })
}

/// Drops every value the cache holds of `secret` (zeroed once no reader holds a copy); the
/// next read fetches.
///
/// Borrows `cache` and `secret` for the duration of the call. `SM_INVALID_ARGUMENT` for a
/// NULL or non-UTF-8 argument. Sends nothing; nothing to free. Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live cache; `secret` is NULL or NUL-terminated; `err_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_invalidate(
    cache: *const sm_cache,
    secret: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (cache, secret) = unsafe { (borrow("cache", cache)?, required_str("secret", secret)?) };
        with_cache!(&cache.inner, |c| c.invalidate(secret));
        Ok(())
    })
}

/// Fetches every value the cache holds of `secret` now, whatever its age, so that the next
/// reads see what the service holds. A failure leaves the values as they were and is
/// returned; a secret the cache holds nothing of sends nothing.
///
/// Borrows `cache` and `secret` for the duration of the call; nothing to free. Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live cache; `secret` is NULL or NUL-terminated; `err_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_refresh_now(
    cache: *const sm_cache,
    secret: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (cache, secret) = unsafe { (borrow("cache", cache)?, required_str("secret", secret)?) };
        with_cache!(&cache.inner, |c| c.refresh_now(secret)).map_err(failure)
    })
}

/// The number of entries the cache holds (values of one secret at one stage or version; NCP
/// holds a secret's chain as one). 0 for a NULL cache.
///
/// Borrows `cache` for the duration of the call; nothing to free. Thread-safe.
///
/// # Safety
///
/// `cache` is NULL or a live cache.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_len(cache: *const sm_cache) -> usize {
    guard_value(0, || {
        // SAFETY: forwarded from this function's contract.
        unsafe { cache.as_ref() }.map_or(0, |cache| with_cache!(&cache.inner, |c| c.len()))
    })
}

/// Frees `cache` and zeroes the values it holds (a copy a reader still holds is zeroed when
/// freed with `sm_string_free`); its background refresher stops. Takes ownership; NULL is
/// fine. Must not be called twice, nor while another thread uses the cache.
///
/// # Safety
///
/// `cache` is NULL or a cache from `sm_cache_new` / `sm_huawei_cache_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cache_free(cache: *mut sm_cache) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(cache) })
}
