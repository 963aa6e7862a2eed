//! The OpenAPI validator: `openapi-spec-validator` (PyPI), installed by the tests themselves.
//!
//! - [`SpecValidator`]: finds or installs the validator and runs it on a file.
//! - [`VALIDATOR_VERSION`], [`REQUIREMENTS_PATH`]: what is installed.
//!
//! # Design
//!
//! No Rust crate validates a document against the OpenAPI 3.1 specification (`openapiv3` reads
//! 3.0; `oas3` deserializes 3.1 but checks no more than its types), so the tests run the
//! reference validator of the Python ecosystem, `openapi-spec-validator` 0.9.0: it checks the
//! document against the official OAS 3.1 meta-schema (the `schemas/v3.1/schema.json` it ships)
//! and every Schema Object against the OAS 3.1 dialect (JSON Schema 2020-12), then resolves
//! every `$ref` and checks what a schema cannot say (path parameters declared, unique
//! `operationId`s, defaults valid).
//!
//! A fresh machine needs only `python3` with `venv` and `pip`: the first run creates a virtual
//! environment under `target/openapi-tools/` and installs the pinned versions of
//! [`REQUIREMENTS_PATH`] from the package registry (the only step that leaves the machine; it
//! runs without the proxy variables that the CI points at a closed port to keep test traffic on
//! loopback). Later runs reuse it; a change of the requirements file installs afresh. Set
//! `PC_OPENAPI_SPEC_VALIDATOR` to an installed `openapi-spec-validator` to use that instead.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, PoisonError};

use crate::document::workspace_root;

/// The version of `openapi-spec-validator` the requirements pin.
pub const VALIDATOR_VERSION: &str = "0.9.0";

/// The pinned requirements, relative to the workspace root.
pub const REQUIREMENTS_PATH: &str = "openapi/validator-requirements.txt";

/// The variable naming an installed validator to use instead of installing one.
pub const VALIDATOR_ENV: &str = "PC_OPENAPI_SPEC_VALIDATOR";

/// Proxy variables removed from the installer's environment (see the module docs).
const PROXY_VARIABLES: [&str; 6] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

/// One installation at a time within a test process.
static INSTALL: Mutex<()> = Mutex::new(());

/// An installed `openapi-spec-validator`: a program, and the arguments that start it.
#[derive(Debug, Clone)]
pub struct SpecValidator {
    program: PathBuf,
    prefix: Vec<&'static str>,
}

impl SpecValidator {
    /// The validator named by `PC_OPENAPI_SPEC_VALIDATOR`, else the one installed under
    /// `target/openapi-tools/`, installing it first when it is missing or out of date.
    ///
    /// # Errors
    ///
    /// When it cannot be installed, with the command that failed and its output.
    pub fn installed() -> Result<Self, String> {
        if let Some(program) = std::env::var_os(VALIDATOR_ENV).filter(|p| !p.is_empty()) {
            return Ok(Self {
                program: PathBuf::from(program),
                prefix: Vec::new(),
            });
        }
        let _guard = INSTALL.lock().unwrap_or_else(PoisonError::into_inner);
        let requirements_path = workspace_root().join(REQUIREMENTS_PATH);
        let requirements = std::fs::read_to_string(&requirements_path)
            .map_err(|e| format!("cannot read {}: {e}", requirements_path.display()))?;
        let tools = target_dir().join("openapi-tools");
        let venv = tools.join(format!("venv-{VALIDATOR_VERSION}"));
        let marker = venv.join("pc-requirements.txt");
        // The environment's interpreter, run as `python -m openapi_spec_validator`: unlike the
        // entry-point script, it keeps working after the environment is moved into place.
        let program = venv.join(BIN).join("python");
        let current = std::fs::read_to_string(&marker).is_ok_and(|m| m == requirements);
        if !(current && program.exists()) {
            install(&tools, &venv, &requirements_path, &requirements)?;
        }
        Ok(Self {
            program,
            prefix: vec!["-m", "openapi_spec_validator"],
        })
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.prefix);
        command
    }

    /// The validator's own `--version` line.
    ///
    /// # Errors
    ///
    /// When it cannot be run.
    pub fn version(&self) -> Result<String, String> {
        let output = run(self.command().arg("--version"))?;
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    /// Validates a document (`--schema 3.1`, every error reported).
    ///
    /// # Errors
    ///
    /// The validator's report when the document is not valid OpenAPI 3.1, or when it cannot be
    /// run.
    pub fn validate(&self, document: &Path) -> Result<String, String> {
        let output = self
            .command()
            .args(["--schema", "3.1", "--validation-errors", "all"])
            .arg(document)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.program.display()))?;
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if output.status.success() {
            Ok(report)
        } else {
            Err(report)
        }
    }
}

#[cfg(windows)]
const BIN: &str = "Scripts";
#[cfg(not(windows))]
const BIN: &str = "bin";

/// `target/` of this workspace (or `CARGO_TARGET_DIR` as the build saw it).
fn target_dir() -> PathBuf {
    option_env!("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from)
}

/// Creates the virtual environment in a scratch folder, installs the requirements, then moves
/// it into place, so a run that is stopped half-way leaves nothing that looks installed.
fn install(
    tools: &Path,
    venv: &Path,
    requirements_path: &Path,
    requirements: &str,
) -> Result<(), String> {
    std::fs::create_dir_all(tools)
        .map_err(|e| format!("cannot create {}: {e}", tools.display()))?;
    let scratch = tools.join(format!("installing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    run(Command::new(&python).args(["-m", "venv"]).arg(&scratch)).map_err(|e| {
        format!("{e}\n(the OpenAPI tests need python3 with the venv module: apt-get install python3-venv)")
    })?;
    let mut pip = Command::new(scratch.join(BIN).join("python"));
    pip.args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--quiet",
        "-r",
    ])
    .arg(requirements_path);
    for variable in PROXY_VARIABLES {
        pip.env_remove(variable);
    }
    run(&mut pip)?;
    std::fs::write(scratch.join("pc-requirements.txt"), requirements)
        .map_err(|e| format!("cannot write the install marker: {e}"))?;
    let _ = std::fs::remove_dir_all(venv);
    std::fs::rename(&scratch, venv).map_err(|e| {
        format!(
            "cannot move {} to {}: {e}",
            scratch.display(),
            venv.display()
        )
    })
}

/// Runs a command; an error holds the command and its output.
fn run(command: &mut Command) -> Result<Output, String> {
    let shown = format!("{command:?}");
    let output = command
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(format!(
            "{shown} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}
