//! What lets the JSON reports (json, SARIF, GitLab) be written as they are rendered: an array whose
//! items come from an iterator while it is serialized, so no report is ever held whole in memory.

use serde::{Serialize, Serializer};

/// A JSON array of the items `F` yields, made when the array is written.
pub struct Each<F>(pub F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_array_is_written_from_its_iterator_as_serde_json_writes_a_vec() {
        let streamed = serde_json::to_string_pretty(&Each(|| (1..=3).map(|n| n * 10))).unwrap();
        assert_eq!(streamed, serde_json::to_string_pretty(&vec![10, 20, 30]).unwrap());
        let empty = serde_json::to_string_pretty(&Each(std::iter::empty::<u8>)).unwrap();
        assert_eq!(empty, "[]");
    }
}
