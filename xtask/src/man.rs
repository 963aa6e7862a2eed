//! `cargo xtask man`: the man pages of `pc`, generated from `pc_cli::command()` by pc-cli's
//! `man` example (clap_mangen), into `target/man/` (`pc.1` and one page per subcommand).
//!
//! # Design
//!
//! Issue 11. The generator is an example of pc-cli, not code in xtask: xtask stays free of the
//! client's dependency tree (it builds in seconds), and clap_mangen stays out of the shipped
//! binary (it is a dev-dependency of pc-cli).

use crate::run::{cargo, workspace_root};

/// Writes the man pages to `target/man/`.
pub(crate) fn run() -> Result<(), String> {
    let dir = workspace_root().join("target").join("man");
    let dir = dir.to_string_lossy();
    cargo(
        &[
            "run",
            "--locked",
            "--quiet",
            "-p",
            "pc-cli",
            "--example",
            "man",
            "--",
            &dir,
        ],
        &[],
    )
}
