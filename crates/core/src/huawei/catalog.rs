//! The catalog of the Huawei CSMS operations: each callable by name with a JSON request (see
//! [`crate::surface`]).
//!
//! ```
//! use secretmanager_core::huawei::catalog;
//!
//! assert_eq!(catalog::find("RotateSecret").unwrap().settled_by, "ListSecretTask");
//! ```

use super::*;

crate::surface::catalog! {
    Huawei, "Huawei Cloud CSMS operations", "schemas/huawei.json";
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
}
