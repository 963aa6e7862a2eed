//! `pc emulator`: serve the Partner Center emulator until Ctrl-C.
//!
//! Prints the base URL, the demo token and the demo customers and codes first (JSON under
//! `--output json`, so a script can read the port chosen for `--listen 127.0.0.1:0`).
//!
//! The signal handlers (Ctrl-C, and SIGTERM on Unix) are installed before the banner is printed:
//! a script that reads the banner and interrupts at once gets a clean stop and exit code 0.
//!
//! A `--listen` address that is not loopback is refused (exit code 2, nothing bound) unless
//! `--allow-remote` is given; then the admin API needs a random admin token, printed on stderr
//! before the banner.

use std::io::{self, Write};

use anyhow::Context as _;
use pc_emulator::{Emulator, EmulatorConfig, demo, random_admin_token};
use serde::Serialize;

use crate::output::{self, OutputFormat, Table};
use crate::{CliError, EmulatorArgs};

/// What `pc emulator` prints once it listens.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Banner {
    base_url: String,
    access_token: &'static str,
    customers: Vec<BannerCustomer>,
    validation_codes: Vec<BannerCode>,
}

#[derive(Debug, Serialize)]
struct BannerCustomer {
    id: &'static str,
    name: &'static str,
    role: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct BannerCode {
    validation_id: &'static str,
    creates: &'static str,
}

/// Starts the emulator on `args.listen`, prints the banner, serves until Ctrl-C.
pub(crate) async fn serve(
    args: &EmulatorArgs,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let config = config(args)?;
    let handle = Emulator::bind(args.listen, config.emulator)
        .await
        .with_context(|| format!("could not listen on {}", args.listen))
        .map_err(CliError::Other)?;
    if let Some(token) = &config.admin_token {
        // A closed stderr must not stop the server; the token is then unknown to the user, who
        // can restart it.
        let _ = writeln!(
            io::stderr(),
            "admin token for /_emulator/* (Authorization: Bearer): {token}"
        );
    }
    // Before the banner: from then on a script may signal at any moment.
    let mut stop = Stop::install()?;
    let banner = banner(handle.base_url());
    match format {
        OutputFormat::Json => output::json(out, &banner)?,
        OutputFormat::Table => write_text(out, &banner)?,
    }
    out.flush()?;
    tracing::info!(base_url = %banner.base_url, "pc.emulator.listening");
    let signal = stop.wait().await;
    // A closed stderr must not turn a clean stop into a panic.
    let _ = writeln!(io::stderr(), "stopping the emulator ({signal})");
    handle.shutdown().await;
    Ok(())
}

/// The emulator's configuration for `args`, and the admin token it needs, if any.
struct Served {
    emulator: EmulatorConfig,
    admin_token: Option<String>,
}

/// Refuses an address other machines can reach without `--allow-remote`; with it, sets a random
/// admin token.
///
/// # Errors
///
/// Invalid input (exit code 2) for a non-loopback `--listen` without `--allow-remote`.
fn config(args: &EmulatorArgs) -> Result<Served, CliError> {
    // At most 100,000,000 (clap checks it), so it fits any usize of 32 bits or more.
    let customers = usize::try_from(args.max_customers).unwrap_or(usize::MAX);
    let served = config_for_address(args)?;
    Ok(Served {
        emulator: served
            .emulator
            .max_customers(customers)
            .max_applied_changes(customers)
            .max_stored_replies(customers),
        ..served
    })
}

/// The emulator's configuration for `args.listen` and `args.allow_remote`.
fn config_for_address(args: &EmulatorArgs) -> Result<Served, CliError> {
    if !args.allow_remote {
        if !args.listen.ip().to_canonical().is_loopback() {
            return Err(CliError::invalid_input(format!(
                "refusing to listen on {}: not a loopback address, and the emulator has no real \
                 security; pass --allow-remote to serve other machines (the admin API then \
                 needs a token printed at start)",
                args.listen
            )));
        }
        return Ok(Served {
            emulator: EmulatorConfig::default(),
            admin_token: None,
        });
    }
    let token = random_admin_token();
    Ok(Served {
        emulator: EmulatorConfig::default().admin_token(Some(token.clone())),
        admin_token: Some(token),
    })
}

/// The signals that stop the emulator, listened to from creation on.
struct Stop {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(not(unix))]
    ctrl_c: tokio::signal::windows::CtrlC,
}

impl Stop {
    /// Installs the handlers: a signal that arrives after this is delivered to [`Stop::wait`].
    fn install() -> Result<Self, CliError> {
        let failed =
            |e| CliError::Other(anyhow::Error::new(e).context("could not wait for Ctrl-C"));
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt()).map_err(failed)?,
                terminate: signal(SignalKind::terminate()).map_err(failed)?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {
                ctrl_c: tokio::signal::windows::ctrl_c().map_err(failed)?,
            })
        }
    }

    /// Waits for the first signal; returns its name.
    async fn wait(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "SIGINT",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            self.ctrl_c.recv().await;
            "Ctrl-C"
        }
    }
}

fn banner(base_url: String) -> Banner {
    Banner {
        base_url,
        access_token: demo::DEMO_TOKEN,
        customers: demo::CUSTOMERS
            .iter()
            .map(|c| BannerCustomer {
                id: c.id,
                name: c.name,
                role: c.role,
            })
            .collect(),
        validation_codes: vec![
            BannerCode {
                validation_id: demo::VALIDATION_CODE,
                creates: "5 creates",
            },
            BannerCode {
                validation_id: demo::VALIDATION_CODE_UNLIMITED,
                creates: "unlimited",
            },
            BannerCode {
                validation_id: demo::VALIDATION_CODE_EXHAUSTED,
                creates: "used up",
            },
        ],
    }
}

fn write_text(out: &mut dyn Write, banner: &Banner) -> std::io::Result<()> {
    writeln!(
        out,
        "Partner Center emulator listening on {}",
        banner.base_url
    )?;
    writeln!(out, "access token (App+User): {}", banner.access_token)?;
    writeln!(out)?;
    let mut customers = Table::new(&["CUSTOMER", "NAME", "WHAT HAPPENS"]);
    for c in &banner.customers {
        customers.row(vec![c.id.to_owned(), c.name.to_owned(), c.role.to_owned()]);
    }
    customers.write(out, "")?;
    writeln!(out)?;
    let mut codes = Table::new(&["VALIDATION CODE", "CREATES"]);
    for c in &banner.validation_codes {
        codes.row(vec![c.validation_id.to_owned(), c.creates.to_owned()]);
    }
    codes.write(out, "")?;
    writeln!(out)?;
    writeln!(out, "try:")?;
    writeln!(
        out,
        "  export PC_ENDPOINT={} PC_ACCESS_TOKEN={}",
        banner.base_url, banner.access_token
    )?;
    writeln!(
        out,
        "  pc qualifications create --customer {} --qualification education",
        demo::CONTOSO_ACADEMY
    )?;
    writeln!(
        out,
        "  pc qualifications list --customer {}",
        demo::CONTOSO_ACADEMY
    )?;
    writeln!(out)?;
    writeln!(out, "press Ctrl-C to stop")
}
