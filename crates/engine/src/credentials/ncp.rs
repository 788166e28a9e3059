//! NCP credentials, found as the `ncloud` CLI and the NCP Terraform provider find them.
//!
//! Order: the environment (`NCLOUD_ACCESS_KEY` or `NCLOUD_ACCESS_KEY_ID`, with
//! `NCLOUD_SECRET_KEY` or `NCLOUD_SECRET_ACCESS_KEY`), then the file `~/.ncloud/configure`
//! (`ncloud_access_key_id = …` and `ncloud_secret_access_key = …`, at the top or in a
//! `[DEFAULT]` section).

use std::path::Path;

use secretmanager_core::ncp::Credentials;

use super::{home_dir, key_pair, missing, non_empty, process_env};
use crate::error::CredentialsError;

/// Environment variables holding the access key, in the order they are read.
pub const ACCESS_KEY_VARS: [&str; 2] = ["NCLOUD_ACCESS_KEY", "NCLOUD_ACCESS_KEY_ID"];
/// Environment variables holding the secret key, in the order they are read.
pub const SECRET_KEY_VARS: [&str; 2] = ["NCLOUD_SECRET_KEY", "NCLOUD_SECRET_ACCESS_KEY"];
/// The configuration file, relative to the home directory.
pub const CONFIG_FILE: &str = ".ncloud/configure";

/// Credentials from the process environment or `~/.ncloud/configure`.
pub fn from_env() -> Result<Credentials, CredentialsError> {
    let home = home_dir(&process_env);
    lookup(&process_env, home.as_deref())
}

/// Credentials from `env` (a variable lookup) or from `<home>/.ncloud/configure`.
///
/// When either key is set in the environment both are taken from there, so that keys of two
/// different accounts are never mixed.
///
/// ```
/// use secretmanager_engine::credentials::ncp;
///
/// let env = |name: &str| match name {
///     "NCLOUD_ACCESS_KEY_ID" => Some("AK".to_owned()),
///     "NCLOUD_SECRET_ACCESS_KEY" => Some("SK".to_owned()),
///     _ => None,
/// };
/// let credentials = ncp::lookup(&env, None).unwrap();
/// assert_eq!(credentials.access_key(), "AK");
///
/// let err = ncp::lookup(&|_: &str| None, None).unwrap_err();
/// assert!(err.to_string().contains("NCLOUD_ACCESS_KEY"));
/// ```
pub fn lookup(
    env: &dyn Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> Result<Credentials, CredentialsError> {
    let mut searched: Vec<String> = ACCESS_KEY_VARS
        .iter()
        .chain(SECRET_KEY_VARS.iter())
        .map(|v| format!("environment variable {v}"))
        .collect();
    let access = ACCESS_KEY_VARS.iter().find_map(|v| non_empty(env, v));
    let secret = SECRET_KEY_VARS.iter().find_map(|v| non_empty(env, v));
    match key_pair(access, secret, "NCP access key", "NCP secret key") {
        Ok(Some((access, secret))) => return Ok(Credentials::new(access, secret)),
        Err(half) => return Err(missing(half, searched)),
        Ok(None) => {}
    }
    let Some(home) = home else {
        searched.push(format!("~/{CONFIG_FILE} (no home directory: HOME is not set)"));
        return Err(missing("NCP credentials", searched));
    };
    let path = home.join(CONFIG_FILE);
    searched.push(format!("file {}", path.display()));
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Err(missing("NCP credentials", searched));
    };
    let file = parse_configure(&text);
    match key_pair(
        file.access_key,
        file.secret_key,
        "NCP access key (ncloud_access_key_id)",
        "NCP secret key (ncloud_secret_access_key)",
    ) {
        Ok(Some((access, secret))) => Ok(Credentials::new(access, secret)),
        Err(half) => Err(missing(half, searched)),
        Ok(None) => Err(missing("NCP credentials", searched)),
    }
}

/// The keys read from a `configure` file.
#[derive(Default)]
struct ConfigureFile {
    access_key: Option<String>,
    secret_key: Option<String>,
}

/// Reads `key = value` lines at the top of the file or in `[DEFAULT]`; other sections,
/// comments (`#`, `;`) and unknown keys are skipped.
fn parse_configure(text: &str) -> ConfigureFile {
    let mut file = ConfigureFile::default();
    let mut in_default = true;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_default = section.trim().eq_ignore_ascii_case("default");
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let value = value.trim();
        if !in_default || value.is_empty() {
            continue;
        }
        match key.trim() {
            "ncloud_access_key_id" => file.access_key = Some(value.to_owned()),
            "ncloud_secret_access_key" => file.secret_key = Some(value.to_owned()),
            _ => {}
        }
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        move |name| map.get(name).cloned()
    }

    fn temp_home(name: &str, configure: Option<&str>) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("sm-blocking-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".ncloud")).unwrap();
        if let Some(text) = configure {
            std::fs::write(dir.join(CONFIG_FILE), text).unwrap();
        }
        dir
    }

    #[test]
    fn environment_names_of_both_tools_are_read() {
        let c = lookup(&env(&[("NCLOUD_ACCESS_KEY", "AK1"), ("NCLOUD_SECRET_KEY", "SK1")]), None).unwrap();
        assert_eq!((c.access_key(), c.secret_key().expose()), ("AK1", "SK1"));
        let c = lookup(&env(&[("NCLOUD_ACCESS_KEY_ID", "AK2"), ("NCLOUD_SECRET_ACCESS_KEY", "SK2")]), None)
            .unwrap();
        assert_eq!((c.access_key(), c.secret_key().expose()), ("AK2", "SK2"));
    }

    #[test]
    fn half_set_environment_is_an_error_naming_the_missing_key() {
        let err = lookup(&env(&[("NCLOUD_ACCESS_KEY", "AK1")]), None).unwrap_err();
        assert_eq!(err.missing, "NCP secret key");
        assert!(!err.to_string().contains("AK1"));
    }

    #[test]
    fn configure_file_default_section_is_read() {
        let home = temp_home(
            "default",
            Some(
                "# ncloud\n[other]\nncloud_access_key_id = WRONG\n[DEFAULT]\nncloud_access_key_id = AKF\nncloud_secret_access_key =  SKF \nncloud_api_url = https://ncloud.apigw.ntruss.com\n",
            ),
        );
        let c = lookup(&env(&[]), Some(&home)).unwrap();
        assert_eq!((c.access_key(), c.secret_key().expose()), ("AKF", "SKF"));
        let _ = std::fs::remove_dir_all(home);
    }

    #[test]
    fn configure_file_without_section_is_read() {
        let home = temp_home("nosection", Some("ncloud_access_key_id=AKN\nncloud_secret_access_key=SKN\n"));
        let c = lookup(&env(&[]), Some(&home)).unwrap();
        assert_eq!(c.access_key(), "AKN");
        let _ = std::fs::remove_dir_all(home);
    }

    #[test]
    fn nothing_found_names_every_place_and_no_value() {
        let home = temp_home("missing", None);
        let err = lookup(&env(&[]), Some(&home)).unwrap_err();
        let text = err.to_string();
        for place in [
            "NCLOUD_ACCESS_KEY",
            "NCLOUD_ACCESS_KEY_ID",
            "NCLOUD_SECRET_KEY",
            "NCLOUD_SECRET_ACCESS_KEY",
            "configure",
        ] {
            assert!(text.contains(place), "{text}");
        }
        let home2 = temp_home("halffile", Some("ncloud_access_key_id = AKH\n"));
        let err = lookup(&env(&[]), Some(&home2)).unwrap_err();
        assert!(err.missing.contains("ncloud_secret_access_key"));
        assert!(!err.to_string().contains("AKH"));
        let _ = std::fs::remove_dir_all(home);
        let _ = std::fs::remove_dir_all(home2);
    }
}
