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
/// assert_eq!(NAMES.len(), 10);
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
        }
    };
}

crate::huawei_operations!(
    crate::surface::catalog,
    Huawei,
    "Huawei Cloud CSMS operations",
    "schemas/huawei.json"
);
