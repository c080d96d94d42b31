//! Byte offset → 1-based line and column (columns count Unicode scalar values).

/// Line starts of one text, computed once per file.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Whether each line is pure ASCII, where a column is a byte count: a minified file with
    /// thousands of findings on one long line must not count characters for each of them.
    ascii: Vec<bool>,
}

/// A resolved position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = starts.get(i + 1).map_or(text.len(), |&next| next);
                text.as_bytes()[start..end].is_ascii()
            })
            .collect();
        LineIndex { starts, ascii }
    }

    /// The position of byte `offset`; an offset inside a character counts as that character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = if self.ascii[line] {
            offset - start
        } else {
            // Characters that start before `offset`: a byte inside a character counts as it.
            text.as_bytes()[start..offset]
                .iter()
                .filter(|&&b| (b as i8) >= -0x40)
                .count()
        };
        Position {
            line: line + 1,
            column: column + 1,
            offset,
        }
    }

    /// The byte range of the line holding `offset`, without its line break.
    pub fn line_span(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset.min(text.len())) - 1;
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(text.len(), |&next| next - 1);
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\n  \"é\": 1\n}";
        let idx = LineIndex::new(text);
        let p = idx.position(text, text.find('1').unwrap());
        assert_eq!((p.line, p.column), (2, 8));
    }

    #[test]
    fn ascii_and_non_ascii_lines_agree_on_columns() {
        let text = "ab\na\u{e9}b";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1).column, 2);
        assert_eq!(idx.position(text, 4).column, 2);
        assert_eq!(idx.position(text, 6).column, 3);
    }

    #[test]
    fn offset_past_the_end_is_clamped() {
        let idx = LineIndex::new("ab");
        assert_eq!(idx.position("ab", 99).column, 3);
    }
}
