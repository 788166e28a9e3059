//! Every page of a list operation, one call per page: [`Client::pages`].

use std::iter::FusedIterator;

use secretmanager_core::huawei::{Huawei, Operation};

use super::Client;
use crate::error::Error;

/// The pages of a list operation, in order: each item is one call's answer. Made by
/// [`Client::pages`].
///
/// The first call is made by the first [`Iterator::next`]; each page's answer says where the
/// next one starts ([`Operation::next_page`]). The iteration ends after the last page, and
/// after an error (yielded once; the pages before it were yielded as they came). A server
/// that answers the same position again ends it too, so it always ends.
#[derive(Debug)]
pub struct Pages<'c, O> {
    client: &'c Client,
    next: Option<O>,
}

impl<O: Operation<Provider = Huawei>> Iterator for Pages<'_, O> {
    type Item = Result<O::Output, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let op = self.next.take()?;
        let answer = self.client.call(&op);
        if let Ok(page) = &answer {
            self.next = op.next_page(page);
        }
        Some(answer)
    }
}

impl<O: Operation<Provider = Huawei>> FusedIterator for Pages<'_, O> {}

impl Client {
    /// Every page of list operation `first` (its first page as given: a filter, a page size,
    /// even a starting marker), one call per page as the iteration asks for it.
    ///
    /// For an operation that is not paged ([`Operation::PAGE_FIELD`] is `None`) this is its
    /// one answer.
    ///
    /// ```no_run
    /// use secretmanager_blocking::huawei::{Client, ListSecrets};
    ///
    /// let client = Client::builder().region("cn-north-4").credentials_from_env().build()?;
    /// for page in client.pages(ListSecrets::new().limit(100)) {
    ///     for secret in page?.secrets {
    ///         println!("{}", secret.name);
    ///     }
    /// }
    /// # Ok::<(), secretmanager_blocking::Error>(())
    /// ```
    pub fn pages<O: Operation<Provider = Huawei>>(&self, first: O) -> Pages<'_, O> {
        Pages { client: self, next: Some(first) }
    }
}
