//! The 32 NCP operations over the store of secrets.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::catalog;
use super::route::{Op, Route, Stage};
use super::rules::{check_memo, check_name, check_period, check_targets, check_value};
use super::schedule;
use super::state::{LogEntry, NcpError, Protection, Secret, Status};
use crate::clock::DAY_MS;
use crate::config::{DELETION_WAIT_DAYS, KMS_KEY_NAME, KMS_KEY_TAG, SECRET_LIST_PAGE_SIZE};
use crate::exchange::{Incoming, object_without_nulls};
use crate::json_body::JsonBody;
use crate::random::{self, RandomOptions};

/// Every NCP secret, in creation order.
#[derive(Debug)]
pub(crate) struct NcpStore {
    secrets: Vec<Secret>,
    rng: fastrand::Rng,
    /// Draws the answers' trace ids, apart from `rng` so that they leave its values unchanged.
    trace_rng: fastrand::Rng,
}

/// What a handler adds to the secret's log besides the action.
#[derive(Debug, Default)]
struct LogNote {
    secret_id: Option<String>,
    job_token: Option<String>,
}

type Outcome = Result<Value, NcpError>;

impl NcpStore {
    /// An empty store drawing random values from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            secrets: Vec::new(),
            rng: fastrand::Rng::with_seed(seed),
            trace_rng: fastrand::Rng::with_seed(seed ^ 0x4e43_5054),
        }
    }

    /// A fresh trace id for an answer's `x-ncp-trace-id`.
    pub(crate) fn trace_id(&mut self) -> String {
        random::hex(&mut self.trace_rng, 32)
    }

    /// Runs `route` and returns the `data` of the success answer, or the error. Every operation
    /// on an existing secret is added to that secret's log. The rotation schedule runs first, so
    /// the answer sees every job that came due by `now`.
    pub(crate) fn handle(&mut self, route: &Route, rq: &Incoming, now: i64) -> Outcome {
        schedule::fire_due_rotations(&mut self.secrets, &mut self.rng, now);
        let mut note = LogNote { secret_id: route.secret_id.clone(), job_token: route.job_token.clone() };
        let outcome = self.dispatch(route, rq, now, &mut note);
        if let Some(id) = note.secret_id {
            let log_id = random::hex(&mut self.rng, 32);
            if let Some(secret) = self.secrets.iter_mut().find(|s| s.id == id) {
                secret.logs.push(LogEntry {
                    log_id,
                    action: route.op.title(),
                    job_token: note.job_token,
                    success: outcome.is_ok(),
                    create_date: now,
                });
            }
        }
        outcome
    }

    fn find(&mut self, id: Option<&String>) -> Result<&mut Secret, NcpError> {
        find_in(&mut self.secrets, id)
    }

    fn dispatch(&mut self, route: &Route, rq: &Incoming, now: i64, note: &mut LogNote) -> Outcome {
        let id = route.secret_id.as_ref();
        let token = route.job_token.as_deref().unwrap_or("");
        match route.op {
            Op::GetSecretList => self.list(rq),
            Op::GetProtectionKeyList => Ok(json!({ "keyList": catalog::key_list() })),
            Op::GetTriggerList => Ok(self.triggers()),
            Op::CreateSecret => self.create(rq, now, note),
            Op::GetSecretDetail => Ok(detail(self.find(id)?)),
            Op::GetSecretValue => {
                let s = self.find(id)?;
                s.require_usable("Get Secret Value")?;
                Ok(value_chain(s))
            }
            Op::GetSecretStageValue => {
                let stage = route.stage.unwrap_or(Stage::Active);
                let s = self.find(id)?;
                s.require_usable("Get Secret Stage Value")?;
                let value = s
                    .stage(stage)
                    .ok_or_else(|| NcpError::NotFound(format!("no value at stage {}", stage.upper())))?;
                Ok(json!({"decryptedSecretValue": {"value": value, "valueStage": stage.upper()}}))
            }
            Op::GetSecretLogs => logs(self.find(id)?, rq),
            Op::UpdateSecretValue => update_value(self.find(id)?, rq, now),
            Op::UpdateSecretStageValue => {
                let stage = route.stage.unwrap_or(Stage::Active);
                let body = parse(rq)?;
                let value = body.required_string("value").map_err(NcpError::Invalid)?;
                check_value("value", value).map_err(NcpError::Invalid)?;
                let s = self.find(id)?;
                s.require_usable("Update Secret Stage Value")?;
                s.set_stage(stage, Some(value.to_owned()));
                s.update_date = now;
                Ok(json!({"encryptedSecretValue": {"value": opaque(value), "valueStage": stage.upper()}}))
            }
            Op::UpdateSecretMemo => {
                let body = parse(rq)?;
                let memo = body.required_string("memo").map_err(NcpError::Invalid)?;
                check_memo(memo).map_err(NcpError::Invalid)?;
                let s = self.find(id)?;
                s.require_not_destroyed("Update Secret Memo")?;
                s.memo = memo.to_owned();
                s.update_date = now;
                Ok(json!({"secretId": s.id, "memo": s.memo, "updateDate": now}))
            }
            Op::UpdateProtectionKey => {
                let body = parse(rq)?;
                let protection = protection_from(&body)?;
                let s = self.find(id)?;
                s.require_usable("Update Protection Key")?;
                s.protection = protection;
                s.update_date = now;
                Ok(json!({"secretId": s.id, "protectionKey": protection_json(&s.protection)}))
            }
            Op::EnableSecret => status_change(self.find(id)?, |s| s.enable(now)),
            Op::DisableSecret => status_change(self.find(id)?, |s| s.disable(now)),
            Op::RequestSecretDeletion => {
                let s = self.find(id)?;
                s.request_deletion(now, now.saturating_add(DELETION_WAIT_DAYS * DAY_MS))?;
                Ok(json!({
                    "secretId": s.id,
                    "secretStatus": s.status.as_str(),
                    "updateDate": s.update_date,
                    "expectedDestroyDate": s.expected_destroy_date,
                }))
            }
            Op::CancelSecretDeletion => status_change(self.find(id)?, |s| s.cancel_deletion(now)),
            Op::DeleteSecret => {
                self.find(id)?.destroy(now)?;
                Ok(Value::Null)
            }
            Op::EnableAutoRotation => {
                let body = parse(rq)?;
                let period = body.int("rotationPeriod").map_err(NcpError::Invalid)?;
                let period = period
                    .map(|p| check_period("rotationPeriod", p))
                    .transpose()
                    .map_err(NcpError::Invalid)?;
                let trigger = body.string("triggerId").map_err(NcpError::Invalid)?.map(str::to_owned);
                if let Some(trigger) = &trigger {
                    check_trigger(trigger)?;
                }
                let s = self.find(id)?;
                s.require_usable("Enable Auto Rotation")?;
                let trigger = trigger.or_else(|| s.trigger_id.clone()).ok_or_else(|| {
                    NcpError::Invalid("triggerId is required when no trigger is linked".to_owned())
                })?;
                s.trigger_id = Some(trigger);
                s.auto_rotation = true;
                s.period_days = Some(period.or(s.period_days).unwrap_or(90));
                s.reschedule(now);
                s.update_date = now;
                Ok(json!({
                    "secretId": s.id,
                    "autoRotationYN": "Y",
                    "autoRotationPeriod": s.period_days,
                    "nextRotationDate": s.next_rotation_date,
                    "trigger": trigger_json(s),
                }))
            }
            Op::DisableAutoRotation => {
                let s = self.find(id)?;
                s.require_usable("Disable Auto Rotation")?;
                s.auto_rotation = false;
                s.reschedule(now);
                s.update_date = now;
                Ok(json!({"secretId": s.id, "autoRotationYN": "N"}))
            }
            Op::UpdateRotationPeriod => {
                let body = parse(rq)?;
                let period = body
                    .int("rotationPeriod")
                    .map_err(NcpError::Invalid)?
                    .ok_or_else(|| NcpError::Invalid("rotationPeriod is required".to_owned()))?;
                let period = check_period("rotationPeriod", period).map_err(NcpError::Invalid)?;
                let s = self.find(id)?;
                s.require_usable("Update Rotation Period")?;
                if !s.auto_rotation {
                    return Err(NcpError::Status("auto rotation is not enabled".to_owned()));
                }
                s.period_days = Some(period);
                s.reschedule(now);
                s.update_date = now;
                Ok(json!({
                    "secretId": s.id,
                    "autoRotationYN": "Y",
                    "autoRotationPeriod": period,
                    "nextRotationDate": s.next_rotation_date,
                }))
            }
            Op::UpdateRotationTrigger => {
                let body = parse(rq)?;
                let trigger = body.required_string("triggerId").map_err(NcpError::Invalid)?.to_owned();
                check_trigger(&trigger)?;
                let s = self.find(id)?;
                s.require_usable("Update Rotation Trigger")?;
                if s.status == Status::Disable {
                    return Err(NcpError::Status(
                        "a DISABLE secret cannot be linked to a trigger".to_owned(),
                    ));
                }
                s.trigger_id = Some(trigger);
                s.update_date = now;
                Ok(json!({"secretId": s.id, "trigger": trigger_json(s)}))
            }
            Op::DeleteRotationTrigger => {
                let s = self.find(id)?;
                s.require_usable("Delete Rotation Trigger")?;
                if s.auto_rotation {
                    return Err(NcpError::Status(
                        "a secret set to rotate automatically cannot have its trigger changed".to_owned(),
                    ));
                }
                if s.trigger_id.take().is_none() {
                    return Err(NcpError::Status("no trigger is linked".to_owned()));
                }
                s.update_date = now;
                Ok(Value::Null)
            }
            Op::ExecuteRotationJob | Op::RetryRotationJob => {
                let new_token = random::hex(&mut self.rng, 40);
                self.find(id)?.execute_job(new_token.clone(), route.op == Op::RetryRotationJob, now)?;
                note.job_token = Some(new_token);
                Ok(Value::Null)
            }
            Op::CancelRotationJob => {
                let s = self.find(id)?;
                note.job_token = s.job.as_ref().map(|job| job.token.clone());
                s.cancel_job(now)?;
                Ok(Value::Null)
            }
            Op::RollbackRotationJob => {
                self.find(id)?.rollback(now)?;
                Ok(Value::Null)
            }
            Op::StartRotationJob => {
                let s = self.find(id)?;
                s.start_job(token, now)?;
                Ok(value_chain(s))
            }
            Op::AddPendingStage => {
                let s = find_in(&mut self.secrets, id)?;
                s.check_started(token, "Add Pending Stage")?;
                let mut value = parse_stored(s.active.as_deref());
                let options = RandomOptions { include_space: false, ..RandomOptions::default() };
                for target in &s.rotation_targets {
                    let fresh = random::random_secret(&mut self.rng, &options).map_err(NcpError::Invalid)?;
                    value.insert(target.clone(), Value::String(fresh));
                }
                let text = Value::Object(value).to_string();
                s.pending = Some(text.clone());
                s.update_date = now;
                Ok(json!({ "pending": text }))
            }
            Op::UpdatePendingStage => {
                let body = parse(rq)?;
                let value = body.required_string("value").map_err(NcpError::Invalid)?;
                check_value("value", value).map_err(NcpError::Invalid)?;
                let s = self.find(id)?;
                s.check_started(token, "Update Pending Stage")?;
                s.pending = Some(value.to_owned());
                s.update_date = now;
                Ok(json!({ "secretId": s.id }))
            }
            Op::GenerateRandomSecret => {
                let body = parse(rq)?;
                let options = random_options(&body)?;
                self.find(id)?.check_job(token)?;
                let text = random::random_secret(&mut self.rng, &options).map_err(NcpError::Invalid)?;
                Ok(json!({ "randomString": text }))
            }
            Op::CompleteRotationJob => {
                let result_id = random::hex(&mut self.rng, 16);
                self.find(id)?.complete_job(token, now, result_id)?;
                Ok(Value::Null)
            }
            Op::FailRotationJob => {
                self.find(id)?.fail_job(token, now)?;
                Ok(Value::Null)
            }
        }
    }

    fn list(&self, rq: &Incoming) -> Outcome {
        let page_no = page_param(rq, "pageNo", 1)?.max(1);
        let total = self.secrets.len();
        let pages = total.div_ceil(SECRET_LIST_PAGE_SIZE).max(1);
        let list: Vec<Value> = self
            .secrets
            .iter()
            .skip((page_no - 1).saturating_mul(SECRET_LIST_PAGE_SIZE))
            .take(SECRET_LIST_PAGE_SIZE)
            .map(|s| {
                json!({
                    "secretId": s.id,
                    "secretName": s.name,
                    "secretStatus": s.status.as_str(),
                    "secretType": "BASIC",
                    "region": "KR",
                    "registerDate": s.register_date,
                })
            })
            .collect();
        Ok(json!({"totalPageNo": pages, "currentPageNo": page_no, "totalCount": total, "secretList": list}))
    }

    fn triggers(&self) -> Value {
        let list: Vec<Value> = catalog::TRIGGERS
            .iter()
            .map(|(id, name)| {
                let linked = self
                    .secrets
                    .iter()
                    .filter(|s| s.trigger_id.as_deref() == Some(*id) && s.status != Status::Destroyed)
                    .map(|s| s.id.clone())
                    .collect();
                catalog::trigger_entry(id, name, linked)
            })
            .collect();
        json!({ "triggerList": list })
    }

    fn create(&mut self, rq: &Incoming, now: i64, note: &mut LogNote) -> Outcome {
        let invalid = NcpError::Invalid;
        let body = parse(rq)?;
        let name = body.required_string("secretName").map_err(invalid)?;
        check_name(name).map_err(invalid)?;
        let memo = body.string("memo").map_err(invalid)?.unwrap_or("");
        check_memo(memo).map_err(invalid)?;
        let secret_value = body
            .object("secretValue")
            .map_err(invalid)?
            .ok_or_else(|| invalid("secretValue is required".to_owned()))?;
        let value = secret_value.required_string("value").map_err(|e| invalid(format!("secretValue.{e}")))?;
        let parsed = check_value("secretValue.value", value).map_err(invalid)?;
        let targets = secret_value
            .strings("rotationTargets")
            .map_err(|e| invalid(format!("secretValue.{e}")))?
            .ok_or_else(|| invalid("secretValue.rotationTargets is required".to_owned()))?;
        check_targets(&targets, &parsed).map_err(invalid)?;
        match body.required_string("secretType").map_err(invalid)? {
            "BASIC" => {}
            _ => return Err(invalid("secretType must be BASIC".to_owned())),
        }
        let auto = match body.required_string("autoRotationYN").map_err(invalid)? {
            "Y" => true,
            "N" => false,
            _ => return Err(invalid("autoRotationYN must be Y or N".to_owned())),
        };
        let period = body.int("autoRotationPeriod").map_err(invalid)?;
        let period = period.map(|p| check_period("autoRotationPeriod", p)).transpose().map_err(invalid)?;
        let trigger = body.string("triggerId").map_err(invalid)?;
        if auto && period.is_none() {
            return Err(invalid("autoRotationPeriod is required when autoRotationYN is Y".to_owned()));
        }
        if auto && trigger.is_none() {
            return Err(invalid("triggerId is required when autoRotationYN is Y".to_owned()));
        }
        if let Some(trigger) = trigger {
            check_trigger(trigger)?;
        }
        let protection = protection_from(&body)?;
        if self.secrets.iter().any(|s| s.name == name && s.status != Status::Destroyed) {
            return Err(invalid(format!("a secret named {name} already exists")));
        }
        let id = random::hex(&mut self.rng, 64);
        let mut secret = Secret::new(id.clone(), name.to_owned(), value.to_owned(), targets, now);
        secret.memo = memo.to_owned();
        secret.auto_rotation = auto;
        secret.period_days = period.or(auto.then_some(90));
        secret.trigger_id = trigger.map(str::to_owned);
        secret.protection = protection;
        secret.reschedule(now);
        let answer = detail(&secret);
        self.secrets.push(secret);
        note.secret_id = Some(id);
        Ok(answer)
    }
}

fn find_in<'a>(secrets: &'a mut [Secret], id: Option<&String>) -> Result<&'a mut Secret, NcpError> {
    let id = id.ok_or_else(|| NcpError::NotFound("secret not found".to_owned()))?;
    secrets
        .iter_mut()
        .find(|s| &s.id == id)
        .ok_or_else(|| NcpError::NotFound(format!("secret {id} not found")))
}

fn parse(rq: &Incoming) -> Result<JsonBody, NcpError> {
    JsonBody::parse(&rq.body).map_err(NcpError::Invalid)
}

fn check_trigger(id: &str) -> Result<(), NcpError> {
    catalog::trigger_name(id)
        .map(|_| ())
        .ok_or_else(|| NcpError::Invalid(format!("trigger {id} does not exist")))
}

/// A positive integer query parameter (`default` when absent; 0 allowed for `pageNo`).
fn page_param(rq: &Incoming, name: &str, default: usize) -> Result<usize, NcpError> {
    match rq.query_param(name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse::<usize>()
            .map_err(|_| NcpError::Invalid(format!("{name} must be a non-negative integer"))),
    }
}

fn protection_from(body: &JsonBody) -> Result<Protection, NcpError> {
    let invalid = NcpError::Invalid;
    let kind = body.required_string("protectionKeyType").map_err(invalid)?;
    let tag = body.string("kmsKeyTag").map_err(invalid)?;
    match body.string("kmsBoundaryType").map_err(invalid)? {
        None | Some("GLOBAL" | "ISOLATED") => {}
        Some(_) => return Err(invalid("kmsBoundaryType must be GLOBAL or ISOLATED".to_owned())),
    }
    match kind {
        "DEFAULT" => Ok(Protection::Default),
        "USER_MANAGED_KEY" => {
            let tag = tag.ok_or_else(|| invalid("kmsKeyTag is required with USER_MANAGED_KEY".to_owned()))?;
            if tag != KMS_KEY_TAG {
                return Err(invalid(format!("KMS key {tag} does not exist")));
            }
            Ok(Protection::UserManaged { tag: tag.to_owned() })
        }
        _ => Err(invalid("protectionKeyType must be DEFAULT or USER_MANAGED_KEY".to_owned())),
    }
}

fn protection_json(protection: &Protection) -> Value {
    match protection {
        Protection::Default => json!({"type": "DEFAULT"}),
        Protection::UserManaged { tag } => {
            json!({"type": "USER_MANAGED_KEY", "kmsKeyTag": tag, "kmsKeyName": KMS_KEY_NAME})
        }
    }
}

fn trigger_json(s: &Secret) -> Value {
    let Some(id) = &s.trigger_id else { return Value::Null };
    let name = catalog::trigger_name(id).unwrap_or_default();
    let mut trigger = json!({"id": id, "name": name, "url": catalog::trigger_url(name)});
    if let Some(action) = &s.recently_executed_action {
        trigger["recentlyExecutedAction"] = Value::String(action.clone());
    }
    trigger
}

/// Get Secret Detail (and Create Secret's answer).
fn detail(s: &Secret) -> Value {
    object_without_nulls([
        ("secretId", json!(s.id)),
        ("secretName", json!(s.name)),
        ("secretStatus", json!(s.status.as_str())),
        ("secretType", json!("BASIC")),
        ("memo", json!(s.memo)),
        ("region", json!("KR")),
        ("expectedDestroyDate", json!(s.expected_destroy_date)),
        ("updateDate", json!(s.update_date)),
        ("registerDate", json!(s.register_date)),
        ("autoRotationYN", json!(if s.auto_rotation { "Y" } else { "N" })),
        ("autoRotationPeriod", if s.auto_rotation { json!(s.period_days) } else { Value::Null }),
        ("nextRotationDate", json!(s.next_rotation_date)),
        ("rotationPhase", json!(s.phase.as_str())),
        ("lastRotationDate", json!(s.last_rotation_date)),
        ("lastRotationResultId", json!(s.last_rotation_result_id)),
        ("trigger", trigger_json(s)),
        ("protectionKey", protection_json(&s.protection)),
    ])
}

/// `{decryptedSecretChain, rotationTargets}`, leaving out empty stages.
fn value_chain(s: &Secret) -> Value {
    json!({"decryptedSecretChain": chain_json(s, str::to_owned), "rotationTargets": s.rotation_targets})
}

/// `{"previous","active","pending"}` of `s`, each stage that holds a value shown by `show`.
fn chain_json(s: &Secret, show: impl Fn(&str) -> String) -> Value {
    let stage = |value: &Option<String>| value.as_deref().map_or(Value::Null, |v| Value::String(show(v)));
    object_without_nulls([
        ("previous", stage(&s.previous)),
        ("active", stage(&s.active)),
        ("pending", stage(&s.pending)),
    ])
}

fn status_change(s: &mut Secret, change: impl FnOnce(&mut Secret) -> Result<(), NcpError>) -> Outcome {
    change(s)?;
    Ok(json!({"secretId": s.id, "secretStatus": s.status.as_str(), "updateDate": s.update_date}))
}

/// An opaque stand-in for an encrypted value: it reveals nothing of the value.
fn opaque(value: &str) -> String {
    format!("emulator:v1:{}", STANDARD.encode(Sha256::digest(value.as_bytes())))
}

fn parse_stored(value: Option<&str>) -> Map<String, Value> {
    match value.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(map))) => map,
        _ => Map::new(),
    }
}

fn update_value(s: &mut Secret, rq: &Incoming, now: i64) -> Outcome {
    let body = parse(rq)?;
    let mut changes = Vec::new();
    for (key, stage) in
        [("previous", Stage::Previous), ("active", Stage::Active), ("pending", Stage::Pending)]
    {
        if let Some(text) = body.string(key).map_err(NcpError::Invalid)? {
            if !text.is_empty() {
                check_value(key, text).map_err(NcpError::Invalid)?;
            }
            changes.push((stage, (!text.is_empty()).then(|| text.to_owned())));
        }
    }
    if changes.is_empty() {
        return Err(NcpError::Invalid("give at least one of previous, active, pending".to_owned()));
    }
    s.require_usable("Update Secret Value")?;
    if changes.iter().any(|(stage, value)| *stage == Stage::Active && value.is_none()) {
        return Err(NcpError::Invalid("the ACTIVE value cannot be deleted".to_owned()));
    }
    for (stage, value) in changes {
        s.set_stage(stage, value);
    }
    s.update_date = now;
    Ok(json!({ "encryptedSecretChain": chain_json(s, opaque) }))
}

fn random_options(body: &JsonBody) -> Result<RandomOptions, NcpError> {
    let invalid = NcpError::Invalid;
    let length =
        body.int("length").map_err(invalid)?.ok_or_else(|| invalid("length is required".to_owned()))?;
    let length = usize::try_from(length)
        .ok()
        .filter(|l| random::LENGTH_RANGE.contains(l))
        .ok_or_else(|| invalid("length must be between 5 and 32".to_owned()))?;
    let defaults = RandomOptions::default();
    let flag = |name: &str, default: bool| body.bool(name).map(|b| b.unwrap_or(default)).map_err(invalid);
    Ok(RandomOptions {
        length,
        exclude_characters: body.string("excludeCharacters").map_err(invalid)?.unwrap_or("").to_owned(),
        exclude_numbers: flag("excludeNumbers", defaults.exclude_numbers)?,
        exclude_punctuation: flag("excludePunctuation", defaults.exclude_punctuation)?,
        exclude_uppercase: flag("excludeUppercase", defaults.exclude_uppercase)?,
        exclude_lowercase: flag("excludeLowercase", defaults.exclude_lowercase)?,
        include_space: flag("includeSpace", defaults.include_space)?,
        require_each_included_type: flag("requireEachIncludedType", defaults.require_each_included_type)?,
    })
}

/// Get Secret Logs: filtered by keyword and time, newest first, paged.
fn logs(s: &Secret, rq: &Incoming) -> Outcome {
    let page_no = page_param(rq, "pageNo", 1)?.max(1);
    let page_size = page_param(rq, "pageSize", 100)?;
    if page_size == 0 {
        return Err(NcpError::Invalid("pageSize must be at least 1".to_owned()));
    }
    let bound = |name: &str| -> Result<Option<i64>, NcpError> {
        rq.query_param(name)
            .map(|t| {
                t.trim().parse::<i64>().map_err(|_| NcpError::Invalid(format!("{name} must be an integer")))
            })
            .transpose()
    };
    let (from, to) = (bound("timestampFrom")?, bound("timestampTo")?);
    let keyword = rq.query_param("keyword").map(|k| k.to_lowercase()).filter(|k| !k.is_empty());
    let matching: Vec<&LogEntry> = s
        .logs
        .iter()
        .rev()
        .filter(|e| from.is_none_or(|f| e.create_date >= f) && to.is_none_or(|t| e.create_date <= t))
        .filter(|e| {
            keyword.as_deref().is_none_or(|k| {
                e.action.to_lowercase().contains(k)
                    || e.job_token.as_deref().is_some_and(|t| t.to_lowercase() == k)
            })
        })
        .collect();
    let total = matching.len();
    let result: Vec<Value> = matching
        .into_iter()
        .skip((page_no - 1).saturating_mul(page_size))
        .take(page_size)
        .map(|e| {
            let mut entry = json!({
                "logId": e.log_id,
                "secretId": s.id,
                "action": e.action,
                "result": if e.success { "SUCCESS" } else { "FAIL" },
                "createDate": e.create_date,
            });
            if let Some(token) = &e.job_token {
                entry["jobToken"] = Value::String(token.clone());
            }
            entry
        })
        .collect();
    Ok(json!({
        "pageSize": page_size,
        "currentPage": page_no,
        "totalPage": total.div_ceil(page_size),
        "totalCount": total,
        "paged": total > page_size,
        "result": result,
    }))
}
