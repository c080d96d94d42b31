//! SARIF 2.1.0 as GitHub code scanning reads it (GitHub's "SARIF support for code scanning"): one run, every
//! enabled rule with its documentation, repository-relative locations, pointer-based fingerprints.
//! Hand-written structs: only the fields we mean to emit.

use super::source_root::encode_uri_path;
use super::{message_with_help, region, severity, Each, View};
use crate::document::Span;
use crate::escape;
use crate::finding::{Finding, Severity};
use crate::fix::Previews;
use crate::lint::FileReport;
use crate::registry::{self, Rule};
use serde::Serialize;
use std::io::{self, Write};

pub const DEFAULT_CATEGORY: &str = "oauthlint/";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// GitHub rejects an upload with more results per run; it shows the top 5,000 by severity anyway.
const MAX_RESULTS: usize = 25_000;
/// GitHub and the SARIF guidance cap descriptions at 1,024 characters.
const MAX_DESCRIPTION: usize = 1024;

#[derive(Serialize)]
struct Log<R> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun<R>; 1],
}

/// `R` is the results, written from the run as they are serialized.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<R> {
    tool: Tool,
    automation_details: AutomationDetails,
    /// Where `%SRCROOT%` is on this machine, for local viewers; GitHub uses its own checkout.
    original_uri_base_ids: BaseIds,
    column_kind: &'static str,
    invocations: [Invocation; 1],
    results: R,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    precision: &'static str,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
    #[serde(rename = "problem.severity", skip_serializing_if = "Option::is_none")]
    problem_severity: Option<&'static str>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
struct BaseIds {
    #[serde(rename = "%SRCROOT%")]
    src_root: Uri,
}

#[derive(Serialize)]
struct Uri {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    /// With a baseline: `new`, and with `--sarif-baselined` also `unchanged` (held back by the
    /// baseline) and `absent` (a fixed entry). By default baselined findings are left out, as GitHub
    /// opens an alert for every result whatever its `baselineState` or `suppressions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    /// The finding's fix, as text replacements in its file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    /// An empty region (start = end) is an insertion point.
    deleted_region: SarifRegion,
    inserted_content: Text,
}

/// Why a result is not to be acted on: the baseline accepted it.
#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

/// Our key in `partialFingerprints`, named after the fingerprint version (docs/fingerprints.md).
#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "oauthlint/v2")]
    pointer: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    /// None for a fixed baseline entry: its finding, and so its place, is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<SarifRegion>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<DocumentIndex>,
}

/// The document of a YAML stream a pointer is in.
#[derive(Serialize)]
struct DocumentIndex {
    document: u32,
}

fn level(s: Severity) -> &'static str {
    s.as_str()
}

/// Cuts at a word boundary so the text stays within `max` characters, ellipsis included.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

fn first_sentence(text: &str) -> &str {
    text.find(". ").map_or(text, |i| &text[..=i])
}

/// Security rules get a score; the syntax rules (`document`) are plain problems.
fn is_security(rule: &Rule) -> bool {
    rule.category != "document"
}

/// Scores on GitHub's scale (> 9 critical, 7–8.9 high, 4–6.9 medium, < 4 low) from the default
/// severity; the rules do not rate impact more finely than that.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "8.0",
        Severity::Warning => "5.5",
        Severity::Note => "3.0",
    }
}

fn descriptor(rule: &'static Rule) -> Descriptor {
    let why = registry::section(rule.doc, "Why is this bad?")
        .and_then(|s| s.split("\n\n").next())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let security = is_security(rule);
    let mut tags: Vec<String> = Vec::new();
    if security {
        tags.extend(["security".to_string(), "oauth".to_string()]);
    }
    tags.push(rule.category.clone());
    tags.extend(
        rule.cwe
            .iter()
            .map(|c| format!("external/cwe/{}", c.to_ascii_lowercase())),
    );
    tags.truncate(10);
    // The doc ends with its `## References`.
    let markdown = format!("# {}\n\n{}", rule.name, rule.doc.trim_end());
    Descriptor {
        id: rule.name,
        name: rule.name,
        short_description: Text {
            text: clip(first_sentence(&rule.summary), MAX_DESCRIPTION),
        },
        full_description: Text {
            text: clip(format!("{} {why}", rule.summary).trim(), MAX_DESCRIPTION),
        },
        help: Help {
            text: rule.doc.trim_end().to_string(),
            markdown,
        },
        help_uri: format!("{}/blob/main/lints/{}.md", env!("CARGO_PKG_REPOSITORY"), rule.name),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            tags,
            // Rules about a client's type rest on inference, which can be wrong; syntax rules cannot.
            precision: match rule.category.as_str() {
                "document" => "very-high",
                "types" => "medium",
                _ => "high",
            },
            security_severity: security.then(|| security_severity(rule.severity)),
            problem_severity: (!security).then_some(match rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "recommendation",
            }),
        },
    }
}

/// Where a file's findings point: a URI relative to the repository root, or an absolute one when
/// there is no relative path (another drive).
fn artifact(view: &View, file: &FileReport) -> ArtifactLocation {
    match view.root.relative(&file.path) {
        Some(rel) => ArtifactLocation {
            uri: encode_uri_path(&rel),
            uri_base_id: Some("%SRCROOT%"),
        },
        None => ArtifactLocation {
            uri: view.root.file_uri(&file.path),
            uri_base_id: None,
        },
    }
}

fn sarif_region(file: &FileReport, span: Span) -> SarifRegion {
    let r = region(file, span);
    SarifRegion {
        start_line: r.start_line,
        start_column: r.start_column,
        end_line: r.end_line,
        end_column: r.end_column,
        byte_offset: span.start,
        byte_length: span.end.saturating_sub(span.start),
    }
}

fn physical(view: &View, file: &FileReport, span: Span) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact(view, file),
        region: Some(sarif_region(file, span)),
    }
}

/// SARIF `fixes` (§3.55): the fix's edits as replacements of regions of the file.
fn fixes(view: &View, file: &FileReport, f: &Finding, previews: &mut Previews) -> Vec<SarifFix> {
    let (Some(fix), Some(edits)) = (&f.fix, previews.edits(file, f)) else {
        return Vec::new();
    };
    vec![SarifFix {
        description: Text {
            text: format!("{} ({})", escape::text(&fix.title), fix.applicability.as_str()),
        },
        artifact_changes: [ArtifactChange {
            artifact_location: artifact(view, file),
            replacements: edits
                .iter()
                .map(|e| Replacement {
                    deleted_region: sarif_region(file, e.span),
                    inserted_content: Text {
                        text: escape::source(&e.replacement).text,
                    },
                })
                .collect(),
        }],
    }]
}

fn result(view: &View, file: &FileReport, f: &Finding, previews: &mut Previews) -> SarifResult {
    // The root pointer (`""`) names the whole document, which the region already shows.
    let logical = (!f.pointer.as_str().is_empty()).then(|| LogicalLocation {
        fully_qualified_name: escape::text(f.pointer.as_str()).into_owned(),
        kind: "value",
        properties: f.document.map(|document| DocumentIndex { document }),
    });
    let related = f
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| Location {
            id: Some(i + 1),
            physical_location: physical(view, file, r.span),
            logical_locations: Vec::new(),
            message: Some(Text {
                text: escape::text(&r.label).into_owned(),
            }),
        })
        .collect();
    SarifResult {
        rule_id: f.rule,
        rule_index: view.rules.iter().position(|r| r.name == f.rule),
        level: level(severity(f)),
        message: Text {
            text: message_with_help(f),
        },
        locations: [Location {
            id: None,
            physical_location: physical(view, file, f.span),
            logical_locations: logical.into_iter().collect(),
            message: None,
        }],
        related_locations: related,
        partial_fingerprints: Fingerprints {
            pointer: view.fingerprint(file, f),
        },
        baseline_state: view.baseline.is_some().then_some("new"),
        suppressions: Vec::new(),
        fixes: fixes(view, file, f, previews),
    }
}

/// A finding the baseline holds back, for `--sarif-baselined`.
fn unchanged_result(view: &View, file: &FileReport, f: &Finding, baseline: &str) -> SarifResult {
    SarifResult {
        baseline_state: Some("unchanged"),
        suppressions: vec![Suppression {
            kind: "external",
            justification: format!("accepted in the baseline {}", escape::text(baseline)),
        }],
        // `--fix` leaves what the baseline accepted alone.
        fixes: Vec::new(),
        ..result(view, file, f, &mut Previews::default())
    }
}

/// A baseline entry whose finding is gone, for `--sarif-baselined`: the file and what it said; no
/// region, as the place is gone too.
/// An entry of a rule this version does not have is left out.
fn absent_result(view: &View, fixed: &crate::baseline::Fixed) -> Option<SarifResult> {
    let e = &fixed.entry;
    let rule_id = registry::all().iter().find(|r| r.name == e.rule)?.name;
    Some(SarifResult {
        rule_id,
        rule_index: view.rules.iter().position(|r| r.name == rule_id),
        level: "none",
        message: Text {
            text: format!("fixed since the baseline: {}", escape::text(&e.message)),
        },
        locations: [Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: encode_uri_path(&e.path),
                    uri_base_id: Some("%SRCROOT%"),
                },
                region: None,
            },
            logical_locations: Vec::new(),
            message: None,
        }],
        related_locations: Vec::new(),
        partial_fingerprints: Fingerprints {
            pointer: e.fingerprint.clone(),
        },
        baseline_state: Some("absent"),
        fixes: Vec::new(),
        suppressions: Vec::new(),
    })
}

/// What the baseline held back, and each entry whose finding is gone (not `absent` results: GitHub
/// would open an alert for each).
fn baseline_notes(view: &View) -> Vec<Notification> {
    let Some(b) = &view.baseline else {
        return Vec::new();
    };
    let note = |text: String| Notification {
        level: "note",
        message: Text { text },
    };
    let mut notes = vec![note(format!(
        "{} finding(s) in the baseline {} are not reported",
        b.baselined, b.path
    ))];
    notes.extend(b.fixed.iter().map(|fixed| {
        let e = &fixed.entry;
        note(format!(
            "fixed since the baseline: {} in {} ({}): {}",
            e.rule, e.path, e.fingerprint, e.message
        ))
    }));
    notes
}

/// With `--sarif-baselined`: the findings the baseline holds back, then its fixed entries.
fn baselined_results<'v>(view: &'v View) -> impl Iterator<Item = SarifResult> + 'v {
    let baseline = view.baseline.as_ref().filter(|_| view.sarif_baselined);
    let unchanged = baseline.into_iter().flat_map(move |b| {
        b.unchanged
            .iter()
            .map(move |(i, f)| unchanged_result(view, &view.run.files[*i], f, &b.path))
    });
    let absent = baseline
        .into_iter()
        .flat_map(move |b| b.fixed.iter().filter_map(move |fixed| absent_result(view, fixed)));
    unchanged.chain(absent)
}

/// The findings SARIF shows, in output order. Over GitHub's limit, the most severe are kept: the
/// errors, then the warnings, then the notes, each in the order of the run (what a stable sort by
/// severity, cut at the limit, gives), read again for each severity instead of held and sorted.
fn shown<'v>(view: &'v View, limit: usize) -> Box<dyn Iterator<Item = (&'v FileReport, &'v Finding)> + 'v> {
    let count = view.findings().count();
    if count <= limit {
        return Box::new(view.findings());
    }
    eprintln!("oauthlint: warning: {count} results; SARIF keeps the {limit} most severe (GitHub rejects more)");
    let by_severity = [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .flat_map(move |s| view.findings().filter(move |(_, f)| severity(f) == s));
    Box::new(by_severity.take(limit))
}

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let results = || {
        shown(view, MAX_RESULTS)
            .scan(Previews::default(), |previews, (file, f)| {
                Some(result(view, file, f, previews))
            })
            .chain(baselined_results(view))
    };
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [SarifRun {
            tool: Tool {
                driver: Driver {
                    name: "oauthlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: view.rules.iter().map(|r| descriptor(r)).collect(),
                },
            },
            automation_details: AutomationDetails {
                id: view.sarif_category.clone(),
            },
            original_uri_base_ids: BaseIds {
                src_root: Uri {
                    uri: view.root.root_uri(),
                },
            },
            column_kind: "unicodeCodePoints",
            invocations: [Invocation {
                execution_successful: view.run.errors.is_empty(),
                tool_execution_notifications: view
                    .run
                    .errors
                    .iter()
                    .map(|e| Notification {
                        level: "error",
                        message: Text {
                            text: format!("{}: {}", escape::text(&e.path), escape::text(&e.message)),
                        },
                    })
                    .chain(baseline_notes(view))
                    .collect(),
            }],
            results: Each(results),
        }],
    };
    escape::write_json(out, &log, true)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_keeps_short_text_and_cuts_long_text_at_a_word() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("one two three four", 10), "one two…");
        assert!(clip(&"word ".repeat(400), MAX_DESCRIPTION).chars().count() <= MAX_DESCRIPTION);
    }

    #[test]
    fn over_the_limit_the_errors_are_kept_then_the_first_warnings_in_the_order_of_the_run() {
        let realm = r#"{"realm": "r", "clients": [
          {"clientId": "spa", "publicClient": true, "redirectUris": ["http://example.com/*"], "implicitFlowEnabled": true},
          {"clientId": "web", "publicClient": false, "secret": "x", "redirectUris": ["https://example.com/cb"], "directAccessGrantsEnabled": true},
          {"clientId": "spa2", "publicClient": true, "redirectUris": ["*"], "attributes": {"pkce.code.challenge.method": "plain"}}
        ]}"#;
        let file = crate::lint_bytes("realm.json", realm.as_bytes(), &crate::config::Settings::default());
        let run = crate::Run {
            files: vec![file],
            ..crate::Run::default()
        };
        let view = View::plain(&run, super::super::SourceRoot::new("/repo".into(), "/repo".into()));
        let rules = |shown: &[(&FileReport, &Finding)]| -> Vec<(&str, usize)> {
            shown.iter().map(|(_, f)| (f.rule, f.span.start)).collect()
        };
        let everything: Vec<_> = view.findings().collect();
        let errors: Vec<_> = everything
            .iter()
            .copied()
            .filter(|(_, f)| severity(f) == Severity::Error)
            .collect();
        let warnings: Vec<_> = everything
            .iter()
            .copied()
            .filter(|(_, f)| severity(f) == Severity::Warning)
            .collect();
        assert!(
            errors.len() >= 2 && warnings.len() >= 2,
            "the realm gives errors and warnings"
        );
        let first_warning = everything.iter().position(|(_, f)| severity(f) == Severity::Warning);
        let last_error = everything.iter().rposition(|(_, f)| severity(f) == Severity::Error);
        assert!(
            first_warning < last_error,
            "in the run, a warning comes before the last error"
        );

        let limit = errors.len() + 1;
        let kept: Vec<_> = shown(&view, limit).collect();
        let expected: Vec<_> = errors.iter().chain(&warnings[..1]).copied().collect();
        assert_eq!(rules(&kept), rules(&expected));
        let all: Vec<_> = shown(&view, everything.len()).collect();
        assert_eq!(rules(&all), rules(&everything), "within the limit, the run's order");
    }

    #[test]
    fn every_rule_has_descriptions_within_githubs_limits() {
        for rule in registry::all() {
            let d = descriptor(rule);
            for text in [&d.short_description.text, &d.full_description.text] {
                assert!(
                    !text.is_empty() && text.chars().count() <= MAX_DESCRIPTION,
                    "{}",
                    rule.name
                );
            }
            assert!(d.properties.tags.len() <= 10, "{}", rule.name);
        }
    }
}
