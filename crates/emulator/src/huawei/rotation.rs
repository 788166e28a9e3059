//! Rotation: Rotate Secret starts a task that stays `RUNNING` for the configured delay, then
//! settles as `SUCCESS` (the new version becomes SYSCURRENT) or `FAILED` (nothing changes);
//! List Secret Task reports the tasks. Secrets pending deletion whose time has come are
//! deleted here too: [`settle`] runs before every operation of the group.

use serde_json::{Value, json};

use super::answers::{page, paging};
use super::route::Query;
use super::secrets::Outcome;
use super::state::{HwError, Payload, SYSCURRENT};
use super::store::HuaweiStore;
use super::tasks::{HwTask, PendingRotation, TASK_FAILED, TASK_SUCCESS, TaskFilter};
use crate::random::{self, RandomOptions};

/// RotateSecret: announces the new version id and starts the task.
pub(crate) fn rotate(store: &mut HuaweiStore, name: &str) -> Outcome {
    let now = store.now();
    let value = random::random_secret(
        &mut store.rng,
        &RandomOptions { length: 32, include_space: false, ..RandomOptions::default() },
    )
    .map_err(HwError::invalid)?;
    let task_id = random::uuid(&mut store.rng);
    let delay = i64::try_from(store.rotation.delay_ms).unwrap_or(i64::MAX);
    let secret = store.secret(name)?;
    secret.usable()?;
    if !secret.rotatable() {
        return Err(HwError::invalid(format!(
            "secret {name} of type {} has no rotation function; rotate it with CreateSecretVersion",
            secret.secret_type
        )));
    }
    secret.check_room(&[SYSCURRENT.to_owned()])?;
    let version_id = secret.reserve_version_id();
    let answer = json!({"version_id": version_id, "secret_name": secret.name, "rotation_task_id": task_id});
    let (secret_name, urn) = (secret.name.clone(), secret.rotation_func_urn.clone());
    let failure = store.rotation.failures.pop_front();
    let pending = PendingRotation {
        settles_at: now.saturating_add(delay),
        version_id,
        payload: Payload::Text(value),
        failure,
    };
    store.tasks.push(HwTask::started(task_id, &secret_name, urn.as_deref(), now, pending));
    settle(store);
    Ok(answer)
}

/// Settles the tasks whose time has come and deletes the secrets whose scheduled deletion is
/// due.
pub(crate) fn settle(store: &mut HuaweiStore) {
    let now = store.now();
    store.secrets.retain(|s| s.scheduled_delete_time.is_none_or(|t| t > now));
    let mut events = Vec::new();
    let HuaweiStore { tasks, secrets, .. } = store;
    for task in tasks.iter_mut() {
        let Some(pending) = task.pending.take_if(|p| p.settles_at <= now) else {
            continue;
        };
        let outcome = match pending.failure {
            Some(failure) => Err(failure),
            None => match secrets.iter_mut().find(|s| s.name == task.secret_name) {
                None => {
                    Err(("CSMS.0005".to_owned(), format!("secret {} no longer exists", task.secret_name)))
                }
                Some(secret) => secret
                    .usable()
                    .and_then(|()| {
                        secret.insert_version(
                            pending.version_id,
                            pending.payload,
                            vec![SYSCURRENT.to_owned()],
                            None,
                            pending.settles_at,
                        )
                    })
                    .map(|()| {
                        secret.rotation_time = Some(pending.settles_at);
                        secret.reschedule(pending.settles_at);
                    })
                    .map_err(|e| (e.code.to_owned(), e.message)),
            },
        };
        match outcome {
            Ok(()) => {
                task.status = TASK_SUCCESS;
                events.push((task.secret_name.clone(), super::events::SECRET_ROTATED));
            }
            Err((code, message)) => {
                task.status = TASK_FAILED;
                task.error_code = Some(code);
                task.error_msg = Some(message);
                events.push((task.secret_name.clone(), super::events::SECRET_ROTATED_FAILED));
            }
        }
    }
    for (secret_name, event) in events {
        super::events::record_event(store, &secret_name, event);
    }
}

/// ListSecretTask: `{total, tasks, next_marker}`, oldest first, paged by task id.
pub(crate) fn list_tasks(store: &HuaweiStore, query: &Query<'_>) -> Outcome {
    let filter = TaskFilter::new(query.get("secret_name"), query.get("status"), query.get("task_id"))?;
    let (limit, marker) = paging(query)?;
    if filter.task_id.is_some() && marker.is_some() {
        return Err(HwError::invalid("task_id cannot be combined with marker"));
    }
    let matching: Vec<&HwTask> = store.tasks.iter().filter(|t| filter.matches(t)).collect();
    let ids: Vec<&str> = matching.iter().map(|t| t.task_id.as_str()).collect();
    let (start, end, next) = page(&ids, limit, marker.as_deref())?;
    let list: Vec<Value> = matching[start..end].iter().map(|t| t.to_json()).collect();
    Ok(json!({"total": matching.len(), "tasks": list, "next_marker": next}))
}
