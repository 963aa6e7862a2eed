//! `cargo xtask ci`: the checks CI runs, in order, stopping at the first failure.

use crate::run::{cargo, dead_proxy_env};
use crate::{docsrs, licenses, man, package};

/// The examples of pc-client, each run against the emulator.
pub(crate) const EXAMPLES: [&str; 7] = [
    "list_qualifications",
    "create_education",
    "create_gcc",
    "legacy",
    "call_options",
    "custom_transport",
    "handle_errors",
];

/// Runs every check; a failure names the command that reproduces it.
pub(crate) fn run() -> Result<(), String> {
    cargo(&["fmt", "--all", "--", "--check"], &[])
        .map_err(|e| format!("{e}; run `cargo fmt --all` to fix"))?;
    // Offline and quick: every package of the locked tree under an accepted license.
    licenses::run().map_err(|e| format!("{e}\nreproduce with `cargo xtask licenses`"))?;
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
    // Tests and examples run with every proxy variable pointing at a closed port: loopback
    // traffic (wiremock, the emulator) must never go through a proxy.
    let proxies = dead_proxy_env();
    let proxies: Vec<(&str, &str)> = proxies.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // The short fuzz run: the tests include the fuzz targets of pc-models and pc-emulator, at
    // their default case counts (a few seconds) whatever `PC_FUZZ_CASES` the caller exported;
    // `cargo xtask fuzz --cases N` is the long run.
    let mut test_env = proxies.clone();
    test_env.push(("PC_FUZZ_CASES", ""));
    cargo(
        &["test", "--workspace", "--all-features", "--locked"],
        &test_env,
    )?;
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
    // The same docs as docs.rs builds them: `--cfg docsrs` code compiles too.
    docsrs::run().map_err(|e| format!("{e}; reproduce with `cargo xtask docsrs`"))?;
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
    // The examples run offline against the in-process emulator: run them, not only build them.
    for example in EXAMPLES {
        cargo(
            &[
                "run",
                "--locked",
                "--quiet",
                "-p",
                "pc-client",
                "--example",
                example,
            ],
            &proxies,
        )?;
    }
    // The test kit's example tests a small service against its mock Partner Center.
    cargo(
        &[
            "run",
            "--locked",
            "--quiet",
            "-p",
            "pc-testkit",
            "--example",
            "test_a_service",
        ],
        &proxies,
    )?;
    // The man pages generate (their content is tested by pc-cli's `completions` suite).
    man::run()?;
    // Last, as the slowest new step: each publishable crate packaged and built from its
    // `.crate` file against its siblings' packages (see `package` for why one invocation).
    package::run().map_err(|e| format!("{e}; reproduce with `cargo xtask package`"))?;
    eprintln!("xtask: ci passed");
    Ok(())
}
