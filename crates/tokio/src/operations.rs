//! The one-awaitable-method-per-operation declarations both async clients share.

/// Declares on `Client` (of the calling module), for each `method(Op)`, a
/// `pub async fn method(&self, op: &module::Op) -> Result<Op::Output, Error>` that forwards to
/// `Client::call`. The list comes from the core's catalog, so a client has a method for every
/// operation the catalog has, as the blocking clients do.
macro_rules! operation_methods {
    ($module:ident; $($method:ident($op:ident);)*) => {
        impl Client {
            $(
                #[doc = concat!("Sends [`", stringify!($module), "::", stringify!($op), "`].")]
                ///
                /// Retried as [`Client::call`] retries it (see [`Operation::IDEMPOTENT`]).
                pub async fn $method(
                    &self,
                    op: &$module::$op,
                ) -> Result<<$module::$op as Operation>::Output, $crate::Error> {
                    self.call(op).await
                }
            )*
        }
    };
}
pub(crate) use operation_methods;
