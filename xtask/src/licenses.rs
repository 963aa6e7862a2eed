//! `cargo xtask licenses`: every package of the dependency tree under a license we accept,
//! checked locally from `cargo metadata` (the `license` field of each manifest; no license
//! service, no advisory database).
//!
//! - [`run`]: reads `cargo metadata --format-version 1 --locked` and fails naming every
//!   package whose `license` expression the [`ALLOWED`] licenses do not satisfy, or that has no
//!   `license` at all (a `license-file` alone cannot be judged by a program).
//! - [`satisfied`]: evaluates one SPDX expression (`OR`, `AND`, `WITH`, parentheses, and the
//!   legacy `/` that old crates use for `OR`) against the allow-list.
//!
//! # Design
//!
//! Issue 11. The allow-list holds permissive licenses only, the ones the tree needs today:
//!
//! - `MIT`, `MIT-0`, `Apache-2.0`, `BSD-2-Clause`, `BSD-3-Clause`, `ISC`, `Zlib`, `CC0-1.0`:
//!   permissive, attribution at most; compatible with our `MIT OR Apache-2.0`.
//! - `Unicode-3.0`: the Unicode data license of the ICU crates behind `url`'s IDNA support;
//!   permissive (keep the notice).
//! - `CDLA-Permissive-2.0`: the license of the Mozilla root certificate data
//!   (`webpki-root-certs`, behind rustls' platform verifier); permissive data license, no
//!   copyleft.
//! - Exception `LLVM-exception` (only after `Apache-2.0`): it removes obligations, never adds.
//!
//! Left out on purpose, so that taking one on is a decision in review, not an accident:
//! copyleft of any strength (`GPL-*`, `LGPL-*`, `MPL-2.0`: file-level copyleft), `OpenSSL` (an
//! advertising clause; aws-lc-sys no longer declares it), `Unlicense` and `BSL-1.0` (only ever
//! offered here next to MIT or Apache-2.0, which satisfy the `OR`). Our own unpublished
//! workspace members (`publish = false`: xtask, the test crates) are never distributed and are
//! skipped; published members are checked like any dependency.
//!
//! The tree is the locked one for every platform (Windows- and macOS-only crates included), not
//! only the packages this machine builds. Its manifests are read from cargo's cache; a package
//! no build here has needed yet (a Windows-only crate, on a fresh machine) is downloaded from
//! the registry first, which is why the call is not `--offline`.

use std::process::Command;

use serde_json::Value;

use crate::run::workspace_root;

/// The licenses a dependency may be under (SPDX identifiers).
pub(crate) const ALLOWED: [&str; 10] = [
    "MIT",
    "MIT-0",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
    "CC0-1.0",
    "Unicode-3.0",
    "CDLA-Permissive-2.0",
];

/// `WITH` exceptions accepted after an allowed license.
pub(crate) const ALLOWED_EXCEPTIONS: [&str; 1] = ["LLVM-exception"];

/// Checks the license of every package of the locked dependency tree.
pub(crate) fn run() -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let shown = "cargo metadata --format-version 1 --locked";
    eprintln!("xtask: running `{shown}` (license check)");
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(workspace_root())
        .output()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{shown}` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("`{shown}` printed no JSON: {e}"))?;
    let problems = problems(&metadata)?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "license check failed:\n  {}\nreplace the dependency, or add the license to ALLOWED in \
             xtask/src/licenses.rs with its justification",
            problems.join("\n  ")
        ))
    }
}

/// One line per package whose license is missing or not allowed.
fn problems(metadata: &Value) -> Result<Vec<String>, String> {
    let packages = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no `packages` array")?;
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .map(|ids| ids.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut problems = Vec::new();
    for package in packages {
        let name = package["name"].as_str().unwrap_or("?");
        let version = package["version"].as_str().unwrap_or("?");
        let id = package["id"].as_str().unwrap_or_default();
        // `publish = false` is `"publish": []`.
        let unpublished = package["publish"].as_array().is_some_and(Vec::is_empty);
        if members.contains(&id) && unpublished {
            continue;
        }
        match package["license"].as_str() {
            Some(expression) => match satisfied(expression) {
                Ok(true) => {}
                Ok(false) => problems.push(format!(
                    "{name} {version}: `{expression}` allows none of the accepted licenses"
                )),
                Err(e) => problems.push(format!("{name} {version}: `{expression}`: {e}")),
            },
            None => {
                let file = package["license_file"]
                    .as_str()
                    .map(|f| format!(" (only a license-file: {f})"))
                    .unwrap_or_default();
                problems.push(format!("{name} {version}: no SPDX `license`{file}"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    Ok(problems)
}

/// Whether the SPDX expression lets us use the package under [`ALLOWED`] licenses.
///
/// `A OR B` needs either side, `A AND B` both, `A WITH E` an allowed `A` and an allowed `E`.
/// `AND` binds tighter than `OR`; operators are accepted in any case; `/` is the legacy `OR`.
///
/// # Errors
///
/// An expression that does not parse (empty, unbalanced parentheses, a dangling operator).
pub(crate) fn satisfied(expression: &str) -> Result<bool, String> {
    let tokens = tokenize(expression);
    let mut parser = Parser { tokens, at: 0 };
    let value = parser.or()?;
    match parser.tokens.get(parser.at) {
        None => Ok(value),
        Some(extra) => Err(format!("unexpected `{extra}`")),
    }
}

/// Splits on whitespace, parentheses and the legacy `/`.
fn tokenize(expression: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for c in expression.chars() {
        if c.is_whitespace() || matches!(c, '(' | ')' | '/') {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            match c {
                '/' => tokens.push("OR".to_owned()),
                '(' | ')' => tokens.push(c.to_string()),
                _ => {}
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

/// A recursive-descent evaluator over the tokens.
struct Parser {
    tokens: Vec<String>,
    at: usize,
}

impl Parser {
    fn peek_is(&self, operator: &str) -> bool {
        self.tokens
            .get(self.at)
            .is_some_and(|t| t.eq_ignore_ascii_case(operator))
    }

    fn next(&mut self) -> Option<String> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    /// `and ("OR" and)*`: every side is parsed, so that a malformed one is reported.
    fn or(&mut self) -> Result<bool, String> {
        let mut value = self.and()?;
        while self.peek_is("OR") {
            self.at += 1;
            value |= self.and()?;
        }
        Ok(value)
    }

    /// `with ("AND" with)*`.
    fn and(&mut self) -> Result<bool, String> {
        let mut value = self.with()?;
        while self.peek_is("AND") {
            self.at += 1;
            value &= self.with()?;
        }
        Ok(value)
    }

    /// `primary ("WITH" exception)?`.
    fn with(&mut self) -> Result<bool, String> {
        let value = self.primary()?;
        if self.peek_is("WITH") {
            self.at += 1;
            let exception = self.next().ok_or("`WITH` without an exception")?;
            if is_operator(&exception) {
                return Err(format!("`WITH` followed by `{exception}`"));
            }
            return Ok(value && ALLOWED_EXCEPTIONS.contains(&exception.as_str()));
        }
        Ok(value)
    }

    /// `"(" or ")"` or a license identifier.
    fn primary(&mut self) -> Result<bool, String> {
        match self.next() {
            None => Err("expected a license, found the end".to_owned()),
            Some(open) if open == "(" => {
                let value = self.or()?;
                match self.next() {
                    Some(close) if close == ")" => Ok(value),
                    _ => Err("unbalanced parentheses".to_owned()),
                }
            }
            Some(token) if token == ")" || is_operator(&token) => {
                Err(format!("expected a license, found `{token}`"))
            }
            Some(license) => Ok(ALLOWED.contains(&license.as_str())),
        }
    }
}

fn is_operator(token: &str) -> bool {
    ["AND", "OR", "WITH"]
        .iter()
        .any(|op| token.eq_ignore_ascii_case(op))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_allowed_side_of_an_or_is_enough() {
        assert_eq!(satisfied("MIT OR Apache-2.0"), Ok(true));
        assert_eq!(
            satisfied("MIT OR Apache-2.0 OR LGPL-2.1-or-later"),
            Ok(true)
        );
        assert_eq!(satisfied("Unlicense OR MIT"), Ok(true));
        assert_eq!(satisfied("GPL-3.0-only OR LGPL-2.1-or-later"), Ok(false));
    }

    #[test]
    fn every_side_of_an_and_must_be_allowed() {
        assert_eq!(satisfied("Apache-2.0 AND ISC"), Ok(true));
        assert_eq!(satisfied("MIT AND MPL-2.0"), Ok(false));
        assert_eq!(satisfied("(MIT OR Apache-2.0) AND Unicode-3.0"), Ok(true));
        assert_eq!(
            satisfied(
                "ISC AND (Apache-2.0 OR ISC) AND Apache-2.0 AND MIT AND BSD-3-Clause AND \
                 (Apache-2.0 OR ISC OR MIT) AND (Apache-2.0 OR ISC OR MIT-0)"
            ),
            Ok(true)
        );
    }

    #[test]
    fn and_binds_tighter_than_or() {
        // (GPL AND MIT) OR Apache: allowed through Apache.
        assert_eq!(satisfied("GPL-3.0-only AND MIT OR Apache-2.0"), Ok(true));
        // GPL AND (MIT OR Apache): not allowed.
        assert_eq!(satisfied("GPL-3.0-only AND (MIT OR Apache-2.0)"), Ok(false));
    }

    #[test]
    fn with_needs_an_allowed_license_and_an_allowed_exception() {
        assert_eq!(satisfied("Apache-2.0 WITH LLVM-exception"), Ok(true));
        assert_eq!(
            satisfied("Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT"),
            Ok(true)
        );
        assert_eq!(
            satisfied("GPL-2.0-only WITH Classpath-exception-2.0"),
            Ok(false)
        );
        assert_eq!(
            satisfied("Apache-2.0 WITH Some-unknown-exception"),
            Ok(false)
        );
    }

    #[test]
    fn the_legacy_slash_means_or_and_operators_ignore_case() {
        assert_eq!(satisfied("MIT/Apache-2.0"), Ok(true));
        assert_eq!(satisfied("Apache-2.0 / MIT"), Ok(true));
        assert_eq!(satisfied("GPL-3.0/LGPL-3.0"), Ok(false));
        assert_eq!(satisfied("MIT or Apache-2.0"), Ok(true));
    }

    #[test]
    fn license_ids_are_exact() {
        assert_eq!(satisfied("mit"), Ok(false));
        assert_eq!(satisfied("MIT+"), Ok(false));
        assert_eq!(satisfied("MPL-2.0"), Ok(false));
        assert_eq!(satisfied("OpenSSL"), Ok(false));
    }

    #[test]
    fn malformed_expressions_are_errors() {
        for bad in [
            "",
            "MIT OR",
            "AND MIT",
            "(MIT OR Apache-2.0",
            "MIT)",
            "MIT Apache-2.0",
            "Apache-2.0 WITH",
            "Apache-2.0 WITH OR MIT",
            "()",
        ] {
            assert!(satisfied(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn a_package_without_a_license_fails_with_its_name() -> Result<(), String> {
        let metadata = serde_json::json!({
            "workspace_members": ["path+file:///ws#unpublished@0.1.0"],
            "packages": [
                {"id": "a", "name": "fine", "version": "1.0.0", "license": "MIT", "license_file": null, "publish": null},
                {"id": "b", "name": "file-only", "version": "2.0.0", "license": null, "license_file": "LICENSE", "publish": null},
                {"id": "c", "name": "nothing", "version": "3.0.0", "license": null, "license_file": null, "publish": null},
                {"id": "d", "name": "copyleft", "version": "4.0.0", "license": "GPL-3.0-only", "license_file": null, "publish": null},
                {"id": "path+file:///ws#unpublished@0.1.0", "name": "unpublished", "version": "0.1.0", "license": null, "license_file": null, "publish": []},
            ],
        });
        let found = problems(&metadata)?;
        assert_eq!(
            found,
            [
                "copyleft 4.0.0: `GPL-3.0-only` allows none of the accepted licenses",
                "file-only 2.0.0: no SPDX `license` (only a license-file: LICENSE)",
                "nothing 3.0.0: no SPDX `license`",
            ]
        );
        Ok(())
    }
}
