//! The rotation schedule, run lazily: before each request is handled, every secret whose
//! `nextRotationDate` has come gets the job its linked trigger would have started.

use super::state::{LogEntry, Secret};
use crate::random;

/// The log action of a job started by the schedule (found by the keyword `rotation job` along
/// with Execute Rotation Job).
pub(crate) const SCHEDULED_ROTATION_ACTION: &str = "Auto Rotation Job";

/// Starts a rotation job, with a new token and a log entry, on every secret due at `now`
/// (see [`Secret::rotation_due`]). Returns how many jobs were started.
pub(crate) fn fire_due_rotations(secrets: &mut [Secret], rng: &mut fastrand::Rng, now: i64) -> usize {
    let mut fired = 0;
    for secret in secrets.iter_mut().filter(|s| s.rotation_due(now)) {
        let token = random::hex(rng, 40);
        if secret.run_scheduled_rotation(token.clone(), now).is_ok() {
            secret.logs.push(LogEntry {
                log_id: random::hex(rng, 32),
                action: SCHEDULED_ROTATION_ACTION,
                job_token: Some(token),
                success: true,
                create_date: now,
            });
            fired += 1;
        }
    }
    fired
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::DAY_MS;

    fn secret(name: &str, auto: bool) -> Secret {
        let mut s = Secret::new(name.into(), name.into(), r#"{"k":"a"}"#.into(), vec!["k".into()], 0);
        s.trigger_id = Some("t".into());
        s.auto_rotation = auto;
        s.period_days = Some(30);
        s.reschedule(0);
        s
    }

    #[test]
    fn fires_each_due_secret_once_with_a_logged_token() {
        let mut secrets = vec![secret("due", true), secret("manual", false), secret("off", true)];
        secrets[2].disable(1).unwrap();
        let mut rng = fastrand::Rng::with_seed(1);
        assert_eq!(fire_due_rotations(&mut secrets, &mut rng, 30 * DAY_MS - 1), 0);
        assert_eq!(fire_due_rotations(&mut secrets, &mut rng, 31 * DAY_MS), 1);
        assert_eq!(fire_due_rotations(&mut secrets, &mut rng, 31 * DAY_MS), 0, "no second job");
        let entry = secrets[0].logs.last().expect("a log entry");
        assert_eq!(
            (entry.action, entry.success, entry.create_date),
            (SCHEDULED_ROTATION_ACTION, true, 31 * DAY_MS)
        );
        let token = entry.job_token.clone().expect("a job token");
        assert_eq!(token.len(), 40);
        assert_eq!(secrets[0].check_job(&token), Ok(()));
        assert!(secrets[1].logs.is_empty() && secrets[1].job.is_none());
        assert!(secrets[2].logs.is_empty() && secrets[2].job.is_none());
    }
}
