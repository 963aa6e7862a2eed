//! The `pc` binary: see the `pc_cli` library for everything it does.

use std::process::ExitCode;

fn main() -> ExitCode {
    pc_cli::main()
}
