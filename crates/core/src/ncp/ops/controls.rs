//! Operator controls of rotation jobs (operations 23–26). None sends a body; all answer
//! `data: null`. None is idempotent: each names "the" job of the secret, not one job token, so a
//! resend may act on another job or act twice.

secret_action! {
    /// **Execute Rotation Job** ("rotate now"): `POST /api/v1/secrets/{secretId}/rotation`.
    /// Fires the linked trigger; the new job's token appears in Get Secret Logs.
    ///
    /// Not idempotent: every send starts a new job.
    ///
    /// ```
    /// use secretmanager_core::ncp::{ExecuteRotationJob, Operation as _};
    ///
    /// let mut path = String::new();
    /// ExecuteRotationJob::new("sid").write_path(&mut path);
    /// assert_eq!(path, "/api/v1/secrets/sid/rotation");
    /// assert!(!ExecuteRotationJob::IDEMPOTENT);
    /// ```
    pub struct ExecuteRotationJob;
    name = "Execute Rotation Job", method = Post, suffix = "/rotation",
    kind = Create, output = ();
}

secret_action! {
    /// **Retry Rotation Job**: `POST /api/v1/secrets/{secretId}/retry-rotation`. Retries the
    /// failed rotation.
    ///
    /// Not idempotent: if the first retry already ran and failed again, a resend runs the job
    /// once more.
    pub struct RetryRotationJob;
    name = "Retry Rotation Job", method = Post, suffix = "/retry-rotation",
    kind = Create, output = ();
}

secret_action! {
    /// **Cancel Rotation Job**: `POST /api/v1/secrets/{secretId}/cancel-rotation`. Cancels the
    /// running rotation.
    ///
    /// Not idempotent: it names no job, so a resend may cancel a rotation that started after
    /// the first send (for example a scheduled one).
    pub struct CancelRotationJob;
    name = "Cancel Rotation Job", method = Post, suffix = "/cancel-rotation",
    kind = Create, output = ();
}

secret_action! {
    /// **Rollback Rotation Job**: `POST /api/v1/secrets/{secretId}/rollback-rotation`. Reverts
    /// the last rotation to the previous value.
    ///
    /// Not idempotent: a resend could roll back one rotation more.
    pub struct RollbackRotationJob;
    name = "Rollback Rotation Job", method = Post, suffix = "/rollback-rotation",
    kind = Create, output = ();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;
    use crate::ncp::{Operation, decode};
    use crate::validate::Rule;

    fn check<O: Operation>(op: O, expected_path: &str) {
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, expected_path);
        assert!(op.body().is_none());
        assert_eq!((O::METHOD, O::IDEMPOTENT), (Method::Post, false));
    }

    #[test]
    fn answers_are_null() {
        let () =
            decode::<<ExecuteRotationJob as Operation>::Output>(200, br#"{"code":"SUCCESS","data":null}"#)
                .unwrap();
        let err = decode::<<RollbackRotationJob as Operation>::Output>(
            422,
            br#"{"error":{"errorCode":"INVALID_STATUS","message":"Invalid status"}}"#,
        );
        assert!(matches!(err, Err(crate::Error::Api(ref api)) if api.status == 422));
    }

    #[test]
    fn paths_escape_the_secret_id() {
        check(ExecuteRotationJob::new("a/b"), "/api/v1/secrets/a%2Fb/rotation");
        check(RetryRotationJob::new("a b"), "/api/v1/secrets/a%20b/retry-rotation");
        check(CancelRotationJob::new("a%"), "/api/v1/secrets/a%25/cancel-rotation");
        check(RollbackRotationJob::new("é"), "/api/v1/secrets/%C3%A9/rollback-rotation");
    }

    #[test]
    fn secret_id_is_required_and_printable() {
        assert_eq!(ExecuteRotationJob::new("").validate().unwrap_err().rule, Rule::Required);
        assert_eq!(RetryRotationJob::new("a\tb").validate().unwrap_err().rule, Rule::ControlCharacter);
        assert_eq!(CancelRotationJob::new("").validate().unwrap_err().field, "secretId");
        assert_eq!(RollbackRotationJob::new("\0").validate().unwrap_err().field, "secretId");
        assert!(RollbackRotationJob::new("x").validate().is_ok());
    }
}
