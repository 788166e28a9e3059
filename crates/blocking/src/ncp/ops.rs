//! One method per NCP operation, each a thin wrapper of [`Client::call`].

use secretmanager_core::ncp::{self, Operation};

use super::Client;

crate::operations::operation_methods! {
    ncp;
    /// Sends **Get Secret List** ([`ncp::GetSecretList`]).
    get_secret_list(GetSecretList);
    /// Sends **Get Secret Detail** ([`ncp::GetSecretDetail`]).
    get_secret_detail(GetSecretDetail);
    /// Sends **Get Secret Value** ([`ncp::GetSecretValue`]).
    get_secret_value(GetSecretValue);
    /// Sends **Get Secret Stage Value** ([`ncp::GetSecretStageValue`]).
    get_secret_stage_value(GetSecretStageValue);
    /// Sends **Get Secret Logs** ([`ncp::GetSecretLogs`]).
    get_secret_logs(GetSecretLogs);
    /// Sends **Get Protection Key List** ([`ncp::GetProtectionKeyList`]).
    get_protection_key_list(GetProtectionKeyList);
    /// Sends **Get Trigger List** ([`ncp::GetTriggerList`]).
    get_trigger_list(GetTriggerList);
    /// Sends **Create Secret** ([`ncp::CreateSecret`]).
    create_secret(CreateSecret);
    /// Sends **Update Secret Value** ([`ncp::UpdateSecretValue`]).
    update_secret_value(UpdateSecretValue);
    /// Sends **Update Secret Stage Value** ([`ncp::UpdateSecretStageValue`]).
    update_secret_stage_value(UpdateSecretStageValue);
    /// Sends **Update Secret Memo** ([`ncp::UpdateSecretMemo`]).
    update_secret_memo(UpdateSecretMemo);
    /// Sends **Update Protection Key** ([`ncp::UpdateProtectionKey`]).
    update_protection_key(UpdateProtectionKey);
    /// Sends **Enable Secret** ([`ncp::EnableSecret`]).
    enable_secret(EnableSecret);
    /// Sends **Disable Secret** ([`ncp::DisableSecret`]).
    disable_secret(DisableSecret);
    /// Sends **Request Secret Deletion** ([`ncp::RequestSecretDeletion`]).
    request_secret_deletion(RequestSecretDeletion);
    /// Sends **Cancel Secret Deletion** ([`ncp::CancelSecretDeletion`]).
    cancel_secret_deletion(CancelSecretDeletion);
    /// Sends **Delete Secret** ([`ncp::DeleteSecret`]).
    delete_secret(DeleteSecret);
    /// Sends **Enable Auto Rotation** ([`ncp::EnableAutoRotation`]).
    enable_auto_rotation(EnableAutoRotation);
    /// Sends **Disable Auto Rotation** ([`ncp::DisableAutoRotation`]).
    disable_auto_rotation(DisableAutoRotation);
    /// Sends **Update Rotation Period** ([`ncp::UpdateRotationPeriod`]).
    update_rotation_period(UpdateRotationPeriod);
    /// Sends **Update Rotation Trigger** ([`ncp::UpdateRotationTrigger`]).
    update_rotation_trigger(UpdateRotationTrigger);
    /// Sends **Delete Rotation Trigger** ([`ncp::DeleteRotationTrigger`]).
    delete_rotation_trigger(DeleteRotationTrigger);
    /// Sends **Execute Rotation Job** ([`ncp::ExecuteRotationJob`]).
    execute_rotation_job(ExecuteRotationJob);
    /// Sends **Retry Rotation Job** ([`ncp::RetryRotationJob`]).
    retry_rotation_job(RetryRotationJob);
    /// Sends **Cancel Rotation Job** ([`ncp::CancelRotationJob`]).
    cancel_rotation_job(CancelRotationJob);
    /// Sends **Rollback Rotation Job** ([`ncp::RollbackRotationJob`]).
    rollback_rotation_job(RollbackRotationJob);
    /// Sends **Start Rotation Job** ([`ncp::StartRotationJob`]).
    start_rotation_job(StartRotationJob);
    /// Sends **Add Pending Stage** ([`ncp::AddPendingStage`]).
    add_pending_stage(AddPendingStage);
    /// Sends **Update Pending Stage** ([`ncp::UpdatePendingStage`]).
    update_pending_stage(UpdatePendingStage);
    /// Sends **Generate Random Secret** ([`ncp::GenerateRandomSecret`]).
    generate_random_secret(GenerateRandomSecret);
    /// Sends **Complete Rotation Job** ([`ncp::CompleteRotationJob`]).
    complete_rotation_job(CompleteRotationJob);
    /// Sends **Fail Rotation Job** ([`ncp::FailRotationJob`]).
    fail_rotation_job(FailRotationJob);
}
