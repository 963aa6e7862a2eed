//! The command line, declared with clap derive: the doc comments are the help text.
//!
//! - [`Cli`]: global flags plus one [`Command`].
//! - [`GlobalArgs`]: endpoint, token, output, ids, locale, application, contract, retries,
//!   per-call timeout, verbosity.
//! - [`AuthArgs`]: what `pc` needs to ask Microsoft Entra ID for a token itself.
//! - [`QualificationsCommand`], [`QualificationCommand`], [`ValidationCodesCommand`],
//!   [`BulkCommand`](crate::BulkCommand) (its flags in `bulk_args`): the groups.
//! - [`WaitArgs`]: `pc qualifications wait`.
//! - [`WaitTimingArgs`]: `--wait-timeout` and `--interval`, shared with `pc bulk wait`.
//! - [`CompletionsArgs`]: `pc completions <shell>`.
//! - [`command()`]: the clap [`Command`](clap::Command) of `pc`, for completions and man pages.
//!
//! Customer ids, qualification names and the correlation id are plain strings here and are checked
//! by the commands, so that a bad value is reported like every other error (one line, or a JSON
//! object under `--output json`) with exit code 2.
//!
//! # Design
//!
//! Issue "Production resilience and auth": `--timeout` is global and bounds one call (every
//! attempt and backoff included), like the client's `ClientBuilder::timeout`, so it means the
//! same thing on every command. The vetting deadline of `qualifications wait` and
//! `create --wait` is therefore `--wait-timeout`: clap cannot give a subcommand its own
//! `--timeout` next to a global one (global flags are accepted after the subcommand too), and
//! one name meaning two deadlines depending on the command would surprise scripts. So
//! `pc qualifications wait ... --timeout 600` bounds each poll, as the help of both flags says.
//! Both take seconds with decimals; values out of range are usage errors (exit code 2) before
//! anything is sent.
//!
//! # Example
//!
//! ```
//! use clap::Parser;
//! use pc_cli::{Cli, Command};
//!
//! let cli = Cli::try_parse_from(["pc", "--contract", "object", "validation-codes", "list"])?;
//! assert!(matches!(cli.command, Command::ValidationCodes(_)));
//! # Ok::<(), clap::Error>(())
//! ```

use std::net::SocketAddr;
use std::time::Duration;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use pc_models::{Contract, EducationSegment, Secret};

use crate::{BulkCommand, OutputFormat};

/// Manage Microsoft Partner Center customer qualifications (Education, Government Community
/// Cloud, State-owned entity).
///
/// Exit codes: 0 success; 1 the service refused (after the retries of --max-attempts) or the
/// token endpoint refused the credentials; 2 invalid input or usage (nothing was sent); 3
/// transport failure (the token endpoint's too), timeout, or vetting not finished before
/// --wait-timeout; 4 some rows of a bulk run were refused, failed or invalid; 130 a bulk run or
/// wait interrupted by Ctrl-C (rerun it to resume).
///
/// Credentials: an access token (--access-token or PC_ACCESS_TOKEN) is sent as given. Without
/// one, pc asks Microsoft Entra ID for a token: PC_TENANT_ID and PC_CLIENT_ID with
/// PC_REFRESH_TOKEN (App+User, the Secure Application Model; PC_CLIENT_SECRET is sent too when
/// set) or with PC_CLIENT_SECRET alone (App-only: enough to list, not to create or set). The
/// token endpoint is {PC_AUTHORITY}/{PC_TENANT_ID}/oauth2/token; PC_AUTHORITY defaults to the
/// endpoint's cloud (`https://login.microsoftonline.com` for the public endpoint) and is required
/// for any other --endpoint (for the emulator: its own URL), so secrets only go to a token
/// authority you named. Secrets are never printed.
///
/// Try it offline: `pc demo`, or `pc emulator` in one terminal and
/// `pc --endpoint http://127.0.0.1:8080 --access-token emulator-demo-token ...` in another.
#[derive(Debug, Parser)]
#[command(
    name = "pc",
    version,
    propagate_version = true,
    args_override_self = true
)]
pub struct Cli {
    /// The flags every command accepts.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The flags every command accepts. Flags win over environment variables.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The API base URL [default: `https://api.partnercenter.microsoft.com`]
    #[arg(long, env = "PC_ENDPOINT", value_name = "URL", global = true)]
    pub endpoint: Option<String>,

    /// The bearer access token (App+User to create or set). Never printed
    #[arg(
        long,
        env = "PC_ACCESS_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        value_parser = secret,
        global = true
    )]
    pub access_token: Option<Secret>,

    /// Output format [default: table on a terminal, json otherwise]
    #[arg(long, value_enum, value_name = "FORMAT", global = true)]
    pub output: Option<OutputFormat>,

    /// Pin the MS-CorrelationId of the request (a GUID) [default: a new GUID per request]
    #[arg(long, value_name = "GUID", global = true)]
    pub correlation_id: Option<String>,

    /// Send X-Locale, e.g. en-US [default: not sent]
    #[arg(long, value_name = "LOCALE", global = true)]
    pub locale: Option<String>,

    /// Send MS-PartnerCenter-Application: the calling application's name [default: not sent]
    #[arg(long, value_name = "NAME", global = true)]
    pub application: Option<String>,

    /// The request contract of `qualifications create`
    ///
    /// `integer`: the enum's integer as the body, as the December 2020 documentation describes;
    /// `object`: the JSON object body production requires since 2023-05-17.
    #[arg(
        long,
        value_enum,
        value_name = "CONTRACT",
        default_value_t = ContractArg::Integer,
        global = true
    )]
    pub contract: ContractArg,

    /// Attempts per call, the first included (1 to 20)
    ///
    /// Retried: HTTP 408, 429, 500, 502, 503 and 504 and transport failures, with full-jitter
    /// exponential backoff (500 ms doubling, at most 30 s) and Retry-After honoured. Every attempt
    /// of a call resends the same MS-RequestId, so a retried create is never applied twice.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 4,
        value_parser = clap::value_parser!(u32).range(1..=20),
        allow_negative_numbers = true,
        global = true
    )]
    pub max_attempts: u32,

    /// The deadline of one call in seconds, every attempt and backoff included (decimals allowed,
    /// e.g. 0.5)
    ///
    /// A call still running at the deadline fails with exit code 3. At most 86400 (a day). Under
    /// `qualifications wait` (and `create --wait`) it bounds each poll; the wait itself is
    /// bounded by --wait-timeout.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value = "120",
        value_parser = call_timeout,
        allow_negative_numbers = true,
        global = true
    )]
    pub timeout: Duration,

    /// Log what the client does to stderr (-v info, -vv debug, -vvv trace); RUST_LOG works too
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Token acquisition from Microsoft Entra ID, used when no access token is given.
    #[command(flatten)]
    pub auth: AuthArgs,
}

/// Token acquisition from Microsoft Entra ID, used only when no access token is given.
///
/// Prefer the environment variables for the secrets: a command line is visible to other local
/// users. `Debug` never shows a secret.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Token acquisition (used when no access token is given)")]
pub struct AuthArgs {
    /// The partner's Microsoft Entra tenant (a GUID or a domain such as contoso.onmicrosoft.com)
    #[arg(long, env = "PC_TENANT_ID", value_name = "TENANT", global = true)]
    pub tenant_id: Option<String>,

    /// The application (client) id registered in Microsoft Entra ID
    #[arg(long, env = "PC_CLIENT_ID", value_name = "ID", global = true)]
    pub client_id: Option<String>,

    /// The application's client secret: alone, an App-only token (client-credentials grant);
    /// with a refresh token, sent along with it. Never printed
    #[arg(
        long,
        env = "PC_CLIENT_SECRET",
        hide_env_values = true,
        value_name = "SECRET",
        value_parser = secret,
        global = true
    )]
    pub client_secret: Option<Secret>,

    /// A stored refresh token: an App+User token (refresh-token grant), needed to create or set.
    /// Never printed
    ///
    /// A refresh token rotated by the token endpoint is kept for the rest of the run only: pc
    /// never writes secrets to disk. The emulator's refresh tokens are single-use, so against it
    /// a refresh token serves one pc run.
    #[arg(
        long,
        env = "PC_REFRESH_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        value_parser = secret,
        global = true
    )]
    pub refresh_token: Option<Secret>,

    /// The authority base URL; tokens come from {URL}/{tenant}/oauth2/token
    /// [default: `https://login.microsoftonline.com` for the public endpoint,
    /// `https://login.chinacloudapi.cn` for the China endpoint; required for any other
    /// --endpoint (for the emulator: its own URL)]
    #[arg(long, env = "PC_AUTHORITY", value_name = "URL", global = true)]
    pub authority: Option<String>,
}

/// The commands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Walk through the whole flow against the embedded emulator: offline, no credentials
    Demo,

    /// Serve the Partner Center emulator until Ctrl-C
    Emulator(EmulatorArgs),

    /// The asynchronous qualification API: list, create and wait for vetting
    #[command(subcommand)]
    Qualifications(QualificationsCommand),

    /// The legacy synchronous qualification API: get and set (deprecated by Partner Center)
    #[command(subcommand)]
    Qualification(QualificationCommand),

    /// The partner's Government Community Cloud validation codes
    #[command(subcommand)]
    ValidationCodes(ValidationCodesCommand),

    /// Qualify many customers from a CSV file, with a ledger that makes a rerun resume
    #[command(subcommand)]
    Bulk(BulkCommand),

    /// Print a shell completion script to stdout
    ///
    /// For example `pc completions bash > ~/.local/share/bash-completion/completions/pc`, or
    /// `pc completions zsh > "${fpath[1]}/_pc"`. Needs no credentials and sends nothing.
    Completions(CompletionsArgs),
}

/// `pc emulator`.
#[derive(Debug, Clone, Args)]
pub struct EmulatorArgs {
    /// The address to listen on (port 0 picks a free port)
    ///
    /// A loopback address (`127.0.0.1`, `[::1]`) unless --allow-remote is given: the emulator has
    /// no real security, so an address other machines can reach (0.0.0.0 included) is refused
    /// with exit code 2.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Allow a --listen address other machines can reach
    ///
    /// The admin API (/_emulator/*: request log, faults, reset) then requires
    /// `Authorization: Bearer <admin token>`, a random token generated at start and printed on
    /// stderr. The /v1 API still accepts the demo token: use it on trusted networks only.
    #[arg(long)]
    pub allow_remote: bool,

    /// How many customers may hold qualifications; a create for one more is refused with 507
    ///
    /// Raise it to run `pc bulk create` on more than 100,000 new customers against the
    /// emulator (each customer costs the emulator a few hundred bytes).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 200_000,
        value_parser = clap::value_parser!(u64).range(1..=100_000_000)
    )]
    pub max_customers: u64,
}

/// `pc completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// `pc qualifications ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum QualificationsCommand {
    /// List a customer's qualifications with their vetting status
    List(CustomerArgs),

    /// Set a qualification on a customer (POST .../qualifications; App+User token)
    #[command(visible_alias = "update")]
    Create(CreateArgs),

    /// Wait until a qualification's vetting is final (Approved or Denied) and print the record
    ///
    /// Polls `qualifications list`: the first wait is --interval, doubling after each poll up to
    /// 60 seconds. Exits 0 when vetting is final, Approved or Denied alike: the printed record
    /// (`vettingStatus`, `vettingReason`) tells which. A qualification that is never vetted
    /// (StateOwnedEntity) is printed at once; one the customer does not hold at the first poll
    /// exits 1 at once (nothing to wait for). Exits 3 ("vetting not finished") when
    /// --wait-timeout passes first. Each poll is one call under --timeout and --max-attempts.
    Wait(WaitArgs),
}

/// `pc qualification ...` (legacy).
#[derive(Debug, Clone, Subcommand)]
pub enum QualificationCommand {
    /// Read a customer's qualification (legacy GET .../qualification)
    Get(CustomerArgs),

    /// Set a customer's qualification (legacy PUT .../qualification; App+User token)
    Set(SetArgs),
}

/// `pc validation-codes ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum ValidationCodesCommand {
    /// List the partner's GCC validation codes
    List,
}

/// A command on one customer.
#[derive(Debug, Clone, Args)]
pub struct CustomerArgs {
    /// The customer tenant id (a GUID)
    #[arg(long, value_name = "GUID")]
    pub customer: String,
}

/// `pc qualifications create`.
#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    /// The customer tenant id (a GUID)
    #[arg(long, value_name = "GUID")]
    pub customer: String,

    /// education (edu), government-community-cloud (gcc) or state-owned-entity (soe); wire
    /// names such as GovernmentCommunityCloud work too, in any case
    #[arg(long, value_name = "NAME")]
    pub qualification: String,

    /// The education segment (Education under --contract object only)
    #[arg(long, value_enum, value_name = "SEGMENT", ignore_case = true)]
    pub education_segment: Option<SegmentArg>,

    /// The institution's website (Education under --contract object only)
    #[arg(long, value_name = "SITE")]
    pub website: Option<String>,

    /// The partner's validation code (Government Community Cloud only); `-` reads it from the
    /// first line of stdin. Never printed
    ///
    /// Prefer PC_VALIDATION_CODE or `-`: a command line is visible to other local users. The
    /// flag wins over the variable; the variable counts as the flag, so unset it for other
    /// qualifications.
    #[arg(
        long,
        env = "PC_VALIDATION_CODE",
        hide_env_values = true,
        value_name = "CODE",
        value_parser = secret
    )]
    pub validation_code: Option<Secret>,

    /// Pin the MS-RequestId of the create (a GUID) [default: a new GUID]
    ///
    /// A create that failed with exit code 3 may or may not have been applied; its error names
    /// its request id. Rerunning the same create with `--request-id <that id>` makes the service
    /// answer with the stored result instead of applying it twice.
    #[arg(long, value_name = "GUID")]
    pub request_id: Option<String>,

    /// After the create succeeds, wait until vetting is final and print that record instead
    /// (as `qualifications wait` does: exit 0 on Approved and on Denied, 3 on --wait-timeout;
    /// after exit 3 the qualification exists, and `qualifications wait` resumes the wait). When
    /// waiting fails, the error still reports the created record
    #[arg(long)]
    pub wait: bool,

    /// With --wait: the longest wait for vetting in seconds [default: 1800]
    #[arg(
        long,
        value_name = "SECONDS",
        requires = "wait",
        value_parser = wait_timeout,
        allow_negative_numbers = true
    )]
    pub wait_timeout: Option<Duration>,

    /// With --wait: the first wait between polls in seconds; it doubles up to 60 [default: 2]
    #[arg(
        long,
        value_name = "SECONDS",
        requires = "wait",
        value_parser = poll_interval,
        allow_negative_numbers = true
    )]
    pub interval: Option<Duration>,
}

/// `pc qualifications wait`.
#[derive(Debug, Clone, Args)]
pub struct WaitArgs {
    /// The customer tenant id (a GUID)
    #[arg(long, value_name = "GUID")]
    pub customer: String,

    /// education (edu), government-community-cloud (gcc) or state-owned-entity (soe); wire
    /// names work too
    #[arg(long, value_name = "NAME")]
    pub qualification: String,

    /// How long to wait and how often to poll.
    #[command(flatten)]
    pub timing: WaitTimingArgs,
}

/// `--wait-timeout` and `--interval`: the deadline and polling pace of `pc qualifications wait`
/// and `pc bulk wait`.
#[derive(Debug, Clone, Args)]
pub struct WaitTimingArgs {
    /// The longest wait for vetting in seconds (decimals allowed, at most 30 days); --timeout is
    /// the deadline of each poll, not of the wait
    #[arg(
        long,
        value_name = "SECONDS",
        default_value = "1800",
        value_parser = wait_timeout,
        allow_negative_numbers = true
    )]
    pub wait_timeout: Duration,

    /// The first wait between polls in seconds (at most 3600); it doubles after each poll up to
    /// 60 seconds (or this interval, if longer); in `pc bulk wait`, a poll is a pass over the
    /// rows under review
    #[arg(
        long,
        value_name = "SECONDS",
        default_value = "2",
        value_parser = poll_interval,
        allow_negative_numbers = true
    )]
    pub interval: Duration,
}

/// `pc qualification set`.
#[derive(Debug, Clone, Args)]
pub struct SetArgs {
    /// The customer tenant id (a GUID)
    #[arg(long, value_name = "GUID")]
    pub customer: String,

    /// education (edu) or government-community-cloud (gcc); wire names work too
    #[arg(long, value_name = "NAME")]
    pub qualification: String,

    /// The partner's validation code (Government Community Cloud only); `-` reads it from the
    /// first line of stdin. Never printed
    ///
    /// Prefer PC_VALIDATION_CODE or `-`: a command line is visible to other local users. The
    /// flag wins over the variable; the variable counts as the flag, so unset it for other
    /// qualifications.
    #[arg(
        long,
        env = "PC_VALIDATION_CODE",
        hide_env_values = true,
        value_name = "CODE",
        value_parser = secret
    )]
    pub validation_code: Option<Secret>,

    /// Pin the MS-RequestId of the PUT (a GUID) [default: a new GUID]
    ///
    /// A set that failed with exit code 3 may or may not have been applied; its error names its
    /// request id. Rerunning the same set with `--request-id <that id>` makes the service answer
    /// with the stored result instead of applying it twice.
    #[arg(long, value_name = "GUID")]
    pub request_id: Option<String>,
}

/// `--contract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ContractArg {
    /// The enum's integer as the body, the GCC code in `?code=`
    Integer,
    /// The JSON object body: qualification, educationSegment, website, validationCode
    Object,
}

impl From<ContractArg> for Contract {
    fn from(value: ContractArg) -> Self {
        match value {
            ContractArg::Integer => Contract::Integer,
            ContractArg::Object => Contract::Object,
        }
    }
}

/// `--education-segment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SegmentArg {
    /// Primary and secondary schools
    #[value(name = "k12")]
    K12,
    /// Colleges and universities
    #[value(alias = "highereducation", alias = "higher_education")]
    HigherEducation,
}

impl From<SegmentArg> for EducationSegment {
    fn from(value: SegmentArg) -> Self {
        match value {
            SegmentArg::K12 => EducationSegment::K12,
            SegmentArg::HigherEducation => EducationSegment::HigherEducation,
        }
    }
}

/// The clap command of `pc`, with every subcommand: what `pc completions` and the man pages
/// (`cargo xtask man`) are generated from.
///
/// # Example
///
/// ```
/// let pc = pc_cli::command();
/// assert_eq!(pc.get_name(), "pc");
/// assert!(pc.find_subcommand("qualifications").is_some());
/// ```
pub fn command() -> clap::Command {
    Cli::command()
}

/// `--wait-timeout`'s default: 30 minutes (keep in step with `WaitTimingArgs`' `default_value`).
pub(crate) const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(1800);
/// `--interval`'s default: 2 seconds (keep in step with `WaitTimingArgs`' `default_value`).
pub(crate) const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);

/// The longest `--timeout`: one day.
const MAX_CALL_TIMEOUT: f64 = 24.0 * 3600.0;
/// The longest `--wait-timeout`: 30 days (Education vetting can take days).
const MAX_WAIT_TIMEOUT: f64 = 30.0 * 24.0 * 3600.0;
/// The longest `--interval`: one hour.
const MAX_INTERVAL: f64 = 3600.0;

/// A positive number of seconds, decimals allowed, at most `max`.
fn seconds(text: &str, max: f64) -> Result<Duration, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if !value.is_finite() || value <= 0.0 {
        return Err(format!("{text:?} must be more than 0 seconds"));
    }
    if value > max {
        return Err(format!("{text:?} is more than the {max} seconds allowed"));
    }
    let duration = Duration::from_secs_f64(value);
    if duration.is_zero() {
        return Err(format!("{text:?} is shorter than a nanosecond"));
    }
    Ok(duration)
}

/// Parses `--timeout`.
fn call_timeout(text: &str) -> Result<Duration, String> {
    seconds(text, MAX_CALL_TIMEOUT)
}

/// Parses `--wait-timeout`.
pub(crate) fn wait_timeout(text: &str) -> Result<Duration, String> {
    seconds(text, MAX_WAIT_TIMEOUT)
}

/// Parses `--interval`.
pub(crate) fn poll_interval(text: &str) -> Result<Duration, String> {
    seconds(text, MAX_INTERVAL)
}

/// Wraps a secret flag or variable so that `Debug` never shows it.
fn secret(text: &str) -> Result<Secret, String> {
    Ok(Secret::new(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_accept_positive_decimals_only() {
        assert_eq!(call_timeout("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(call_timeout("120"), Ok(Duration::from_secs(120)));
        assert_eq!(wait_timeout(" 3 "), Ok(Duration::from_secs(3)));
        for bad in ["0", "-1", "abc", "", "NaN", "inf", "1e-12", "86401"] {
            assert!(call_timeout(bad).is_err(), "{bad:?}");
        }
        assert!(wait_timeout("86401").is_ok());
        assert!(poll_interval("3601").is_err());
    }

    #[test]
    fn wait_defaults_match_the_constants_create_wait_uses() -> Result<(), clap::Error> {
        let cli = Cli::try_parse_from([
            "pc",
            "qualifications",
            "wait",
            "--customer",
            "c0a5c0a5-0000-4000-8000-acade0000002",
            "--qualification",
            "edu",
        ])?;
        let Command::Qualifications(QualificationsCommand::Wait(args)) = cli.command else {
            panic!("not wait: {cli:?}");
        };
        assert_eq!(args.timing.wait_timeout, DEFAULT_WAIT_TIMEOUT);
        assert_eq!(args.timing.interval, DEFAULT_POLL_INTERVAL);
        assert_eq!(cli.global.max_attempts, 4);
        assert_eq!(cli.global.timeout, Duration::from_secs(120));
        Ok(())
    }

    #[test]
    fn auth_args_debug_hides_the_secrets() {
        let args = AuthArgs {
            tenant_id: Some("contoso".into()),
            client_id: Some("app".into()),
            client_secret: Some(Secret::new("client-secret-value")),
            refresh_token: Some(Secret::new("refresh-token-value")),
            authority: None,
        };
        let shown = format!("{args:?}");
        assert!(shown.contains("contoso"), "{shown}");
        assert!(!shown.contains("client-secret-value"), "{shown}");
        assert!(!shown.contains("refresh-token-value"), "{shown}");
    }
}
