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
    Huawei, super::Operation;
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

/// The JSON Schema document of every CSMS operation (checked in as `schemas/huawei.json`).
pub fn schema_document() -> serde_json::Value {
    struct Add<'a>(&'a mut crate::surface::schema::DocumentBuilder, &'a crate::surface::OperationInfo);
    impl Visitor for Add<'_> {
        type Output = ();
        fn visit<O>(self)
        where
            O: super::Operation + serde::de::DeserializeOwned + schemars::JsonSchema,
            O::Output: serde::Serialize + schemars::JsonSchema,
        {
            self.0.add::<O, O::Output>(self.1);
        }
    }
    let mut document = crate::surface::schema::DocumentBuilder::new();
    for info in OPERATIONS {
        visit(info.name, Add(&mut document, info));
    }
    document.finish("Huawei Cloud CSMS operations")
}
