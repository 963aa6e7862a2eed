//! The error of a request the emulator answered by closing the connection.
//!
//! - [`ConnectionDropped`]: returned by [`Emulator::call`](crate::Emulator::call); over TCP the
//!   client sees the connection closed with no response.

/// The emulator closed the connection without answering: an injected drop, or a client that
/// stopped sending its body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the emulator closed the connection without a response ({})", .fault.unwrap_or("broken request body"))]
pub struct ConnectionDropped {
    fault: Option<&'static str>,
}

impl ConnectionDropped {
    pub(crate) fn new(fault: Option<&'static str>) -> Self {
        Self { fault }
    }

    /// The injected fault (`drop-before-apply`, `drop-after-apply`), or `None` when the client
    /// stopped sending its body.
    pub fn fault(&self) -> Option<&str> {
        self.fault
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_send_sync_and_static() {
        fn assert_bounds<T: std::error::Error + Send + Sync + 'static>() {}
        assert_bounds::<ConnectionDropped>();
    }
}
