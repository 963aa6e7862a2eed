//! The two clocks a request reads.
//!
//! - [`Now`]: tokio's monotonic clock (vetting delays, token expiry, throttling) and the wall clock
//!   (`vettingCreateDate`, `expires_on`).

use time::OffsetDateTime;
use tokio::time::Instant;

/// One reading of both clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Now {
    /// tokio's clock: follows a paused test runtime.
    pub(crate) instant: Instant,
    /// UTC wall time, in whole seconds.
    pub(crate) wall: OffsetDateTime,
}

impl Now {
    /// Reads both clocks.
    pub(crate) fn read() -> Self {
        let wall = OffsetDateTime::now_utc();
        Self {
            instant: Instant::now(),
            wall: wall.replace_nanosecond(0).unwrap_or(wall),
        }
    }
}
