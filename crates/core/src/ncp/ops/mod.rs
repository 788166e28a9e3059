//! The NCP Secret Manager operations, one typed request each, grouped as the API reference
//! groups them.

mod job;
mod manage;
mod read;
mod rotation;

pub use job::*;
pub use manage::*;
pub use read::*;
pub use rotation::*;

use crate::encode::push_segment;

/// Appends `/api/v1/secrets/{secretId}`.
pub(crate) fn secret_path(out: &mut String, secret_id: &str) {
    out.push_str("/api/v1/secrets/");
    push_segment(out, secret_id);
}

/// Appends `/action/v1/secrets/{secretId}/jobs/{jobToken}`.
pub(crate) fn job_path(out: &mut String, secret_id: &str, job_token: &str) {
    out.push_str("/action/v1/secrets/");
    push_segment(out, secret_id);
    out.push_str("/jobs/");
    push_segment(out, job_token);
}
