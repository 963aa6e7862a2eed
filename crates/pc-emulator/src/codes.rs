//! The partner's GCC validation codes.
//!
//! - [`ValidationCodes`]: the codes with their remaining creates, redeemed by GCC requests.

use pc_models::ValidationCode;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;

use crate::demo;
use crate::error::ApiError;

/// One code and its counters.
#[derive(Debug, Clone)]
struct CodeState {
    code: &'static str,
    max_creates: Option<u32>,
    remaining_creates: Option<u32>,
    changed_at: OffsetDateTime,
}

/// The partner's validation codes.
#[derive(Debug, Clone)]
pub(crate) struct ValidationCodes {
    codes: Vec<CodeState>,
}

impl ValidationCodes {
    /// The codes of a fresh emulator: [`demo::VALIDATION_CODE`] (5 creates),
    /// [`demo::VALIDATION_CODE_UNLIMITED`] (no limit) and [`demo::VALIDATION_CODE_EXHAUSTED`]
    /// (1 create, used).
    pub(crate) fn initial() -> Self {
        let code = |code, max_creates, remaining_creates, changed_at| CodeState {
            code,
            max_creates,
            remaining_creates,
            changed_at,
        };
        Self {
            codes: vec![
                code(
                    demo::VALIDATION_CODE,
                    Some(5),
                    Some(5),
                    datetime!(2018-10-10 18:49:58.727348 UTC),
                ),
                code(
                    demo::VALIDATION_CODE_UNLIMITED,
                    None,
                    None,
                    datetime!(2018-11-02 09:12:01 UTC),
                ),
                code(
                    demo::VALIDATION_CODE_EXHAUSTED,
                    Some(1),
                    Some(0),
                    datetime!(2019-03-14 11:30:00 UTC),
                ),
            ],
        }
    }

    /// The remaining creates of a code: `None` for an unknown code, `Some(None)` for no limit.
    pub(crate) fn remaining(&self, code: &str) -> Option<Option<u32>> {
        self.find(code).map(|state| state.remaining_creates)
    }

    /// Checks that a code exists and has a create left.
    ///
    /// # Errors
    ///
    /// 400 / `3000` for an unknown or exhausted code.
    pub(crate) fn check(&self, code: &str) -> Result<(), ApiError> {
        let state = self
            .find(code)
            .ok_or_else(|| ApiError::invalid_property("The validation code is invalid."))?;
        if state.remaining_creates == Some(0) {
            return Err(ApiError::invalid_property(
                "The validation code has no remaining creates.",
            ));
        }
        Ok(())
    }

    /// Uses one create of a code that passed [`check`](Self::check); unlimited codes stay
    /// unlimited.
    pub(crate) fn redeem(&mut self, code: &str, now: OffsetDateTime) {
        if let Some(state) = self.codes.iter_mut().find(|state| state.code == code)
            && let Some(remaining) = &mut state.remaining_creates
        {
            *remaining = remaining.saturating_sub(1);
            state.changed_at = now;
        }
    }

    /// The wire records of `GET /v1/customers/all/validations`.
    pub(crate) fn to_wire(&self) -> Vec<ValidationCode> {
        self.codes
            .iter()
            .map(|state| {
                let mut record = ValidationCode::new(state.code);
                record.partner_id = Some(demo::PARTNER_ID.to_owned());
                record.organization_name = Some(demo::PARTNER_NAME.to_owned());
                record.max_creates = state.max_creates;
                record.remaining_creates = state.remaining_creates;
                record.etag = Some(etag(state.changed_at));
                record
            })
            .collect()
    }

    fn find(&self, code: &str) -> Option<&CodeState> {
        self.codes.iter().find(|state| state.code == code)
    }
}

/// `W/"datetime'2018-10-10T18%3A49%3A58.727348Z'"`, the entity tag form of the documentation.
fn etag(at: OffsetDateTime) -> String {
    let stamp = at
        .format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string());
    format!("W/\"datetime'{}'\"", stamp.replace(':', "%3A"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_has_the_documented_form() {
        assert_eq!(
            etag(datetime!(2018-10-10 18:49:58.727348 UTC)),
            "W/\"datetime'2018-10-10T18%3A49%3A58.727348Z'\""
        );
    }

    #[test]
    fn redeeming_decrements_limited_codes_only() {
        let mut codes = ValidationCodes::initial();
        let now = OffsetDateTime::UNIX_EPOCH;
        codes.redeem(demo::VALIDATION_CODE, now);
        codes.redeem(demo::VALIDATION_CODE_UNLIMITED, now);
        assert_eq!(codes.remaining(demo::VALIDATION_CODE), Some(Some(4)));
        assert_eq!(codes.remaining(demo::VALIDATION_CODE_UNLIMITED), Some(None));
        assert_eq!(codes.remaining("999999"), None);
        assert!(codes.check(demo::VALIDATION_CODE_EXHAUSTED).is_err());
    }
}
