//! One method per CSMS operation, each a thin wrapper of [`Client::call`].

use secretmanager_core::huawei::{self, Operation};

use super::Client;

crate::operations::operation_methods! {
    huawei;
    /// Sends **RotateSecret** ([`huawei::RotateSecret`]): a new version with a new value.
    rotate_secret(RotateSecret);
    /// Sends **CreateSecret** ([`huawei::CreateSecret`]).
    create_secret(CreateSecret);
    /// Sends **ShowSecret** ([`huawei::ShowSecret`]).
    show_secret(ShowSecret);
    /// Sends **ListSecrets** ([`huawei::ListSecrets`]).
    list_secrets(ListSecrets);
    /// Sends **UpdateSecret** ([`huawei::UpdateSecret`]).
    update_secret(UpdateSecret);
    /// Sends **CreateSecretVersion** ([`huawei::CreateSecretVersion`]).
    create_secret_version(CreateSecretVersion);
    /// Sends **ListSecretVersions** ([`huawei::ListSecretVersions`]).
    list_secret_versions(ListSecretVersions);
    /// Sends **ShowSecretVersion** ([`huawei::ShowSecretVersion`]).
    show_secret_version(ShowSecretVersion);
    /// Sends **ShowSecretStage** ([`huawei::ShowSecretStage`]).
    show_secret_stage(ShowSecretStage);
    /// Sends **ListSecretTask** ([`huawei::ListSecretTask`]): the rotation tasks, e.g. the one a
    /// [`Client::rotate_secret`] answer names, to learn whether that rotation succeeded.
    list_secret_task(ListSecretTask);
}
