//! One `.oauthlint.toml` (README "Configuration"), read with spans so that every mistake is an
//! error that points at its key: unknown keys get a did-you-mean, rule options are checked against
//! the options the rule's doc declares.

use crate::cli::FailOn;
use crate::document::{self, Cursor, LineIndex, Node, Span, Syntax, Value};
use crate::finding::Severity;
use crate::infer::ClientType;
use crate::placeholder::Pattern;
use crate::registry::{self, OptionKind};
use crate::spelling::suggest;
use clap::ValueEnum;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The one file name, with no alternatives.
pub const FILE_NAME: &str = ".oauthlint.toml";

/// A configuration file, checked.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    pub path: PathBuf,
    /// Another configuration this one builds on, resolved against this file's folder.
    pub extend: Option<PathBuf>,
    pub fail_on: Option<FailOn>,
    pub pedantic: Option<bool>,
    pub profile: Option<String>,
    pub allow_dev_loopback: Option<bool>,
    pub strict: Option<bool>,
    /// Globs over paths relative to this file's folder.
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    /// Placeholder syntaxes of the project's own templates, added to the built-in grammar.
    pub placeholders: Vec<Pattern>,
    pub rules: Vec<RuleConfig>,
    pub overrides: Vec<Override>,
    pub ignores: Vec<IgnoreEntry>,
    /// `[clients."FILE#POINTER"]`: a client's type, where inference cannot know it.
    pub clients: Vec<PinnedClient>,
}

/// An `[[ignore]]` entry: findings to suppress in files that have no comments (plain JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreEntry {
    /// Globs over paths relative to the configuration file's folder.
    pub files: Vec<String>,
    /// Only findings at or under this JSON pointer.
    pub pointer: Option<String>,
    pub rules: Vec<&'static str>,
    pub reason: String,
    /// The last day the entry applies (`YYYY-MM-DD`); after it the findings come back.
    pub expires: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedClient {
    /// The file, relative to the configuration file's folder.
    pub file: String,
    /// The client's JSON pointer in that file (empty for a file that is one client).
    pub pointer: String,
    pub client_type: ClientType,
}

/// A `[rules.NAME]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleConfig {
    pub rule: &'static str,
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
    /// Option values, in seconds or counts.
    pub options: Vec<(&'static str, u64)>,
}

/// An `[[overrides]]` entry: rule settings for the files its globs match.
#[derive(Debug, Clone)]
pub struct Override {
    /// Globs over paths relative to the configuration file's folder.
    pub files: Vec<String>,
    pub rules: Vec<RuleConfig>,
}

/// A mistake in a configuration file, at its line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    /// 1-based; 0 when the mistake is not at a place in the file (it cannot be read).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path, self.message)
        } else {
            write!(f, "{}:{}:{}: {}", self.path, self.line, self.column, self.message)
        }
    }
}

/// The top-level keys the parser reads; `schema.rs` describes each.
pub const TOP_KEYS: &[&str] = &[
    "extend",
    "fail-on",
    "pedantic",
    "profile",
    "allow-dev-loopback",
    "strict",
    "include",
    "exclude",
    "placeholders",
    "rules",
    "overrides",
    "ignore",
    "clients",
];
pub(super) const CLIENT_TYPES: &[ClientType] = &[
    ClientType::M2m,
    ClientType::Web,
    ClientType::Spa,
    ClientType::Native,
    ClientType::Ropc,
    ClientType::JwtBearer,
    ClientType::Device,
];
pub(super) const PROFILES: &[&str] = &["oauth21", "fapi2"];
pub(super) const SEVERITIES: &[&str] = &["error", "warning", "note"];

/// Reads a configuration file from disk.
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let fail = |message: String| ConfigError {
        path: crate::discover::display_path(path),
        line: 0,
        column: 0,
        message: format!("cannot read the configuration: {message}"),
    };
    if crate::discover::escapes_through_symlink(path) {
        return Err(fail("a symbolic link out of the repository".into()));
    }
    // `extend` may name anything: a device or a pipe would never end, a huge file never parse.
    let bytes = crate::discover::read_file_bounded(path, MAX_SIZE).map_err(|e| match e {
        crate::discover::ReadError::TooLarge => fail(format!("larger than {MAX_SIZE} bytes")),
        crate::discover::ReadError::Io(e) => fail(e.to_string()),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".into()))?;
    parse(path, &text)
}

/// Configurations are a few dozen lines; anything this big is not one.
const MAX_SIZE: u64 = 1 << 20;

/// Parses and checks a configuration's text; `path` names it in errors and anchors relative paths.
pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    let text: Arc<str> = Arc::from(text);
    let reader = Reader {
        path,
        text: &text,
        lines: LineIndex::new(&text),
    };
    let doc = document::parse(&text, Syntax::Toml).map_err(|e| reader.error(e.span, e.message))?;
    reader.file(&Cursor::root(&doc))
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    lines: LineIndex,
}

type Result<T, E = ConfigError> = std::result::Result<T, E>;

impl Reader<'_> {
    fn error(&self, span: Span, message: impl Into<String>) -> ConfigError {
        let at = self.lines.position(self.text, span.start);
        ConfigError {
            path: crate::discover::display_path(self.path),
            line: at.line,
            column: at.column,
            message: message.into(),
        }
    }

    /// The error for a key that is not among `known`, with the nearest one as a hint.
    fn unknown(&self, at: &Cursor, what: &str, key: &str, known: &[&str]) -> ConfigError {
        let hint = suggest(key, known.iter().copied())
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        self.error(
            at.key_span.unwrap_or(at.span()),
            format!("unknown {what} `{key}`{hint}"),
        )
    }

    fn file(&self, root: &Cursor) -> Result<ConfigFile> {
        let mut config = ConfigFile {
            path: self.path.to_path_buf(),
            ..ConfigFile::default()
        };
        for (key, value) in root.members() {
            match key {
                "extend" => {
                    let base = self.path.parent().unwrap_or(Path::new(""));
                    let target = self.string(&value)?;
                    // A configuration a pull request edits may point anywhere: at `/etc/passwd`,
                    // `/proc/self/environ` or a private key. Only another configuration is read.
                    if !target.ends_with(".toml") {
                        return Err(self.error(
                            value.span(),
                            "`extend` names another configuration file, a `.toml` file",
                        ));
                    }
                    config.extend = Some(base.join(target));
                }
                "fail-on" => {
                    let s = self.string(&value)?;
                    let fail_on = FailOn::from_str(s, false).map_err(|_| {
                        self.error(
                            value.span(),
                            self.choice("fail-on", s, &["error", "warning", "note", "never"]),
                        )
                    })?;
                    config.fail_on = Some(fail_on);
                }
                "pedantic" => config.pedantic = Some(self.bool(&value)?),
                "allow-dev-loopback" => config.allow_dev_loopback = Some(self.bool(&value)?),
                "strict" => config.strict = Some(self.bool(&value)?),
                "profile" => {
                    let s = self.string(&value)?;
                    if !PROFILES.contains(&s) {
                        return Err(self.error(value.span(), self.choice("profile", s, PROFILES)));
                    }
                    config.profile = Some(s.to_string());
                }
                "include" => config.include = Some(self.globs(&value)?),
                "exclude" => config.exclude = Some(self.globs(&value)?),
                "placeholders" => config.placeholders = self.placeholders(&value)?,
                "rules" => config.rules = self.rules(&value)?,
                "overrides" => {
                    let Value::Array(_) = value.node.value else {
                        return Err(self.expected(&value, "an array of tables (`[[overrides]]`)"));
                    };
                    config.overrides = value.items().map(|o| self.override_entry(&o)).collect::<Result<_>>()?;
                }
                "ignore" => {
                    let Value::Array(_) = value.node.value else {
                        return Err(self.expected(&value, "an array of tables (`[[ignore]]`)"));
                    };
                    config.ignores = value.items().map(|i| self.ignore_entry(&i)).collect::<Result<_>>()?;
                }
                "clients" => {
                    if !value.node.is_object() {
                        return Err(self.expected(&value, "a table of `\"FILE#POINTER\"` keys"));
                    }
                    config.clients = value
                        .members()
                        .map(|(k, c)| self.pinned(k, &c))
                        .collect::<Result<_>>()?;
                }
                _ => return Err(self.unknown(&value, "key", key, TOP_KEYS)),
            }
        }
        Ok(config)
    }

    fn override_entry(&self, at: &Cursor) -> Result<Override> {
        if !at.node.is_object() {
            return Err(self.expected(at, "a table"));
        }
        let mut files = None;
        let mut rules = Vec::new();
        for (key, value) in at.members() {
            match key {
                "files" => files = Some(self.globs(&value)?),
                "rules" => rules = self.rules(&value)?,
                _ => return Err(self.unknown(&value, "key", key, &["files", "rules"])),
            }
        }
        let files = files.ok_or_else(|| self.error(at.span(), "an `[[overrides]]` entry needs `files`"))?;
        Ok(Override { files, rules })
    }

    fn ignore_entry(&self, at: &Cursor) -> Result<IgnoreEntry> {
        if !at.node.is_object() {
            return Err(self.expected(at, "a table"));
        }
        let (mut files, mut pointer, mut rules, mut reason, mut expires) = (None, None, None, None, None);
        for (key, value) in at.members() {
            match key {
                "files" => files = Some(self.globs(&value)?),
                "pointer" => {
                    let p = self.string(&value)?;
                    if !p.is_empty() && !p.starts_with('/') {
                        return Err(
                            self.error(value.span(), format!("`{p}` is not a JSON pointer: it starts with `/`"))
                        );
                    }
                    pointer = Some(p.to_string());
                }
                "rules" => rules = Some(self.rule_names(&value)?),
                "reason" => reason = Some(self.string(&value)?.trim().to_string()).filter(|r| !r.is_empty()),
                "expires" => expires = Some(self.date(&value)?),
                _ => return Err(self.unknown(&value, "key", key, &["files", "pointer", "rules", "reason", "expires"])),
            }
        }
        let missing = |what: &str| self.error(at.span(), format!("an `[[ignore]]` entry needs `{what}`"));
        Ok(IgnoreEntry {
            files: files.ok_or_else(|| missing("files"))?,
            pointer,
            rules: rules.ok_or_else(|| missing("rules"))?,
            reason: reason.ok_or_else(|| missing("reason"))?,
            expires,
        })
    }

    fn rule_names(&self, at: &Cursor) -> Result<Vec<&'static str>> {
        let names: Vec<&str> = registry::all().iter().map(|r| r.name).collect();
        let rules = at
            .items()
            .map(|item| {
                let name = self.string(&item)?;
                registry::get(name)
                    .map(|r| r.name)
                    .ok_or_else(|| self.unknown(&item, "rule", name, &names))
            })
            .collect::<Result<Vec<_>>>()?;
        if at.node.as_array().is_none_or(|a| a.is_empty()) {
            return Err(self.expected(at, "a non-empty array of rule names"));
        }
        Ok(rules)
    }

    /// A TOML date (`2027-06-30`) or the same as a string.
    fn date(&self, at: &Cursor) -> Result<String> {
        let s = self
            .string(at)
            .map_err(|_| self.expected(at, "a date (`2027-06-30`)"))?;
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() == 10 && b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10) {
            Ok(s.to_string())
        } else {
            Err(self.error(at.span(), format!("`{s}` is not a date: write it as 2027-06-30")))
        }
    }

    fn pinned(&self, key: &str, at: &Cursor) -> Result<PinnedClient> {
        let (file, pointer) = key.split_once('#').unwrap_or((key, ""));
        let key_span = at.key_span.unwrap_or(at.span());
        if file.is_empty() || !(pointer.is_empty() || pointer.starts_with('/')) {
            return Err(self.error(
                key_span,
                format!("`{key}` is not `FILE#POINTER`, e.g. \"clients/app.json#/\""),
            ));
        }
        if !at.node.is_object() {
            return Err(self.expected(at, "a table with `type`"));
        }
        let names: Vec<&str> = CLIENT_TYPES.iter().map(|t| t.as_str()).collect();
        let mut client_type = None;
        for (k, value) in at.members() {
            if k != "type" {
                return Err(self.unknown(&value, "key", k, &["type"]));
            }
            let s = self.string(&value)?;
            let t = CLIENT_TYPES.iter().find(|t| t.as_str() == s);
            client_type = Some(*t.ok_or_else(|| self.error(value.span(), self.choice("type", s, &names)))?);
        }
        Ok(PinnedClient {
            file: file.to_string(),
            // `#/` and `#` both name the whole file; the root pointer is empty.
            pointer: if pointer == "/" {
                String::new()
            } else {
                pointer.to_string()
            },
            client_type: client_type.ok_or_else(|| self.error(key_span, "a pinned client needs `type`"))?,
        })
    }

    /// `[rules.NAME]` tables, or the inline form `rules = { NAME = { … } }`.
    fn rules(&self, at: &Cursor) -> Result<Vec<RuleConfig>> {
        if !at.node.is_object() {
            return Err(self.expected(at, "a table of rule names"));
        }
        let names: Vec<&str> = registry::all().iter().map(|r| r.name).collect();
        let mut out = Vec::new();
        for (name, table) in at.members() {
            let rule = registry::get(name).ok_or_else(|| self.unknown(&table, "rule", name, &names))?;
            out.push(self.rule(rule, &table)?);
        }
        Ok(out)
    }

    fn rule(&self, rule: &'static registry::Rule, at: &Cursor) -> Result<RuleConfig> {
        if !at.node.is_object() {
            return Err(self.expected(at, "a table (`enabled`, `severity` or the rule's options)"));
        }
        let mut config = RuleConfig {
            rule: rule.name,
            enabled: None,
            severity: None,
            options: Vec::new(),
        };
        let mut keys = vec!["enabled", "severity"];
        keys.extend(rule.options.iter().map(|o| o.name.as_str()));
        for (key, value) in at.members() {
            match key {
                "enabled" => config.enabled = Some(self.bool(&value)?),
                "severity" => {
                    let s = self.string(&value)?;
                    let severity = Severity::parse(s)
                        .ok_or_else(|| self.error(value.span(), self.choice("severity", s, SEVERITIES)))?;
                    config.severity = Some(severity);
                }
                _ => {
                    let option = rule.option(key).ok_or_else(|| {
                        let mut e = self.unknown(&value, &format!("setting of `{}`", rule.name), key, &keys);
                        if rule.options.is_empty() {
                            e.message
                                .push_str("; this rule has no options, only `enabled` and `severity`");
                        }
                        e
                    })?;
                    config
                        .options
                        .push((option.name.as_str(), self.option(option, &value)?));
                }
            }
        }
        Ok(config)
    }

    fn option(&self, option: &registry::RuleOption, at: &Cursor) -> Result<u64> {
        let (written, expected) = match option.kind {
            OptionKind::Duration => (
                at.node.as_str().map(str::to_string).or_else(|| integer(at.node)),
                "a number of seconds or a duration such as \"90m\", \"12h\", \"30d\"",
            ),
            OptionKind::Count => (integer(at.node), "a whole number"),
        };
        written
            .and_then(|w| option.kind.parse(&w))
            .ok_or_else(|| self.expected(at, &format!("{expected} for `{}`", option.name)))
    }

    fn string<'c>(&self, at: &Cursor<'c>) -> Result<&'c str> {
        at.as_str().ok_or_else(|| self.expected(at, "a string"))
    }

    fn bool(&self, at: &Cursor) -> Result<bool> {
        match at.node.value {
            Value::Bool(b) => Ok(b),
            _ => Err(self.expected(at, "true or false")),
        }
    }

    fn globs(&self, at: &Cursor) -> Result<Vec<String>> {
        let items = at
            .node
            .as_array()
            .ok_or_else(|| self.expected(at, "an array of globs"))?;
        items
            .iter()
            .zip(at.items())
            .map(|(node, item)| {
                let glob = node.as_str().ok_or_else(|| self.expected(&item, "a glob string"))?;
                globset::Glob::new(glob).map_err(|e| self.error(node.span(), format!("invalid glob `{glob}`: {e}")))?;
                Ok(glob.to_string())
            })
            .collect()
    }

    fn placeholders(&self, at: &Cursor) -> Result<Vec<Pattern>> {
        let items = at
            .node
            .as_array()
            .ok_or_else(|| self.expected(at, "an array of patterns such as `[[NAME]]`"))?;
        items
            .iter()
            .zip(at.items())
            .map(|(node, item)| {
                let text = node.as_str().ok_or_else(|| self.expected(&item, "a pattern string"))?;
                Pattern::parse(text).map_err(|e| self.error(node.span(), e))
            })
            .collect()
    }

    fn expected(&self, at: &Cursor, what: &str) -> ConfigError {
        self.error(at.span(), format!("expected {what}, found {}", at.node.kind()))
    }

    fn choice(&self, key: &str, value: &str, allowed: &[&str]) -> String {
        let hint = suggest(value, allowed.iter().copied())
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        format!("`{key}` cannot be `{value}`{hint}; one of: {}", allowed.join(", "))
    }
}

/// A TOML integer as written (`3600`), for values that must not be fractional or signed.
fn integer(node: &Node) -> Option<String> {
    match &node.value {
        Value::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<ConfigFile> {
        parse(Path::new("repo/.oauthlint.toml"), text)
    }

    fn error(text: &str) -> String {
        read(text).expect_err("the configuration is rejected").to_string()
    }

    #[test]
    fn reads_every_key() {
        let c = read(
            r#"
extend = "../base.toml"
fail-on = "error"
pedantic = true
profile = "fapi2"
allow-dev-loopback = true
strict = false
include = ["clients/**"]
exclude = ["node_modules/**"]

[rules.long-lived-access-token]
max-bearer-lifetime = "2h"
max-bound-lifetime = 7200

[rules.redirect-uri-http]
enabled = false

[rules.confidential-client-without-pkce]
severity = "error"

[[overrides]]
files = ["dev/**"]
rules = { redirect-uri-http = { severity = "note" } }
"#,
        )
        .unwrap();
        assert_eq!(c.extend, Some(PathBuf::from("repo/../base.toml")));
        assert_eq!(c.fail_on, Some(FailOn::Error));
        assert_eq!(
            (c.pedantic, c.strict, c.allow_dev_loopback),
            (Some(true), Some(false), Some(true))
        );
        assert_eq!(c.profile.as_deref(), Some("fapi2"));
        assert_eq!(c.include, Some(vec!["clients/**".to_string()]));
        assert_eq!(c.exclude, Some(vec!["node_modules/**".to_string()]));
        assert_eq!(
            c.rules[0].options,
            vec![("max-bearer-lifetime", 7200), ("max-bound-lifetime", 7200)]
        );
        assert_eq!(c.rules[1].enabled, Some(false));
        assert_eq!(c.rules[2].severity, Some(Severity::Error));
        assert_eq!(c.overrides[0].files, vec!["dev/**".to_string()]);
        assert_eq!(c.overrides[0].rules[0].rule, "redirect-uri-http");
        assert_eq!(c.overrides[0].rules[0].severity, Some(Severity::Note));
    }

    #[test]
    fn unknown_keys_point_at_the_key_with_a_suggestion() {
        assert_eq!(
            error("pedantic = true\npedntic = true\n"),
            "repo/.oauthlint.toml:2:1: unknown key `pedntic` (did you mean `pedantic`?)"
        );
        assert_eq!(
            error("[rules.redirect-uri-htp]\nenabled = false\n"),
            "repo/.oauthlint.toml:1:8: unknown rule `redirect-uri-htp` (did you mean `redirect-uri-http`?)"
        );
        assert_eq!(
            error("[rules.long-lived-access-token]\nmax-bearer-lifetme = 60\n"),
            "repo/.oauthlint.toml:2:1: unknown setting of `long-lived-access-token` `max-bearer-lifetme` \
             (did you mean `max-bearer-lifetime`?)"
        );
        assert!(error("[rules.implicit-grant]\nmax-lifetime = 60\n").ends_with(
            "unknown setting of `implicit-grant` `max-lifetime`; this rule has no options, only `enabled` and `severity`"
        ));
        assert_eq!(
            error("[[ignore]]\nfiles = [\"a.json\"]\nrules = [\"redirect-uri-htp\"]\nreason = \"x\"\n"),
            "repo/.oauthlint.toml:3:10: unknown rule `redirect-uri-htp` (did you mean `redirect-uri-http`?)"
        );
    }

    #[test]
    fn wrong_values_say_what_was_expected() {
        assert_eq!(
            error("profile = \"oauth2\"\n"),
            "repo/.oauthlint.toml:1:11: `profile` cannot be `oauth2` (did you mean `oauth21`?); one of: oauth21, fapi2"
        );
        assert_eq!(
            error("[rules.weak-client-secret]\nmin-bits = \"lots\"\n"),
            "repo/.oauthlint.toml:2:12: expected a whole number for `min-bits`, found a string"
        );
        assert_eq!(
            error("[rules.long-lived-access-token]\nmax-bearer-lifetime = \"an hour\"\n"),
            "repo/.oauthlint.toml:2:23: expected a number of seconds or a duration such as \"90m\", \"12h\", \
             \"30d\" for `max-bearer-lifetime`, found a string"
        );
        assert_eq!(
            error("[rules.long-lived-access-token]\nmax-bearer-lifetime = -5\n"),
            "repo/.oauthlint.toml:2:23: expected a number of seconds or a duration such as \"90m\", \"12h\", \
             \"30d\" for `max-bearer-lifetime`, found a number"
        );
        assert_eq!(
            error("pedantic = \"yes\"\n"),
            "repo/.oauthlint.toml:1:12: expected true or false, found a string"
        );
        assert_eq!(
            error("exclude = [\"a/[\"]\n"),
            "repo/.oauthlint.toml:1:12: invalid glob `a/[`: error parsing glob 'a/[': unclosed character class; missing ']'"
        );
        assert_eq!(
            error("[[overrides]]\nrules = {}\n"),
            "repo/.oauthlint.toml:1:1: an `[[overrides]]` entry needs `files`"
        );
    }

    #[test]
    fn reads_ignore_entries_and_pinned_clients() {
        let c = read(
            r#"
[[ignore]]
files = ["clients/legacy.json"]
pointer = "/redirect_uris/1"
rules = ["redirect-uri-http"]
reason = "legacy kiosk, retired in Q3"
expires = 2027-06-30

[clients."clients/odd.json#/"]
type = "native"

[clients."realm.json#/clients/3"]
type = "m2m"
"#,
        )
        .unwrap();
        assert_eq!(
            c.ignores,
            vec![IgnoreEntry {
                files: vec!["clients/legacy.json".into()],
                pointer: Some("/redirect_uris/1".into()),
                rules: vec!["redirect-uri-http"],
                reason: "legacy kiosk, retired in Q3".into(),
                expires: Some("2027-06-30".into()),
            }]
        );
        assert_eq!(
            (
                c.clients[0].file.as_str(),
                c.clients[0].pointer.as_str(),
                c.clients[0].client_type
            ),
            ("clients/odd.json", "", ClientType::Native)
        );
        assert_eq!(c.clients[1].pointer, "/clients/3");
    }

    #[test]
    fn ignore_entries_need_files_rules_and_a_reason() {
        let entry = |body: &str| error(&format!("[[ignore]]\n{body}"));
        assert_eq!(
            entry("files = [\"a.json\"]\nrules = [\"implicit-grant\"]\n"),
            "repo/.oauthlint.toml:1:1: an `[[ignore]]` entry needs `reason`"
        );
        assert_eq!(
            entry("files = [\"a.json\"]\nrules = []\nreason = \"r\"\n"),
            "repo/.oauthlint.toml:3:9: expected a non-empty array of rule names, found an array"
        );
        assert_eq!(
            entry("files = [\"a.json\"]\nrules = [\"implicit-grant\"]\nreason = \"r\"\nexpires = \"June\"\n"),
            "repo/.oauthlint.toml:5:11: `June` is not a date: write it as 2027-06-30"
        );
        assert_eq!(
            entry("files = [\"a.json\"]\nrules = [\"implicit-grant\"]\nreason = \"r\"\npointer = \"redirect_uris\"\n"),
            "repo/.oauthlint.toml:5:11: `redirect_uris` is not a JSON pointer: it starts with `/`"
        );
        assert_eq!(
            error("[clients.\"a.json#/\"]\ntype = \"nativ\"\n"),
            "repo/.oauthlint.toml:2:8: `type` cannot be `nativ` (did you mean `native`?); one of: m2m, web, spa, \
             native, ropc, jwt-bearer, device"
        );
    }

    #[test]
    fn a_file_that_is_not_toml_is_an_error_at_its_place() {
        let e = read("pedantic = \n").unwrap_err();
        assert_eq!((e.line, e.path.as_str()), (1, "repo/.oauthlint.toml"));
    }
}
