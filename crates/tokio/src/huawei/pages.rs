//! Every page of a paged CSMS list, awaited one at a time: [`Client::pages`]. Where the next
//! page starts is the core's decision (`Operation::next_page`), as for the blocking client.

use secretmanager_core::huawei::{Huawei, Operation};
use secretmanager_engine::Error;

use super::Client;

/// The pages of one paged list operation, each sent when [`Pages::next`] is awaited: the
/// first as given, then each with its marker or offset moved on from the answer before it.
/// After a failed page, or the last one, it yields nothing more.
///
/// ```no_run
/// use secretmanager_tokio::huawei::{Client, ListSecrets};
///
/// # async fn run(client: Client) -> Result<(), secretmanager_tokio::Error> {
/// let mut pages = client.pages(ListSecrets::new().limit(50));
/// while let Some(page) = pages.next().await {
///     for secret in page?.secrets {
///         println!("{}", secret.name);
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Pages<'c, O> {
    client: &'c Client,
    next: Option<O>,
}

impl<O> Pages<'_, O>
where
    O: Operation<Provider = Huawei> + Sync,
    O::Output: Send,
{
    /// The next page, `None` after the last one (or after a failed one).
    pub async fn next(&mut self) -> Option<Result<O::Output, Error>> {
        let op = self.next.take()?;
        let answer = self.client.call(&op).await;
        if let Ok(page) = &answer {
            self.next = op.next_page(page);
        }
        Some(answer)
    }
}

impl Client {
    /// Every page of the paged list operation `first` (ListSecrets, ListSecretVersions,
    /// ListSecretTask, ListSecretEvents...), awaited one by one with [`Pages::next`].
    pub fn pages<O: Operation<Provider = Huawei>>(&self, first: O) -> Pages<'_, O> {
        Pages { client: self, next: Some(first) }
    }
}
