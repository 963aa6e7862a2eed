//! `cargo xtask ci`: the checks CI runs, in order, stopping at the first failure.

use crate::run::cargo;

/// Runs every check; a failure names the command that reproduces it.
pub(crate) fn run() -> Result<(), String> {
    cargo(&["fmt", "--all", "--", "--check"], &[])
        .map_err(|e| format!("{e}; run `cargo fmt --all` to fix"))?;
    cargo(
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    cargo(&["test", "--workspace", "--all-features", "--locked"], &[])?;
    cargo(
        &[
            "doc",
            "--workspace",
            "--no-deps",
            "--all-features",
            "--locked",
        ],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    // Feature matrix: the SDK crates without their default transport.
    cargo(
        &[
            "build",
            "--locked",
            "-p",
            "pc-transport",
            "-p",
            "pc-client",
            "--no-default-features",
        ],
        &[],
    )?;
    cargo(
        &[
            "build",
            "--locked",
            "-p",
            "pc-models",
            "-p",
            "pc-transport",
            "-p",
            "pc-client",
        ],
        &[],
    )?;
    cargo(&["build", "--locked", "--workspace", "--examples"], &[])?;
    eprintln!("xtask: ci passed");
    Ok(())
}
