//! `cargo xtask bench memory [--rows N]`: the peak memory of `pc bulk create` on a large file.
//!
//! Builds `pc` in release mode, writes a CSV of N rows (default 1,000,000) to
//! `target/bench-bulk/`, then measures, each as the child process's peak resident set size
//! (`VmHWM` in `/proc/<pid>/status`, read every 10 ms until it exits; Linux only):
//! - `pc bulk create --dry-run` (every row checked, nothing sent, no ledger);
//! - a full `pc bulk create` (concurrency 64, no rate cap) against `pc emulator` in another
//!   process (`--max-customers` raised to fit), and the ledger's size on disk afterwards.
//!
//! Goal: `pc` stays at or under 64 MiB whatever the file's size.

use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::run::{cargo, workspace_root};

/// The most a bulk run may hold in memory.
const GOAL_MIB: f64 = 64.0;

/// Runs the memory benchmark on `rows` rows.
pub(crate) fn run(rows: u64) -> Result<(), String> {
    cargo(&["build", "--release", "--quiet", "-p", "pc-cli"], &[])?;
    let root = workspace_root();
    let pc = root.join("target/release/pc");
    let dir = root.join("target/bench-bulk");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let input = dir.join(format!("rows-{rows}.csv"));
    write_input(&input, rows)?;
    let input_mib = size(&input) as f64 / MIB;

    // The dry run: the engine alone.
    let mut dry = Command::new(&pc);
    dry.args(["--output", "json", "bulk", "create", "--dry-run", "--input"])
        .arg(&input);
    let (dry_peak, dry_time) = measure(dry, "pc bulk create --dry-run")?;
    println!(
        "bulk memory, {rows} rows ({input_mib:.0} MiB of CSV): `pc bulk create --dry-run` peak RSS \
         {:.1} MiB in {:.1} s (goal <= {GOAL_MIB:.0} MiB)",
        dry_peak as f64 / MIB,
        dry_time.as_secs_f64()
    );

    // The full run, against an emulator in another process.
    let emulator = Emulator::start(&pc, rows)?;
    let ledger = dir.join(format!("rows-{rows}.db"));
    for suffix in ["", "-wal", "-shm"] {
        // Left by an earlier run, or absent.
        let _ = fs::remove_file(with_suffix(&ledger, suffix));
    }
    let mut full = Command::new(&pc);
    full.args(["--endpoint", &emulator.base_url])
        .args(["--access-token", "emulator-demo-token", "--output", "json"])
        .args(["bulk", "create", "--concurrency", "64", "--rate", "1000000"])
        .arg("--input")
        .arg(&input)
        .arg("--ledger")
        .arg(&ledger);
    let measured = measure(full, "pc bulk create");
    let emulator_peak = emulator.peak();
    emulator.stop();
    let (peak, time) = measured?;
    let ledger_bytes: u64 = ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| size(&with_suffix(&ledger, suffix)))
        .sum();
    println!(
        "bulk memory, {rows} rows against `pc emulator` in another process: `pc bulk create` peak \
         RSS {:.1} MiB (goal <= {GOAL_MIB:.0} MiB) in {:.1} s ({:.0} rows/s); ledger {:.1} MiB on \
         disk ({:.0} bytes per row); the emulator's own peak RSS {:.1} MiB",
        peak as f64 / MIB,
        time.as_secs_f64(),
        rows as f64 / time.as_secs_f64(),
        ledger_bytes as f64 / MIB,
        ledger_bytes as f64 / rows as f64,
        emulator_peak as f64 / MIB,
    );
    Ok(())
}

const MIB: f64 = 1024.0 * 1024.0;

/// Writes `rows` State-Owned Entity rows for distinct customers, unless the file is there.
fn write_input(path: &Path, rows: u64) -> Result<(), String> {
    if path.is_file() {
        return Ok(());
    }
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let partial = path.with_extension("partial");
    let mut file = BufWriter::new(fs::File::create(&partial).map_err(failed)?);
    writeln!(file, "customer_id,qualification").map_err(failed)?;
    for i in 0..rows {
        writeln!(file, "be0c0000-0000-4000-8000-{i:012x},soe").map_err(failed)?;
    }
    file.flush().map_err(failed)?;
    drop(file);
    fs::rename(&partial, path).map_err(failed)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

/// Runs `command` to its end (at most an hour), polling its peak RSS; returns the peak in bytes
/// and the elapsed time. Fails unless it exits 0.
fn measure(mut command: Command, name: &str) -> Result<(u64, Duration), String> {
    eprintln!("xtask: running `{name}` ...");
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {name}: {e}"))?;
    // Drain stderr on a thread, so that a chatty child never blocks.
    let stderr = child.stderr.take();
    let drain = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(stderr) = stderr {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        text
    });
    let mut peak = 0;
    let limit = Duration::from_secs(3600);
    let status = loop {
        peak = peak.max(peak_rss(child.id()).unwrap_or(0));
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{name} did not finish within {limit:?}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let text = drain.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("{name} failed ({status}): {text}"));
    }
    Ok((peak, elapsed))
}

/// A process's peak resident set size in bytes (`VmHWM`), while it runs.
fn peak_rss(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// `pc emulator` in its own process.
struct Emulator {
    child: Child,
    base_url: String,
}

impl Emulator {
    /// Starts `pc emulator` on a free loopback port with room for `rows` customers; reads its
    /// base URL from the JSON banner.
    fn start(pc: &Path, rows: u64) -> Result<Self, String> {
        let mut child = Command::new(pc)
            .args(["--output", "json", "emulator", "--listen", "127.0.0.1:0"])
            .args(["--max-customers", &(rows + 1_000).to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start pc emulator: {e}"))?;
        let stdout = child.stdout.take().ok_or("pc emulator: no stdout")?;
        let mut banner = String::new();
        let mut lines = BufReader::new(stdout).lines();
        let base_url = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                return Err(format!("pc emulator printed no banner: {banner}"));
            };
            banner.push_str(&line);
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&banner) {
                break value["baseUrl"].as_str().unwrap_or_default().to_owned();
            }
        };
        // Keep reading stdout so the emulator never blocks on it.
        std::thread::spawn(move || for _ in lines {});
        Ok(Self { child, base_url })
    }

    fn peak(&self) -> u64 {
        peak_rss(self.child.id()).unwrap_or(0)
    }

    fn stop(mut self) {
        // Already gone if this fails; nothing else to do.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
