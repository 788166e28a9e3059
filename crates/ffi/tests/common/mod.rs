//! Helpers shared by the C ABI tests: an emulator with a client, and readers of C results.
#![allow(dead_code, unreachable_pub, reason = "each test binary uses part of the helpers")]

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use secretmanager::*;
use secretmanager_emulator::{
    Emulator, HUAWEI_ACCESS_KEY, HUAWEI_PROJECT_ID, HUAWEI_SECRET_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY,
};

/// What an `sm_error` said, copied out; the error object is freed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    pub status: sm_status,
    pub http_status: u16,
    pub code: String,
    pub message: String,
    /// `sm_error_request_id`, `None` for NULL.
    pub request_id: Option<String>,
    pub retryable: bool,
}

/// Reads and frees `err`; panics when it is NULL.
pub fn take_error(err: *mut sm_error) -> ErrorInfo {
    assert!(!err.is_null(), "no error object");
    // SAFETY: err is a live error object from the library, freed once here.
    unsafe {
        let info = ErrorInfo {
            status: sm_error_status(err),
            http_status: sm_error_http_status(err),
            code: text(sm_error_code(err)).expect("a code"),
            message: text(sm_error_message(err)).expect("a message"),
            request_id: text(sm_error_request_id(err)),
            retryable: sm_error_retryable(err),
        };
        sm_error_free(err);
        info
    }
}

/// Copies a borrowed C string, `None` for NULL.
pub fn text(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the library returns NULL or NUL-terminated strings that are alive here.
    Some(unsafe { CStr::from_ptr(p) }.to_str().expect("UTF-8").to_owned())
}

/// Copies and frees an owned `char *`.
pub fn take_string(p: *mut c_char) -> String {
    let copy = text(p).expect("a string");
    // SAFETY: p is an owned string from the library, freed once here.
    unsafe { sm_string_free(p) };
    copy
}

/// A C string for an argument.
pub fn c(text: &str) -> CString {
    CString::new(text).expect("no NUL")
}

/// An owned `sm_client`, freed on drop. The pointer may be shared between threads.
pub struct Client(pub *mut sm_client);

// SAFETY: the C API documents sm_client as usable from many threads at once.
unsafe impl Send for Client {}
// SAFETY: as above; only `const sm_client *` is handed to the operations.
unsafe impl Sync for Client {}

impl Client {
    /// A client for `base_url` with these keys.
    pub fn new(base_url: &str, access_key: &str, secret_key: &str) -> Client {
        let (url, ak, sk) = (c(base_url), c(access_key), c(secret_key));
        let mut options = sm_client_options::default();
        let size = size_of_val(&options);
        // SAFETY: options is a valid, writable struct.
        assert_eq!(unsafe { sm_client_options_init(&mut options, size) }, sm_status::SM_OK);
        options.endpoint_preset = SM_ENDPOINT_URL;
        options.endpoint_url = url.as_ptr();
        options.access_key = ak.as_ptr();
        options.secret_key = sk.as_ptr();
        options.max_retries = 0;
        let mut client = ptr::null_mut();
        let mut err = ptr::null_mut();
        // SAFETY: every pointer is valid for the call.
        let status = unsafe { sm_client_new(&options, &mut client, &mut err) };
        assert_eq!(status, sm_status::SM_OK, "{:?}", (!err.is_null()).then(|| take_error(err)));
        Client(client)
    }

    pub fn get(&self) -> *const sm_client {
        self.0
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: the client is owned by this value and freed once.
        unsafe { sm_client_free(self.0) };
    }
}

/// A running emulator and a client signed with its keys.
pub fn emulator() -> (Emulator, Client) {
    let emulator = Emulator::start().expect("the emulator starts");
    let client = Client::new(emulator.base_url(), NCP_ACCESS_KEY, NCP_SECRET_KEY);
    (emulator, client)
}

/// Runs a call that fills `err`, returning its status and error information.
pub fn call(f: impl FnOnce(*mut *mut sm_error) -> sm_status) -> Result<(), ErrorInfo> {
    let mut err = ptr::null_mut();
    let status = f(&mut err);
    if status == sm_status::SM_OK {
        assert!(err.is_null(), "an error object on success");
        Ok(())
    } else {
        let info = take_error(err);
        assert_eq!(info.status, status, "the error object's status differs from the returned one");
        Err(info)
    }
}

/// Creates a secret `name` holding `value` with one rotation target, returning its id.
pub fn create_secret(client: &Client, name: &str, value: &str, target: &str) -> String {
    let (name, value, target) = (c(name), c(value), c(target));
    let targets = [target.as_ptr()];
    let mut request = zeroed_request();
    request.secret_name = name.as_ptr();
    request.secret_value = value.as_ptr();
    request.rotation_targets = targets.as_ptr();
    request.rotation_targets_count = 1;
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_create_secret(client.get(), &request, &mut secret, err) }).expect("created");
    // SAFETY: secret is a live object, freed once.
    unsafe {
        let id = text(sm_secret_id(secret)).expect("an id");
        sm_secret_free(secret);
        id
    }
}

/// A create request with every field unset.
pub fn zeroed_request() -> sm_create_secret_request {
    sm_create_secret_request::default()
}

/// Executes a rotation of `secret_id` and returns the new job's token, found in the logs.
pub fn execute_rotation(client: &Client, secret_id: &str) -> String {
    let id = c(secret_id);
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_execute_rotation(client.get(), id.as_ptr(), err) }).expect("executed");
    let keyword = c("Execute Rotation Job");
    let mut logs = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_get_secret_logs(client.get(), id.as_ptr(), keyword.as_ptr(), &1, &10, &mut logs, err)
    })
    .expect("logs");
    // SAFETY: logs is a live object, freed once.
    unsafe {
        let token = (0..sm_secret_logs_count(logs)).find_map(|i| text(sm_secret_log_job_token(logs, i)));
        sm_secret_logs_free(logs);
        token.expect("a job token in the logs")
    }
}

/// The chain's three stages and targets, copied; the chain is freed.
pub fn take_chain(
    chain: *mut sm_secret_chain,
) -> (Option<String>, Option<String>, Option<String>, Vec<String>) {
    // SAFETY: chain is a live object, freed once.
    unsafe {
        let targets = (0..sm_secret_chain_rotation_target_count(chain))
            .map(|i| text(sm_secret_chain_rotation_target(chain, i)).expect("a target"))
            .collect();
        let out = (
            text(sm_secret_chain_previous(chain)),
            text(sm_secret_chain_active(chain)),
            text(sm_secret_chain_pending(chain)),
            targets,
        );
        assert!(sm_secret_chain_rotation_target(chain, 99).is_null());
        sm_secret_chain_free(chain);
        out
    }
}

/// An owned Huawei client, freed on drop.
pub struct Huawei(pub *mut sm_huawei_client);

impl Drop for Huawei {
    fn drop(&mut self) {
        // SAFETY: the client is owned by this value and freed once.
        unsafe { sm_huawei_client_free(self.0) };
    }
}

/// A Huawei client for the emulator, with its keys and project, never retrying.
pub fn huawei_client(emulator: &Emulator) -> Huawei {
    let (url, project, ak, sk) =
        (c(emulator.base_url()), c(HUAWEI_PROJECT_ID), c(HUAWEI_ACCESS_KEY), c(HUAWEI_SECRET_KEY));
    let options = sm_huawei_client_options {
        endpoint_url: url.as_ptr(),
        project_id: project.as_ptr(),
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        max_retries: 0,
        ..Default::default()
    };
    let mut hw = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_client_new(&options, &mut hw, err) }).expect("a Huawei client");
    Huawei(hw)
}

/// The version id stage `stage` of Huawei secret `name` points at.
pub fn hw_stage(hw: &Huawei, name: &str, stage: &str) -> String {
    let (name, stage) = (c(name), c(stage));
    let mut version = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_huawei_show_secret_stage(hw.0, name.as_ptr(), stage.as_ptr(), &mut version, err)
    })
    .expect("the stage");
    take_string(version)
}

/// The text value of version `version` of Huawei secret `name`.
pub fn hw_value(hw: &Huawei, name: &str, version: &str) -> String {
    let (name, version) = (c(name), c(version));
    let mut value = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_huawei_show_secret_version(hw.0, name.as_ptr(), version.as_ptr(), &mut value, err)
    })
    .expect("the version");
    take_string(value)
}
