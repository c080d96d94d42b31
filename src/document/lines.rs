//! Byte offset → 1-based line and column (columns count Unicode scalar values).

/// Line starts of one text, computed once per file.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// For text that is not all ASCII, the characters before each block of [`BLOCK`] bytes: a
    /// column is counted from the nearest block, not from the start of its line, so that thousands
    /// of findings on one long minified line do not each count the line again. Empty for ASCII,
    /// where a column is a byte count.
    chars_before_block: Vec<usize>,
}

const BLOCK: usize = 256;

/// A resolved position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// Characters that start in `bytes`: a byte inside a character counts as that character.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let chars_before_block = if text.is_ascii() {
            Vec::new()
        } else {
            std::iter::once(0)
                .chain(text.as_bytes().chunks(BLOCK).scan(0, |before, block| {
                    *before += char_starts(block);
                    Some(*before)
                }))
                .collect()
        };
        LineIndex {
            starts,
            chars_before_block,
        }
    }

    /// Characters before byte `offset` of `text`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        if self.chars_before_block.is_empty() {
            return offset;
        }
        let block = offset / BLOCK;
        self.chars_before_block[block] + char_starts(&text.as_bytes()[block * BLOCK..offset])
    }

    /// The position of byte `offset`; an offset inside a character counts as that character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.chars_before(text, offset) - self.chars_before(text, self.starts[line]);
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
    fn columns_on_a_long_line_count_across_blocks() {
        // Characters of 1, 2 and 3 bytes, so that blocks start inside characters.
        let line = "a\u{e9}\u{2713}".repeat(300);
        let text = format!("x\n{line}");
        let idx = LineIndex::new(&text);
        for (column, (offset, _)) in line.char_indices().enumerate() {
            let p = idx.position(&text, 2 + offset);
            assert_eq!((p.line, p.column), (2, column + 1), "offset {offset}");
        }
    }

    #[test]
    fn offset_past_the_end_is_clamped() {
        let idx = LineIndex::new("ab");
        assert_eq!(idx.position("ab", 99).column, 3);
    }
}
