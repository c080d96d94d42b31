//! Internationalised hosts and homographs (docs/rules-background.md, read by `redirect-uri-idn-host`).
//!
//! The heuristic follows Unicode UTS #39 in a compact, explainable form, one label at a time:
//! * **mixed script**: the label's letters come from more than one script, outside the CJK
//!   combinations UTS #39 §5.2 "Highly Restrictive" allows (Latin with Han and Kana, Han with
//!   Bopomofo, Han with Hangul). Digits, `-` and combining marks belong to no script.
//! * **confusable with ASCII**: every non-ASCII letter of a single-script label has an ASCII
//!   look-alike in a table drawn from UTS #39 `confusables.txt` (Cyrillic `а е о р с у х і ј ѕ ӏ…`,
//!   Greek `ο α ν ρ…`, Armenian `օ ս ո…`, Latin `ı ɑ ɡ…`), so the whole label reads as an ASCII word.
//!
//! A label such as `bücher` (Latin with a diacritic) is neither, and an A-label that decodes to it
//! is not reported.

/// What the host is in each form, and whether it looks like something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idn {
    /// Written with non-ASCII characters (U-labels): browsers send `ascii` instead.
    pub written_unicode: bool,
    /// The host as browsers send it (A-labels).
    pub ascii: String,
    /// The host as people read it.
    pub unicode: String,
    /// Why a label looks like another name, if it does.
    pub homograph: Option<String>,
}

/// `written` is the host as in the file, `parsed` the WHATWG host (lower case, A-labels).
pub fn analyze(written: &str, parsed: &str) -> Option<Idn> {
    let written_unicode = !written.is_ascii();
    let has_a_label = parsed.split('.').any(|l| l.starts_with("xn--"));
    if !written_unicode && !has_a_label {
        return None;
    }
    let (unicode, errors) = idna::domain_to_unicode(parsed);
    let unicode = if errors.is_ok() { unicode } else { parsed.to_string() };
    let homograph = unicode.split('.').find_map(label_homograph);
    Some(Idn {
        written_unicode,
        ascii: parsed.to_string(),
        unicode,
        homograph,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Cherokee,
    Han,
    Hiragana,
    Katakana,
    Bopomofo,
    Hangul,
    /// A script this table does not name: treated as one, so it never makes a label "mixed".
    Other,
}

impl Script {
    fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Greek => "Greek",
            Script::Cyrillic => "Cyrillic",
            Script::Armenian => "Armenian",
            Script::Hebrew => "Hebrew",
            Script::Arabic => "Arabic",
            Script::Cherokee => "Cherokee",
            Script::Han => "Han",
            Script::Hiragana => "Hiragana",
            Script::Katakana => "Katakana",
            Script::Bopomofo => "Bopomofo",
            Script::Hangul => "Hangul",
            Script::Other => "another script",
        }
    }
}

/// The script of a letter by Unicode block; `None` for digits, `-` and combining marks (UTS #24
/// Common and Inherited), which fit any script.
fn script(c: char) -> Option<Script> {
    let cp = u32::from(c);
    Some(match cp {
        _ if c.is_ascii_digit() || c == '-' || (0x300..=0x36F).contains(&cp) => return None,
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x250..=0x2AF | 0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x530..=0x58F => Script::Armenian,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF => Script::Arabic,
        0x13A0..=0x13FF | 0xAB70..=0xABBF => Script::Cherokee,
        0x3040..=0x309F => Script::Hiragana,
        0x30A0..=0x30FF | 0x31F0..=0x31FF => Script::Katakana,
        0x3100..=0x312F | 0x31A0..=0x31BF => Script::Bopomofo,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Script::Han,
        _ => Script::Other,
    })
}

/// UTS #39 §5.2 Highly Restrictive: the script combinations a label may have beyond one script.
const ALLOWED_MIXES: [&[Script]; 3] = [
    &[Script::Latin, Script::Han, Script::Hiragana, Script::Katakana],
    &[Script::Latin, Script::Han, Script::Bopomofo],
    &[Script::Latin, Script::Han, Script::Hangul],
];

/// Non-ASCII letters that look like an ASCII letter (a subset of UTS #39 `confusables.txt`,
/// lower case because IDNA maps labels to lower case).
const LOOK_ALIKES: &[(char, char)] = &[
    // Cyrillic
    ('а', 'a'),
    ('с', 'c'),
    ('ԁ', 'd'),
    ('е', 'e'),
    ('һ', 'h'),
    ('і', 'i'),
    ('ј', 'j'),
    ('ӏ', 'l'),
    ('о', 'o'),
    ('р', 'p'),
    ('ԛ', 'q'),
    ('ѕ', 's'),
    ('ԝ', 'w'),
    ('х', 'x'),
    ('у', 'y'),
    ('ү', 'y'),
    // Greek
    ('α', 'a'),
    ('ι', 'i'),
    ('κ', 'k'),
    ('ν', 'v'),
    ('ο', 'o'),
    ('ρ', 'p'),
    ('υ', 'u'),
    ('χ', 'x'),
    ('γ', 'y'),
    // Armenian
    ('հ', 'h'),
    ('ո', 'n'),
    ('օ', 'o'),
    ('ս', 'u'),
    ('ց', 'g'),
    ('զ', 'q'),
    // Latin letters without diacritics that read as ASCII
    ('ı', 'i'),
    ('ɑ', 'a'),
    ('ɡ', 'g'),
    ('ɩ', 'i'),
    ('ʏ', 'y'),
];

fn look_alike(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    LOOK_ALIKES.iter().find(|(u, _)| *u == c).map(|(_, a)| *a)
}

/// Why one Unicode label looks like something it is not.
fn label_homograph(label: &str) -> Option<String> {
    if label.is_ascii() {
        return None;
    }
    let mut scripts: Vec<Script> = label.chars().filter_map(script).collect();
    scripts.sort();
    scripts.dedup();
    let allowed = scripts.len() <= 1 || ALLOWED_MIXES.iter().any(|mix| scripts.iter().all(|s| mix.contains(s)));
    if !allowed {
        let names: Vec<&str> = scripts.iter().map(|s| s.name()).collect();
        return Some(format!("the label `{label}` mixes {} letters", names.join(" and ")));
    }
    let skeleton: Option<String> = label.chars().map(look_alike).collect();
    let skeleton = skeleton?;
    let script = scripts.first().map_or("non-ASCII", |s| s.name());
    Some(format!(
        "the label `{label}` is written in {script} letters that look like the ASCII `{skeleton}`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn homograph(host: &str) -> Option<String> {
        let url = url::Url::parse(&format!("https://{host}/")).unwrap();
        analyze(host, url.host_str().unwrap()).and_then(|i| i.homograph)
    }

    #[test]
    fn ascii_hosts_are_not_idn() {
        assert_eq!(analyze("app.example.com", "app.example.com"), None);
    }

    #[test]
    fn a_labels_and_u_labels_decode_to_the_same_host() {
        let u = analyze("bücher.example", "xn--bcher-kva.example").unwrap();
        assert!(u.written_unicode);
        assert_eq!(u.unicode, "bücher.example");
        let a = analyze("xn--bcher-kva.example", "xn--bcher-kva.example").unwrap();
        assert!(!a.written_unicode);
        assert_eq!((a.unicode, a.homograph), ("bücher.example".to_string(), None));
    }

    #[test]
    fn whole_script_confusables() {
        // `аррӏе` in Cyrillic, written both ways.
        let why = homograph("xn--80ak6aa92e.com").unwrap();
        assert!(why.contains("Cyrillic") && why.contains("`apple`"), "{why}");
        assert!(homograph("аррӏе.com").is_some());
        assert!(homograph("ɡoogle.com").unwrap().contains("`google`"));
        assert!(homograph("раураl.com").is_some(), "Cyrillic `paypal` minus one letter");
    }

    #[test]
    fn mixed_scripts() {
        let why = homograph("xn--pple-43d.com").unwrap(); // Cyrillic `а` + Latin `pple`
        assert!(why.contains("Latin and Cyrillic"), "{why}");
        assert!(homograph("gοοgle.com").unwrap().contains("Latin and Greek"));
    }

    #[test]
    fn real_international_names_are_not_homographs() {
        for host in [
            "bücher.example",
            "пример.рф",
            "例え.テスト",
            "naïve.example",
            "münchen-2024.de",
            "한국.kr",
            "ελλάδα.gr",
        ] {
            assert_eq!(homograph(host), None, "{host}");
        }
    }
}
