//! Every operation of both providers as data: its name, its request read from JSON, its answer
//! written as JSON, and the JSON Schemas of both.
//!
//! This is the one description the other surfaces are derived from: the C entry points
//! `sm_call` / `sm_huawei_call` look operations up here, and the JSON Schemas it writes
//! (checked in under `schemas/`) generate the Python bindings. Adding an operation to a
//! provider's catalog ([`ncp::catalog`](crate::ncp::catalog),
//! [`huawei::catalog`](crate::huawei::catalog)) makes it callable from C and Python.
//!
//! An operation is named as its Rust type is (`CreateSecret`, `ShowSecretStage`). Its request
//! JSON holds the fields of that type, named as on the provider's wire (`secretId`,
//! `secret_name`), path and query fields included; unknown fields are refused. Its answer
//! JSON is the operation's output, with every secret written as it is.
//!
//! ```
//! use secretmanager_core::surface;
//! use secretmanager_core::ncp::{self, Operation as _};
//!
//! let info = ncp::catalog::find("UpdateSecretMemo").unwrap();
//! assert_eq!((info.api_name, info.kind), ("Update Secret Memo", secretmanager_core::OperationKind::Repeatable));
//! let op: ncp::UpdateSecretMemo =
//!     surface::request_from_json("UpdateSecretMemo", br#"{"secretId":"s-1","memo":"orders"}"#).unwrap();
//! assert_eq!(op.body().unwrap().expose(), br#"{"memo":"orders"}"#);
//! let err = surface::request_from_json::<ncp::UpdateSecretMemo>("UpdateSecretMemo", br#"{"memo":1}"#)
//!     .unwrap_err();
//! assert!(err.to_string().contains("UpdateSecretMemo"), "{err}");
//! ```

mod json;
pub mod schema;

pub use json::{RequestError, answer_to_json, next_page_position, request_from_json};

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Provider;
use crate::http::Method;
use crate::{Operation, OperationKind, ProviderKind};

/// One operation as a catalog lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The provider the operation belongs to.
    pub provider: Provider,
    /// The name callers use: the Rust type's (`CreateSecretVersion`).
    pub name: &'static str,
    /// The name of the client method that sends it (`create_secret_version`), in Rust and
    /// Python alike.
    pub method_name: &'static str,
    /// The name in the provider's API reference (`Create Secret`, `CreateSecretVersion`).
    pub api_name: &'static str,
    /// The HTTP method.
    pub http_method: Method,
    /// What sending it twice does.
    pub kind: OperationKind,
    /// For a create whose answer was lost: the operation that tells whether it took effect.
    pub settled_by: &'static str,
    /// For a list answered page by page: the request field naming the page
    /// ([`Operation::PAGE_FIELD`]).
    pub page_field: Option<&'static str>,
}

impl OperationInfo {
    /// The entry of operation `O`, whose Rust type is called `name` and whose client method
    /// is called `method_name`.
    pub const fn of<O: Operation>(name: &'static str, method_name: &'static str) -> Self {
        Self {
            provider: <O::Provider as ProviderKind>::PROVIDER,
            name,
            method_name,
            api_name: O::NAME,
            http_method: O::METHOD,
            kind: O::KIND,
            settled_by: O::SETTLED_BY,
            page_field: O::PAGE_FIELD,
        }
    }
}

/// An operation a catalog can name: an [`Operation`] whose request is read from JSON and
/// whose answer is written as JSON, both described by a JSON Schema. Every operation of both
/// providers is one.
pub trait CatalogOperation:
    Operation<Output: Serialize + JsonSchema> + DeserializeOwned + JsonSchema
{
}

impl<O> CatalogOperation for O where
    O: Operation<Output: Serialize + JsonSchema> + DeserializeOwned + JsonSchema
{
}

/// Does one thing with the operation type a name stands for, for the operations of provider
/// `P` ([`ncp::catalog::visit`](crate::ncp::catalog::visit),
/// [`huawei::catalog::visit`](crate::huawei::catalog::visit)).
///
/// One implementation generic over `P` serves both providers:
///
/// ```
/// use secretmanager_core::surface::{CatalogOperation, Visitor};
/// use secretmanager_core::{ProviderKind, huawei, ncp};
///
/// struct Describe;
/// impl<P: ProviderKind> Visitor<P> for Describe {
///     type Output = String;
///     fn visit<O: CatalogOperation<Provider = P>>(self) -> String {
///         format!("{:?} {}", P::PROVIDER, O::NAME)
///     }
/// }
/// assert_eq!(ncp::catalog::visit("GetSecretDetail", Describe).unwrap(), "Ncp Get Secret Detail");
/// assert_eq!(huawei::catalog::visit("ShowSecret", Describe).unwrap(), "Huawei ShowSecret");
/// assert!(ncp::catalog::visit("ShowSecret", Describe).is_none());
/// ```
pub trait Visitor<P: ProviderKind> {
    /// What the visit yields.
    type Output;

    /// Called with the operation type `O` that was named.
    fn visit<O: CatalogOperation<Provider = P>>(self) -> Self::Output;
}

/// Declares a provider's catalog: `OPERATIONS`, `find`, `visit` and `schema_document`.
///
/// `$provider` is the provider type ([`Ncp`](crate::ncp::Ncp),
/// [`Huawei`](crate::huawei::Huawei)), `$title` the title of its JSON Schema document and
/// `$file` where that is checked in; each entry is `method_name(TypeName)`.
macro_rules! catalog {
    ($provider:ident, $title:literal, $file:literal; $($method:ident($op:ident);)+) => {
        /// Every operation, in the order of the API reference.
        pub const OPERATIONS: &[$crate::surface::OperationInfo] = &[$(
            $crate::surface::OperationInfo::of::<$op>(stringify!($op), stringify!($method)),
        )+];

        /// The operation called `name` (its Rust type's name), if there is one.
        pub fn find(name: &str) -> Option<&'static $crate::surface::OperationInfo> {
            OPERATIONS.iter().find(|info| info.name == name)
        }

        /// Runs `visitor` with the operation type called `name`; `None` when there is none.
        pub fn visit<V: $crate::surface::Visitor<$provider>>(name: &str, visitor: V) -> Option<V::Output> {
            match name {
                $(stringify!($op) => Some(visitor.visit::<$op>()),)+
                _ => None,
            }
        }

        #[doc = concat!("The JSON Schema document of every operation (checked in as `", $file, "`).")]
        pub fn schema_document() -> serde_json::Value {
            $crate::surface::schema::document(OPERATIONS, |info, add| visit(info.name, add), $title)
        }
    };
}
pub(crate) use catalog;
