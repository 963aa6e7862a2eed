//! `pc emulator`: serve the Partner Center emulator until Ctrl-C.
//!
//! Prints the base URL, the demo token and the demo customers and codes first (JSON under
//! `--output json`, so a script can read the port chosen for `--listen 127.0.0.1:0`).

use std::io::Write;

use anyhow::Context as _;
use pc_emulator::{Emulator, EmulatorConfig, demo};
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
    let handle = Emulator::bind(args.listen, EmulatorConfig::default())
        .await
        .with_context(|| format!("could not listen on {}", args.listen))
        .map_err(CliError::Other)?;
    let banner = banner(handle.base_url());
    match format {
        OutputFormat::Json => output::json(out, &banner)?,
        OutputFormat::Table => write_text(out, &banner)?,
    }
    out.flush()?;
    tracing::info!(base_url = %banner.base_url, "pc.emulator.listening");
    let stopped = tokio::signal::ctrl_c()
        .await
        .context("could not wait for Ctrl-C")
        .map_err(CliError::Other);
    eprintln!("stopping the emulator");
    handle.shutdown().await;
    stopped
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
