//! `pc demo`: the whole flow against the embedded emulator, offline, no credentials.
//!
//! Each step prints a heading, the request line (method and path rendered from the endpoint
//! table, [`pc_models::ENDPOINTS`]; a validation code shows as `code=[redacted]`), the body, the
//! `MS-CorrelationId` and `MS-RequestId` (generated here and pinned through `CallOptions`, so they
//! are known before sending), the status and the decoded response. Polling is the client's
//! [`VettingPoller`](pc_client::VettingPoller), one line per poll it observes.
//!
//! Steps: list an academy's qualifications (empty); create Education (integer contract); poll
//! until Approved; Education on a trading company (object contract) ends Denied with a reason;
//! list the partner's validation codes; GCC on a municipality with code 123456; StateOwnedEntity
//! next to Education; a request the client refuses locally (nothing sent); the legacy `GET`.

use std::fmt::Display;
use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow};
use pc_client::{CallOptions, Contract, ErrorKind, PartnerCenterClient, Reply, WaitOptions};
use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, demo};
use pc_models::{
    CustomerId, CustomerQualification, EducationSegment, Operation, Qualification,
    QualificationRequest, Secret,
};
use serde::Serialize;
use uuid::Uuid;

use crate::{CliError, names};

/// How long the emulator keeps Education `InReview`.
const VETTING_DELAY: Duration = Duration::from_millis(1500);
/// How often the demo polls the list while vetting runs (a constant interval).
const POLL_INTERVAL: Duration = Duration::from_millis(300);
/// The longest the demo waits for one vetting outcome.
const POLL_LIMIT: Duration = Duration::from_secs(8);

/// Runs the demo, writing the walk-through to `out`.
///
/// # Errors
///
/// [`CliError::Other`] when the emulator cannot start or a step does not go as the emulator's
/// documentation promises; [`CliError::Output`] when `out` fails.
pub(crate) async fn run(out: &mut dyn Write) -> Result<(), CliError> {
    let started = Instant::now();
    let emulator = Emulator::start(EmulatorConfig::default().vetting_delay(VETTING_DELAY))
        .await
        .context("could not start the embedded emulator")
        .map_err(CliError::Other)?;
    writeln!(
        out,
        "pc demo: customer qualifications against the embedded Partner Center emulator"
    )?;
    writeln!(
        out,
        "emulator listening on {} (offline; Education vetting takes {:.1}s)",
        emulator.base_url(),
        VETTING_DELAY.as_secs_f64()
    )?;
    let result = Demo::new(&emulator, out)?.steps().await;
    emulator.shutdown().await;
    result?;
    writeln!(out)?;
    writeln!(
        out,
        "done in {:.1}s; emulator stopped",
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}

/// The demo's state: two clients (one per contract), the emulator, the output.
struct Demo<'a> {
    emulator: &'a EmulatorHandle,
    integer: PartnerCenterClient,
    object: PartnerCenterClient,
    out: &'a mut dyn Write,
    step: u32,
}

/// The ids of one call, chosen before sending.
struct Ids {
    correlation_id: Uuid,
    request_id: Uuid,
}

impl Ids {
    fn new() -> Self {
        Self {
            correlation_id: Uuid::new_v4(),
            request_id: Uuid::new_v4(),
        }
    }

    fn options(&self) -> CallOptions {
        CallOptions::default()
            .correlation_id(self.correlation_id)
            .request_id(self.request_id)
    }
}

/// A demo step that did not go as documented.
fn unexpected(what: impl Display) -> CliError {
    CliError::Other(anyhow!("the demo went off script: {what}"))
}

fn customer(id: &str) -> Result<CustomerId, CliError> {
    CustomerId::parse(id).map_err(|e| unexpected(format!("demo customer id: {e}")))
}

impl<'a> Demo<'a> {
    fn new(emulator: &'a EmulatorHandle, out: &'a mut dyn Write) -> Result<Self, CliError> {
        let client = |contract| {
            PartnerCenterClient::builder()
                .endpoint(emulator.base_url())
                .access_token(demo::DEMO_TOKEN)
                .contract(contract)
                .application_name("pc-demo")
                .build()
        };
        Ok(Self {
            emulator,
            integer: client(Contract::Integer)?,
            object: client(Contract::Object)?,
            out,
            step: 0,
        })
    }

    async fn steps(&mut self) -> Result<(), CliError> {
        let academy = customer(demo::CONTOSO_ACADEMY)?;
        let trading = customer(demo::FABRIKAM_TRADING)?;
        let municipality = customer(demo::WOODGROVE_MUNICIPALITY)?;

        self.heading("List Contoso Academy's qualifications: none yet")?;
        let list = self.list(academy).await?;
        if !list.is_empty() {
            return Err(unexpected("Contoso Academy starts with qualifications"));
        }

        self.heading("Set Education on Contoso Academy (integer contract): vetting starts")?;
        let created = self
            .create(
                Contract::Integer,
                academy,
                QualificationRequest::education(),
            )
            .await?;
        self.note(format!(
            "Education is {}: Partner Center vets it asynchronously",
            status_of(&created)
        ))?;

        self.heading("Poll Contoso Academy's list every 300 ms until vetting is final")?;
        let vetted = self.poll(academy, CustomerQualification::Education).await?;
        self.note(format!("Education is {}", status_of(&vetted)))?;

        self.heading(
            "Set Education on Fabrikam Trading Company (object contract) and wait for the outcome",
        )?;
        let request = QualificationRequest::education()
            .with_education_segment(EducationSegment::HigherEducation);
        self.create(Contract::Object, trading, request).await?;
        let denied = self.poll(trading, CustomerQualification::Education).await?;
        self.note(format!(
            "Education is {}, vettingReason: {}",
            status_of(&denied),
            denied.vetting_reason.as_deref().unwrap_or("-")
        ))?;

        self.heading("List the partner's GCC validation codes")?;
        self.validation_codes().await?;

        self.heading(
            "Set Government Community Cloud on the Municipality of Woodgrove with code 123456",
        )?;
        let gcc = self
            .create(
                Contract::Integer,
                municipality,
                QualificationRequest::government_community_cloud(demo::VALIDATION_CODE),
            )
            .await?;
        self.note(format!("GovernmentCommunityCloud is {}", status_of(&gcc)))?;

        self.heading("Add StateOwnedEntity next to Contoso Academy's Education")?;
        self.create(
            Contract::Integer,
            academy,
            QualificationRequest::state_owned_entity(),
        )
        .await?;
        let both = self.list(academy).await?;
        self.note(format!(
            "Contoso Academy now holds {}",
            both.iter()
                .map(|q| q.qualification.to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        ))?;

        self.heading("A request the service would refuse: qualification None")?;
        self.refused(academy).await?;

        self.heading("The legacy synchronous GET on Contoso Academy")?;
        self.legacy_get(academy).await?;
        Ok(())
    }

    fn heading(&mut self, title: &str) -> Result<(), CliError> {
        self.step += 1;
        writeln!(self.out)?;
        writeln!(self.out, "== Step {}. {title}", self.step)?;
        Ok(())
    }

    fn note(&mut self, text: impl Display) -> Result<(), CliError> {
        writeln!(self.out, "  => {text}")?;
        Ok(())
    }

    /// The request line (from the endpoint table, then `query`), body and ids, printed before
    /// sending.
    fn request(
        &mut self,
        operation: Operation,
        customer: Option<CustomerId>,
        query: &str,
        body: Option<&str>,
        ids: &Ids,
    ) -> Result<(), CliError> {
        writeln!(self.out, "  {}{query}", request_line(operation, customer))?;
        if let Some(body) = body {
            writeln!(self.out, "  Content-Type: application/json; body: {body}")?;
        }
        writeln!(self.out, "  MS-CorrelationId: {}", ids.correlation_id)?;
        writeln!(self.out, "  MS-RequestId:     {}", ids.request_id)?;
        Ok(())
    }

    /// The status and the decoded value, pretty JSON indented under the step.
    fn response<T: Serialize>(&mut self, reply: &Reply<T>) -> Result<(), CliError> {
        writeln!(self.out, "  <- {}", reply.status)?;
        self.json(&reply.value)
    }

    fn json(&mut self, value: &impl Serialize) -> Result<(), CliError> {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| CliError::Other(anyhow::Error::new(e).context("rendering JSON")))?;
        for line in text.lines() {
            writeln!(self.out, "  {line}")?;
        }
        Ok(())
    }

    async fn list(&mut self, customer: CustomerId) -> Result<Vec<Qualification>, CliError> {
        let ids = Ids::new();
        self.request(
            Operation::ListQualifications,
            Some(customer),
            "",
            None,
            &ids,
        )?;
        let reply = self
            .integer
            .customer(customer)
            .qualifications()
            .list()
            .options(ids.options())
            .reply()
            .await?;
        self.response(&reply)?;
        Ok(reply.value)
    }

    async fn create(
        &mut self,
        contract: Contract,
        customer: CustomerId,
        request: QualificationRequest,
    ) -> Result<Qualification, CliError> {
        let client = match contract {
            Contract::Object => self.object.clone(),
            _ => self.integer.clone(),
        };
        let ids = Ids::new();
        let encoded = request.encode(client.contract())?;
        let query = if encoded.code().is_some() {
            "?code=[redacted]"
        } else {
            ""
        };
        let body = Secret::redact(
            &String::from_utf8_lossy(encoded.body()),
            request.validation_code(),
        );
        self.request(
            Operation::CreateQualification,
            Some(customer),
            query,
            Some(&body),
            &ids,
        )?;
        let reply = client
            .customer(customer)
            .qualifications()
            .create(request)
            .options(ids.options())
            .reply()
            .await?;
        self.response(&reply)?;
        Ok(reply.value)
    }

    /// Follows `qualification`'s vetting with the client's poller, every 300 ms (a constant
    /// interval); prints each poll on one line and the settled record in full.
    async fn poll(
        &mut self,
        customer: CustomerId,
        qualification: CustomerQualification,
    ) -> Result<Qualification, CliError> {
        let correlation_id = Uuid::new_v4();
        writeln!(
            self.out,
            "  {}  (every {} ms)",
            request_line(Operation::ListQualifications, Some(customer)),
            POLL_INTERVAL.as_millis()
        )?;
        writeln!(
            self.out,
            "  MS-CorrelationId: {correlation_id}  (the same for every poll; a new MS-RequestId each)"
        )?;
        let wait = WaitOptions::default()
            .timeout(POLL_LIMIT)
            .initial_interval(POLL_INTERVAL)
            .max_interval(POLL_INTERVAL);
        let mut poller = self
            .integer
            .customer(customer)
            .qualifications()
            .wait_for_vetting(qualification, wait)
            .options(CallOptions::default().correlation_id(correlation_id));
        while let Some(observation) = poller.next().await {
            let observation = match observation {
                Ok(observation) => observation,
                Err(error) if error.kind() == ErrorKind::VettingTimeout => {
                    return Err(unexpected(format!(
                        "{qualification} still in review after {}s",
                        POLL_LIMIT.as_secs()
                    )));
                }
                Err(error) => return Err(error.into()),
            };
            // The demo's customers list what was just created: absence is off script.
            let record = observation
                .record
                .ok_or_else(|| unexpected(format!("{qualification} missing from the list")))?;
            writeln!(
                self.out,
                "  poll {}  MS-RequestId: {}  +{:.1}s  <- {qualification} {}",
                observation.poll,
                observation.request_id,
                observation.elapsed.as_secs_f64(),
                status_of(&record)
            )?;
            if record.is_settled() {
                self.json(&record)?;
                return Ok(record);
            }
        }
        Err(unexpected(format!(
            "the poller stopped before {qualification} settled"
        )))
    }

    async fn validation_codes(&mut self) -> Result<(), CliError> {
        let ids = Ids::new();
        self.request(Operation::ListValidationCodes, None, "", None, &ids)?;
        let reply = self
            .integer
            .validation_codes()
            .list()
            .options(ids.options())
            .reply()
            .await?;
        self.response(&reply)?;
        Ok(())
    }

    async fn refused(&mut self, customer: CustomerId) -> Result<(), CliError> {
        writeln!(
            self.out,
            "  $ pc qualifications create --customer {customer} --qualification none"
        )?;
        let sent_before = self.emulator.request_log().len();
        let ids = Ids::new();
        let outcome = self
            .integer
            .customer(customer)
            .qualifications()
            .create(QualificationRequest::new(CustomerQualification::None))
            .options(ids.options())
            .reply()
            .await;
        let error = match outcome {
            Err(error) => CliError::from(error),
            Ok(_) => return Err(unexpected("the client sent a None qualification")),
        };
        let sent_after = self.emulator.request_log().len();
        writeln!(self.out, "  {}", error.to_line(&[]))?;
        if sent_after != sent_before {
            return Err(unexpected("the refused request reached the emulator"));
        }
        self.note(format!(
            "exit code {}: refused locally, nothing was sent (the emulator's request log did not grow)",
            error.exit_code()
        ))
    }

    async fn legacy_get(&mut self, customer: CustomerId) -> Result<(), CliError> {
        let ids = Ids::new();
        self.request(
            Operation::GetLegacyQualification,
            Some(customer),
            "",
            None,
            &ids,
        )?;
        let reply = self
            .integer
            .customer(customer)
            .legacy_qualification()
            .get()
            .options(ids.options())
            .reply()
            .await?;
        writeln!(self.out, "  <- {}", reply.status)?;
        self.json(&names::legacy_name(&reply.value))?;
        self.note("the legacy API answers a bare lower-case string")
    }
}

/// `GET /v1/customers/{id}/qualifications`: the method and the path of the operation's row of
/// the endpoint table.
fn request_line(operation: Operation, customer: Option<CustomerId>) -> String {
    let endpoint = operation.endpoint();
    format!("{} {}", endpoint.method, endpoint.path(customer))
}

/// A record's vetting status for a sentence (`Approved`, or `not vetted` for StateOwnedEntity).
fn status_of(record: &Qualification) -> String {
    record
        .vetting_status
        .as_ref()
        .map_or_else(|| "not vetted".to_owned(), ToString::to_string)
}
