//! Maps an NCP request (method and path) to one of the 32 operations.

use crate::exchange::decode;

/// The 32 NCP Secret Manager operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    GetSecretList,
    GetSecretDetail,
    GetSecretValue,
    GetSecretStageValue,
    GetSecretLogs,
    GetProtectionKeyList,
    GetTriggerList,
    CreateSecret,
    UpdateSecretValue,
    UpdateSecretStageValue,
    UpdateSecretMemo,
    UpdateProtectionKey,
    EnableSecret,
    DisableSecret,
    RequestSecretDeletion,
    CancelSecretDeletion,
    DeleteSecret,
    EnableAutoRotation,
    DisableAutoRotation,
    UpdateRotationPeriod,
    UpdateRotationTrigger,
    DeleteRotationTrigger,
    ExecuteRotationJob,
    RetryRotationJob,
    CancelRotationJob,
    RollbackRotationJob,
    StartRotationJob,
    AddPendingStage,
    UpdatePendingStage,
    GenerateRandomSecret,
    CompleteRotationJob,
    FailRotationJob,
}

impl Op {
    /// The operation's title in the API reference, used as the log action.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Op::GetSecretList => "Get Secret List",
            Op::GetSecretDetail => "Get Secret Detail",
            Op::GetSecretValue => "Get Secret Value",
            Op::GetSecretStageValue => "Get Secret Stage Value",
            Op::GetSecretLogs => "Get Secret Logs",
            Op::GetProtectionKeyList => "Get Protection Key List",
            Op::GetTriggerList => "Get Trigger List",
            Op::CreateSecret => "Create Secret",
            Op::UpdateSecretValue => "Update Secret Value",
            Op::UpdateSecretStageValue => "Update Secret Stage Value",
            Op::UpdateSecretMemo => "Update Secret Memo",
            Op::UpdateProtectionKey => "Update Protection Key",
            Op::EnableSecret => "Enable Secret",
            Op::DisableSecret => "Disable Secret",
            Op::RequestSecretDeletion => "Request Secret Deletion",
            Op::CancelSecretDeletion => "Cancel Secret Deletion",
            Op::DeleteSecret => "Delete Secret",
            Op::EnableAutoRotation => "Enable Auto Rotation",
            Op::DisableAutoRotation => "Disable Auto Rotation",
            Op::UpdateRotationPeriod => "Update Rotation Period",
            Op::UpdateRotationTrigger => "Update Rotation Trigger",
            Op::DeleteRotationTrigger => "Delete Rotation Trigger",
            Op::ExecuteRotationJob => "Execute Rotation Job",
            Op::RetryRotationJob => "Retry Rotation Job",
            Op::CancelRotationJob => "Cancel Rotation Job",
            Op::RollbackRotationJob => "Rollback Rotation Job",
            Op::StartRotationJob => "Start Rotation Job",
            Op::AddPendingStage => "Add Pending Stage",
            Op::UpdatePendingStage => "Update Pending Stage",
            Op::GenerateRandomSecret => "Generate Random Secret",
            Op::CompleteRotationJob => "Complete Rotation Job",
            Op::FailRotationJob => "Fail Rotation Job",
        }
    }
}

/// A stage of the value chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Previous,
    Active,
    Pending,
}

impl Stage {
    fn parse(segment: &str) -> Option<Self> {
        match segment {
            "previous" => Some(Stage::Previous),
            "active" => Some(Stage::Active),
            "pending" => Some(Stage::Pending),
            _ => None,
        }
    }

    /// The upper-case name used in `valueStage`.
    pub(crate) fn upper(self) -> &'static str {
        match self {
            Stage::Previous => "PREVIOUS",
            Stage::Active => "ACTIVE",
            Stage::Pending => "PENDING",
        }
    }
}

/// A matched NCP route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    pub(crate) op: Op,
    pub(crate) secret_id: Option<String>,
    pub(crate) job_token: Option<String>,
    pub(crate) stage: Option<Stage>,
}

/// Whether `path` is under one of the NCP prefixes.
pub(crate) fn is_ncp_path(path: &str) -> bool {
    let path = path.strip_prefix("/secretmanager").unwrap_or(path);
    path.starts_with("/api/v1/")
        || path.starts_with("/action/v1/")
        || path == "/api/v1"
        || path == "/action/v1"
}

/// Matches `method` and `path` (percent-encoded, no query) to an operation.
pub(crate) fn route(method: &str, path: &str) -> Option<Route> {
    let path = path.strip_prefix("/secretmanager").unwrap_or(path);
    let (action, rest) = if let Some(rest) = path.strip_prefix("/api/v1/") {
        (false, rest)
    } else {
        (true, path.strip_prefix("/action/v1/")?)
    };
    let segments: Vec<String> = rest.split('/').map(decode_segment).collect();
    if segments.iter().any(String::is_empty) {
        return None;
    }
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    let plain = |op| Some(Route { op, secret_id: None, job_token: None, stage: None });
    let on = |op, id: &str| Some(Route { op, secret_id: Some(id.to_owned()), job_token: None, stage: None });
    if action {
        let ["secrets", id, "jobs", token, what] = s.as_slice() else { return None };
        let op = match (method, *what) {
            ("POST", "start") => Op::StartRotationJob,
            ("POST", "pending") => Op::AddPendingStage,
            ("PUT", "pending") => Op::UpdatePendingStage,
            ("POST", "generate-random-secret") => Op::GenerateRandomSecret,
            ("POST", "complete") => Op::CompleteRotationJob,
            ("POST", "fail") => Op::FailRotationJob,
            _ => return None,
        };
        return Some(Route {
            op,
            secret_id: Some((*id).to_owned()),
            job_token: Some((*token).to_owned()),
            stage: None,
        });
    }
    match (method, s.as_slice()) {
        ("GET", ["secrets"]) => plain(Op::GetSecretList),
        ("POST", ["secrets"]) => plain(Op::CreateSecret),
        ("GET", ["keys"]) => plain(Op::GetProtectionKeyList),
        ("GET", ["triggers"]) => plain(Op::GetTriggerList),
        ("GET", ["secrets", id]) => on(Op::GetSecretDetail, id),
        ("DELETE", ["secrets", id]) => on(Op::DeleteSecret, id),
        ("GET", ["secrets", id, "values"]) => on(Op::GetSecretValue, id),
        ("PUT", ["secrets", id, "values"]) => on(Op::UpdateSecretValue, id),
        ("GET", ["secrets", id, "logs"]) => on(Op::GetSecretLogs, id),
        ("GET", ["secrets", id, stage]) => {
            let stage = Stage::parse(stage)?;
            Some(Route { stage: Some(stage), ..on(Op::GetSecretStageValue, id)? })
        }
        ("PUT", ["secrets", id, "values", stage]) => {
            let stage = Stage::parse(stage)?;
            Some(Route { stage: Some(stage), ..on(Op::UpdateSecretStageValue, id)? })
        }
        ("PUT", ["secrets", id, "memo"]) => on(Op::UpdateSecretMemo, id),
        ("PUT", ["secrets", id, "protection-key"]) => on(Op::UpdateProtectionKey, id),
        ("POST", ["secrets", id, "enable"]) => on(Op::EnableSecret, id),
        ("POST", ["secrets", id, "disable"]) => on(Op::DisableSecret, id),
        ("POST", ["secrets", id, "request-deletion"]) => on(Op::RequestSecretDeletion, id),
        ("POST", ["secrets", id, "cancel-deletion"]) => on(Op::CancelSecretDeletion, id),
        ("POST", ["secrets", id, "enable-auto-rotation"]) => on(Op::EnableAutoRotation, id),
        ("POST", ["secrets", id, "disable-auto-rotation"]) => on(Op::DisableAutoRotation, id),
        ("PUT", ["secrets", id, "rotation-period"]) => on(Op::UpdateRotationPeriod, id),
        ("PUT", ["secrets", id, "triggers"]) => on(Op::UpdateRotationTrigger, id),
        ("DELETE", ["secrets", id, "triggers"]) => on(Op::DeleteRotationTrigger, id),
        ("POST", ["secrets", id, "rotation"]) => on(Op::ExecuteRotationJob, id),
        ("POST", ["secrets", id, "retry-rotation"]) => on(Op::RetryRotationJob, id),
        ("POST", ["secrets", id, "cancel-rotation"]) => on(Op::CancelRotationJob, id),
        ("POST", ["secrets", id, "rollback-rotation"]) => on(Op::RollbackRotationJob, id),
        _ => None,
    }
}

fn decode_segment(segment: &str) -> String {
    // `+` is literal in a path segment.
    decode(&segment.replace('+', "%2B"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_every_prefix_and_parameter() {
        let r = route("GET", "/secretmanager/api/v1/secrets/abc/active").unwrap();
        assert_eq!(
            (r.op, r.secret_id.as_deref(), r.stage),
            (Op::GetSecretStageValue, Some("abc"), Some(Stage::Active))
        );
        let r = route("PUT", "/action/v1/secrets/a%20b/jobs/tok/pending").unwrap();
        assert_eq!(
            (r.op, r.secret_id.as_deref(), r.job_token.as_deref()),
            (Op::UpdatePendingStage, Some("a b"), Some("tok"))
        );
        assert_eq!(route("POST", "/api/v1/secrets").unwrap().op, Op::CreateSecret);
        assert_eq!(route("DELETE", "/api/v1/secrets/x/triggers").unwrap().op, Op::DeleteRotationTrigger);
        assert_eq!(route("GET", "/api/v1/secrets/x/logs").unwrap().op, Op::GetSecretLogs);
    }

    #[test]
    fn unknown_paths_and_methods_do_not_route() {
        for (method, path) in [
            ("GET", "/api/v1/secrets/x/other"),
            ("PATCH", "/api/v1/secrets"),
            ("GET", "/api/v1/secrets//values"),
            ("POST", "/action/v1/secrets/x/jobs/t/unknown"),
            ("GET", "/api/v2/secrets"),
            ("PUT", "/api/v1/secrets/x/values/current"),
        ] {
            assert_eq!(route(method, path), None, "{method} {path}");
        }
        assert!(is_ncp_path("/secretmanager/api/v1/x"));
        assert!(!is_ncp_path("/v1/project/secrets"));
    }
}
