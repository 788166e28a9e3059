//! The catalog of the Huawei CSMS operations: each callable by name with a JSON request (see
//! [`crate::surface`]).
//!
//! ```
//! use secretmanager_core::huawei::catalog;
//!
//! assert_eq!(catalog::find("RotateSecret").unwrap().settled_by, "ListSecretTask");
//! ```

use super::*;

/// Calls `$callback! { $($prefix)* ; method_name(TypeName); ... }` with every Huawei CSMS
/// operation, in the order of the API reference: the one list the catalog and the clients'
/// methods are declared from. `TypeName` is a type of [`crate::huawei`].
///
/// ```
/// macro_rules! names { ($($method:ident($op:ident);)+) => { const NAMES: &[&str] = &[$(stringify!($op)),+]; }; }
/// secretmanager_core::huawei_operations!(names);
/// assert_eq!(NAMES.len(), 45);
/// ```
#[macro_export]
macro_rules! huawei_operations {
    ($callback:path $(, $($prefix:tt)*)?) => {
        $callback! {
            $($($prefix)*;)?
            create_secret(CreateSecret);
            show_secret(ShowSecret);
            list_secrets(ListSecrets);
            update_secret(UpdateSecret);
            rotate_secret(RotateSecret);
            create_secret_version(CreateSecretVersion);
            list_secret_versions(ListSecretVersions);
            show_secret_version(ShowSecretVersion);
            show_secret_stage(ShowSecretStage);
            list_secret_task(ListSecretTask);
            delete_secret(DeleteSecret);
            delete_secret_for_schedule(DeleteSecretForSchedule);
            restore_secret(RestoreSecret);
            update_secret_stage(UpdateSecretStage);
            delete_secret_stage(DeleteSecretStage);
            update_version(UpdateVersion);
            download_secret_blob(DownloadSecretBlob);
            upload_secret_blob(UploadSecretBlob);
            generate_random_password(GenerateRandomPassword);
            batch_import_secrets(BatchImportSecrets);
            check_secrets(CheckSecrets);
            show_secrets_config(ShowSecretsConfig);
            update_secrets_config(UpdateSecretsConfig);
            batch_create_or_delete_tags(BatchCreateOrDeleteTags);
            create_secret_tag(CreateSecretTag);
            delete_secret_tag(DeleteSecretTag);
            list_secret_tags(ListSecretTags);
            list_project_secrets_tags(ListProjectSecretsTags);
            list_resource_instances(ListResourceInstances);
            create_secret_event(CreateSecretEvent);
            delete_secret_event(DeleteSecretEvent);
            list_secret_events(ListSecretEvents);
            show_secret_event(ShowSecretEvent);
            update_secret_event(UpdateSecretEvent);
            list_notification_records(ListNotificationRecords);
            create_grants(CreateGrants);
            delete_grant(DeleteGrant);
            list_grants(ListGrants);
            update_grant(UpdateGrant);
            create_agency(CreateAgency);
            show_agency(ShowAgency);
            show_secret_function_templates(ShowSecretFunctionTemplates);
            list_users(ListUsers);
            show_user_detail(ShowUserDetail);
            update_user_password(UpdateUserPassword);
        }
    };
}

crate::huawei_operations!(
    crate::surface::catalog,
    Huawei,
    "Huawei Cloud CSMS operations",
    "schemas/huawei.json"
);
