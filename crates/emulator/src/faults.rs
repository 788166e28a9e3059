//! Fault injection: the next N requests, or a deterministic share of them, answer with an error
//! status, answer late, or lose their connection.

use std::time::Duration;

/// A fault the emulator can inject into the requests it serves.
///
/// ```
/// use std::time::Duration;
/// use secretmanager_emulator::Fault;
///
/// let faults = [Fault::Status(503), Fault::Delay(Duration::from_millis(50)), Fault::DropConnection];
/// assert_eq!(faults[0], Fault::Status(503));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status and the provider's error body (429: the gateway's quota
    /// error), without touching any state.
    Status(u16),
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Close the connection without answering.
    DropConnection,
    /// Apply the request (change the state as a normal answer would), then close the
    /// connection without answering: the client cannot know its request took effect.
    LoseAnswer,
    /// Apply the request, then answer with this HTTP status and the provider's error body, as
    /// a gateway does when the service behind it answered too late (a 504 after the change).
    StatusAfterApplying(u16),
}

impl Fault {
    /// A short label for the request log, e.g. `status 503`.
    pub fn label(&self) -> String {
        match self {
            Fault::Status(status) => format!("status {status}"),
            Fault::Delay(delay) => format!("delay {}ms", delay.as_millis()),
            Fault::DropConnection => "drop".to_owned(),
            Fault::LoseAnswer => "lose answer".to_owned(),
            Fault::StatusAfterApplying(status) => format!("status {status} after applying"),
        }
    }
}

/// The faults waiting to be applied.
#[derive(Debug)]
pub(crate) struct FaultPlan {
    /// Faults for the next requests: the fault, how many requests remain, and the path suffix
    /// a request must end with to meet it (`None`: any request).
    counted: Vec<(Fault, u32, Option<String>)>,
    ratio: Option<(Fault, u8)>,
    rng: fastrand::Rng,
}

impl FaultPlan {
    /// An empty plan whose ratio draws come from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self { counted: Vec::new(), ratio: None, rng: fastrand::Rng::with_seed(seed) }
    }

    /// Applies `fault` to the next `count` requests (after faults queued before it).
    pub(crate) fn inject(&mut self, fault: Fault, count: u32) {
        self.inject_on(fault, count, None);
    }

    /// Applies `fault` to the next `count` requests whose path ends with `path_suffix` (any
    /// request when `None`); other requests pass it by.
    pub(crate) fn inject_on(&mut self, fault: Fault, count: u32, path_suffix: Option<String>) {
        if count > 0 {
            self.counted.push((fault, count, path_suffix));
        }
    }

    /// Applies `fault` to about `percent` % of the requests (0 clears it; above 100 is 100).
    pub(crate) fn inject_ratio(&mut self, fault: Fault, percent: u8) {
        self.ratio = (percent > 0).then_some((fault, percent.min(100)));
    }

    /// Removes every fault.
    pub(crate) fn clear(&mut self) {
        self.counted.clear();
        self.ratio = None;
    }

    /// The fault for the request to `path` being served, if any.
    pub(crate) fn next_fault(&mut self, path: &str) -> Option<Fault> {
        let matching = self
            .counted
            .iter()
            .position(|(_, _, suffix)| suffix.as_deref().is_none_or(|suffix| path.ends_with(suffix)));
        if let Some(index) = matching {
            let entry = &mut self.counted[index];
            let fault = entry.0;
            entry.1 -= 1;
            if entry.1 == 0 {
                self.counted.remove(index);
            }
            return Some(fault);
        }
        let (fault, percent) = self.ratio?;
        (self.rng.u8(0..100) < percent).then_some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_apply_in_order_then_stop() {
        let mut plan = FaultPlan::new(1);
        plan.inject(Fault::Status(503), 2);
        plan.inject(Fault::DropConnection, 1);
        plan.inject(Fault::Status(500), 0);
        assert_eq!(plan.next_fault("/x"), Some(Fault::Status(503)));
        assert_eq!(plan.next_fault("/x"), Some(Fault::Status(503)));
        assert_eq!(plan.next_fault("/x"), Some(Fault::DropConnection));
        assert_eq!(plan.next_fault("/x"), None);
    }

    #[test]
    fn ratio_is_deterministic_for_a_seed_and_roughly_proportional() {
        let draw = |seed| {
            let mut plan = FaultPlan::new(seed);
            plan.inject_ratio(Fault::Status(429), 30);
            (0..1000).map(|_| plan.next_fault("/x").is_some()).collect::<Vec<_>>()
        };
        let first = draw(7);
        assert_eq!(first, draw(7));
        let hits = first.iter().filter(|hit| **hit).count();
        assert!((200..400).contains(&hits), "{hits}");
    }

    #[test]
    fn a_fault_on_a_path_waits_for_a_request_to_it() {
        let mut plan = FaultPlan::new(1);
        plan.inject_on(Fault::LoseAnswer, 1, Some("/complete".into()));
        assert_eq!(plan.next_fault("/action/v1/secrets/s/jobs/t/start"), None);
        assert_eq!(plan.next_fault("/action/v1/secrets/s/jobs/t/complete"), Some(Fault::LoseAnswer));
        assert_eq!(plan.next_fault("/action/v1/secrets/s/jobs/t/complete"), None);
    }

    #[test]
    fn ratio_bounds_and_clear() {
        let mut plan = FaultPlan::new(3);
        plan.inject_ratio(Fault::DropConnection, 200);
        assert!((0..50).all(|_| plan.next_fault("/x") == Some(Fault::DropConnection)));
        plan.clear();
        assert_eq!(plan.next_fault("/x"), None);
        plan.inject_ratio(Fault::DropConnection, 0);
        assert_eq!(plan.next_fault("/x"), None);
    }
}
