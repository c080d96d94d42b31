//! The JSON Schema of `.oauthlint.toml` (checked in as `schemas/oauthlint-toml.json`, for editors
//! such as Taplo / Even Better TOML), built from what the parser reads: its top-level keys, the
//! profiles, severities and client types it accepts, and every rule with the options its doc
//! declares. `tests/schema.rs` checks that the parser and the schema accept the same files.

use super::file::{CLIENT_TYPES, PROFILES, SEVERITIES, TOP_KEYS};
use crate::cli::FailOn;
use crate::registry::{self, OptionKind};
use clap::ValueEnum;
use serde_json::{json, Map, Value};

/// Where the checked-in schema is published; its `$id`.
pub const ID: &str = "https://raw.githubusercontent.com/oauthlint/oauthlint/main/schemas/oauthlint-toml.json";

/// A duration as rule options take it (`registry::OptionKind::Duration`): seconds, Go-style units
/// (`90m`, `1h30m`, `30d`) or ISO 8601 (`PT1H`).
const DURATION: &str = r"^\s*([0-9]+|[Pp][Tt]([0-9.]+\s*[HhMmSs]\s*)+|([0-9.]+\s*(ns|us|µs|ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|years?)\s*)+)$";

/// The schema. A top-level key the parser reads and [`property`] does not describe is left out,
/// and the schema test names it.
pub fn json_schema() -> Value {
    let properties: Map<String, Value> = TOP_KEYS
        .iter()
        .filter_map(|key| Some((key.to_string(), property(key)?)))
        .collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": ID,
        "title": ".oauthlint.toml",
        "description": "Configuration of oauthlint, the linter for OAuth 2.0 / OpenID Connect client registrations. Paths and globs are relative to the file that names them.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "definitions": {
            "globs": {
                "type": "array",
                "items": { "type": "string" },
                "description": "Globs over paths relative to this file's folder; a glob that matches a folder covers everything in it."
            },
            "rules": rules(),
        }
    })
}

/// The schema of one top-level key.
fn property(key: &str) -> Option<Value> {
    let fail_on: Vec<String> = FailOn::value_variants()
        .iter()
        .filter_map(|v| Some(v.to_possible_value()?.get_name().to_string()))
        .collect();
    let client_types: Vec<&str> = CLIENT_TYPES.iter().map(|t| t.as_str()).collect();
    Some(match key {
        "extend" => json!({ "type": "string", "description": "Another configuration this one builds on." }),
        "fail-on" => {
            json!({ "enum": fail_on, "description": "Exit 1 when a finding is at or above this severity (the current folder's configuration decides for the whole run)." })
        }
        "pedantic" => {
            json!({ "type": "boolean", "description": "Also run the pedantic rules, and report on built-in clients." })
        }
        "profile" => json!({ "enum": PROFILES, "description": "Apply a profile's stricter rules." }),
        "allow-dev-loopback" => {
            json!({ "type": "boolean", "description": "Report http loopback redirects of web and browser apps as warnings (not with the oauth21 profile)." })
        }
        "strict" => {
            json!({ "type": "boolean", "description": "Also warn on client secrets under 160 bits of entropy." })
        }
        "include" => {
            json!({ "$ref": "#/definitions/globs", "description": "Only lint walked files matching these globs; a file named on the command line is always read." })
        }
        "exclude" => {
            json!({ "$ref": "#/definitions/globs", "description": "Skip walked files matching these globs, or in folders matching them; named files too with --force-exclude." })
        }
        "placeholders" => json!({
            "type": "array",
            "description": "Your templates' own placeholder syntax, added to the built-in one: `NAME` marks where the name goes, e.g. `[[NAME]]`.",
            "items": { "type": "string", "pattern": "NAME" },
        }),
        "rules" => json!({ "$ref": "#/definitions/rules" }),
        "overrides" => json!({
            "type": "array",
            "description": "Rule settings for the files the globs match.",
            "items": {
                "type": "object",
                "properties": {
                    "files": { "$ref": "#/definitions/globs" },
                    "rules": { "$ref": "#/definitions/rules" },
                },
                "required": ["files"],
                "additionalProperties": false,
            }
        }),
        "ignore" => json!({
            "type": "array",
            "description": "Findings to suppress in files without comments (plain JSON).",
            "items": {
                "type": "object",
                "properties": {
                    "files": { "$ref": "#/definitions/globs" },
                    "pointer": { "type": "string", "pattern": "^(/[\\s\\S]*)?$", "description": "Only findings at or under this JSON pointer." },
                    "rules": { "type": "array", "minItems": 1, "items": { "enum": rule_names() } },
                    "reason": { "type": "string", "pattern": "\\S", "description": "Why the findings are accepted (required)." },
                    "expires": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "The last day the entry applies (a TOML date); after it the findings are back." },
                },
                "required": ["files", "rules", "reason"],
                "additionalProperties": false,
            }
        }),
        "clients" => json!({
            "type": "object",
            "description": "Pin a client's type where inference cannot know it: keys are \"FILE#POINTER\".",
            "propertyNames": { "pattern": "^[^#]+(#(/[\\s\\S]*)?)?$" },
            "additionalProperties": {
                "type": "object",
                "properties": { "type": { "enum": client_types } },
                "required": ["type"],
                "additionalProperties": false,
            }
        }),
        _ => return None,
    })
}

fn rule_names() -> Vec<&'static str> {
    registry::all().iter().map(|r| r.name).collect()
}

/// `[rules.NAME]`: every rule, with `enabled`, `severity` and the options its doc declares.
fn rules() -> Value {
    let properties: Map<String, Value> = registry::all()
        .iter()
        .map(|rule| {
            let mut settings = Map::new();
            settings.insert("enabled".into(), json!({ "type": "boolean" }));
            settings.insert("severity".into(), json!({ "enum": SEVERITIES }));
            for option in &rule.options {
                let value = match option.kind {
                    OptionKind::Duration => json!({
                        "anyOf": [
                            { "type": "integer", "minimum": 0 },
                            { "type": "string", "pattern": DURATION },
                        ],
                        "description": format!("Seconds or a duration (\"90m\", \"12h\", \"30d\", \"PT1H\"); default {}.", option.written),
                    }),
                    OptionKind::Count => json!({
                        "type": "integer",
                        "minimum": 0,
                        "description": format!("Default {}.", option.written),
                    }),
                };
                settings.insert(option.name.clone(), value);
            }
            let table = json!({
                "type": "object",
                "description": rule.summary,
                "properties": settings,
                "additionalProperties": false,
            });
            (rule.name.to_string(), table)
        })
        .collect();
    json!({
        "type": "object",
        "description": "Per-rule settings: `enabled`, `severity`, and the rule's options (`oauthlint rule NAME` lists them).",
        "properties": properties,
        "additionalProperties": false,
    })
}
