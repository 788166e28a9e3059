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

pub use json::{RequestError, answer_to_json, request_from_json};

use crate::OperationKind;
use crate::error::Provider;
use crate::http::Method;

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
}

/// Declares a provider's catalog: `OPERATIONS`, `find`, a `Visitor` trait and `visit`.
///
/// `$trait` is the provider's `Operation` trait; each entry is `method_name(TypeName)`.
macro_rules! catalog {
    ($provider:ident, $trait:path; $($method:ident($op:ident);)+) => {
        /// Does one thing with the operation type a name stands for (see [`visit`]).
        pub trait Visitor {
            /// What the visit yields.
            type Output;

            /// Called with the operation type `O` that was named.
            fn visit<O>(self) -> Self::Output
            where
                O: $trait + serde::de::DeserializeOwned + schemars::JsonSchema,
                <O as $trait>::Output: serde::Serialize + schemars::JsonSchema;
        }

        /// Every operation, in the order of the API reference.
        pub const OPERATIONS: &[$crate::surface::OperationInfo] = &[$(
            $crate::surface::OperationInfo {
                provider: $crate::error::Provider::$provider,
                name: stringify!($op),
                method_name: stringify!($method),
                api_name: <$op as $trait>::NAME,
                http_method: <$op as $trait>::METHOD,
                kind: <$op as $trait>::KIND,
                settled_by: <$op as $trait>::SETTLED_BY,
            },
        )+];

        /// The operation called `name` (its Rust type's name), if there is one.
        pub fn find(name: &str) -> Option<&'static $crate::surface::OperationInfo> {
            OPERATIONS.iter().find(|info| info.name == name)
        }

        /// Runs `visitor` with the operation type called `name`; `None` when there is none.
        pub fn visit<V: Visitor>(name: &str, visitor: V) -> Option<V::Output> {
            match name {
                $(stringify!($op) => Some(visitor.visit::<$op>()),)+
                _ => None,
            }
        }
    };
}
pub(crate) use catalog;
