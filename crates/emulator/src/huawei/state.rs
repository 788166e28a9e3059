//! Huawei CSMS secrets: versions and the stages that point at them.

use std::fmt;

use secretmanager_core::secret::REDACTED;

/// A Huawei answer that is not a success: status, `error_code`, `error_msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HwError {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl HwError {
    /// 400 `CSMS.0002`: an invalid parameter value.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self { status: 400, code: "CSMS.0002", message: message.into() }
    }

    /// 400 `CSMS.0004`: a body that is not the expected JSON.
    pub(crate) fn body(message: impl Into<String>) -> Self {
        Self { status: 400, code: "CSMS.0004", message: message.into() }
    }

    /// `CSMS.0005`: the resource does not exist, answered with HTTP 400 as CSMS's error-code
    /// table documents (clients must judge it by its code).
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self { status: 400, code: "CSMS.0005", message: message.into() }
    }

    /// 400 `CSMS.0003`: a request that is well formed but not allowed now.
    pub(crate) fn refused(message: impl Into<String>) -> Self {
        Self { status: 400, code: "CSMS.0003", message: message.into() }
    }

    /// 400 `CSMS.0103`: the secret is pending deletion and cannot be used.
    pub(crate) fn pending_delete(name: &str) -> Self {
        Self {
            status: 400,
            code: "CSMS.0103",
            message: format!("The secret {name} is in Pending deletion state and cannot be used"),
        }
    }
}

/// The state of a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SecretState {
    Enabled,
    PendingDelete,
}

impl SecretState {
    /// The state as CSMS names it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SecretState::Enabled => "ENABLED",
            SecretState::PendingDelete => "PENDING_DELETE",
        }
    }
}

/// The current stage.
pub(crate) const SYSCURRENT: &str = "SYSCURRENT";
/// The stage of the version that was current before.
pub(crate) const SYSPREVIOUS: &str = "SYSPREVIOUS";
/// Versions kept per secret.
pub(crate) const MAX_VERSIONS: usize = 20;
/// Stages per secret.
pub(crate) const MAX_STAGES: usize = 12;

/// A version's value. `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Payload {
    Text(String),
    /// Base64 text, as received.
    Binary(String),
}

/// One version of a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Version {
    pub(crate) id: String,
    pub(crate) payload: Payload,
    /// The key the value was encrypted with: the secret's key when the version was created.
    pub(crate) kms_key_id: String,
    pub(crate) create_time: i64,
    pub(crate) expire_time: Option<i64>,
    pub(crate) stages: Vec<String>,
}

/// One secret.
#[derive(Clone)]
pub(crate) struct HwSecret {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) state: SecretState,
    /// When a secret pending deletion is deleted, in epoch milliseconds.
    pub(crate) scheduled_delete_time: Option<i64>,
    pub(crate) kms_key_id: String,
    pub(crate) description: String,
    pub(crate) create_time: i64,
    pub(crate) update_time: i64,
    pub(crate) secret_type: String,
    pub(crate) auto_rotation: bool,
    pub(crate) rotation_period: Option<String>,
    pub(crate) rotation_config: Option<String>,
    pub(crate) rotation_time: Option<i64>,
    pub(crate) next_rotation_time: Option<i64>,
    pub(crate) event_subscriptions: Vec<String>,
    pub(crate) enterprise_project_id: Option<String>,
    pub(crate) rotation_func_urn: Option<String>,
    pub(crate) versions: Vec<Version>,
    pub(crate) stage_times: Vec<(String, i64)>,
    pub(crate) version_counter: u32,
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Payload::Text(_) => write!(f, "Text({REDACTED})"),
            Payload::Binary(_) => write!(f, "Binary({REDACTED})"),
        }
    }
}

impl fmt::Debug for HwSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HwSecret")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("state", &self.state)
            .field("secret_type", &self.secret_type)
            .field("versions", &self.versions)
            .finish_non_exhaustive()
    }
}

/// Parses a rotation period (`Integer[unit]`, unit `d`, `h`, `m` or `s`: `30d`, `12h`, `360m`)
/// into seconds: 6 h to 8760 h.
pub(crate) fn period_seconds(period: &str) -> Result<i64, HwError> {
    let invalid = || {
        HwError::invalid(
            "rotation_period must be an integer and a unit d, h, m or s (30d, 12h), from 6h to 8760h",
        )
    };
    let (digits, unit) = period.split_at(period.len().saturating_sub(1));
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 9 {
        return Err(invalid());
    }
    let n: i64 = digits.parse().map_err(|_| invalid())?;
    let seconds = match unit {
        "d" => n * 86_400,
        "h" => n * 3_600,
        "m" => n * 60,
        "s" => n,
        _ => return Err(invalid()),
    };
    if (6 * 3_600..=8_760 * 3_600).contains(&seconds) { Ok(seconds) } else { Err(invalid()) }
}

/// Whether `name` matches `^[a-zA-Z0-9_-]{1,64}$`.
pub(crate) fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl HwSecret {
    /// `CSMS.0103` unless the secret can be used (it is not pending deletion).
    pub(crate) fn usable(&self) -> Result<(), HwError> {
        match self.state {
            SecretState::Enabled => Ok(()),
            SecretState::PendingDelete => Err(HwError::pending_delete(&self.name)),
        }
    }

    /// Whether CSMS can rotate this secret itself.
    pub(crate) fn rotatable(&self) -> bool {
        matches!(self.secret_type.as_str(), "RDS-FG" | "GaussDB-FG") || self.rotation_func_urn.is_some()
    }

    /// The version carrying `stage`.
    pub(crate) fn version_at(&self, stage: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.stages.iter().any(|s| s == stage))
    }

    /// The version `v…` or `latest` (the newest).
    pub(crate) fn version(&self, id: &str) -> Option<&Version> {
        if id == "latest" {
            return self.versions.last();
        }
        self.versions.iter().find(|v| v.id == id)
    }

    /// Adds a version carrying `stages`; SYSCURRENT moving makes the former current SYSPREVIOUS.
    pub(crate) fn add_version(
        &mut self,
        payload: Payload,
        stages: Vec<String>,
        expire_time: Option<i64>,
        now: i64,
    ) -> Result<String, HwError> {
        self.check_room(&stages)?;
        let id = self.reserve_version_id();
        self.insert_version(id.clone(), payload, stages, expire_time, now)?;
        Ok(id)
    }

    /// The id the next version will have (`v1`, `v2`…), taken now.
    pub(crate) fn reserve_version_id(&mut self) -> String {
        self.version_counter += 1;
        format!("v{}", self.version_counter)
    }

    /// `CSMS.0203` if `stages` would take the secret past [`MAX_STAGES`].
    pub(crate) fn check_room(&self, stages: &[String]) -> Result<(), HwError> {
        let mut known: Vec<&str> =
            self.versions.iter().flat_map(|v| v.stages.iter().map(String::as_str)).collect();
        known.extend(stages.iter().map(String::as_str));
        known.push(SYSPREVIOUS);
        known.sort_unstable();
        known.dedup();
        if known.len() > MAX_STAGES {
            return Err(HwError { status: 400, code: "CSMS.0203", message: "too many stages".to_owned() });
        }
        Ok(())
    }

    /// Adds version `id` (reserved with [`Self::reserve_version_id`]) carrying `stages`.
    pub(crate) fn insert_version(
        &mut self,
        id: String,
        payload: Payload,
        stages: Vec<String>,
        expire_time: Option<i64>,
        now: i64,
    ) -> Result<(), HwError> {
        self.check_room(&stages)?;
        if self.versions.len() >= MAX_VERSIONS {
            // The oldest version no stage points at makes room, as CSMS does.
            let Some(oldest) = self.versions.iter().position(|v| v.stages.is_empty()) else {
                return Err(HwError::invalid("every version carries a stage; no room for a new version"));
            };
            self.versions.remove(oldest);
        }
        self.versions.push(Version {
            id: id.clone(),
            payload,
            kms_key_id: self.kms_key_id.clone(),
            create_time: now,
            expire_time,
            stages: Vec::new(),
        });
        for stage in stages {
            self.move_stage(&stage, &id, now);
        }
        self.update_time = now;
        Ok(())
    }

    /// Points `stage` at version `id`; moving SYSCURRENT makes the former current SYSPREVIOUS.
    pub(crate) fn move_stage(&mut self, stage: &str, id: &str, now: i64) {
        let former = self.version_at(stage).map(|v| v.id.clone());
        if former.as_deref() == Some(id) {
            return;
        }
        for version in &mut self.versions {
            version.stages.retain(|s| s != stage);
        }
        if let Some(version) = self.versions.iter_mut().find(|v| v.id == id) {
            version.stages.push(stage.to_owned());
        }
        self.touch_stage(stage, now);
        if stage == SYSCURRENT
            && let Some(former) = former
        {
            self.move_stage(SYSPREVIOUS, &former, now);
        }
    }

    /// Removes `stage` from whichever version carries it.
    pub(crate) fn remove_stage(&mut self, stage: &str) {
        for version in &mut self.versions {
            version.stages.retain(|s| s != stage);
        }
        self.stage_times.retain(|(s, _)| s != stage);
    }

    fn touch_stage(&mut self, stage: &str, now: i64) {
        self.stage_times.retain(|(s, _)| s != stage);
        self.stage_times.push((stage.to_owned(), now));
    }

    /// When `stage` last moved.
    pub(crate) fn stage_time(&self, stage: &str) -> i64 {
        self.stage_times.iter().find(|(s, _)| s == stage).map_or(self.create_time, |(_, t)| *t)
    }

    /// Recomputes the next rotation time.
    pub(crate) fn reschedule(&mut self, from: i64) {
        self.next_rotation_time = match (&self.auto_rotation, &self.rotation_period) {
            (true, Some(period)) => period_seconds(period).ok().map(|s| from.saturating_add(s * 1_000)),
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> HwSecret {
        HwSecret {
            id: "id".into(),
            name: "db".into(),
            state: SecretState::Enabled,
            scheduled_delete_time: None,
            kms_key_id: "k".into(),
            description: String::new(),
            create_time: 0,
            update_time: 0,
            secret_type: "COMMON".into(),
            auto_rotation: false,
            rotation_period: None,
            rotation_config: None,
            rotation_time: None,
            next_rotation_time: None,
            event_subscriptions: vec![],
            enterprise_project_id: None,
            rotation_func_urn: None,
            versions: vec![],
            stage_times: vec![],
            version_counter: 0,
        }
    }

    #[test]
    fn syscurrent_moves_and_previous_follows() {
        let mut s = secret();
        let v1 = s.add_version(Payload::Text("a".into()), vec![SYSCURRENT.into()], None, 1).unwrap();
        assert_eq!(v1, "v1");
        assert_eq!(s.version_at(SYSPREVIOUS), None);
        let v2 = s.add_version(Payload::Text("b".into()), vec![SYSCURRENT.into()], None, 2).unwrap();
        assert_eq!(s.version_at(SYSCURRENT).unwrap().id, v2);
        assert_eq!(s.version_at(SYSPREVIOUS).unwrap().id, v1);
        assert_eq!(s.version("latest").unwrap().id, "v2");
        assert_eq!(s.stage_time(SYSCURRENT), 2);
        let v3 = s.add_version(Payload::Text("c".into()), vec!["custom".into()], None, 3).unwrap();
        assert_eq!(s.version_at(SYSCURRENT).unwrap().id, "v2");
        assert_eq!(s.version_at("custom").unwrap().id, v3);
    }

    #[test]
    fn versions_are_capped() {
        let mut s = secret();
        for i in 0..25 {
            s.add_version(Payload::Text(i.to_string()), vec![SYSCURRENT.into()], None, i).unwrap();
        }
        assert_eq!(s.versions.len(), MAX_VERSIONS);
        assert_eq!(s.version_at(SYSCURRENT).unwrap().id, "v25");
        assert_eq!(s.version_at(SYSPREVIOUS).unwrap().id, "v24");
    }

    #[test]
    fn periods_and_names() {
        assert_eq!(period_seconds("30d"), Ok(30 * 86_400));
        assert_eq!(period_seconds("6h"), Ok(6 * 3_600));
        assert_eq!(period_seconds("365d"), Ok(8_760 * 3_600));
        assert_eq!(period_seconds("360m"), Ok(6 * 3_600));
        assert_eq!(period_seconds("86400s"), Ok(86_400));
        for bad in ["5h", "366d", "d", "10", "1.5d", "", "10m", "21599s", "8761h", "1w"] {
            assert!(period_seconds(bad).is_err(), "{bad}");
        }
        assert!(valid_name("db-password_1"));
        assert!(!valid_name("db password"));
        assert!(!valid_name(&"a".repeat(65)));
        let mut s = secret();
        assert!(!s.rotatable());
        s.rotation_func_urn = Some("urn".into());
        assert!(s.rotatable());
    }
}
