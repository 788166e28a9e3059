//! The emulator's fixed facts: the credentials it accepts, the seeded triggers and keys.

use secretmanager_core::SecretString;
use secretmanager_core::huawei;
use secretmanager_core::ncp;

/// The NCP access key the emulator accepts by default.
pub const NCP_ACCESS_KEY: &str = "EMULATORNCPACCESSKEY01";
/// The NCP secret key the emulator accepts by default (an emulator test credential).
pub const NCP_SECRET_KEY: &str = "emulator-ncp-secret-key-0000000000000001";
/// The Huawei access key (AK) the emulator accepts by default.
pub const HUAWEI_ACCESS_KEY: &str = "EMULATORHWACCESSKEY01";
/// The Huawei secret key (SK) the emulator accepts by default (an emulator test credential).
pub const HUAWEI_SECRET_KEY: &str = "emulator-huawei-secret-key-00000000001";
/// The Huawei project id (32 characters) served under `/v1/{project_id}`.
pub const HUAWEI_PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// The Huawei IAM token accepted in `X-Auth-Token`.
pub const HUAWEI_AUTH_TOKEN: &str = "emulator-huawei-iam-token-0000000001";
/// The first seeded NCP trigger (a Cloud Functions "Secret Manager" trigger).
pub const TRIGGER_ID: &str = "emulator-trigger-1";
/// The name of [`TRIGGER_ID`].
pub const TRIGGER_NAME: &str = "emulator-rotation";
/// A second seeded NCP trigger.
pub const SECOND_TRIGGER_ID: &str = "emulator-trigger-2";
/// The name of [`SECOND_TRIGGER_ID`].
pub const SECOND_TRIGGER_NAME: &str = "emulator-rotation-2";
/// The tag of the seeded user-managed KMS key (for `protectionKeyType: USER_MANAGED_KEY`).
pub const KMS_KEY_TAG: &str = "emulatorkmskeytag0000000000000000000000000000000000000000000001";
/// The name of the seeded user-managed KMS key.
pub const KMS_KEY_NAME: &str = "emulator-kms-key";
/// The name of the Secret Manager default protection key.
pub const DEFAULT_KEY_NAME: &str = "Secret Manager Default Key";
/// The default seed of the emulator's random generator.
pub const DEFAULT_SEED: u64 = 0x5EED_5EED;
/// Days between Request Secret Deletion and the expected destroy date.
pub const DELETION_WAIT_DAYS: i64 = 7;
/// Secrets per page of Get Secret List.
pub const SECRET_LIST_PAGE_SIZE: usize = 20;

/// What the emulator accepts and how it draws random values.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) ncp: ncp::Credentials,
    pub(crate) huawei: huawei::Credentials,
    pub(crate) huawei_project_id: String,
    pub(crate) huawei_auth_token: SecretString,
    pub(crate) seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            ncp: ncp::Credentials::new(NCP_ACCESS_KEY, NCP_SECRET_KEY),
            huawei: huawei::Credentials::new(HUAWEI_ACCESS_KEY, HUAWEI_SECRET_KEY),
            huawei_project_id: HUAWEI_PROJECT_ID.to_owned(),
            huawei_auth_token: SecretString::from(HUAWEI_AUTH_TOKEN),
            seed: DEFAULT_SEED,
        }
    }
}
