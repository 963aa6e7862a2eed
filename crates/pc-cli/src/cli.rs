//! The command line, declared with clap derive: the doc comments are the help text.
//!
//! - [`Cli`]: global flags plus one [`Command`].
//! - [`GlobalArgs`]: endpoint, token, output, ids, locale, application, contract, verbosity.
//! - [`QualificationsCommand`], [`QualificationCommand`], [`ValidationCodesCommand`]: the groups.
//!
//! Customer ids, qualification names and the correlation id are plain strings here and are checked
//! by the commands, so that a bad value is reported like every other error (one line, or a JSON
//! object under `--output json`) with exit code 2.
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

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use pc_models::{Contract, EducationSegment};

use crate::OutputFormat;

/// Manage Microsoft Partner Center customer qualifications (Education, Government Community
/// Cloud, State-owned entity).
///
/// Exit codes: 0 success; 1 the service refused; 2 invalid input or usage (nothing was sent);
/// 3 transport failure or timeout.
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
    /// The API base URL [default: https://api.partnercenter.microsoft.com]
    #[arg(long, env = "PC_ENDPOINT", value_name = "URL", global = true)]
    pub endpoint: Option<String>,

    /// The bearer access token (App+User to create or set). Never printed
    #[arg(
        long,
        env = "PC_ACCESS_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        global = true
    )]
    pub access_token: Option<String>,

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

    /// Log what the client does to stderr (-v info, -vv debug, -vvv trace); RUST_LOG works too
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,
}

/// The commands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Walk through the whole flow against the embedded emulator: offline, no credentials
    Demo,

    /// Serve the Partner Center emulator until Ctrl-C
    Emulator(EmulatorArgs),

    /// The asynchronous qualification API: list and create
    #[command(subcommand)]
    Qualifications(QualificationsCommand),

    /// The legacy synchronous qualification API: get and set (deprecated by Partner Center)
    #[command(subcommand)]
    Qualification(QualificationCommand),

    /// The partner's Government Community Cloud validation codes
    #[command(subcommand)]
    ValidationCodes(ValidationCodesCommand),
}

/// `pc emulator`.
#[derive(Debug, Clone, Args)]
pub struct EmulatorArgs {
    /// The address to listen on (port 0 picks a free port)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
}

/// `pc qualifications ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum QualificationsCommand {
    /// List a customer's qualifications with their vetting status
    List(CustomerArgs),

    /// Set a qualification on a customer (POST .../qualifications; App+User token)
    #[command(visible_alias = "update")]
    Create(CreateArgs),
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

    /// The partner's validation code (Government Community Cloud only)
    #[arg(long, value_name = "CODE")]
    pub validation_code: Option<String>,
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

    /// The partner's validation code (Government Community Cloud only)
    #[arg(long, value_name = "CODE")]
    pub validation_code: Option<String>,
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
