//! The one-method-per-operation declarations both clients share.

/// Declares on `Client` (of the calling module), for each `method(Op)`, a
/// `pub fn method(&self, op: &module::Op) -> Result<Op::Output, Error>` that forwards to
/// `Client::call`. `Client`, `Operation` and `module` must be in scope where it is used.
macro_rules! operation_methods {
    ($module:ident; $($(#[$doc:meta])* $method:ident($op:ident);)*) => {
        impl Client {
            $(
                $(#[$doc])*
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
