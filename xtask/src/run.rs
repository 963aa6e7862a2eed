//! Running cargo from a task, with every exit status checked.

use std::path::PathBuf;
use std::process::Command;

/// The workspace root (the parent of this crate's manifest directory).
pub(crate) fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Loopback never goes through a proxy: tests and examples talk to servers on this machine only.
const NO_PROXY: &str = "127.0.0.1,localhost,::1";

/// Runs `$CARGO <args>` at the workspace root with extra environment variables (and `NO_PROXY`
/// set to loopback, so an `HTTP_PROXY` in the caller's environment cannot capture test traffic).
pub(crate) fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let shown = format!("cargo {}", args.join(" "));
    eprintln!("xtask: running `{shown}`");
    let status = Command::new(cargo)
        .args(args)
        .env("NO_PROXY", with_loopback("NO_PROXY"))
        .env("no_proxy", with_loopback("no_proxy"))
        .envs(env.iter().copied())
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// The caller's `var` (a no-proxy list) with the loopback hosts added.
fn with_loopback(var: &str) -> String {
    match std::env::var(var) {
        Ok(list) if !list.trim().is_empty() => format!("{list},{NO_PROXY}"),
        _ => NO_PROXY.to_owned(),
    }
}
