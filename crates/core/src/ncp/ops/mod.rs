//! The NCP Secret Manager operations, one typed request each, grouped as the API reference
//! groups them.
//!
//! # Which operations are `IDEMPOTENT`
//!
//! [`Operation::IDEMPOTENT`](crate::ncp::Operation::IDEMPOTENT) says whether a transport may
//! send a request again after a failure that left the outcome unknown. It is `true` when a
//! second send, after the first one was applied, cannot add, double or change an effect: reads,
//! the `PUT`s that set a value, flags set to a fixed state, and the rotation-job steps, which
//! name their job by its token. A repeated state change may then answer `422 INVALID_STATUS`
//! (the change was already made), which a caller that retried should read as "done".
//!
//! It is `false` where a second send could act twice (Create Secret, Execute / Retry / Cancel /
//! Rollback Rotation Job, Add Pending Stage) and for Delete Secret, which cannot be undone and
//! whose repeat answers `404 NOT_FOUND`, indistinguishable from a wrong id.

/// Declares an operation on one secret that sends no body:
/// `METHOD /api/v1/secrets/{secretId}<suffix>`.
macro_rules! secret_action {
    (
        $(#[$meta:meta])*
        pub struct $name:ident;
        name = $title:literal, method = $method:ident, suffix = $suffix:literal,
        idempotent = $idempotent:literal, output = $output:ty;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// Secret id (in the path).
            pub secret_id: String,
        }

        impl $name {
            /// The operation on secret `secret_id`.
            pub fn new(secret_id: impl Into<String>) -> Self {
                Self { secret_id: secret_id.into() }
            }
        }

        impl $crate::ncp::Operation for $name {
            type Output = $output;
            const NAME: &'static str = $title;
            const METHOD: $crate::http::Method = $crate::http::Method::$method;
            const IDEMPOTENT: bool = $idempotent;

            fn validate(&self) -> Result<(), $crate::validate::ValidationError> {
                $crate::ncp::ops::validate_secret_id(&self.secret_id)
            }

            fn write_path(&self, out: &mut String) {
                $crate::ncp::ops::secret_path(out, &self.secret_id);
                out.push_str($suffix);
            }
        }
    };
}

/// Declares a rotation-job step that sends no body:
/// `METHOD /action/v1/secrets/{secretId}/jobs/{jobToken}<suffix>`.
macro_rules! job_step {
    (
        $(#[$meta:meta])*
        pub struct $name:ident;
        name = $title:literal, method = $method:ident, suffix = $suffix:literal,
        idempotent = $idempotent:literal, output = $output:ty;
    ) => {
        $(#[$meta])*
        ///
        /// `Debug` prints the job token as a redaction marker: it authorises the job's steps.
        #[derive(Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// Secret id, as given to the rotation function.
            pub secret_id: String,
            /// Job token, as given to the rotation function.
            pub job_token: String,
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("secret_id", &self.secret_id)
                    .field("job_token", &$crate::secret::Redacted)
                    .finish()
            }
        }

        impl $name {
            /// The step of job `job_token` of secret `secret_id`.
            pub fn new(secret_id: impl Into<String>, job_token: impl Into<String>) -> Self {
                Self { secret_id: secret_id.into(), job_token: job_token.into() }
            }
        }

        impl $crate::ncp::Operation for $name {
            type Output = $output;
            const NAME: &'static str = $title;
            const METHOD: $crate::http::Method = $crate::http::Method::$method;
            const IDEMPOTENT: bool = $idempotent;

            fn validate(&self) -> Result<(), $crate::validate::ValidationError> {
                $crate::ncp::ops::validate_job(&self.secret_id, &self.job_token)
            }

            fn write_path(&self, out: &mut String) {
                $crate::ncp::ops::job_path(out, &self.secret_id, &self.job_token);
                out.push_str($suffix);
            }
        }
    };
}

mod controls;
mod job;
mod lifecycle;
mod lists;
mod logs;
mod manage;
mod random;
mod read;
mod rotation;
mod settings;
mod values;

pub use controls::*;
pub use job::*;
pub use lifecycle::*;
pub use lists::*;
pub use logs::*;
pub use manage::*;
pub use random::*;
pub use read::*;
pub use rotation::*;
pub use settings::*;
pub use values::*;

use crate::encode::push_segment;
use crate::validate::{self, ValidationError};

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

/// Checks the `{secretId}` path segment.
pub(crate) fn validate_secret_id(secret_id: &str) -> Result<(), ValidationError> {
    validate::path_segment("secretId", secret_id)
}

/// Checks the two path segments of every job step.
pub(crate) fn validate_job(secret_id: &str, job_token: &str) -> Result<(), ValidationError> {
    validate_secret_id(secret_id)?;
    validate::path_segment("jobToken", job_token)
}

/// The request body `{"value":"<JSON text>"}` of Update Secret Stage Value and Update Pending
/// Stage, with the value exposed (serializing a [`SecretString`](crate::SecretString) redacts
/// it).
#[derive(serde::Serialize)]
pub(crate) struct ValueBody<'a> {
    pub(crate) value: &'a str,
}

#[cfg(test)]
mod job_token_tests;
#[cfg(test)]
mod tests;
