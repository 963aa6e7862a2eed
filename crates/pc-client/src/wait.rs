//! Waiting for vetting to finish.
//!
//! - [`WaitOptions`]: overall deadline and polling intervals.

use std::time::Duration;

/// How a [`VettingPoller`](crate::VettingPoller) (from
/// [`Qualifications::wait_for_vetting`](crate::Qualifications::wait_for_vetting)) polls.
///
/// It lists the customer's qualifications, sleeps, and lists again, doubling the interval from
/// `initial_interval` up to `max_interval`, until the qualification is `Approved` or `Denied` or
/// the `timeout` passes. Each poll is an ordinary call: throttling (`429` with `Retry-After`) is
/// honoured by the client's retry policy.
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use pc_client::WaitOptions;
///
/// let options = WaitOptions::default().timeout(Duration::from_secs(600));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct WaitOptions {
    pub(crate) timeout: Duration,
    pub(crate) initial_interval: Duration,
    pub(crate) max_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30 * 60),
            initial_interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(60),
        }
    }
}

impl WaitOptions {
    /// The overall deadline (at most a year). Default: 30 minutes.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The first wait between polls (at least 1 ms). Default: 2 seconds.
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest wait between polls (never less than the first). Default: 60 seconds.
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }
}
