//! Near misses: how far a mistyped name is from a known one, for did-you-mean hints (configuration,
//! `--select`, suppression comments) and for `unknown-metadata-value`'s typo checks.

/// The Levenshtein distance of `a` and `b` when it is at most `max`. Lengths that differ by more
/// cannot be that close, so a huge key or value costs nothing (the full table is quadratic).
pub fn within(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return None;
    }
    Some(distance(a, b)).filter(|&d| d <= max)
}

/// The candidate nearest to a mistyped `name`, when it is near enough (3 edits) to be what was meant.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .filter_map(|c| within(c, name, 3).map(|d| (d, c)))
        .min()
        .map(|(_, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_and_far_ones() {
        assert_eq!(within("client_secret_base", "client_secret_basic", 2), Some(2));
        assert_eq!(within("none", &"n".repeat(1 << 20), 2), None);
        assert_eq!(
            suggest("pedntic", ["pedantic", "profile"].into_iter()),
            Some("pedantic")
        );
        assert_eq!(suggest("zzzzzzzz", ["pedantic"].into_iter()), None);
    }
}
