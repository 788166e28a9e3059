//! `sm_set_log_callback`: a full rotation (a retried 503 on Start, a lost Complete answer
//! settled by reading back, a 404) captured at the most verbose level names the provider,
//! operation, attempts and request ids, and shows no secret in any form; once the callback is
//! removed it is never called again, even with calls running on other threads.
//!
//! One test per process would not be needed: the callback is process-wide, so the tests of
//! this file run one after the other under one lock.

mod common;

use std::ffi::{CStr, c_char, c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use common::*;
use secretmanager::*;
use secretmanager_emulator::{Emulator, Fault, NCP_ACCESS_KEY, NCP_SECRET_KEY, TRIGGER_ID};

const INITIAL: &str = r#"{"user":"app","password":"initial-canary-pw-41"}"#;

/// The tests of this file one at a time: the callback is the process's.
static SERIAL: Mutex<()> = Mutex::new(());

/// The lines a callback received.
#[derive(Default)]
struct Lines(Mutex<Vec<(sm_log_level, String)>>);

impl Lines {
    fn take(&self) -> Vec<(sm_log_level, String)> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// # Safety
///
/// Called by the library with a live `Lines` as `user_data` and a NUL-terminated `message`.
unsafe extern "C" fn collect(user_data: *mut c_void, level: sm_log_level, message: *const c_char) {
    // SAFETY: the test keeps `Lines` alive until the callback is removed.
    let lines = unsafe { &*user_data.cast::<Lines>() };
    // SAFETY: the message is NUL-terminated and live for this call.
    let text = unsafe { CStr::from_ptr(message) }.to_string_lossy().into_owned();
    lines.0.lock().unwrap_or_else(PoisonError::into_inner).push((level, text));
}

fn set_callback(level: sm_log_level, lines: Option<&Lines>) {
    let callback: sm_log_fn = lines.map(|_| collect as unsafe extern "C" fn(_, _, _));
    let user_data = lines.map_or(ptr::null_mut(), |lines| ptr::from_ref(lines).cast_mut().cast());
    // SAFETY: `collect` follows sm_log_fn; `lines` outlives the callback (removed before it goes).
    call(|err| unsafe { sm_set_log_callback(level, callback, user_data, err) }).expect("callback set");
}

/// A client of `emulator` that retries twice, quickly.
fn retrying_client(emulator: &Emulator) -> Client {
    let (url, ak, sk) = (c(emulator.base_url()), c(NCP_ACCESS_KEY), c(NCP_SECRET_KEY));
    let mut options = sm_client_options::default();
    let size = size_of_val(&options);
    // SAFETY: options is a valid, writable struct.
    assert_eq!(unsafe { sm_client_options_init(&mut options, size) }, sm_status::SM_OK);
    options.endpoint_preset = SM_ENDPOINT_URL;
    options.endpoint_url = url.as_ptr();
    options.access_key = ak.as_ptr();
    options.secret_key = sk.as_ptr();
    options.max_retries = 2;
    let mut client = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_client_new(&options, &mut client, err) }).expect("a client");
    Client(client)
}

/// # Safety
///
/// Called by `sm_rotate` with the test's live `Emulator` as `user_data`.
unsafe extern "C" fn apply(
    user_data: *mut c_void,
    _secret_id: *const c_char,
    _current: *const sm_secret_chain,
    new_value: *const c_char,
) -> c_int {
    // SAFETY: user_data is the test's live emulator; new_value is live for this call.
    unsafe {
        (*user_data.cast::<Emulator>()).inject(Fault::LoseAnswer, 1); // Complete's answer
        assert!(!new_value.is_null());
    }
    0
}

/// `secret` as text, in hex and in base64.
fn forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let base64 = base64::engine::general_purpose::STANDARD.encode(secret);
    vec![secret.to_owned(), hex.to_ascii_uppercase(), hex, base64.trim_end_matches('=').to_owned(), base64]
}

#[test]
fn a_full_rotation_is_logged_without_a_secret() {
    let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    let emulator = Emulator::start().expect("emulator");
    let client = retrying_client(&emulator);
    let lines = Lines::default();
    set_callback(SM_LOG_TRACE, Some(&lines));

    let id = create_secret(&client, "logged", INITIAL, "password");
    let (sid, trigger) = (c(&id), c(TRIGGER_ID));
    let mut settings = ptr::null_mut();
    // SAFETY: every pointer is valid for the call; settings is freed once.
    unsafe {
        call(|err| {
            sm_enable_auto_rotation(client.get(), sid.as_ptr(), &30, trigger.as_ptr(), &mut settings, err)
        })
        .expect("auto rotation enabled");
        sm_rotation_settings_free(settings);
    }
    let token = execute_rotation(&client, &id);
    emulator.inject_on(Fault::Status(503), "/start", 1);
    let ctoken = c(&token);
    let (mut step, mut report) = (99, 99);
    let user_data = ptr::from_ref(&emulator).cast_mut().cast();
    // SAFETY: every pointer is valid for the call; `apply` follows its contract.
    call(|err| unsafe {
        sm_rotate(
            client.get(),
            sid.as_ptr(),
            ctoken.as_ptr(),
            SM_PENDING_RANDOM,
            ptr::null(),
            None,
            Some(apply),
            user_data,
            &mut step,
            &mut report,
            err,
        )
    })
    .expect("the rotation completes, its lost answer settled");
    let mut chain = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_value(client.get(), sid.as_ptr(), &mut chain, err) }).expect("a chain");
    let (previous, active, _, _) = take_chain(chain);
    let new_value = active.expect("a new ACTIVE");
    assert_eq!(previous.as_deref(), Some(INITIAL));
    let missing = c("0123456789abcdef0123");
    // SAFETY: every pointer is valid for the call.
    let not_found =
        call(|err| unsafe { sm_get_secret_value(client.get(), missing.as_ptr(), &mut chain, err) });
    assert_eq!(not_found.expect_err("not found").status, sm_status::SM_NOT_FOUND);

    set_callback(SM_LOG_OFF, None);
    let captured = lines.take();
    let log: String = captured.iter().map(|(level, line)| format!("{level} {line}\n")).collect();
    for expected in [
        "secretmanager.call opened",
        "provider=ncp",
        "operation=\"Start Rotation Job\"",
        "operation=\"Complete Rotation Job\"",
        "attempt answered",
        "attempt failed",
        "http_status=503",
        "retrying",
        "attempt=2",
        "answer lost, reading the state back",
        "outcome=applied",
        "call failed",
        "http_status=404",
        "request_id=",
        "elapsed_ms=",
    ] {
        assert!(log.contains(expected), "no {expected:?} in the log:\n{log}");
    }
    for (level, line) in &captured {
        assert!((SM_LOG_ERROR..=SM_LOG_TRACE).contains(level), "{level}: {line}");
    }
    assert!(captured.iter().any(|(level, line)| *level == SM_LOG_INFO && line.starts_with("retrying")));
    assert!(
        captured.iter().any(|(level, line)| *level == SM_LOG_DEBUG && line.starts_with("attempt answered"))
    );
    for secret in ["initial-canary-pw-41", new_value.as_str(), token.as_str(), NCP_SECRET_KEY, NCP_ACCESS_KEY]
    {
        for form in forms(secret) {
            assert!(!log.contains(&form), "the log shows a secret ({form:?}):\n{log}");
        }
    }
    for header in ["x-ncp-apigw-signature", "authorization", "password"] {
        assert!(!log.to_ascii_lowercase().contains(header), "the log shows {header}:\n{log}");
    }

    // Removed: no more lines.
    create_secret(&client, "after", INITIAL, "password");
    assert!(lines.take().is_empty(), "the removed callback was called");
}

#[test]
fn info_leaves_out_the_attempts_and_a_removed_callback_is_never_called_again() {
    let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    let emulator = Emulator::start().expect("emulator");
    let client = retrying_client(&emulator);
    let lines = Lines::default();
    set_callback(SM_LOG_INFO, Some(&lines));
    create_secret(&client, "quiet", INITIAL, "password");
    let missing = c("0123456789abcdef0123");
    let mut chain = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    let _ = call(|err| unsafe { sm_get_secret_value(client.get(), missing.as_ptr(), &mut chain, err) });
    let captured = lines.take();
    assert!(!captured.is_empty(), "the failed call is logged at INFO");
    assert!(captured.iter().all(|(level, _)| *level <= SM_LOG_INFO), "{captured:?}");
    assert!(captured.iter().all(|(_, line)| !line.starts_with("attempt")), "{captured:?}");
    assert!(
        captured.iter().all(|(_, line)| line.contains("provider=ncp operation=")),
        "the call's span fields are on every line: {captured:?}"
    );

    // Four threads call while the callback is set and removed again and again; once it is
    // removed for good, it is not called any more.
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                // Bounded: stops when told, and after 200 calls at most.
                for _ in 0..200 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let mut chain = ptr::null_mut();
                    // SAFETY: every pointer is valid for the call.
                    let _ = call(|err| unsafe {
                        sm_get_secret_value(client.get(), missing.as_ptr(), &mut chain, err)
                    });
                }
            });
        }
        for round in 0..50 {
            set_callback(if round % 2 == 0 { SM_LOG_DEBUG } else { SM_LOG_OFF }, Some(&lines));
        }
        set_callback(SM_LOG_OFF, None);
        lines.take();
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(lines.take().is_empty(), "called after it was removed");
        stop.store(true, Ordering::Relaxed);
    });
    assert!(lines.take().is_empty(), "called after it was removed");
}
