//! What sending an operation again does: the one fact a transport needs to decide whether an
//! attempt whose answer was lost may be repeated, and what to tell the caller when it may not.

/// How an operation behaves when it is sent twice.
///
/// Every operation of both providers states its kind ([`Operation::KIND`]). A transport that lost the answer to an attempt (the connection
/// broke after the request was written, or the answer timed out) may resend a
/// [`Repeatable`](OperationKind::Repeatable) operation or a
/// [`Transition`](OperationKind::Transition), and must not resend a
/// [`Create`](OperationKind::Create).
///
/// [`Operation::KIND`]: crate::Operation::KIND
///
/// ```
/// use secretmanager_core::OperationKind;
/// use secretmanager_core::ncp::{self, Operation as _};
///
/// assert_eq!(ncp::GetSecretValue::KIND, OperationKind::Repeatable);
/// assert_eq!(ncp::CompleteRotationJob::KIND, OperationKind::Transition);
/// assert_eq!(ncp::CreateSecret::KIND, OperationKind::Create);
/// assert!(OperationKind::Transition.may_resend() && !OperationKind::Create.may_resend());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationKind {
    /// The same request has the same effect however often it is applied: reads, and setters
    /// that write a given value. Resent freely; a repeat answers as the first send would.
    Repeatable,
    /// A change of state whose repeat, once the first send was applied, is refused (`422
    /// INVALID_STATUS`, an invalid job token...). Resent; when the resend is refused, the
    /// transport reads the state back ([`Operation::state_check`]) to tell whether the
    /// first send took effect.
    ///
    /// [`Operation::state_check`]: crate::Operation::state_check
    Transition,
    /// A repeat could act twice: it creates something (a secret, a version, a rotation job) or
    /// acts on whatever is current (cancel or roll back "the" rotation). Never resent once it
    /// may have reached the server; a lost answer leaves the outcome unknown.
    Create,
}

impl OperationKind {
    /// Whether a transport may send the request again after an attempt whose answer was lost.
    pub const fn may_resend(self) -> bool {
        !matches!(self, OperationKind::Create)
    }

    /// The kind in one lower-case word (`repeatable`, `transition`, `create`), as the JSON
    /// Schema documents name it.
    pub const fn as_str(self) -> &'static str {
        match self {
            OperationKind::Repeatable => "repeatable",
            OperationKind::Transition => "transition",
            OperationKind::Create => "create",
        }
    }
}

/// What reading the state back shows about an earlier send of a
/// [`Transition`](OperationKind::Transition) whose answer was lost.
#[derive(Debug, PartialEq, Eq)]
pub enum Settled<T> {
    /// It took effect; this is what its answer would have said.
    Applied(T),
    /// It did not take effect: the refusal of the resend is the answer.
    NotApplied,
    /// The state cannot tell.
    Unknown,
}

impl<T> Settled<T> {
    /// The same verdict, with an applied output turned into another by `f`.
    ///
    /// ```
    /// use secretmanager_core::Settled;
    ///
    /// assert_eq!(Settled::Applied(2).map(|n| n * 10), Settled::Applied(20));
    /// assert_eq!(Settled::<u8>::Unknown.map(drop), Settled::Unknown);
    /// ```
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Settled<U> {
        match self {
            Settled::Applied(output) => Settled::Applied(f(output)),
            Settled::NotApplied => Settled::NotApplied,
            Settled::Unknown => Settled::Unknown,
        }
    }
}
