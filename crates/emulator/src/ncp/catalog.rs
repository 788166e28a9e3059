//! The seeded triggers and protection keys.

use serde_json::{Value, json};

use crate::config::{
    DEFAULT_KEY_NAME, KMS_KEY_NAME, KMS_KEY_TAG, SECOND_TRIGGER_ID, SECOND_TRIGGER_NAME, TRIGGER_ID,
    TRIGGER_NAME,
};

/// The action each seeded trigger runs.
pub(crate) const ROTATION_ACTION: &str = "emulator-rotate-action";

/// The seeded triggers: (id, name).
pub(crate) const TRIGGERS: [(&str, &str); 2] =
    [(TRIGGER_ID, TRIGGER_NAME), (SECOND_TRIGGER_ID, SECOND_TRIGGER_NAME)];

/// The name of a seeded trigger.
pub(crate) fn trigger_name(id: &str) -> Option<&'static str> {
    TRIGGERS.iter().find(|(tid, _)| *tid == id).map(|(_, name)| *name)
}

/// The console URL of a trigger.
pub(crate) fn trigger_url(name: &str) -> String {
    format!("https://console.ncloud.com/vpcCloudFunctions/trigger/detail/{name}")
}

/// One entry of Get Trigger List.
pub(crate) fn trigger_entry(id: &str, name: &str, linked: Vec<String>) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": "Secret Manager trigger of the emulator",
        "pageUrl": trigger_url(name),
        "platform": "VPC",
        "region": "KR",
        "linkedSecretList": linked,
        "actionList": [{"name": ROTATION_ACTION, "description": "rotates the secret"}],
    })
}

/// Get Protection Key List's `keyList`.
pub(crate) fn key_list() -> Value {
    json!([
        {"keyId": 0, "keyTag": "", "keyName": DEFAULT_KEY_NAME, "keyStatus": "", "keyType": ""},
        {"keyId": "12345", "keyTag": KMS_KEY_TAG, "keyName": KMS_KEY_NAME, "keyStatus": "ENABLE", "keyType": "AES256"},
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_names_resolve() {
        assert_eq!(trigger_name(TRIGGER_ID), Some(TRIGGER_NAME));
        assert_eq!(trigger_name("nope"), None);
        assert_eq!(key_list()[1]["keyTag"], KMS_KEY_TAG);
        assert_eq!(trigger_entry("a", "b", vec!["s".into()])["linkedSecretList"][0], "s");
    }
}
