//! Repository checks that run as `#[test]`s (`cargo test -p xtask`), each failure naming the fix.

#[cfg(test)]
mod tests {
    use std::fs;

    use crate::run::workspace_root;

    /// Every crate under `crates/`, by directory name, sorted.
    fn product_crates() -> Vec<String> {
        let dir = workspace_root().join("crates");
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .filter(|entry| entry.path().join("Cargo.toml").is_file())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn read(relative: &str) -> String {
        let path = workspace_root().join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The names of a manifest's `[dependencies]` table (not dev- or build-dependencies).
    fn normal_dependencies(manifest: &str) -> Vec<String> {
        let mut in_table = false;
        let mut names = Vec::new();
        for line in manifest.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                // `[dependencies]`, `[dependencies.foo]` and `[target.'cfg(..)'.dependencies]`
                // all add runtime dependencies; dev- and build-dependencies do not.
                let header = line.trim_matches(['[', ']']);
                in_table = header == "dependencies"
                    || header.ends_with(".dependencies")
                    || header.starts_with("dependencies.");
                if let Some(name) = header.strip_prefix("dependencies.") {
                    names.push(name.to_owned());
                    in_table = false;
                }
                continue;
            }
            if in_table
                && !line.starts_with('#')
                && let Some((name, _)) = line.split_once(['=', '.'])
            {
                names.push(name.trim().to_owned());
            }
        }
        names
    }

    #[test]
    fn pc_models_depends_on_no_async_runtime_or_http_stack() {
        let allowed = [
            "serde",
            "serde_json",
            "serde_repr",
            "time",
            "uuid",
            "thiserror",
        ];
        let deps = normal_dependencies(&read("crates/pc-models/Cargo.toml"));
        for dep in &deps {
            assert!(
                allowed.contains(&dep.as_str()),
                "pc-models must stay free of I/O crates but depends on {dep}; move that code to pc-client"
            );
        }
        assert!(deps.contains(&"serde_repr".to_owned()));
    }

    #[test]
    fn every_member_uses_the_workspace_lints() {
        let crates = product_crates()
            .into_iter()
            .map(|name| format!("crates/{name}"));
        for member in crates.chain(["xtask".to_owned(), "tests".to_owned()]) {
            let manifest = read(&format!("{member}/Cargo.toml"));
            assert!(
                manifest.contains("[lints]\nworkspace = true"),
                "{member}/Cargo.toml lacks `[lints] workspace = true`; add it"
            );
        }
    }

    #[test]
    fn readme_holds_exactly_two_setup_commands_and_ci_runs_the_test_one() {
        let readme = read("README.md");
        let blocks: Vec<&str> = readme
            .split("```sh\n")
            .skip(1)
            .filter_map(|rest| rest.split("```").next())
            .map(str::trim)
            .collect();
        assert_eq!(
            blocks,
            ["cargo run -p pc-cli -- demo", "cargo xtask ci"],
            "README.md must hold exactly the run and test commands as sh blocks"
        );
        assert!(
            read(".ci/run")
                .lines()
                .any(|l| l.trim() == "cargo xtask ci"),
            ".ci/run must run the README's test command, `cargo xtask ci`"
        );
    }

    #[test]
    fn lib_rs_files_hold_only_docs_modules_and_re_exports() {
        for krate in product_crates() {
            let lib = read(&format!("crates/{krate}/src/lib.rs"));
            let code_lines = lib
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("//"))
                .filter(|l| {
                    !(l.starts_with("mod ")
                        || l.starts_with("pub mod ")
                        || l.starts_with("pub use ")
                        || l.starts_with("use ")
                        || l.starts_with("#[")
                        || l.starts_with("#!["))
                })
                .count();
            assert!(
                code_lines <= 8,
                "crates/{krate}/src/lib.rs holds {code_lines} lines of code; move logic into a module"
            );
        }
    }

    #[test]
    fn ci_runs_every_example_of_pc_client() {
        let dir = workspace_root().join("crates/pc-client/examples");
        let mut on_disk: Vec<String> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                name.strip_suffix(".rs").map(str::to_owned)
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = crate::ci::EXAMPLES
            .iter()
            .map(|e| (*e).to_owned())
            .collect();
        listed.sort();
        assert_eq!(
            on_disk, listed,
            "add the new example to EXAMPLES in xtask/src/ci.rs"
        );
        let index = read("crates/pc-client/examples/README.md");
        for example in &listed {
            assert!(
                index.contains(&format!("`{example}`")),
                "crates/pc-client/examples/README.md does not index {example}"
            );
        }
    }

    #[test]
    fn unsafe_code_appears_only_in_the_benchmark_allocator() {
        let mut offenders = Vec::new();
        let mut stack = vec![
            workspace_root().join("crates"),
            workspace_root().join("tests"),
        ];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = fs::read_to_string(&path).unwrap_or_default();
                    let allowed = path.ends_with("crates/pc-client/benches/throughput.rs");
                    if text.contains("unsafe") && text.contains("allow(unsafe_code)") && !allowed {
                        offenders.push(path.display().to_string());
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "`unsafe_code` is denied workspace-wide; only the bench allocator may allow it: {offenders:?}"
        );
    }
}
