//! The NCP rotation schedule over real HTTP: when a secret's `nextRotationDate` comes, the next
//! request finds the job its linked trigger started, exactly like Execute Rotation Job's.

mod common;

use common::{Answer, Harness};
use secretmanager_core::ncp;
use secretmanager_emulator::TRIGGER_ID;
use serde_json::Value;

const VALUE: &str = r#"{"user":"admin","password":"initial-pw"}"#;
const DAY_MS: i64 = 86_400_000;

fn create(h: &Harness, op: &ncp::CreateSecret) -> String {
    let answer = h.call(op);
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["data"]["secretId"].as_str().expect("secretId").to_owned()
}

fn detail(h: &Harness, id: &str) -> Value {
    let answer = h.call(&ncp::GetSecretDetail::new(id));
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["data"].clone()
}

fn logs(h: &Harness, id: &str, keyword: &str) -> Answer {
    let answer = h.call(&ncp::GetSecretLogs::new(id).keyword(keyword));
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer
}

#[test]
fn the_schedule_starts_one_job_when_the_rotation_date_comes() {
    let h = Harness::new();
    let auto =
        create(&h, &ncp::CreateSecret::new("sched-on", VALUE, ["password"]).auto_rotation(30, TRIGGER_ID));
    let manual = create(&h, &ncp::CreateSecret::new("sched-off", VALUE, ["password"]));
    let disabled = create(
        &h,
        &ncp::CreateSecret::new("sched-disabled", VALUE, ["password"]).auto_rotation(30, TRIGGER_ID),
    );
    assert_eq!(h.call(&ncp::DisableSecret::new(&disabled)).status, 200);

    let due = detail(&h, &auto)["nextRotationDate"].as_i64().expect("nextRotationDate");
    let disabled_due = detail(&h, &disabled)["nextRotationDate"].as_i64().expect("nextRotationDate");
    assert_eq!(logs(&h, &auto, "rotation job").body["data"]["totalCount"], 0, "nothing is due yet");

    h.emulator.set_clock_offset_ms(31 * DAY_MS);
    // Any request (signed at the emulator's clock) lets the schedule run before the answer.
    assert_eq!(h.call(&ncp::GetSecretList::new()).status, 200);
    assert_eq!(h.call(&ncp::GetTriggerList::new()).status, 200);

    let scheduled = logs(&h, &auto, "rotation job").body;
    assert_eq!(scheduled["data"]["totalCount"], 1, "one job however many requests: {scheduled:?}");
    let entry = &scheduled["data"]["result"][0];
    assert_eq!(entry["action"], "Auto Rotation Job");
    assert_eq!(entry["result"], "SUCCESS");
    assert_eq!(entry["secretId"], auto.as_str());
    let token = entry["jobToken"].as_str().expect("a job token").to_owned();
    assert_eq!(token.len(), 40);
    assert_eq!(logs(&h, &auto, &token).body["data"]["totalCount"], 1, "findable by its token");

    let after = detail(&h, &auto);
    assert_eq!(after["rotationPhase"], "ROTATING");
    assert_eq!(after["secretStatus"], "ENABLE");
    assert_eq!(after["nextRotationDate"].as_i64(), Some(due + 30 * DAY_MS), "the next date moved on");
    assert!(after["trigger"]["recentlyExecutedAction"].is_string(), "{after:?}");
    assert_eq!(
        h.call(&ncp::ExecuteRotationJob::new(&auto)).status,
        422,
        "the scheduled job is running, as after Execute Rotation Job"
    );

    // The job is a real one: its token runs the whole rotation.
    let start = h.call(&ncp::StartRotationJob::new(&auto, &token));
    assert_eq!(start.status, 200, "{:?}", start.body);
    assert_eq!(start.body["data"]["decryptedSecretChain"]["active"], VALUE);
    assert_eq!(h.call(&ncp::AddPendingStage::new(&auto, &token)).status, 200);
    assert_eq!(h.call(&ncp::CompleteRotationJob::new(&auto, &token)).status, 200);
    let done = detail(&h, &auto);
    assert_eq!(done["rotationPhase"], "NONE");
    let last = done["lastRotationDate"].as_i64().expect("lastRotationDate");
    assert_eq!(done["nextRotationDate"].as_i64(), Some(last + 30 * DAY_MS));
    assert_eq!(logs(&h, &auto, "Auto Rotation Job").body["data"]["totalCount"], 1, "never fired twice");

    // Auto rotation off, or a DISABLE secret: nothing fires.
    for id in [&manual, &disabled] {
        assert_eq!(logs(&h, id, "rotation job").body["data"]["totalCount"], 0, "{id}");
        assert_eq!(detail(&h, id)["rotationPhase"], "NONE");
    }
    assert_eq!(detail(&h, &disabled)["nextRotationDate"].as_i64(), Some(disabled_due));
}

#[test]
fn missed_periods_give_one_job_and_the_next_date_stays_on_the_schedule() {
    let h = Harness::new();
    let id =
        create(&h, &ncp::CreateSecret::new("sched-late", VALUE, ["password"]).auto_rotation(30, TRIGGER_ID));
    let due = detail(&h, &id)["nextRotationDate"].as_i64().expect("nextRotationDate");

    h.emulator.set_clock_offset_ms(100 * DAY_MS);
    let scheduled = logs(&h, &id, "Auto Rotation Job").body;
    assert_eq!(scheduled["data"]["totalCount"], 1, "{scheduled:?}");
    let token = scheduled["data"]["result"][0]["jobToken"].as_str().expect("a job token").to_owned();
    // Three periods were missed (days 30, 60, 90): one job, next date day 120.
    assert_eq!(detail(&h, &id)["nextRotationDate"].as_i64(), Some(due + 3 * 30 * DAY_MS));

    // A failed scheduled job leaves the schedule alone; nothing fires again before day 120.
    assert_eq!(h.call(&ncp::FailRotationJob::new(&id, &token)).status, 200);
    assert_eq!(detail(&h, &id)["rotationPhase"], "ROTATION_FAILED");
    assert_eq!(logs(&h, &id, "Auto Rotation Job").body["data"]["totalCount"], 1);

    h.emulator.set_clock_offset_ms(121 * DAY_MS);
    assert_eq!(logs(&h, &id, "Auto Rotation Job").body["data"]["totalCount"], 2, "the next date came");
    assert_eq!(detail(&h, &id)["rotationPhase"], "ROTATING");
}
