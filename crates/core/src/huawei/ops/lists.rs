//! Lists in the answers of the tag, event, grant and account operations: `null` reads as no
//! items (CSMS sends `null` for an empty list), an absent list too (with `#[serde(default)]`).

use serde::{Deserialize, Deserializer};

/// Serde `deserialize_with` for a list field of an answer: an array (at most
/// [`crate::wire::bounded_list`]'s limit of items) or `null`, which is no items.
pub(crate) fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Items<T>(Vec<T>);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Items<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::wire::bounded_list(deserializer).map(Items)
        }
    }

    Ok(Option::<Items<T>>::deserialize(deserializer)?.map_or_else(Vec::new, |items| items.0))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Page {
        #[serde(default, deserialize_with = "super::null_as_empty")]
        items: Vec<u8>,
    }

    #[test]
    fn null_and_absent_lists_are_empty_and_other_shapes_are_refused() {
        let read = |text: &str| serde_json::from_str::<Page>(text).map(|page| page.items);
        assert_eq!(read(r#"{"items":[1,2]}"#).unwrap(), [1, 2]);
        assert!(read(r#"{"items":null}"#).unwrap().is_empty());
        assert!(read("{}").unwrap().is_empty());
        assert!(read(r#"{"items":"1"}"#).is_err());
        assert!(read(r#"{"items":[null]}"#).is_err());
        let over = format!(r#"{{"items":[{}]}}"#, vec!["1"; crate::wire::MAX_LIST_ITEMS + 1].join(","));
        assert!(read(&over).is_err());
    }
}
