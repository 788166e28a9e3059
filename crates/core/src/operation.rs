//! What every operation of either provider provides, and the provider it belongs to.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::error::{Error, Provider};
use crate::http::Method;
use crate::kind::{OperationKind, Settled};
use crate::secret::SecretBytes;
use crate::validate::ValidationError;

/// One of the two providers as a type: [`Ncp`](crate::ncp::Ncp) or
/// [`Huawei`](crate::huawei::Huawei), the [`Operation::Provider`] of each of its operations.
///
/// It holds what is the same for every operation of the provider: its decoder, the operation
/// that settles a lost create, and the types its transitions are read back with. A provider's
/// request factory accepts only operations whose `Provider` is that provider, so an NCP
/// operation cannot be built for CSMS or the other way round. Implemented by these two types
/// only.
///
/// ```
/// use secretmanager_core::{Provider, ProviderKind, huawei::Huawei, ncp::Ncp};
///
/// assert_eq!((Ncp::PROVIDER, Huawei::PROVIDER), (Provider::Ncp, Provider::Huawei));
/// let answer: Vec<u8> = Ncp::decode_response(200, [], br#"{"code":"SUCCESS","data":[1]}"#)?;
/// assert_eq!(answer, [1]);
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
pub trait ProviderKind: sealed::Sealed + fmt::Debug + Copy + Send + Sync + 'static {
    /// The provider as a value, as errors name it.
    const PROVIDER: Provider;

    /// The operation that tells whether a [`OperationKind::Create`] whose answer was lost took
    /// effect, unless the operation names another ([`Operation::SETTLED_BY`]).
    const SETTLED_BY: &'static str;

    /// The read that shows whether a [`OperationKind::Transition`] took effect
    /// ([`ncp::StateCheck`](crate::ncp::StateCheck)); [`Infallible`](std::convert::Infallible) for a provider whose
    /// operations are never read back.
    type StateCheck: fmt::Debug;

    /// What that read showed ([`ncp::ObservedState`](crate::ncp::ObservedState));
    /// [`Infallible`](std::convert::Infallible) when there is no such read.
    type ObservedState: fmt::Debug;

    /// Decodes an answer of the provider (its status, headers and body) into `T` or one
    /// [`Error`]: [`ncp::decode_response`](crate::ncp::decode_response),
    /// [`huawei::decode_response`](crate::huawei::decode_response).
    fn decode_response<'h, T: DeserializeOwned>(
        status: u16,
        headers: impl IntoIterator<Item = (&'h str, &'h str)>,
        body: &[u8],
    ) -> Result<T, Error>;
}

/// Keeps [`ProviderKind`] to the two providers of this crate.
pub(crate) mod sealed {
    /// Implemented by the provider types only.
    pub trait Sealed {}
}

/// One operation of either provider: a typed request that knows its provider, its method,
/// path, query and body, and the type its success answer decodes into.
///
/// Callers rarely use these methods directly: the provider's request factory
/// ([`ncp::RequestFactory`](crate::ncp::RequestFactory),
/// [`huawei::RequestFactory`](crate::huawei::RequestFactory)) validates, writes the path and
/// body, dates and signs, and the provider's decoder ([`ProviderKind::decode_response`]) reads
/// the answer into [`Operation::Output`]. The trait is also reachable as `ncp::Operation` and
/// `huawei::Operation`.
///
/// ```
/// use secretmanager_core::{Method, Operation, OperationKind};
/// use secretmanager_core::huawei::ShowSecretStage;
/// use secretmanager_core::ncp::UpdateSecretMemo;
///
/// fn path<O: Operation>(op: &O) -> String {
///     op.validate().unwrap();
///     let mut path = String::new();
///     op.write_path(&mut path);
///     path
/// }
///
/// let memo = UpdateSecretMemo::new("secret-id", "orders db");
/// assert_eq!((UpdateSecretMemo::METHOD, UpdateSecretMemo::IDEMPOTENT), (Method::Put, true));
/// assert_eq!(UpdateSecretMemo::KIND, OperationKind::Repeatable);
/// assert_eq!(path(&memo), "/api/v1/secrets/secret-id/memo");
/// assert_eq!(memo.body().unwrap().expose(), br#"{"memo":"orders db"}"#);
///
/// let stage = ShowSecretStage::new("db-password", "SYSCURRENT");
/// assert_eq!((ShowSecretStage::METHOD, ShowSecretStage::IDEMPOTENT), (Method::Get, true));
/// assert_eq!(path(&stage), "/secrets/db-password/stages/SYSCURRENT");
/// assert!(stage.body().is_none());
///
/// // Each operation names its provider: an NCP factory takes only `Provider = Ncp`.
/// fn provider<O: Operation>(_: &O) -> secretmanager_core::Provider {
///     <O::Provider as secretmanager_core::ProviderKind>::PROVIDER
/// }
/// assert_eq!(provider(&memo), secretmanager_core::Provider::Ncp);
/// assert_eq!(provider(&stage), secretmanager_core::Provider::Huawei);
/// ```
pub trait Operation {
    /// The provider the operation belongs to: [`Ncp`](crate::ncp::Ncp) or
    /// [`Huawei`](crate::huawei::Huawei).
    type Provider: ProviderKind;

    /// The decoded success answer (for NCP, its `data`; `()` where the API answers nothing).
    type Output: DeserializeOwned;

    /// The operation's name in the API reference, e.g. `"Create Secret"`, `"RotateSecret"`.
    const NAME: &'static str;

    /// The HTTP method.
    const METHOD: Method;

    /// What sending the request twice does: see [`OperationKind`].
    const KIND: OperationKind;

    /// Whether a transport may send the request again after a failure that left the outcome
    /// unknown: `true` for [`OperationKind::Repeatable`] and [`OperationKind::Transition`].
    const IDEMPOTENT: bool = Self::KIND.may_resend();

    /// For a [`OperationKind::Create`] whose answer was lost: the operation that tells whether
    /// it took effect, as the error reporting the unknown outcome names it (by default the
    /// provider's [`ProviderKind::SETTLED_BY`]: `Get Secret Logs`, `ShowSecret`).
    const SETTLED_BY: &'static str = <Self::Provider as ProviderKind>::SETTLED_BY;

    /// CSMS only (NCP ignores it): whether the path lies under the project. `true` for every
    /// operation but CSMS's account-wide ones (users, agencies, function templates), whose
    /// [`Operation::write_path`] is appended to `/v1` rather than to `/v1/{project_id}`.
    const PROJECT_SCOPED: bool = true;

    /// Checks the inputs against the documented rules.
    fn validate(&self) -> Result<(), ValidationError>;

    /// Appends the path and query, percent-encoded, to `out`: after any endpoint base path for
    /// NCP (`/api/v1/secrets/...`), after `/v1/{project_id}` for CSMS (`/secrets/db/rotate`),
    /// or after `/v1` for a CSMS operation that is not [`Operation::PROJECT_SCOPED`]
    /// (`/csms/users`).
    /// Called only after [`Operation::validate`] succeeded.
    fn write_path(&self, out: &mut String);

    /// The JSON body, if the operation sends one. Called only after a successful
    /// [`Operation::validate`].
    fn body(&self) -> Option<SecretBytes> {
        None
    }

    /// Adds to `redactor` every secret this request carries (values, job tokens), so that an
    /// answer quoting the request can be cleaned before a caller sees it.
    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        let _ = redactor;
    }

    /// The secret whose values or stages a success of this operation may change: its id for
    /// NCP, its name for CSMS. `None` for reads and for operations that leave values alone.
    ///
    /// A client tells its change listeners of it once such a call may have reached the server,
    /// so that a cache over the client drops what it holds of the secret at once.
    ///
    /// ```
    /// use secretmanager_core::{Operation, huawei, ncp};
    ///
    /// assert_eq!(ncp::CompleteRotationJob::new("sid", "tok").changed_secret(), Some("sid"));
    /// assert_eq!(ncp::GetSecretValue::new("sid").changed_secret(), None);
    /// assert_eq!(huawei::UpdateSecretStage::new("db", "SYSCURRENT", "v2").changed_secret(), Some("db"));
    /// ```
    fn changed_secret(&self) -> Option<&str> {
        None
    }

    /// For a [`OperationKind::Transition`]: the read that shows whether an earlier send took
    /// effect, sent when the answer to that send was lost and a resend was refused. `None` for
    /// the other kinds.
    fn state_check(&self) -> Option<<Self::Provider as ProviderKind>::StateCheck> {
        None
    }

    /// For a list operation answered page by page (the list operations of CSMS): the request
    /// field that says which page to answer (`marker`, `offset`). `None` for the others.
    const PAGE_FIELD: Option<&'static str> = None;

    /// For a paged operation: the value of [`Operation::PAGE_FIELD`] that asks for the page
    /// after `answer`, which answered `self`, as JSON (`"m-2"`, `20`). `None` when `answer`
    /// is the last page, when it names the position `self` asked for again (a server that
    /// never moves on must not loop a caller), and for the operations that are not paged.
    ///
    /// C and Python read it by name; Rust callers use [`Operation::next_page`].
    fn next_page_position(&self, answer: &Self::Output) -> Option<serde_json::Value> {
        let _ = answer;
        None
    }

    /// For a paged operation: the request for the page after `answer`, which answered
    /// `self` (this request with [`Operation::next_page_position`] set); `None` on the last
    /// page and for the operations that are not paged.
    fn next_page(&self, answer: &Self::Output) -> Option<Self>
    where
        Self: Sized,
    {
        let _ = answer;
        None
    }

    /// Judges what [`Operation::state_check`] read: whether the earlier send took effect, and
    /// if so the output its answer would have carried.
    fn settle(&self, observed: <Self::Provider as ProviderKind>::ObservedState) -> Settled<Self::Output> {
        let _ = observed;
        Settled::Unknown
    }
}
