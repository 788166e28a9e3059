//! What more than one bench needs: a C client from Rust.

use std::ffi::CString;
use std::ptr;

use secretmanager::{
    SM_ENDPOINT_URL, sm_client, sm_client_free, sm_client_new, sm_client_options, sm_status,
};
use secretmanager_emulator::{NCP_ACCESS_KEY, NCP_SECRET_KEY};

/// The C client, configured as `sm_client_new` documents its defaults; freed when dropped.
pub(crate) struct FfiClient(pub(crate) *mut sm_client);

impl FfiClient {
    /// A client of the NCP API at `base_url`, with the emulator's keys.
    pub(crate) fn new(base_url: &str) -> Self {
        let (url, ak, sk) = (cstring(base_url), cstring(NCP_ACCESS_KEY), cstring(NCP_SECRET_KEY));
        let options = sm_client_options {
            endpoint_preset: SM_ENDPOINT_URL,
            endpoint_url: url.as_ptr(),
            access_key: ak.as_ptr(),
            secret_key: sk.as_ptr(),
            ..Default::default()
        };
        let mut client = ptr::null_mut();
        // SAFETY: the options' strings live until the call returns; the slots are writable.
        let status = unsafe { sm_client_new(&options, &mut client, ptr::null_mut()) };
        assert_eq!(status, sm_status::SM_OK);
        Self(client)
    }
}

impl Drop for FfiClient {
    fn drop(&mut self) {
        // SAFETY: the client is owned here and freed once.
        unsafe { sm_client_free(self.0) };
    }
}

/// `text` as a C string.
pub(crate) fn cstring(text: &str) -> CString {
    CString::new(text).expect("no NUL")
}
