//! `TransportError`: what each kind says, which kinds may have reached the server, and where the
//! cause goes (`source()`, never `Display`).

use std::error::Error as _;

use pc_transport::{TransportError, TransportErrorKind};

const ALL: [TransportErrorKind; 6] = [
    TransportErrorKind::Connect,
    TransportErrorKind::InvalidRequest,
    TransportErrorKind::Timeout,
    TransportErrorKind::Io,
    TransportErrorKind::BodyTooLarge,
    TransportErrorKind::Other,
];

#[test]
fn display_names_the_kind_only() {
    // Arrange
    let expected = [
        "connection failed",
        "invalid request",
        "timed out waiting for the response",
        "connection broke during the exchange",
        "response body too large",
        "transport failure",
    ];

    // Act
    let shown: Vec<String> = ALL
        .iter()
        .map(|kind| {
            TransportError::new(*kind, "cause with https://pc.test/?code=123456").to_string()
        })
        .collect();

    // Assert
    assert_eq!(shown, expected);
}

#[test]
fn only_connect_and_invalid_request_are_certainly_not_processed() {
    // Arrange
    let errors = ALL.map(TransportError::from_kind);

    // Act
    let processed: Vec<bool> = errors
        .iter()
        .map(TransportError::may_have_been_processed)
        .collect();

    // Assert
    assert_eq!(processed, [false, false, true, true, true, true]);
}

#[test]
fn the_cause_is_the_source_and_from_kind_has_none() {
    // Arrange
    let with_cause = TransportError::new(TransportErrorKind::Io, "connection reset by peer");
    let without = TransportError::from_kind(TransportErrorKind::Timeout);
    let invalid = TransportError::invalid_request("no host");

    // Act
    let cause = with_cause.source().map(ToString::to_string);

    // Assert
    assert_eq!(cause.as_deref(), Some("connection reset by peer"));
    assert!(without.source().is_none());
    assert_eq!(invalid.kind(), TransportErrorKind::InvalidRequest);
    assert_eq!(
        invalid.source().map(ToString::to_string).as_deref(),
        Some("no host")
    );
}

#[test]
fn predicates_match_their_kinds() {
    // Arrange
    let timeout = TransportError::from_kind(TransportErrorKind::Timeout);
    let connect = TransportError::from_kind(TransportErrorKind::Connect);

    // Act
    let flags = [
        (timeout.is_timeout(), timeout.is_connect()),
        (connect.is_timeout(), connect.is_connect()),
    ];

    // Assert
    assert_eq!(flags, [(true, false), (false, true)]);
}

#[test]
fn transport_error_is_send_sync_and_static() {
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<TransportError>();
}
