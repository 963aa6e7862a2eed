//! `TowerTransport`: a tower service (or a stack of layers) used as a transport, its errors
//! classified, and the response limit honoured.

use std::time::Duration;

use bytes::Bytes;
use pc_transport::{ResponseLimit, TowerTransport, Transport, TransportError, TransportErrorKind};
use tower::ServiceBuilder;

fn get(uri: &str) -> pc_transport::Request {
    http::Request::get(uri)
        .body(Bytes::new())
        .expect("request builds")
}

#[tokio::test]
async fn a_service_fn_answers_as_a_transport() {
    // Arrange
    let service = tower::service_fn(|request: pc_transport::Request| async move {
        let body = Bytes::from(request.uri().path().to_owned());
        Ok::<_, TransportError>(http::Response::new(body))
    });
    let transport: std::sync::Arc<dyn Transport> =
        std::sync::Arc::new(TowerTransport::new(service));

    // Act
    let response = transport
        .send(get("http://pc.test/v1/x"))
        .await
        .expect("answered");

    // Assert
    assert_eq!(response.body().as_ref(), b"/v1/x");
    assert!(format!("{transport:?}").starts_with("TowerTransport { service: "));
}

#[tokio::test]
async fn a_timeout_layer_error_is_other_and_may_have_been_processed() {
    // Arrange: a service that never answers, under a 20 ms timeout.
    let service = ServiceBuilder::new()
        .timeout(Duration::from_millis(20))
        .service_fn(|_: pc_transport::Request| {
            std::future::pending::<Result<pc_transport::Response, TransportError>>()
        });
    let transport = TowerTransport::new(service);

    // Act
    let error = transport
        .send(get("http://pc.test/v1/x"))
        .await
        .expect_err("the timeout fires");

    // Assert
    assert_eq!(error.kind(), TransportErrorKind::Other);
    assert!(error.may_have_been_processed());
    let source = std::error::Error::source(&error).expect("the layer's error is the source");
    assert!(source.is::<tower::timeout::error::Elapsed>());
}

#[tokio::test]
async fn a_transport_error_from_the_service_keeps_its_kind() {
    // Arrange
    let service = tower::service_fn(|_: pc_transport::Request| async {
        Err::<pc_transport::Response, _>(TransportError::new(
            TransportErrorKind::Connect,
            "refused",
        ))
    });
    let transport = TowerTransport::new(service);

    // Act
    let error = transport
        .send(get("http://pc.test/v1/x"))
        .await
        .expect_err("the service fails");

    // Assert
    assert!(error.is_connect());
    assert!(!error.may_have_been_processed());
}

#[tokio::test]
async fn a_body_over_the_response_limit_is_body_too_large() {
    // Arrange
    let service = tower::service_fn(|_: pc_transport::Request| async {
        Ok::<_, TransportError>(http::Response::new(Bytes::from_static(b"12345")))
    });
    let transport = TowerTransport::new(service);
    let mut over = get("http://pc.test/v1/x");
    over.extensions_mut().insert(ResponseLimit(4));
    let mut exact = get("http://pc.test/v1/x");
    exact.extensions_mut().insert(ResponseLimit(5));

    // Act
    let over = transport.send(over).await;
    let exact = transport.send(exact).await;

    // Assert
    assert_eq!(
        over.expect_err("5 bytes > 4").kind(),
        TransportErrorKind::BodyTooLarge
    );
    assert_eq!(exact.expect("5 bytes fit").body().len(), 5);
}
