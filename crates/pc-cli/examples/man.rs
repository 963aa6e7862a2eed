//! Writes the man pages of `pc` into a directory: `pc.1`, and one page per subcommand
//! (`pc-qualifications.1`, `pc-qualifications-create.1`, ...), each generated from
//! `pc_cli::command()` with clap_mangen.
//!
//! Run: `cargo xtask man` (writes `target/man/`), or
//! `cargo run -p pc-cli --example man -- <dir>`. Needs nothing else: no credentials, no network.
//! Read one with `man target/man/pc.1`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/man"), PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    clap_mangen::generate_to(pc_cli::command(), &dir)?;
    println!("{}", dir.join("pc.1").display());
    Ok(())
}
