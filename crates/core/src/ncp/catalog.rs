//! The catalog of the 32 NCP operations: each callable by name with a JSON request (see
//! [`crate::surface`]).
//!
//! ```
//! use secretmanager_core::ncp::catalog;
//!
//! assert_eq!(catalog::OPERATIONS.len(), 32);
//! assert_eq!(catalog::find("CompleteRotationJob").unwrap().method_name, "complete_rotation_job");
//! assert!(catalog::find("NoSuchOperation").is_none());
//! ```

use super::*;

/// Calls `$callback! { $($prefix)* ; method_name(TypeName); ... }` with every NCP
/// operation, in the order of the API reference: the one list the catalog and the clients'
/// methods are declared from. `TypeName` is a type of [`crate::ncp`].
///
/// ```
/// macro_rules! names { ($($method:ident($op:ident);)+) => { const NAMES: &[&str] = &[$(stringify!($op)),+]; }; }
/// secretmanager_core::ncp_operations!(names);
/// assert_eq!(NAMES.len(), 32);
/// ```
#[macro_export]
macro_rules! ncp_operations {
    ($callback:path $(, $($prefix:tt)*)?) => {
        $callback! {
            $($($prefix)*;)?
            get_secret_list(GetSecretList);
            get_secret_detail(GetSecretDetail);
            get_secret_value(GetSecretValue);
            get_secret_stage_value(GetSecretStageValue);
            get_secret_logs(GetSecretLogs);
            get_protection_key_list(GetProtectionKeyList);
            get_trigger_list(GetTriggerList);
            create_secret(CreateSecret);
            update_secret_value(UpdateSecretValue);
            update_secret_stage_value(UpdateSecretStageValue);
            update_secret_memo(UpdateSecretMemo);
            update_protection_key(UpdateProtectionKey);
            enable_secret(EnableSecret);
            disable_secret(DisableSecret);
            request_secret_deletion(RequestSecretDeletion);
            cancel_secret_deletion(CancelSecretDeletion);
            delete_secret(DeleteSecret);
            enable_auto_rotation(EnableAutoRotation);
            disable_auto_rotation(DisableAutoRotation);
            update_rotation_period(UpdateRotationPeriod);
            update_rotation_trigger(UpdateRotationTrigger);
            delete_rotation_trigger(DeleteRotationTrigger);
            execute_rotation_job(ExecuteRotationJob);
            retry_rotation_job(RetryRotationJob);
            cancel_rotation_job(CancelRotationJob);
            rollback_rotation_job(RollbackRotationJob);
            start_rotation_job(StartRotationJob);
            add_pending_stage(AddPendingStage);
            update_pending_stage(UpdatePendingStage);
            generate_random_secret(GenerateRandomSecret);
            complete_rotation_job(CompleteRotationJob);
            fail_rotation_job(FailRotationJob);
        }
    };
}

crate::ncp_operations!(crate::surface::catalog, Ncp, "NCP Secret Manager operations", "schemas/ncp.json");
