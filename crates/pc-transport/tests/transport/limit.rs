//! `ResponseLimit`: read from a request's extensions, 16 MiB when absent.

use pc_transport::{DEFAULT_MAX_RESPONSE_BYTES, ResponseLimit};

#[test]
fn a_request_without_the_extension_gets_the_16_mib_default() {
    // Arrange
    let request = http::Request::new(bytes::Bytes::new());

    // Act
    let limit = ResponseLimit::of(&request);

    // Assert
    assert_eq!(limit, 16 * 1024 * 1024);
    assert_eq!(limit, DEFAULT_MAX_RESPONSE_BYTES);
    assert_eq!(
        ResponseLimit::default(),
        ResponseLimit(DEFAULT_MAX_RESPONSE_BYTES)
    );
}

#[test]
fn the_extension_a_request_carries_is_the_limit() {
    // Arrange
    let mut request = http::Request::new(bytes::Bytes::new());
    request.extensions_mut().insert(ResponseLimit(64));

    // Act
    let limit = ResponseLimit::of(&request);

    // Assert
    assert_eq!(limit, 64);
}
