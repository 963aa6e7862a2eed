//! The SQLite ledger: one row per input row, the ids committed before the first send.
//!
//! - [`Ledger`]: a connection to a ledger file (created, resumed or opened for reading), or to a
//!   temporary database for a dry run.
//! - [`Meta`]: what the ledger was made from (input fingerprint, contract, row count).
//! - [`Incoming`], [`Admitted`]: a row read from the input and what the ledger says to do with
//!   it.
//! - [`Finished`], [`Vetted`]: outcomes to record.
//!
//! # Schema (version 1, `PRAGMA user_version = 1`)
//!
//! ```sql
//! CREATE TABLE meta (
//!     id                INTEGER PRIMARY KEY CHECK (id = 1),
//!     input_fingerprint TEXT NOT NULL,    -- SHA-256 of the parsed input, codes left out
//!     input_path        TEXT NOT NULL,    -- as given to the first run, for messages
//!     input_rows        INTEGER NOT NULL, -- rows that are not blank
//!     contract          TEXT NOT NULL,    -- integer | object
//!     created_at        TEXT NOT NULL     -- RFC 3339, UTC
//! );
//! CREATE TABLE rows (
//!     line              INTEGER PRIMARY KEY, -- where the row starts in the input (header: 1)
//!     row_hash          TEXT NOT NULL,       -- 128 bits of SHA-256 of the fields, code left out
//!     customer          TEXT,                -- lower-case GUID, when it parses
//!     qualification     TEXT,                -- wire name (Education), when it parses
//!     request_id        TEXT,                -- MS-RequestId, fixed before the first send
//!     correlation_id    TEXT,                -- MS-CorrelationId, fixed before the first send
//!     state             TEXT NOT NULL,       -- pending | sent | created | already_held
//!                                            -- | refused | failed | invalid
//!     http_status       INTEGER,             -- the last answer's status
//!     error_code        TEXT,                -- the service's code (at most 64 characters)
//!     error_description TEXT,                -- one line, at most 1,024 characters
//!     attempts          INTEGER NOT NULL DEFAULT 0,
//!     vetting_status    TEXT,                -- Approved | InReview | Denied | ...
//!     vetting_reason    TEXT,
//!     created_at        TEXT NOT NULL,       -- RFC 3339, UTC
//!     sent_at           TEXT,                -- when it last went to a worker
//!     finished_at       TEXT,                -- when its outcome was recorded
//!     vetted_at         TEXT                 -- when a wait recorded its verdict
//! );
//! CREATE UNIQUE INDEX rows_customer_qualification
//!     ON rows (customer, qualification) WHERE state <> 'invalid';
//! CREATE INDEX rows_state ON rows (state);
//! CREATE INDEX rows_in_review ON rows (line)
//!     WHERE vetting_status IS NOT NULL AND vetting_status NOT IN ('Approved', 'Denied');
//! ```
//!
//! The unique index finds duplicate rows of a file without holding its keys in memory: the second
//! row for a customer and qualification fails to insert and is recorded `invalid`. No secret is
//! stored: validation codes stay in the input file and are read from it again on a rerun.
//!
//! The file is in WAL mode with `synchronous = NORMAL`: a commit survives a crash of the process
//! (a power cut may lose the last commits, which a rerun repairs: a row left `sent` is sent again
//! with its ids).

use std::path::Path;
use std::time::Duration;

use pc_client::models::text::snippet;
use pc_client::uuid::Uuid;
use pc_client::{Contract, CustomerId, CustomerQualification};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::{Error, Problem, ReportRow, RowState, StateCounts, VettingCounts};

/// The schema version in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 1;

/// How long a connection waits for another one's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The most characters of a service error code kept.
const CODE_CHARS: usize = 64;

/// The most characters of a description or reason kept (the documented maximum).
const DESCRIPTION_CHARS: usize = 1024;

const SCHEMA: &str = "
CREATE TABLE meta (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    input_fingerprint TEXT NOT NULL,
    input_path        TEXT NOT NULL,
    input_rows        INTEGER NOT NULL,
    contract          TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE TABLE rows (
    line              INTEGER PRIMARY KEY,
    row_hash          TEXT NOT NULL,
    customer          TEXT,
    qualification     TEXT,
    request_id        TEXT,
    correlation_id    TEXT,
    state             TEXT NOT NULL CHECK (state IN
                          ('pending', 'sent', 'created', 'already_held', 'refused', 'failed', 'invalid')),
    http_status       INTEGER,
    error_code        TEXT,
    error_description TEXT,
    attempts          INTEGER NOT NULL DEFAULT 0,
    vetting_status    TEXT,
    vetting_reason    TEXT,
    created_at        TEXT NOT NULL,
    sent_at           TEXT,
    finished_at       TEXT,
    vetted_at         TEXT
);
CREATE UNIQUE INDEX rows_customer_qualification
    ON rows (customer, qualification) WHERE state <> 'invalid';
CREATE INDEX rows_state ON rows (state);
CREATE INDEX rows_in_review ON rows (line)
    WHERE vetting_status IS NOT NULL AND vetting_status NOT IN ('Approved', 'Denied');
PRAGMA user_version = 1;
";

/// What a ledger was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    pub(crate) fingerprint: String,
    pub(crate) input_path: String,
    pub(crate) input_rows: u64,
    pub(crate) contract: Contract,
    pub(crate) created_at: String,
}

/// A row read from the input, as the ledger records it (no secret).
#[derive(Debug, Clone)]
pub(crate) struct Incoming {
    pub(crate) line: u64,
    pub(crate) hash: String,
    pub(crate) customer: Option<CustomerId>,
    pub(crate) qualification: Option<CustomerQualification>,
    /// Why the row is refused locally, if it is.
    pub(crate) invalid: Option<String>,
}

/// The `MS-RequestId` and `MS-CorrelationId` of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ids {
    pub(crate) request_id: Uuid,
    pub(crate) correlation_id: Uuid,
}

/// What to do with an incoming row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Admitted {
    /// Send it with these ids; it is `sent` (or `pending` in a dry run) in the ledger.
    Send {
        /// The row's ids, new or stored.
        ids: Ids,
        /// Attempts recorded by earlier runs.
        attempts: u32,
    },
    /// An earlier run finished it in this state: leave it.
    Skip(RowState),
    /// Recorded `invalid` now, for this reason (a malformed row or a duplicate).
    Invalid(String),
}

/// The outcome of a row to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finished {
    pub(crate) line: u64,
    pub(crate) state: RowState,
    pub(crate) status: Option<u16>,
    pub(crate) code: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) attempts: u32,
    pub(crate) vetting_status: Option<String>,
    pub(crate) vetting_reason: Option<String>,
}

/// A vetting verdict to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Vetted {
    pub(crate) line: u64,
    /// `None` when the record no longer carries a status (it is settled).
    pub(crate) status: Option<String>,
    pub(crate) reason: Option<String>,
}

/// A row whose vetting has not settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsettled {
    pub(crate) line: u64,
    pub(crate) customer: CustomerId,
    pub(crate) qualification: CustomerQualification,
    pub(crate) correlation_id: Option<Uuid>,
}

/// A connection to a ledger.
#[derive(Debug)]
pub(crate) struct Ledger {
    conn: Connection,
    name: String,
}

/// The current time in the ledger's form.
pub(crate) fn now() -> String {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

impl Ledger {
    /// Opens the ledger of a run at `path`: creates it for `meta`, or resumes one made from the
    /// same input under the same contract. Returns whether it resumed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Ledger`](crate::ErrorKind::Ledger) when SQLite fails or the file is not a
    /// ledger; [`ErrorKind::LedgerMismatch`](crate::ErrorKind::LedgerMismatch) when it was made
    /// from another input or contract.
    pub(crate) fn open_for_run(path: &Path, meta: &Meta) -> Result<(Self, bool), Error> {
        let name = path.display().to_string();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| Error::ledger("cannot open", &name, e))?;
        let mut ledger = Self { conn, name };
        ledger.configure()?;
        let tables: i64 = ledger
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| ledger.error("cannot read", e))?;
        if tables == 0 {
            ledger.create(meta)?;
            return Ok((ledger, false));
        }
        let found = ledger.meta()?;
        if found.fingerprint != meta.fingerprint {
            return Err(Error::mismatch(format!(
                "ledger {} was made from another input file ({}, fingerprint {}), not from {} \
                 (fingerprint {}): rerun with that file, or give a new ledger for this one",
                ledger.name,
                found.input_path,
                short(&found.fingerprint),
                meta.input_path,
                short(&meta.fingerprint),
            )));
        }
        if found.contract != meta.contract {
            return Err(Error::mismatch(format!(
                "ledger {} was made under the {} contract, not {}: rerun with --contract {}",
                ledger.name,
                found.contract.as_str(),
                meta.contract.as_str(),
                found.contract.as_str(),
            )));
        }
        Ok((ledger, true))
    }

    /// A temporary database with the ledger's schema, deleted when closed (dry runs: the unique
    /// index finds duplicates, SQLite spills to a temporary file instead of growing memory).
    pub(crate) fn temporary(meta: &Meta) -> Result<Self, Error> {
        let name = "(temporary)".to_owned();
        let conn = Connection::open("").map_err(|e| Error::ledger("cannot open", &name, e))?;
        let mut ledger = Self { conn, name };
        ledger.create(meta)?;
        Ok(ledger)
    }

    /// Opens an existing ledger (for waits, status and reports).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Ledger`](crate::ErrorKind::Ledger) when there is no ledger at `path` or it
    /// cannot be read.
    pub(crate) fn open_existing(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        if !path.is_file() {
            return Err(Error::ledger("cannot open", &name, "no such file"));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| Error::ledger("cannot open", &name, e))?;
        let ledger = Self { conn, name };
        ledger.configure()?;
        ledger.meta()?;
        Ok(ledger)
    }

    /// The ledger's name for messages (its path).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    fn error(&self, what: &str, cause: impl std::fmt::Display) -> Error {
        Error::ledger(what, &self.name, cause)
    }

    fn configure(&self) -> Result<(), Error> {
        let conn = &self.conn;
        conn.busy_timeout(BUSY_TIMEOUT)
            .and_then(|()| conn.pragma_update(None, "journal_mode", "WAL"))
            .and_then(|()| conn.pragma_update(None, "synchronous", "NORMAL"))
            .map_err(|e| self.error("cannot configure", e))
    }

    fn create(&mut self, meta: &Meta) -> Result<(), Error> {
        let tx = self
            .conn
            .transaction()
            .map_err(|e| Error::ledger("cannot create", &self.name, e))?;
        tx.execute_batch(SCHEMA)
            .and_then(|()| {
                tx.execute(
                    "INSERT INTO meta (id, input_fingerprint, input_path, input_rows, contract, created_at)
                     VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                    params![
                        meta.fingerprint,
                        meta.input_path,
                        meta.input_rows,
                        meta.contract.as_str(),
                        meta.created_at
                    ],
                )
            })
            .and_then(|_| tx.commit())
            .map_err(|e| Error::ledger("cannot create", &self.name, e))
    }

    /// What the ledger was made from.
    pub(crate) fn meta(&self) -> Result<Meta, Error> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.error("cannot read", e))?;
        if version != SCHEMA_VERSION {
            return Err(self.error(
                "cannot use",
                format!(
                    "not a pc-bulk ledger of schema version {SCHEMA_VERSION} (found {version})"
                ),
            ));
        }
        let row = self
            .conn
            .query_row(
                "SELECT input_fingerprint, input_path, input_rows, contract, created_at FROM meta WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, u64>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .map_err(|e| self.error("cannot read the meta table of", e))?;
        let contract = match row.3.as_str() {
            "integer" => Contract::Integer,
            "object" => Contract::Object,
            other => {
                return Err(self.error("cannot use", format!("unknown contract {other:?}")));
            }
        };
        Ok(Meta {
            fingerprint: row.0,
            input_path: row.1,
            input_rows: row.2,
            contract,
            created_at: row.4,
        })
    }

    /// Starts a transaction; commit it with [`Batch::commit`].
    pub(crate) fn batch(&mut self) -> Result<Batch<'_>, Error> {
        let tx = self
            .conn
            .transaction()
            .map_err(|e| Error::ledger("cannot write", &self.name, e))?;
        Ok(Batch {
            tx,
            name: &self.name,
            now: now(),
        })
    }

    /// The read queries.
    pub(crate) fn reader(&self) -> Reader<'_> {
        Reader {
            conn: &self.conn,
            name: &self.name,
        }
    }
}

/// Read queries, on a ledger or inside a batch (which sees its own writes).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader<'a> {
    conn: &'a Connection,
    name: &'a str,
}

impl Reader<'_> {
    fn error(&self, what: &str, cause: impl std::fmt::Display) -> Error {
        Error::ledger(what, self.name, cause)
    }

    /// Rows per state.
    pub(crate) fn counts(&self) -> Result<StateCounts, Error> {
        let mut counts = StateCounts::default();
        let mut statement = self
            .conn
            .prepare_cached("SELECT state, count(*) FROM rows GROUP BY state")
            .map_err(|e| self.error("cannot read", e))?;
        let rows = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))
            .map_err(|e| self.error("cannot read", e))?;
        for row in rows {
            let (state, n) = row.map_err(|e| self.error("cannot read", e))?;
            if let Some(state) = RowState::parse(&state) {
                counts.add(state, n);
            }
        }
        Ok(counts)
    }

    /// Vetting statuses of rows whose qualification is in place.
    pub(crate) fn vetting_counts(&self) -> Result<VettingCounts, Error> {
        let mut counts = VettingCounts::default();
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT vetting_status, count(*) FROM rows
                 WHERE vetting_status IS NOT NULL AND state IN ('created', 'already_held')
                 GROUP BY vetting_status",
            )
            .map_err(|e| self.error("cannot read", e))?;
        let rows = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))
            .map_err(|e| self.error("cannot read", e))?;
        for row in rows {
            let (status, n) = row.map_err(|e| self.error("cannot read", e))?;
            match status.as_str() {
                "Approved" => counts.approved += n,
                "Denied" => counts.denied += n,
                "InReview" => counts.in_review += n,
                _ => counts.other += n,
            }
        }
        Ok(counts)
    }

    /// The first `limit` rows needing attention in line order, and how many there are in all.
    pub(crate) fn problems(&self, limit: usize) -> Result<(Vec<Problem>, u64), Error> {
        let total: u64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM rows WHERE state IN ('refused', 'failed', 'invalid')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.error("cannot read", e))?;
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT line, customer, qualification, state, http_status, error_code, error_description
                 FROM rows WHERE state IN ('refused', 'failed', 'invalid') ORDER BY line LIMIT ?1",
            )
            .map_err(|e| self.error("cannot read", e))?;
        let rows = statement
            .query_map([limit as i64], |r| {
                Ok(Problem {
                    line: r.get(0)?,
                    customer: r.get(1)?,
                    qualification: r.get(2)?,
                    state: RowState::parse(&r.get::<_, String>(3)?).unwrap_or(RowState::Invalid),
                    status: r.get(4)?,
                    code: r.get(5)?,
                    description: r.get(6)?,
                })
            })
            .map_err(|e| self.error("cannot read", e))?;
        let problems = rows
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.error("cannot read", e))?;
        Ok((problems, total))
    }

    /// Up to `limit` rows after line `after` whose vetting has not settled, in line order.
    pub(crate) fn unsettled(&self, after: u64, limit: usize) -> Result<Vec<Unsettled>, Error> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT line, customer, qualification, correlation_id FROM rows
                 WHERE vetting_status IS NOT NULL AND vetting_status NOT IN ('Approved', 'Denied')
                   AND line > ?1 AND state IN ('created', 'already_held')
                 ORDER BY line LIMIT ?2",
            )
            .map_err(|e| self.error("cannot read", e))?;
        let rows = statement
            .query_map(params![after, limit as i64], |r| {
                Ok((
                    r.get::<_, u64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(|e| self.error("cannot read", e))?;
        let mut out = Vec::new();
        for row in rows {
            let (line, customer, qualification, correlation) =
                row.map_err(|e| self.error("cannot read", e))?;
            let customer = customer.as_deref().and_then(|c| CustomerId::parse(c).ok());
            let qualification = qualification
                .as_deref()
                .and_then(CustomerQualification::from_name);
            if let (Some(customer), Some(qualification)) = (customer, qualification) {
                out.push(Unsettled {
                    line,
                    customer,
                    qualification,
                    correlation_id: correlation.as_deref().and_then(|c| Uuid::parse_str(c).ok()),
                });
            }
        }
        Ok(out)
    }

    /// Calls `each` with every row in line order, reading in pages so memory stays flat.
    pub(crate) fn for_each_row(
        &self,
        mut each: impl FnMut(ReportRow) -> Result<(), Error>,
    ) -> Result<u64, Error> {
        const PAGE: i64 = 512;
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT line, customer, qualification, state, http_status, error_code,
                        error_description, request_id, correlation_id, attempts,
                        vetting_status, vetting_reason
                 FROM rows WHERE line > ?1 ORDER BY line LIMIT ?2",
            )
            .map_err(|e| self.error("cannot read", e))?;
        let mut after = 0u64;
        let mut count = 0u64;
        loop {
            let page = statement
                .query_map(params![after, PAGE], |r| {
                    Ok(ReportRow {
                        line: r.get(0)?,
                        customer_id: r.get(1)?,
                        qualification: r.get(2)?,
                        state: RowState::parse(&r.get::<_, String>(3)?)
                            .unwrap_or(RowState::Invalid),
                        http_status: r.get(4)?,
                        error_code: r.get(5)?,
                        error_description: r.get(6)?,
                        request_id: r.get(7)?,
                        correlation_id: r.get(8)?,
                        attempts: r.get(9)?,
                        vetting_status: r.get(10)?,
                        vetting_reason: r.get(11)?,
                    })
                })
                .map_err(|e| self.error("cannot read", e))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| self.error("cannot read", e))?;
            let Some(last) = page.last().map(|r| r.line) else {
                return Ok(count);
            };
            after = last;
            for row in page {
                count += 1;
                each(row)?;
            }
        }
    }
}

/// One transaction of writes.
#[derive(Debug)]
pub(crate) struct Batch<'a> {
    tx: rusqlite::Transaction<'a>,
    name: &'a str,
    now: String,
}

impl Batch<'_> {
    fn error(&self, cause: impl std::fmt::Display) -> Error {
        Error::ledger("cannot write", self.name, cause)
    }

    /// The read queries, seeing this batch's writes.
    pub(crate) fn reader(&self) -> Reader<'_> {
        Reader {
            conn: &self.tx,
            name: self.name,
        }
    }

    /// Commits every write of the batch.
    pub(crate) fn commit(self) -> Result<(), Error> {
        let name = self.name;
        self.tx
            .commit()
            .map_err(|e| Error::ledger("cannot commit", name, e))
    }

    /// Records an incoming row, or finds it recorded, and says what to do with it.
    ///
    /// `dispatch`: the row goes to a worker after this batch commits (`sent`); otherwise it is
    /// recorded `pending` (dry runs). `retry_failed`: a `failed` row is sent again.
    pub(crate) fn admit(
        &self,
        row: &Incoming,
        dispatch: bool,
        retry_failed: bool,
    ) -> Result<Admitted, Error> {
        let found = self
            .tx
            .prepare_cached(
                "SELECT state, row_hash, request_id, correlation_id, attempts FROM rows WHERE line = ?1",
            )
            .and_then(|mut s| {
                s.query_row([row.line], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, u32>(4)?,
                    ))
                })
                .optional()
            })
            .map_err(|e| self.error(e))?;
        if let Some((state, hash, request_id, correlation_id, attempts)) = found {
            return self.resume(
                row,
                &state,
                &hash,
                request_id,
                correlation_id,
                attempts,
                dispatch,
                retry_failed,
            );
        }
        let customer = row.customer.map(|c| c.to_string());
        let qualification = row.qualification.map(CustomerQualification::as_str);
        if let Some(reason) = &row.invalid {
            self.insert_invalid(row, customer.as_deref(), qualification, reason)?;
            return Ok(Admitted::Invalid(reason.clone()));
        }
        let ids = Ids {
            request_id: Uuid::new_v4(),
            correlation_id: Uuid::new_v4(),
        };
        let state = if dispatch {
            RowState::Sent
        } else {
            RowState::Pending
        };
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO rows (line, row_hash, customer, qualification, request_id, correlation_id,
                                   state, created_at, sent_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT DO NOTHING",
            )
            .and_then(|mut s| {
                s.execute(params![
                    row.line,
                    row.hash,
                    customer,
                    qualification,
                    ids.request_id.to_string(),
                    ids.correlation_id.to_string(),
                    state.as_str(),
                    self.now,
                    dispatch.then_some(&self.now),
                ])
            })
            .map_err(|e| self.error(e))?;
        if inserted == 1 {
            return Ok(Admitted::Send { ids, attempts: 0 });
        }
        // The unique index refused it: the same customer and qualification on an earlier line.
        let first: Option<u64> = self
            .tx
            .prepare_cached(
                "SELECT line FROM rows WHERE customer = ?1 AND qualification = ?2 AND state <> 'invalid'",
            )
            .and_then(|mut s| s.query_row(params![customer, qualification], |r| r.get(0)).optional())
            .map_err(|e| self.error(e))?;
        let reason = match first {
            Some(first) => format!("duplicate of line {first} (same customer and qualification)"),
            None => "duplicate of an earlier line (same customer and qualification)".to_owned(),
        };
        self.insert_invalid(row, customer.as_deref(), qualification, &reason)?;
        Ok(Admitted::Invalid(reason))
    }

    /// What to do with a row an earlier run recorded.
    #[allow(clippy::too_many_arguments)]
    fn resume(
        &self,
        row: &Incoming,
        state: &str,
        hash: &str,
        request_id: Option<String>,
        correlation_id: Option<String>,
        attempts: u32,
        dispatch: bool,
        retry_failed: bool,
    ) -> Result<Admitted, Error> {
        if hash != row.hash {
            return Err(Error::mismatch(format!(
                "ledger {}: line {} of the input differs from the row recorded for it",
                self.name, row.line
            )));
        }
        let state = RowState::parse(state)
            .ok_or_else(|| self.error(format!("unknown state {state:?} at line {}", row.line)))?;
        let send = match state {
            RowState::Pending | RowState::Sent => true,
            RowState::Failed => retry_failed,
            _ => false,
        };
        if !send {
            return Ok(Admitted::Skip(state));
        }
        let parse = |id: Option<String>| id.as_deref().and_then(|i| Uuid::parse_str(i).ok());
        let (Some(request_id), Some(correlation_id)) = (parse(request_id), parse(correlation_id))
        else {
            return Err(self.error(format!("line {} has no stored ids", row.line)));
        };
        if dispatch {
            self.tx
                .prepare_cached("UPDATE rows SET state = 'sent', sent_at = ?2 WHERE line = ?1")
                .and_then(|mut s| s.execute(params![row.line, self.now]))
                .map_err(|e| self.error(e))?;
        }
        Ok(Admitted::Send {
            ids: Ids {
                request_id,
                correlation_id,
            },
            attempts,
        })
    }

    fn insert_invalid(
        &self,
        row: &Incoming,
        customer: Option<&str>,
        qualification: Option<&str>,
        reason: &str,
    ) -> Result<(), Error> {
        self.tx
            .prepare_cached(
                "INSERT INTO rows (line, row_hash, customer, qualification, state, error_description,
                                   created_at, finished_at)
                 VALUES (?1, ?2, ?3, ?4, 'invalid', ?5, ?6, ?6)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    row.line,
                    row.hash,
                    customer,
                    qualification,
                    snippet(reason, DESCRIPTION_CHARS),
                    self.now
                ])
            })
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Records a row's outcome.
    pub(crate) fn finish(&self, row: &Finished) -> Result<(), Error> {
        self.tx
            .prepare_cached(
                "UPDATE rows SET state = ?2, http_status = ?3, error_code = ?4, error_description = ?5,
                                 attempts = ?6, vetting_status = ?7, vetting_reason = ?8, finished_at = ?9
                 WHERE line = ?1",
            )
            .and_then(|mut s| {
                s.execute(params![
                    row.line,
                    row.state.as_str(),
                    row.status,
                    row.code.as_deref().map(|c| snippet(c, CODE_CHARS)),
                    row.description.as_deref().map(|d| snippet(d, DESCRIPTION_CHARS)),
                    row.attempts,
                    row.vetting_status.as_deref().map(|v| snippet(v, CODE_CHARS)),
                    row.vetting_reason.as_deref().map(|r| snippet(r, DESCRIPTION_CHARS)),
                    self.now,
                ])
            })
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Puts rows that never reached a worker back to `pending`.
    pub(crate) fn revert(&self, line: u64) -> Result<(), Error> {
        self.tx
            .prepare_cached("UPDATE rows SET state = 'pending' WHERE line = ?1 AND state = 'sent'")
            .and_then(|mut s| s.execute([line]))
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Records a vetting verdict (or a status still under review).
    pub(crate) fn vetted(&self, row: &Vetted) -> Result<(), Error> {
        self.tx
            .prepare_cached(
                "UPDATE rows SET vetting_status = ?2, vetting_reason = ?3, vetted_at = ?4 WHERE line = ?1",
            )
            .and_then(|mut s| {
                s.execute(params![
                    row.line,
                    row.status.as_deref().map(|s| snippet(s, CODE_CHARS)),
                    row.reason.as_deref().map(|r| snippet(r, DESCRIPTION_CHARS)),
                    self.now
                ])
            })
            .map(drop)
            .map_err(|e| self.error(e))
    }
}

/// The first 12 hex digits of a fingerprint, for messages.
fn short(fingerprint: &str) -> &str {
    fingerprint.get(..12).unwrap_or(fingerprint)
}
