//! The command line that resumes a bulk run or wait, for the messages that end one.
//!
//! It repeats the global settings that change what is sent (endpoint, contract, retries, call
//! deadline, locale, application) and the command's own flags, each value quoted for a POSIX
//! shell when it needs it. Secrets (tokens, client secrets) are never in it: the rerun needs
//! the same credentials, from the same flags or variables.

use std::path::Path;

use crate::{BulkCreateArgs, BulkWaitArgs, ContractArg, GlobalArgs};

/// `--max-attempts`' default (keep in step with `GlobalArgs`).
const DEFAULT_MAX_ATTEMPTS: u32 = 4;
/// `--timeout`'s default in seconds (keep in step with `GlobalArgs`).
const DEFAULT_TIMEOUT_SECS: f64 = 120.0;
/// `--concurrency`'s default (keep in step with the bulk flags).
const DEFAULT_CONCURRENCY: u32 = 16;

/// `pc ... bulk create --input ... --ledger ...` as given.
pub(super) fn create_command(global: &GlobalArgs, args: &BulkCreateArgs, ledger: &Path) -> String {
    let mut words = global_words(global);
    words.extend(["bulk".into(), "create".into(), "--input".into()]);
    words.push(path(&args.input));
    words.push("--ledger".into());
    words.push(path(ledger));
    if args.concurrency != DEFAULT_CONCURRENCY {
        words.extend(["--concurrency".into(), args.concurrency.to_string()]);
    }
    if let Some(rate) = args.rate {
        words.extend(["--rate".into(), rate.to_string()]);
    }
    line(&words)
}

/// `pc ... bulk wait --ledger ...` as given (the deadline left to its default).
pub(super) fn wait_command(global: &GlobalArgs, args: &BulkWaitArgs) -> String {
    let mut words = global_words(global);
    words.extend(["bulk".into(), "wait".into(), "--ledger".into()]);
    words.push(path(&args.ledger));
    if args.concurrency != DEFAULT_CONCURRENCY {
        words.extend(["--concurrency".into(), args.concurrency.to_string()]);
    }
    if let Some(rate) = args.rate {
        words.extend(["--rate".into(), rate.to_string()]);
    }
    line(&words)
}

/// `pc` and the global flags that shape what is sent.
fn global_words(global: &GlobalArgs) -> Vec<String> {
    let mut words = vec!["pc".to_owned()];
    if let Some(endpoint) = &global.endpoint {
        words.extend(["--endpoint".into(), endpoint.clone()]);
    }
    if global.contract == ContractArg::Object {
        words.extend(["--contract".into(), "object".into()]);
    }
    if global.max_attempts != DEFAULT_MAX_ATTEMPTS {
        words.extend(["--max-attempts".into(), global.max_attempts.to_string()]);
    }
    let timeout = global.timeout.as_secs_f64();
    if timeout != DEFAULT_TIMEOUT_SECS {
        words.extend(["--timeout".into(), timeout.to_string()]);
    }
    if let Some(locale) = &global.locale {
        words.extend(["--locale".into(), locale.clone()]);
    }
    if let Some(application) = &global.application {
        words.extend(["--application".into(), application.clone()]);
    }
    words
}

fn path(path: &Path) -> String {
    path.display().to_string()
}

/// The words as one POSIX shell line.
fn line(words: &[String]) -> String {
    words
        .iter()
        .map(|word| quote(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `word` as a POSIX shell word: as it is when it holds only safe characters, else in single
/// quotes (a quote inside written `'\''`).
fn quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_needed() {
        assert_eq!(quote("run.db"), "run.db");
        assert_eq!(quote("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(quote("my file.csv"), "'my file.csv'");
        assert_eq!(quote("it's.csv"), r"'it'\''s.csv'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("$(rm -rf)"), "'$(rm -rf)'");
    }
}
