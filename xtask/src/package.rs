//! `cargo xtask package`: packages every publishable crate and builds each package from its
//! `.crate` file, as `cargo publish` would, without uploading anything.
//!
//! - [`publishable`]: the workspace members without `publish = false`, from `cargo metadata`.
//! - [`run`]: `cargo package --locked --offline --allow-dirty -p <each publishable crate>`.
//!
//! # Design
//!
//! Issue 11. Our crates depend on each other and none is on crates.io yet, so packaging one at a
//! time fails for every crate but pc-models: the verify build resolves `pc-models = "0.1.0"`
//! from the registry and finds nothing. Since cargo 1.90, one `cargo package` invocation for
//! several members packages them in dependency order and overlays the packages it just made as
//! a local registry (`target/package/tmp-registry`), so every crate is verified against its
//! siblings' `.crate` files, never their source directories. This works with `-p` for each
//! publishable member; `--workspace` would also package the unpublished test crates, whose
//! path-only dependencies cannot be packaged. `--no-verify` is therefore not needed.
//!
//! All verify builds share one target directory of their own (`target/package-verify`), so each
//! dependency is compiled once for the whole set, and it survives between runs. `--offline`:
//! everything was fetched by the earlier steps. `--allow-dirty`: packaging checks what is in
//! the tree; a local `cargo xtask ci` with uncommitted edits must still run (CI's clone is
//! clean).

use std::process::Command;

use serde_json::Value;

use crate::run::{cargo, workspace_root};

/// Packages and verifies every publishable crate.
pub(crate) fn run() -> Result<(), String> {
    let crates = publishable()?;
    forget_unpacked_overlays(&crates)?;
    let target = workspace_root().join("target").join("package-verify");
    forget_builds(&target, &crates)?;
    let target = target.to_string_lossy().into_owned();
    let mut args = vec![
        "package",
        "--locked",
        "--offline",
        "--allow-dirty",
        "--target-dir",
        target.as_str(),
    ];
    for name in &crates {
        args.extend(["-p", name.as_str()]);
    }
    cargo(&args, &[])
}

/// Removes the fingerprints of `crates` in the verify target directory, so they are rebuilt.
fn forget_builds(target: &std::path::Path, crates: &[String]) -> Result<(), String> {
    let fingerprints = target.join("debug").join(".fingerprint");
    let Ok(entries) = std::fs::read_dir(&fingerprints) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        // `<package>-<16 hex digits>`.
        let package = name.rsplit_once('-').map_or(name.as_str(), |(p, _)| p);
        if crates.iter().any(|c| c == package) {
            std::fs::remove_dir_all(entry.path())
                .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Removes `<crate>-<version>` unpacked from earlier runs' local overlay registries (every
/// registry directory but crates.io's `index.*` ones), so each run verifies today's sources.
fn forget_unpacked_overlays(crates: &[String]) -> Result<(), String> {
    let Some(home) = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
    else {
        return Ok(());
    };
    let version = env!("CARGO_PKG_VERSION");
    for area in ["src", "cache"] {
        let Ok(registries) = std::fs::read_dir(home.join("registry").join(area)) else {
            continue;
        };
        for registry in registries.filter_map(Result::ok) {
            if registry.file_name().to_string_lossy().starts_with("index.") {
                continue;
            }
            for name in crates {
                let unpacked = registry.path().join(format!("{name}-{version}"));
                let packed = registry.path().join(format!("{name}-{version}.crate"));
                for path in [unpacked, packed] {
                    let removed = if path.is_dir() {
                        std::fs::remove_dir_all(&path)
                    } else if path.is_file() {
                        std::fs::remove_file(&path)
                    } else {
                        continue;
                    };
                    removed.map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
                }
            }
        }
    }
    Ok(())
}

/// The workspace members that may be published (`publish` not `false`), sorted by name.
pub(crate) fn publishable() -> Result<Vec<String>, String> {
    let metadata = metadata_no_deps()?;
    let mut names: Vec<String> = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no `packages` array")?
        .iter()
        // `publish = false` is `"publish": []`; unset is `null`.
        .filter(|p| !p["publish"].as_array().is_some_and(Vec::is_empty))
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    names.sort();
    Ok(names)
}

/// `cargo metadata --no-deps` of the workspace: the members and their manifests, no resolution.
pub(crate) fn metadata_no_deps() -> Result<Value, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let shown = "cargo metadata --format-version 1 --no-deps --offline";
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
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
    serde_json::from_slice(&output.stdout).map_err(|e| format!("`{shown}` printed no JSON: {e}"))
}
