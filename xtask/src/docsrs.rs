//! `cargo xtask docsrs`: the publishable crates documented as docs.rs documents them, with
//! `--cfg docsrs` and every feature, so that the code only docs.rs compiles is compiled here too.
//!
//! # Design
//!
//! Issue 11. Each lib.rs enables `feature(doc_cfg)` (feature labels) under `cfg(docsrs)` only,
//! so stable builds never see it, and nothing but docs.rs would ever compile it: a duplicated
//! attribute (`E0636`) or a broken link under `docsrs` would first show after publishing. docs.rs
//! builds with nightly; no nightly can be installed where CI runs, so this step runs the stable
//! toolchain with `RUSTC_BOOTSTRAP=1`, which unlocks the unstable features of the same compiler.
//! That variable is set for this step alone, into its own target directory (`target/docsrs`),
//! so no other build sees it or has its artifacts invalidated.

use crate::package::publishable;
use crate::run::{cargo, workspace_root};

/// Documents every publishable crate with docs.rs' settings, warnings denied.
pub(crate) fn run() -> Result<(), String> {
    let crates = publishable()?;
    let target = workspace_root().join("target").join("docsrs");
    let target = target.to_string_lossy();
    let mut args = vec![
        "doc",
        "--locked",
        "--no-deps",
        "--all-features",
        "--target-dir",
        &target,
    ];
    for name in &crates {
        args.extend(["-p", name.as_str()]);
    }
    cargo(
        &args,
        &[
            ("RUSTC_BOOTSTRAP", "1"),
            ("RUSTDOCFLAGS", "--cfg docsrs -D warnings"),
        ],
    )
}
