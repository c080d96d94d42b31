//! `oauthlint completions SHELL` and `oauthlint manpage`, through the built binary: the scripts a
//! shell sources and the page `man` shows, checked with the real bash and groff where installed.

mod common;

use common::oauthlint;
use std::io::Write;
use std::process::{Command, Stdio};

fn stdout_of(args: &[&str]) -> String {
    let out = oauthlint().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn installed(program: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        eprintln!("skipped: `{program}` is not installed");
    }
    found
}

#[test]
fn every_shell_gets_a_script_that_knows_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for word in ["inspect", "completions", "manpage", "force-exclude", "fail-on"] {
            assert!(script.contains(word), "{shell}'s script lacks `{word}`");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = oauthlint().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values: bash"));
}

/// What bash offers after `words`, with the generated script sourced.
#[cfg(unix)]
fn bash_completes(script: &str, words: &[&str]) -> Vec<String> {
    let words: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "{script}\nCOMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n_oauthlint oauthlint \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = words.join(" "),
        cword = words.len() - 1,
    );
    piped("bash", &["--norc"], &program).lines().map(String::from).collect()
}

/// What `program` prints when `input` is its stdin; it must succeed.
fn piped(program: &str, args: &[&str], input: &str) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{program} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// Windows runners may answer `bash` with the WSL launcher, which has no Linux to run it in.
#[cfg(unix)]
#[test]
fn bash_completes_flags_subcommands_and_values() {
    if !installed("bash") {
        return;
    }
    let script = stdout_of(&["completions", "bash"]);
    assert_eq!(
        bash_completes(&script, &["oauthlint", "--force-ex"]),
        ["--force-exclude"]
    );
    let subcommands = bash_completes(&script, &["oauthlint", "ins"]);
    assert_eq!(subcommands, ["inspect"]);
    let mut levels = bash_completes(&script, &["oauthlint", "--fail-on", ""]);
    levels.sort();
    assert_eq!(levels, ["error", "never", "note", "warning"]);
}

#[test]
fn the_man_page_renders_with_every_option_and_subcommand() {
    let page = stdout_of(&["manpage"]);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "not roff:\n{}",
        &page[..80.min(page.len())]
    );
    assert!(page.contains(".TH oauthlint 1"), "no title header");
    if !installed("groff") {
        return;
    }
    // Plain text: no colour, bold or underline by overstriking.
    let text = piped("groff", &["-man", "-Tutf8", "-P", "-cbou"], &page);
    // groff may hyphenate or use Unicode dashes; compare without them.
    let plain: String = text.replace(['\u{2010}', '\u{2212}'], "-");
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "SUBCOMMANDS",
        "EXTRA",
        "VERSION",
    ] {
        assert!(plain.contains(section), "no {section} section:\n{plain}");
    }
    for word in [
        "--force-exclude",
        "--max-file-size",
        "oauthlint-inspect",
        "oauthlint-completions",
        "Exit codes",
    ] {
        assert!(plain.contains(word), "the page lacks `{word}`:\n{plain}");
    }
}
