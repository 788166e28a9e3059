//! Changing a secret's status and deleting it (operations 13–17). None sends a body.
//!
//! Statuses: `ENABLE` ⇄ `DISABLE`; Request Secret Deletion (from either, or again from
//! `REVOKE`) → `REVOKE`; Cancel Secret Deletion → `DISABLE`; Delete Secret (only from
//! `REVOKE`) removes the secret.

use serde::{Deserialize, Serialize};

use crate::ncp::model::SecretStatus;
use crate::ncp::reconcile::{ObservedState, Settled, detail_check, settle_status};
use crate::ncp::wire::EpochMillis;

/// Settles a status change from the secret's detail: applied when the status is `target`.
fn status_settled(observed: ObservedState, target: SecretStatus) -> Settled<SecretStatusChange> {
    settle_status(observed, target).map(|secret| SecretStatusChange {
        secret_id: secret.secret_id,
        secret_status: secret.secret_status,
        update_date: secret.update_date,
        expected_destroy_date: secret.expected_destroy_date,
    })
}

/// Settles Delete Secret: applied when the secret is `DESTROYED`. A 404 is not taken as proof
/// (it is also what a wrong id answers).
fn deletion_settled(observed: ObservedState) -> Settled<()> {
    settle_status(observed, SecretStatus::Destroyed).map(drop)
}

/// A secret's new status, as Enable / Disable Secret and Request / Cancel Secret Deletion
/// answer it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecretStatusChange {
    /// Secret id.
    #[serde(default)]
    pub secret_id: String,
    /// The status now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_status: Option<SecretStatus>,
    /// When the status changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_date: Option<EpochMillis>,
    /// Date of final deletion (Request Secret Deletion, older API versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_destroy_date: Option<EpochMillis>,
}

secret_action! {
    /// **Enable Secret**: `POST /api/v1/secrets/{secretId}/enable`. Only from `DISABLE`.
    ///
    /// A [`Transition`](crate::OperationKind::Transition): after an applied first send a
    /// resend answers `422 INVALID_STATUS` (already `ENABLE`); the status read back settles it.
    ///
    /// ```
    /// use secretmanager_core::ncp::{self, EnableSecret, Operation as _, SecretStatus};
    ///
    /// let mut path = String::new();
    /// EnableSecret::new("sid").write_path(&mut path);
    /// assert_eq!(path, "/api/v1/secrets/sid/enable");
    /// let out: ncp::SecretStatusChange = ncp::decode(200, br#"{"code":"SUCCESS","data":
    ///     {"secretId":"sid","secretStatus":"ENABLE","updateDate":1753165313617}}"#).unwrap();
    /// assert_eq!(out.secret_status, Some(SecretStatus::Enable));
    /// ```
    pub struct EnableSecret;
    name = "Enable Secret", method = Post, suffix = "/enable",
    kind = Transition, output = SecretStatusChange;
    check = |op| detail_check(&op.secret_id),
    settle = |_, observed| status_settled(observed, SecretStatus::Enable);
}

secret_action! {
    /// **Disable Secret**: `POST /api/v1/secrets/{secretId}/disable`. Only from `ENABLE`.
    ///
    /// A [`Transition`](crate::OperationKind::Transition): after an applied first send a
    /// resend answers `422 INVALID_STATUS` (already `DISABLE`); the status read back settles it.
    pub struct DisableSecret;
    name = "Disable Secret", method = Post, suffix = "/disable",
    kind = Transition, output = SecretStatusChange;
    check = |op| detail_check(&op.secret_id),
    settle = |_, observed| status_settled(observed, SecretStatus::Disable);
}

secret_action! {
    /// **Request Secret Deletion**: `POST /api/v1/secrets/{secretId}/request-deletion`.
    /// Schedules deletion; the secret becomes `REVOKE`. Allowed from `ENABLE`, `DISABLE` and
    /// `REVOKE`.
    ///
    /// [`Repeatable`](crate::OperationKind::Repeatable): a resend finds the secret `REVOKE`,
    /// which is allowed, and leaves it so.
    pub struct RequestSecretDeletion;
    name = "Request Secret Deletion", method = Post, suffix = "/request-deletion",
    kind = Repeatable, output = SecretStatusChange;
}

secret_action! {
    /// **Cancel Secret Deletion**: `POST /api/v1/secrets/{secretId}/cancel-deletion`. Only
    /// from `REVOKE`; the secret becomes `DISABLE` (enable it afterwards to use it).
    ///
    /// A [`Transition`](crate::OperationKind::Transition): after an applied first send a
    /// resend answers `422 INVALID_STATUS`; the status read back (`DISABLE`) settles it.
    pub struct CancelSecretDeletion;
    name = "Cancel Secret Deletion", method = Post, suffix = "/cancel-deletion",
    kind = Transition, output = SecretStatusChange;
    check = |op| detail_check(&op.secret_id),
    settle = |_, observed| status_settled(observed, SecretStatus::Disable);
}

secret_action! {
    /// **Delete Secret**: `DELETE /api/v1/secrets/{secretId}`. Only from `REVOKE`; answers
    /// `data: null`.
    ///
    /// A [`Transition`](crate::OperationKind::Transition) that cannot be undone: after an
    /// applied first send a resend is refused, and the secret's status read back (`DESTROYED`)
    /// settles it; a 404 is not taken as proof, since a wrong id answers the same.
    ///
    /// ```
    /// use secretmanager_core::ncp::{DeleteSecret, Operation as _};
    /// use secretmanager_core::Method;
    ///
    /// let mut path = String::new();
    /// DeleteSecret::new("sid").write_path(&mut path);
    /// assert_eq!((DeleteSecret::METHOD, path.as_str()), (Method::Delete, "/api/v1/secrets/sid"));
    /// assert_eq!(DeleteSecret::KIND, secretmanager_core::OperationKind::Transition);
    /// ```
    pub struct DeleteSecret;
    name = "Delete Secret", method = Delete, suffix = "",
    kind = Transition, output = ();
    check = |op| detail_check(&op.secret_id),
    settle = |_, observed| deletion_settled(observed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;
    use crate::ncp::{Operation, decode};
    use crate::validate::Rule;

    fn path_of<O: Operation>(op: &O) -> String {
        assert!(op.body().is_none());
        let mut path = String::new();
        op.write_path(&mut path);
        path
    }

    #[test]
    fn paths_methods_and_escaping() {
        assert_eq!(path_of(&EnableSecret::new("a b")), "/api/v1/secrets/a%20b/enable");
        assert_eq!(path_of(&DisableSecret::new("a/b")), "/api/v1/secrets/a%2Fb/disable");
        assert_eq!(path_of(&RequestSecretDeletion::new("a")), "/api/v1/secrets/a/request-deletion");
        assert_eq!(path_of(&CancelSecretDeletion::new("a")), "/api/v1/secrets/a/cancel-deletion");
        assert_eq!(path_of(&DeleteSecret::new("a?b")), "/api/v1/secrets/a%3Fb");
        assert_eq!(DeleteSecret::METHOD, Method::Delete);
        assert_eq!(EnableSecret::METHOD, Method::Post);
    }

    #[test]
    fn secret_id_is_checked_everywhere() {
        assert_eq!(EnableSecret::new("").validate().unwrap_err().rule, Rule::Required);
        assert_eq!(DisableSecret::new("\u{1b}").validate().unwrap_err().rule, Rule::ControlCharacter);
        assert_eq!(RequestSecretDeletion::new("").validate().unwrap_err().field, "secretId");
        assert_eq!(CancelSecretDeletion::new("").validate().unwrap_err().field, "secretId");
        assert_eq!(DeleteSecret::new("").validate().unwrap_err().field, "secretId");
    }

    #[test]
    fn status_answers_decode() {
        let body = br#"{"code":"SUCCESS","data":{"secretId":"s1","secretStatus":"REVOKE",
            "updateDate":1753165313617,"expectedDestroyDate":1755757313617}}"#;
        let out: SecretStatusChange = decode(200, body).unwrap();
        assert_eq!(out.secret_id, "s1");
        assert_eq!(out.secret_status, Some(SecretStatus::Revoke));
        assert_eq!(out.update_date, Some(EpochMillis(1_753_165_313_617)));
        assert_eq!(out.expected_destroy_date, Some(EpochMillis(1_755_757_313_617)));
        let out: SecretStatusChange =
            decode(200, br#"{"code":"SUCCESS","data":{"secretId":"s1","secretStatus":"DISABLE"}}"#).unwrap();
        assert_eq!((out.secret_status, out.update_date), (Some(SecretStatus::Disable), None));
    }

    #[test]
    fn delete_answers_null_and_a_repeat_is_not_found() {
        let () = decode(200, br#"{"code":"SUCCESS","data":null}"#).unwrap();
        let err = decode::<()>(404, br#"{"error":{"errorCode":"NOT_FOUND","message":"Not found"}}"#);
        assert!(matches!(err, Err(crate::Error::Api(ref api)) if api.code == "NOT_FOUND"));
    }
}
