//! The NCP Secret Manager operations, one typed request each, grouped as the API reference
//! groups them.
//!
//! # What a resend does: [`Operation::KIND`](crate::ncp::Operation::KIND)
//!
//! * [`Repeatable`](crate::OperationKind::Repeatable): the reads, the setters that write a
//!   given value (values, memo, protection key, rotation period and trigger, Update Pending
//!   Stage), Enable / Disable Auto Rotation, Request Secret Deletion (allowed again from
//!   `REVOKE`), Start Rotation Job (the token names one job) and Generate Random Secret.
//! * [`Transition`](crate::OperationKind::Transition): Enable / Disable Secret, Cancel Secret
//!   Deletion and Delete Secret (read back from the secret's status), Delete Rotation Trigger
//!   (from the secret's linked trigger), Add Pending Stage (from
//!   the chain's PENDING), Complete / Fail Rotation Job (from the log entries of the job
//!   token). A repeat after an applied first send is refused; the transport then reads the
//!   state to tell success from refusal.
//! * [`Create`](crate::OperationKind::Create): Create Secret and Execute / Retry / Cancel /
//!   Rollback Rotation Job, whose repeat could start a second job or act on another one. A
//!   lost answer leaves their outcome unknown; Get Secret Logs shows the jobs started.

/// The [`Operation::state_check`](crate::ncp::Operation::state_check) and
/// [`Operation::settle`](crate::ncp::Operation::settle) of a transition, from two closures.
macro_rules! reconcile_methods {
    ($output:ty, $check:expr, $settle:expr) => {
        fn state_check(&self) -> Option<$crate::ncp::StateCheck> {
            let check: fn(&Self) -> $crate::ncp::StateCheck = $check;
            Some(check(self))
        }

        fn settle(&self, observed: $crate::ncp::ObservedState) -> $crate::ncp::Settled<$output> {
            let settle: fn(&Self, $crate::ncp::ObservedState) -> $crate::ncp::Settled<$output> = $settle;
            settle(self, observed)
        }
    };
}
pub(crate) use reconcile_methods;

/// Declares an operation on one secret that sends no body:
/// `METHOD /api/v1/secrets/{secretId}<suffix>`.
macro_rules! secret_action {
    (
        $(#[$meta:meta])*
        pub struct $name:ident;
        name = $title:literal, method = $method:ident, suffix = $suffix:literal,
        kind = $kind:ident, output = $output:ty;
        $(check = $check:expr, settle = $settle:expr;)?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
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

        impl $crate::Operation for $name {
            type Provider = $crate::ncp::Ncp;
            type Output = $output;
            const NAME: &'static str = $title;
            const METHOD: $crate::http::Method = $crate::http::Method::$method;
            const KIND: $crate::OperationKind = $crate::OperationKind::$kind;

            fn validate(&self) -> Result<(), $crate::validate::ValidationError> {
                $crate::ncp::ops::validate_secret_id(&self.secret_id)
            }

            fn write_path(&self, out: &mut String) {
                $crate::ncp::ops::secret_path(out, &self.secret_id);
                out.push_str($suffix);
            }

            fn changed_secret(&self) -> Option<&str> {
                (Self::METHOD != $crate::http::Method::Get).then_some(self.secret_id.as_str())
            }

            $($crate::ncp::ops::reconcile_methods!($output, $check, $settle);)?
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
        kind = $kind:ident, output = $output:ty;
        $(check = $check:expr, settle = $settle:expr;)?
    ) => {
        $(#[$meta])*
        ///
        /// `Debug` prints the job token as a redaction marker: it authorises the job's steps.
        #[derive(Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        #[non_exhaustive]
        pub struct $name {
            /// Secret id, as given to the rotation function.
            pub secret_id: String,
            /// Job token, as given to the rotation function.
            #[schemars(extend("x-secret" = true))]
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

        impl $crate::Operation for $name {
            type Provider = $crate::ncp::Ncp;
            type Output = $output;
            const NAME: &'static str = $title;
            const METHOD: $crate::http::Method = $crate::http::Method::$method;
            const KIND: $crate::OperationKind = $crate::OperationKind::$kind;

            fn validate(&self) -> Result<(), $crate::validate::ValidationError> {
                $crate::ncp::ops::validate_job(&self.secret_id, &self.job_token)
            }

            fn write_path(&self, out: &mut String) {
                $crate::ncp::ops::job_path(out, &self.secret_id, &self.job_token);
                out.push_str($suffix);
            }

            fn changed_secret(&self) -> Option<&str> {
                Some(self.secret_id.as_str())
            }

            fn collect_secrets(&self, redactor: &mut $crate::Redactor) {
                redactor.add(&self.job_token);
            }

            $($crate::ncp::ops::reconcile_methods!($output, $check, $settle);)?
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

#[cfg(test)]
mod job_token_tests;
#[cfg(test)]
mod tests;
