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

    /// The crates.io category slugs our crates use (each checked against crates.io's list when
    /// added: an unknown slug is silently dropped on publish).
    const CATEGORIES: [&str; 8] = [
        "api-bindings",
        "asynchronous",
        "command-line-utilities",
        "development-tools::testing",
        "encoding",
        "simulation",
        "web-programming::http-client",
        "web-programming::http-server",
    ];

    /// `cargo metadata --no-deps`: every workspace member.
    fn members() -> Vec<serde_json::Value> {
        let metadata = crate::package::metadata_no_deps().unwrap_or_else(|e| panic!("{e}"));
        metadata["packages"].as_array().cloned().unwrap_or_default()
    }

    fn is_publishable(package: &serde_json::Value) -> bool {
        !package["publish"].as_array().is_some_and(Vec::is_empty)
    }

    /// The directory of a member, relative to the workspace root (`crates/pc-models`).
    fn member_dir(package: &serde_json::Value) -> String {
        let manifest = std::path::PathBuf::from(package["manifest_path"].as_str().unwrap_or(""));
        let dir = manifest.parent().unwrap_or(&manifest);
        dir.strip_prefix(workspace_root())
            .unwrap_or(dir)
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn only_the_crates_under_crates_are_publishable() {
        let mut publishable = Vec::new();
        for package in members() {
            let name = package["name"].as_str().unwrap_or("?").to_owned();
            let dir = member_dir(&package);
            if is_publishable(&package) {
                assert!(
                    dir.starts_with("crates/"),
                    "{name} ({dir}) is a test or tool crate: add `publish = false` to {dir}/Cargo.toml"
                );
                publishable.push(dir);
            } else {
                assert!(
                    !dir.starts_with("crates/"),
                    "{name} is under crates/ but has `publish = false`; publish it or move it out"
                );
            }
        }
        publishable.sort();
        let expected: Vec<String> = product_crates()
            .into_iter()
            .map(|c| format!("crates/{c}"))
            .collect();
        assert_eq!(publishable, expected);
    }

    #[test]
    fn every_publishable_crate_is_ready_for_crates_io() {
        for package in members().iter().filter(|p| is_publishable(p)) {
            let dir = member_dir(package);
            for field in [
                "description",
                "license",
                "repository",
                "readme",
                "rust_version",
            ] {
                assert!(
                    package[field].as_str().is_some_and(|v| !v.is_empty()),
                    "{dir}/Cargo.toml lacks `{field}`; add it to its [package]"
                );
            }
            assert!(
                workspace_root().join(&dir).join("README.md").is_file(),
                "{dir}/README.md is missing; crates.io shows it as the crate's page"
            );
            let keywords: Vec<&str> = package["keywords"]
                .as_array()
                .map(|k| k.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            assert!(
                (1..=5).contains(&keywords.len()),
                "{dir}/Cargo.toml: 1 to 5 `keywords` (crates.io's limit), found {keywords:?}"
            );
            for keyword in &keywords {
                let valid = keyword.len() <= 20
                    && keyword.starts_with(|c: char| c.is_ascii_alphabetic())
                    && keyword
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                assert!(
                    valid,
                    "{dir}/Cargo.toml: keyword {keyword:?} is not valid on crates.io"
                );
            }
            let categories: Vec<&str> = package["categories"]
                .as_array()
                .map(|k| k.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            assert!(
                !categories.is_empty() && categories.iter().all(|c| CATEGORIES.contains(c)),
                "{dir}/Cargo.toml: `categories` {categories:?} must be crates.io slugs listed in \
                 CATEGORIES (xtask/src/tidy.rs)"
            );
            let docs_rs = &package["metadata"]["docs"]["rs"];
            assert_eq!(
                docs_rs["all-features"],
                serde_json::json!(true),
                "{dir}/Cargo.toml: add `[package.metadata.docs.rs] all-features = true`"
            );
            assert_eq!(
                docs_rs["rustdoc-args"],
                serde_json::json!(["--cfg", "docsrs"]),
                "{dir}/Cargo.toml: add `rustdoc-args = [\"--cfg\", \"docsrs\"]` to \
                 [package.metadata.docs.rs]"
            );
            let lib = read(&format!("{dir}/src/lib.rs"));
            assert_eq!(
                lib.matches("#![cfg_attr(docsrs, feature(doc_cfg))]")
                    .count(),
                1,
                "{dir}/src/lib.rs: hold `#![cfg_attr(docsrs, feature(doc_cfg))]` exactly once (feature labels \
                 on docs.rs; twice is an error under docsrs)"
            );
            // Unstable rustdoc features only under `docsrs`: stable builds must never see them.
            for line in lib.lines().filter(|l| l.contains("feature(doc")) {
                assert!(
                    line.trim_start().starts_with("#![cfg_attr(docsrs,"),
                    "{dir}/src/lib.rs: `{line}` must be under `cfg_attr(docsrs, ..)`"
                );
            }
            // A path-only dependency cannot be packaged: workspace dependencies carry a version.
            for dep in package["dependencies"].as_array().into_iter().flatten() {
                let is_path = dep["path"].is_string();
                let kind = dep["kind"].as_str().unwrap_or("normal");
                if is_path && kind != "dev" {
                    assert_ne!(
                        dep["req"].as_str(),
                        Some("*"),
                        "{dir}/Cargo.toml: {} has a path but no version; give it one in \
                         [workspace.dependencies]",
                        dep["name"]
                    );
                }
            }
        }
    }

    /// The major.minor of `rustc --version` (the toolchain cargo runs these tests with).
    fn running_rustc() -> String {
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
        let output = std::process::Command::new(&rustc)
            .arg("--version")
            .output()
            .unwrap_or_else(|e| panic!("cannot run `{rustc} --version`: {e}"));
        let text = String::from_utf8_lossy(&output.stdout);
        // "rustc 1.95.0 (59807616e 2026-04-14)"
        let version = text.split_whitespace().nth(1).unwrap_or_default();
        version.splitn(3, '.').take(2).collect::<Vec<_>>().join(".")
    }

    /// Issue 11: `rust-version` claims only what CI verifies. CI builds and tests with one
    /// toolchain (no other can be installed where it runs), so the declared MSRV is that one.
    #[test]
    fn rust_version_is_the_compiler_ci_runs() {
        let running = running_rustc();
        assert!(!running.is_empty(), "could not read `rustc --version`");
        for package in members() {
            let name = package["name"].as_str().unwrap_or("?");
            let declared = package["rust_version"].as_str().unwrap_or_default();
            let declared = declared
                .splitn(3, '.')
                .take(2)
                .collect::<Vec<_>>()
                .join(".");
            if package["publish"].as_array().is_some_and(Vec::is_empty) && declared.is_empty() {
                // An unpublished member outside the workspace settings (tests/consumer).
                continue;
            }
            assert_eq!(
                declared, running,
                "{name} declares rust-version {declared} but CI verifies {running}; set \
                 `rust-version = \"{running}\"` in [workspace.package] (Cargo.toml)"
            );
        }
    }

    /// The number of packages in pc-models' normal dependency closure, itself included.
    const PC_MODELS_CLOSURE: usize = 22;

    /// Issue 11: the wire types' closure is trimmed (no getrandom: ids are generated by the
    /// crates that send requests) and pinned, so that it cannot grow unnoticed.
    #[test]
    fn pc_models_dependency_closure_is_pinned() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let args = [
            "tree",
            "-p",
            "pc-models",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--locked",
            "--offline",
        ];
        let output = std::process::Command::new(&cargo)
            .args(args)
            .current_dir(workspace_root())
            .output()
            .unwrap_or_else(|e| panic!("cannot run `cargo {}`: {e}", args.join(" ")));
        assert!(
            output.status.success(),
            "`cargo {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8_lossy(&output.stdout);
        let mut packages: Vec<&str> = text
            .lines()
            .map(|l| l.trim_end_matches(" (*)"))
            .filter(|l| !l.is_empty())
            .collect();
        packages.sort_unstable();
        packages.dedup();
        for forbidden in ["getrandom", "tokio", "reqwest", "hyper", "http"] {
            assert!(
                !packages
                    .iter()
                    .any(|p| p.split(' ').next() == Some(forbidden)),
                "pc-models depends on {forbidden}: {packages:#?}"
            );
        }
        assert_eq!(
            packages.len(),
            PC_MODELS_CLOSURE,
            "pc-models' dependency closure is now {} packages (pinned: {PC_MODELS_CLOSURE}); \
             trim it, or if the change is intended set PC_MODELS_CLOSURE in xtask/src/tidy.rs: \
             {packages:#?}",
            packages.len()
        );
    }
}
