//! `sm_set_log_callback`: the library's `tracing` events (a span per call, an event per attempt
//! and per retry decision) handed to a C function as one line of text each.
//!
//! The first `sm_set_log_callback` installs, once per process, a `tracing` subscriber whose
//! only layer is [`CallbackLayer`]; before that call nothing is installed and an event costs
//! nothing. The layer forwards only the events of this SDK's own crates (their target starts
//! with `secretmanager`): never those of the HTTP or TLS libraries, which may print requests.
//! Each event is formatted as its message followed by `key=value` fields, those of the call's
//! span first (`provider`, `operation`), then the event's own (`attempt`, `http_status`,
//! `provider_code`, `request_id`, `elapsed_ms`, `retryable`, `wait_ms`, `reason`...). The
//! engine chooses these fields (`secretmanager_engine::observe`): none carries a secret value,
//! a key, a token, a signature, a header, a body or an error message.

use std::ffi::{CString, c_char, c_int, c_void};
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Once, PoisonError, RwLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::panic::guard;
use crate::plumbing::status::sm_status;

/// A level of the library's log events, and the most verbose level a log callback receives
/// (`sm_set_log_callback`).
pub type sm_log_level = c_int;

/// No events at all.
pub const SM_LOG_OFF: sm_log_level = 0;
/// Errors (the library emits none today: a failed call is an INFO event, the caller has the
/// error).
pub const SM_LOG_ERROR: sm_log_level = 1;
/// Warnings (none today).
pub const SM_LOG_WARN: sm_log_level = 2;
/// A retry scheduled, a clock correction, an answer lost and read back, a failed call.
pub const SM_LOG_INFO: sm_log_level = 3;
/// Every attempt, every decision not to retry, every call that succeeded.
pub const SM_LOG_DEBUG: sm_log_level = 4;
/// Everything, the call spans' opening and closing included.
pub const SM_LOG_TRACE: sm_log_level = 5;

/// The function `sm_set_log_callback` installs: called once per event with the `user_data`
/// given there, the event's level (`SM_LOG_ERROR` to `SM_LOG_TRACE`) and the event as one
/// line of NUL-terminated UTF-8 text, such as
/// `attempt failed provider=ncp operation="Create Secret" attempt=1 http_status=503 ...`.
///
/// `message` is borrowed for the duration of the call only: copy it to keep it. Called on
/// whichever thread made the call the event belongs to (so possibly on many threads at once,
/// and on the cache's refresher thread): it must be thread-safe, return quickly, and never
/// call into the library (not even `sm_set_log_callback`, which would wait for it forever).
pub type sm_log_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, level: sm_log_level, message: *const c_char)>;

/// The installed callback and its `user_data`.
#[derive(Clone, Copy)]
struct Sink {
    callback: unsafe extern "C" fn(*mut c_void, sm_log_level, *const c_char),
    user_data: *mut c_void,
}

// SAFETY: `sm_set_log_callback` documents that the callback may be called from any thread with
// its `user_data`; the caller promises both are fit for that.
unsafe impl Send for Sink {}
// SAFETY: as above: the library only copies the pointer and hands it back to the callback.
unsafe impl Sync for Sink {}

/// The callback, read-locked for as long as one runs: replacing it waits for every running
/// call, so once `sm_set_log_callback` returns the old callback is never called again.
static SINK: RwLock<Option<Sink>> = RwLock::new(None);
/// The most verbose level forwarded (`SM_LOG_OFF`: none).
static MAX_LEVEL: AtomicI32 = AtomicI32::new(SM_LOG_OFF);
/// Installs the subscriber once per process.
static INSTALL: Once = Once::new();

/// Sends the library's log events of `level` or less verbose to `callback` with `user_data`,
/// replacing any callback set before; a NULL `callback` or `SM_LOG_OFF` stops them. Events
/// carry the provider, operation, attempt number, HTTP status, provider error code, request id,
/// durations and retry decisions, never a secret value, key, token, signature or header.
///
/// Process-wide, for every client and cache. Thread-safe; returns only once no call of the
/// previous callback is running, so the previous `user_data` may be freed as soon as it
/// returns. Borrows `user_data` (the library never frees it), which must stay valid until
/// another call replaces the callback. `SM_INVALID_ARGUMENT` for a level outside
/// `SM_LOG_OFF`..`SM_LOG_TRACE`. Nothing to free. When another part of the program has already
/// installed a global `tracing` subscriber, the library's events go to that one and this call
/// fails with `SM_INVALID_ARGUMENT` saying so.
///
/// # Safety
///
/// `callback` is NULL or a function as [`sm_log_fn`] describes, fit to be called from any
/// thread with `user_data` until it is replaced; `err_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_set_log_callback(
    level: sm_log_level,
    callback: sm_log_fn,
    user_data: *mut c_void,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        if !(SM_LOG_OFF..=SM_LOG_TRACE).contains(&level) {
            return Err(Failure::invalid(
                "level",
                format!("is {level}, not one of SM_LOG_OFF..SM_LOG_TRACE"),
            ));
        }
        let sink = callback.map(|callback| Sink { callback, user_data });
        if sink.is_some() && level != SM_LOG_OFF {
            install()?;
        }
        let mut current = SINK.write().unwrap_or_else(PoisonError::into_inner);
        *current = sink;
        MAX_LEVEL.store(if current.is_some() { level } else { SM_LOG_OFF }, Ordering::Release);
        Ok(())
    })
}

/// Installs the global subscriber once; fails when another one was installed first.
fn install() -> Result<(), Failure> {
    let mut refused = false;
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::registry().with(CallbackLayer);
        refused = tracing::subscriber::set_global_default(subscriber).is_err();
    });
    if refused || !tracing::dispatcher::get_default(|dispatch| dispatch.is::<Installed>()) {
        return Err(Failure::new(
            sm_status::SM_INVALID_ARGUMENT,
            "another tracing subscriber is installed in this process: the library's events go to it",
        ));
    }
    Ok(())
}

/// The subscriber [`install`] sets.
type Installed = tracing_subscriber::layer::Layered<CallbackLayer, tracing_subscriber::Registry>;

/// The level of `level` as the callback receives it.
fn sm_level(level: Level) -> sm_log_level {
    match level {
        Level::ERROR => SM_LOG_ERROR,
        Level::WARN => SM_LOG_WARN,
        Level::INFO => SM_LOG_INFO,
        Level::DEBUG => SM_LOG_DEBUG,
        Level::TRACE => SM_LOG_TRACE,
    }
}

/// Whether `metadata` is followed: one of this SDK's own, and for an event, at a level wanted
/// now. A span (a call, at DEBUG) is followed whenever a callback is set, whatever the level:
/// its fields (`provider`, `operation`) go on every line of the events inside it, the INFO
/// ones included.
fn wanted(metadata: &Metadata<'_>) -> bool {
    let max = MAX_LEVEL.load(Ordering::Acquire);
    metadata.target().starts_with("secretmanager")
        && if metadata.is_span() { max != SM_LOG_OFF } else { sm_level(*metadata.level()) <= max }
}

/// The layer that formats this SDK's events and hands them to the callback.
#[derive(Debug)]
struct CallbackLayer;

/// The formatted fields of a span, kept in its extensions.
struct SpanFields(String);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for CallbackLayer {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> tracing::subscriber::Interest {
        if metadata.target().starts_with("secretmanager") {
            // The level may change at any time: ask `enabled` each time.
            tracing::subscriber::Interest::sometimes()
        } else {
            tracing::subscriber::Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        wanted(metadata)
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        span.extensions_mut().insert(SpanFields(fields.text));
        if MAX_LEVEL.load(Ordering::Acquire) >= SM_LOG_TRACE {
            let text = format!("{} opened{}", attrs.metadata().name(), span_fields(&ctx, Some(id)));
            deliver(SM_LOG_TRACE, text);
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if MAX_LEVEL.load(Ordering::Acquire) >= SM_LOG_TRACE
            && let Some(span) = ctx.span(&id)
        {
            let text = format!("{} closed{}", span.name(), span_fields(&ctx, Some(&id)));
            deliver(SM_LOG_TRACE, text);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let scope = ctx.current_span();
        let text = format!("{}{}{}", fields.message, span_fields(&ctx, scope.id()), fields.text);
        deliver(sm_level(*event.metadata().level()), text);
    }
}

/// The fields of span `id` and its parents, outermost first (each with a leading space).
fn span_fields<S: Subscriber + for<'a> LookupSpan<'a>>(ctx: &Context<'_, S>, id: Option<&Id>) -> String {
    let mut text = String::new();
    if let Some(scope) = id.and_then(|id| ctx.span_scope(id)) {
        for span in scope.from_root() {
            if let Some(fields) = span.extensions().get::<SpanFields>() {
                text.push_str(&fields.0);
            }
        }
    }
    text
}

/// Hands `text` to the callback, if one is set and wants `level`.
fn deliver(level: sm_log_level, text: String) {
    if level > MAX_LEVEL.load(Ordering::Acquire) {
        return;
    }
    // Field values come from the library's own typed fields; a NUL cannot appear, but never
    // hand C a truncated line if it did.
    let Ok(line) = CString::new(text) else { return };
    let sink = SINK.read().unwrap_or_else(PoisonError::into_inner);
    if let Some(sink) = *sink {
        // SAFETY: the caller of sm_set_log_callback promised the callback may be called from
        // any thread with its user_data until replaced; the read lock keeps it from being
        // replaced while it runs. `line` lives until the call returns.
        unsafe { (sink.callback)(sink.user_data, level, line.as_ptr()) };
    }
}

/// An event's message and its other fields as ` key=value` text.
#[derive(Default)]
struct Fields {
    message: String,
    text: String,
}

impl Fields {
    fn push(&mut self, field: &Field, value: fmt::Arguments<'_>, quote: bool) {
        let _ = if quote {
            write!(self.text, " {}={:?}", field.name(), value.to_string())
        } else {
            write!(self.text, " {}={}", field.name(), value)
        };
    }
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
            return;
        }
        let plain = !value.is_empty() && !value.contains(|c: char| c.is_whitespace() || c == '"' || c == '=');
        self.push(field, format_args!("{value}"), !plain);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
            return;
        }
        self.push(field, format_args!("{value:?}"), false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_map_one_to_one_and_a_level_out_of_range_is_refused() {
        let levels = [Level::ERROR, Level::WARN, Level::INFO, Level::DEBUG, Level::TRACE];
        let mapped: Vec<_> = levels.into_iter().map(sm_level).collect();
        assert_eq!(mapped, [SM_LOG_ERROR, SM_LOG_WARN, SM_LOG_INFO, SM_LOG_DEBUG, SM_LOG_TRACE]);
        for level in [-1, SM_LOG_TRACE + 1] {
            // SAFETY: no callback, no error object asked for.
            let status =
                unsafe { sm_set_log_callback(level, None, std::ptr::null_mut(), std::ptr::null_mut()) };
            assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
        }
    }
}
