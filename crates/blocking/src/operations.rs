//! The one-method-per-operation declarations both clients share.

/// Declares on `Client` (of the calling module), for each `method(Op)`, a
/// `pub fn method(&self, op: &module::Op) -> Result<Op::Output, Error>` that forwards to
/// `Client::call`. `Client`, `Operation` and `module` must be in scope where it is used.
///
/// The list comes from the core's catalog (`secretmanager_core::ncp_operations!`,
/// `huawei_operations!`), so a client has a method for every operation the catalog has.
macro_rules! operation_methods {
    ($module:ident; $($method:ident($op:ident);)*) => {
        impl Client {
            $(
                #[doc = concat!("Sends [`", stringify!($module), "::", stringify!($op), "`].")]
                ///
                /// Retried as [`Client::call`] retries it (see [`Operation::IDEMPOTENT`]).
                pub fn $method(
                    &self,
                    op: &$module::$op,
                ) -> Result<<$module::$op as Operation>::Output, $crate::Error> {
                    self.call(op)
                }
            )*
        }
    };
}
pub(crate) use operation_methods;
