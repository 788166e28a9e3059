//! What the paged list operations share: moving on from one page to the next.

/// The marker that asks for the page after one whose answer named `next` as its next
/// marker, when the page was asked for with `asked`: `None` when there is no next page (no
/// marker, or an empty one) and when `next` is `asked` again, so that a server repeating a
/// page cannot loop a caller.
///
/// ```
/// use secretmanager_core::paging::next_marker;
///
/// assert_eq!(next_marker(None, Some("m-2")), Some("m-2".to_owned()));
/// assert_eq!(next_marker(Some("m-2"), Some("m-3")), Some("m-3".to_owned()));
/// assert_eq!(next_marker(Some("m-2"), Some("m-2")), None); // the same page again
/// assert_eq!(next_marker(Some("m-2"), Some("")), None);
/// assert_eq!(next_marker(Some("m-2"), None), None);
/// ```
pub fn next_marker(asked: Option<&str>, next: Option<&str>) -> Option<String> {
    next.filter(|next| !next.is_empty() && Some(*next) != asked).map(str::to_owned)
}

/// The offset of the page after one that started at `offset`, held `count` items and was
/// one of `total` items: `None` when that page was empty or reached the end.
///
/// ```
/// use secretmanager_core::paging::next_offset;
///
/// assert_eq!(next_offset(0, 10, 25), Some(10));
/// assert_eq!(next_offset(20, 5, 25), None);
/// assert_eq!(next_offset(10, 0, 25), None); // an empty page never moves on
/// ```
pub fn next_offset(offset: u64, count: u64, total: u64) -> Option<u64> {
    let next = offset.checked_add(count)?;
    (count > 0 && next < total).then_some(next)
}

/// The number of the page after page `page` (counted from 0) of `limit` items a page, which
/// held `count` items of `total`: `None` when that page was empty or reached the end.
///
/// ```
/// use secretmanager_core::paging::next_page_number;
///
/// assert_eq!(next_page_number(0, 10, 10, 25), Some(1));
/// assert_eq!(next_page_number(2, 10, 5, 25), None); // items 20 to 24: the last page
/// assert_eq!(next_page_number(1, 10, 0, 25), None); // an empty page never moves on
/// ```
pub fn next_page_number(page: u64, limit: u64, count: u64, total: u64) -> Option<u64> {
    let next = page.checked_add(1)?;
    let end = next.checked_mul(limit)?;
    (count > 0 && end < total).then_some(next)
}
