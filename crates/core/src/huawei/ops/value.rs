//! The secret value of Create Secret and Create Secret Version: exactly one of `secret_string`
//! and `secret_binary`.

use crate::huawei::rules;
use crate::secret::{SecretBytes, SecretString};
use crate::validate::{Rule, ValidationError};

/// Checks that exactly one of the two values is given and that it is at most 32 KiB.
pub(crate) fn validate(
    string: Option<&SecretString>,
    binary: Option<&SecretBytes>,
) -> Result<(), ValidationError> {
    match (string, binary) {
        (None, None) => Err(ValidationError::new("secret_string", Rule::Required)),
        (Some(_), Some(_)) => {
            Err(ValidationError::new("secret_binary", Rule::ForbiddenWhen("secret_string is given")))
        }
        (Some(text), None) => rules::validate_secret_value("secret_string", text.len()),
        (None, Some(bytes)) => rules::validate_secret_value("secret_binary", bytes.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_value_of_at_most_32_kib() {
        let text = SecretString::from("v");
        let bytes = SecretBytes::from(vec![0, 1, 2]);
        assert_eq!(validate(None, None).unwrap_err().field, "secret_string");
        assert!(matches!(validate(Some(&text), Some(&bytes)).unwrap_err().rule, Rule::ForbiddenWhen(_)));
        assert!(validate(Some(&text), None).is_ok() && validate(None, Some(&bytes)).is_ok());
        let big = SecretBytes::from(vec![7; 32 * 1024 + 1]);
        assert_eq!(validate(None, Some(&big)).unwrap_err().field, "secret_binary");
    }
}
