//! Maps a Huawei request under `/v1/{project_id}/` to a CSMS operation.

use crate::exchange::decode;

/// The CSMS operations the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HwOp {
    CreateSecret,
    ListSecrets,
    ShowSecret,
    UpdateSecret,
    RotateSecret,
    CreateSecretVersion,
    ListSecretVersions,
    ShowSecretVersion,
    ShowSecretStage,
    ListSecretTask,
}

/// A matched route: the project id in the path, the operation and its path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HwRoute {
    pub(crate) project_id: String,
    pub(crate) op: HwOp,
    pub(crate) secret_name: Option<String>,
    /// The version id or stage name.
    pub(crate) item: Option<String>,
}

/// Whether `path` is a Huawei path (`/v1/…`).
pub(crate) fn is_huawei_path(path: &str) -> bool {
    path.starts_with("/v1/")
}

/// Matches `method` and `path`.
pub(crate) fn route(method: &str, path: &str) -> Option<HwRoute> {
    let rest = path.strip_prefix("/v1/")?;
    let segments: Vec<String> =
        rest.trim_end_matches('/').split('/').map(|s| decode(&s.replace('+', "%2B"))).collect();
    if segments.iter().any(String::is_empty) {
        return None;
    }
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    let (project, tail) = s.split_first()?;
    let (op, name, item) = match (method, tail) {
        ("POST", ["secrets"]) => (HwOp::CreateSecret, None, None),
        ("GET", ["secrets"]) => (HwOp::ListSecrets, None, None),
        ("GET", ["secrets", name]) => (HwOp::ShowSecret, Some(*name), None),
        ("PUT", ["secrets", name]) => (HwOp::UpdateSecret, Some(*name), None),
        ("POST", ["secrets", name, "rotate"]) => (HwOp::RotateSecret, Some(*name), None),
        ("POST", ["secrets", name, "versions"]) => (HwOp::CreateSecretVersion, Some(*name), None),
        ("GET", ["secrets", name, "versions"]) => (HwOp::ListSecretVersions, Some(*name), None),
        ("GET", ["secrets", name, "versions", id]) => (HwOp::ShowSecretVersion, Some(*name), Some(*id)),
        ("GET", ["secrets", name, "stages", stage]) => (HwOp::ShowSecretStage, Some(*name), Some(*stage)),
        ("GET", ["csms", "tasks"]) => (HwOp::ListSecretTask, None, None),
        _ => return None,
    };
    Some(HwRoute {
        project_id: (*project).to_owned(),
        op,
        secret_name: name.map(str::to_owned),
        item: item.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_operations() {
        let r = route("POST", "/v1/p1/secrets/db/rotate").unwrap();
        assert_eq!(
            (r.project_id.as_str(), r.op, r.secret_name.as_deref()),
            ("p1", HwOp::RotateSecret, Some("db"))
        );
        let r = route("GET", "/v1/p1/secrets/db/stages/SYSCURRENT").unwrap();
        assert_eq!((r.op, r.item.as_deref()), (HwOp::ShowSecretStage, Some("SYSCURRENT")));
        assert_eq!(route("GET", "/v1/p1/secrets").unwrap().op, HwOp::ListSecrets);
        assert_eq!(route("GET", "/v1/p1/csms/tasks").unwrap().op, HwOp::ListSecretTask);
        assert_eq!(route("POST", "/v1/p1/csms/tasks"), None);
        assert_eq!(route("DELETE", "/v1/p1/secrets/db"), None);
        assert_eq!(route("GET", "/v1/p1/other"), None);
        assert!(is_huawei_path("/v1/x"));
    }
}
