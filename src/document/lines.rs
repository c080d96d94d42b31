//! Byte offset → 1-based line and column (columns count Unicode scalar values).

/// Line starts of one text, computed once per file.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// `u32` and sized exactly: the parsers refuse texts of 4 GiB or more, and on large files this
    /// index is one of the largest allocations.
    starts: Vec<u32>,
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
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // Offsets past `u32::MAX` cannot occur (such texts are refused before indexing); saturate
        // rather than wrap should one ever get here.
        let start_after = |i: usize| u32::try_from(i + 1).unwrap_or(u32::MAX);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(start_after));
        starts.shrink_to_fit();
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
        let line = self.line_of(offset);
        let column = self.chars_before(text, offset) - self.chars_before(text, self.starts[line] as usize);
        Position {
            line: line + 1,
            column: column + 1,
            offset,
        }
    }

    /// The byte range of the line holding `offset`, without its line break.
    pub fn line_span(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset.min(text.len()));
        let start = self.starts[line] as usize;
        let end = self.starts.get(line + 1).map_or(text.len(), |&next| next as usize - 1);
        (start, end)
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| (s as usize) <= offset) - 1
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
    fn line_starts_are_sized_exactly() {
        let idx = LineIndex::new("a\nb\nc\n");
        assert_eq!(idx.starts, [0, 2, 4, 6]);
        assert_eq!(idx.starts.capacity(), 4, "sized exactly");
        assert_eq!(idx.line_span("a\nb\nc\n", 3), (2, 3));
    }

    #[test]
    fn offset_past_the_end_is_clamped() {
        let idx = LineIndex::new("ab");
        assert_eq!(idx.position("ab", 99).column, 3);
    }
}
