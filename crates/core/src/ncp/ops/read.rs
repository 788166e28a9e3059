//! Reading secrets, their values and logs, and the lists that other calls refer to
//! (operations 1–7).

use serde::{Deserialize, Serialize};

use crate::encode::Query;
use crate::http::Method;
use crate::ncp::model::Secret;
use crate::ncp::operation::Operation;
use crate::validate::{self, ValidationError};

/// A page of secrets, as Get Secret List returns it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecretList {
    /// Number of pages.
    #[serde(default)]
    pub total_page_no: u32,
    /// This page's number.
    #[serde(default)]
    pub current_page_no: u32,
    /// Number of secrets in all pages.
    #[serde(default)]
    pub total_count: u32,
    /// The secrets of this page (id, name, status, type, region, creation date).
    #[serde(default)]
    pub secret_list: Vec<Secret>,
}

/// **Get Secret List**: `GET /api/v1/secrets[?pageNo=N]`.
///
/// ```
/// use secretmanager_core::ncp::GetSecretList;
/// use secretmanager_core::ncp::Operation as _;
///
/// let mut path = String::new();
/// GetSecretList::new().page_no(2).write_path(&mut path);
/// assert_eq!(path, "/api/v1/secrets?pageNo=2");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetSecretList {
    /// Page to read, from 1 (NCP's default: 1).
    pub page_no: Option<u32>,
}

impl GetSecretList {
    /// The first page.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads page `page_no` (1 or more).
    pub fn page_no(mut self, page_no: u32) -> Self {
        self.page_no = Some(page_no);
        self
    }
}

impl Operation for GetSecretList {
    type Output = SecretList;
    const NAME: &'static str = "Get Secret List";
    const METHOD: Method = Method::Get;
    const IDEMPOTENT: bool = true;

    fn validate(&self) -> Result<(), ValidationError> {
        match self.page_no {
            Some(page) => validate::range("pageNo", i64::from(page), 1, i64::from(u32::MAX)),
            None => Ok(()),
        }
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/api/v1/secrets");
        Query::new(out).optional("pageNo", self.page_no);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::{SecretStatus, decode};

    #[test]
    fn list_decodes_the_documented_page() {
        let body = br#"{"code":"SUCCESS","data":{"totalPageNo":1,"currentPageNo":1,"totalCount":2,
            "secretList":[{"secretId":"a1","secretName":"one","secretStatus":"ENABLE","secretType":"BASIC",
            "region":"KR","registerDate":1753065580243},{"secretId":"b2","secretName":"two"}]}}"#;
        let list: SecretList = decode(200, body).unwrap();
        assert_eq!((list.total_page_no, list.current_page_no, list.total_count), (1, 1, 2));
        assert_eq!(list.secret_list[0].secret_status, Some(SecretStatus::Enable));
        assert_eq!(list.secret_list[1].secret_status, None);
    }

    #[test]
    fn page_zero_is_rejected_and_no_page_means_no_query() {
        assert_eq!(GetSecretList::new().page_no(0).validate().unwrap_err().field, "pageNo");
        let mut path = String::new();
        GetSecretList::new().write_path(&mut path);
        assert_eq!(path, "/api/v1/secrets");
    }
}
