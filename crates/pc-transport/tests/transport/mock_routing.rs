//! `MockTransport` routing: a route answers its method and exact path every time, before any
//! handler or queued reply; handlers answer what they recognise; the queue keeps its order; and a
//! request nothing answers still fails loudly and is counted.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http::{Method, StatusCode};
use pc_transport::{MockTransport, Transport, TransportError, TransportErrorKind};

fn request(method: Method, uri: &str) -> pc_transport::Request {
    http::Request::builder()
        .method(method)
        .uri(uri)
        .body(Bytes::new())
        .expect("request builds")
}

fn get(uri: &str) -> pc_transport::Request {
    request(Method::GET, uri)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_requests_for_fifty_paths_each_get_their_own_routed_reply() {
    // Arrange
    let mock = MockTransport::new();
    for customer in 0..50 {
        mock.route_json(
            Method::GET,
            format!("/v1/customers/c{customer}/qualifications"),
            200,
            format!(r#"["c{customer}"]"#),
        );
    }

    // Act: every request is in flight at once, on two worker threads.
    let tasks: Vec<_> = (0..50)
        .map(|customer| {
            let mock = mock.clone();
            tokio::spawn(async move {
                let uri = format!("https://pc.test/v1/customers/c{customer}/qualifications");
                let response = mock.send(get(&uri)).await;
                (customer, response)
            })
        })
        .collect();
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.expect("the task did not panic"));
    }

    // Assert
    for (customer, response) in replies {
        let response = response.expect("routed");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.body().as_ref(),
            format!(r#"["c{customer}"]"#).as_bytes()
        );
    }
    assert_eq!(mock.requests().len(), 50);
    assert_eq!(mock.unexpected_requests(), 0);
}

#[tokio::test]
async fn a_route_answers_before_the_queue_and_the_queue_keeps_its_order() {
    // Arrange
    let mock = MockTransport::new();
    mock.route_json(Method::GET, "/v1/routed", 200, "routed")
        .push_json(201, "first")
        .push_json(202, "second");

    // Act
    let first = mock.send(get("https://pc.test/v1/other")).await;
    let routed = mock.send(get("https://pc.test/v1/routed")).await;
    let routed_again = mock.send(get("https://pc.test/v1/routed")).await;
    let second = mock.send(get("https://pc.test/v1/routed/child")).await;

    // Assert
    let body = |reply: Result<pc_transport::Response, TransportError>| {
        let response = reply.expect("answered");
        (response.status().as_u16(), response.body().clone())
    };
    assert_eq!(body(first), (201, Bytes::from_static(b"first")));
    assert_eq!(body(routed), (200, Bytes::from_static(b"routed")));
    assert_eq!(body(routed_again), (200, Bytes::from_static(b"routed")));
    assert_eq!(body(second), (202, Bytes::from_static(b"second")));
    assert!(mock.is_exhausted());
    let paths: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| r.uri.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        ["/v1/other", "/v1/routed", "/v1/routed", "/v1/routed/child"]
    );
}

#[tokio::test]
async fn a_route_matches_its_method_and_exact_path_and_ignores_the_query() {
    // Arrange
    let mock = MockTransport::new();
    mock.route_json(Method::GET, "/v1/x", 200, "[]");

    // Act
    let with_query = mock.send(get("https://pc.test/v1/x?code=1")).await;
    let other_method = mock
        .send(request(Method::POST, "https://pc.test/v1/x"))
        .await;
    let trailing_slash = mock.send(get("https://pc.test/v1/x/")).await;

    // Assert
    assert_eq!(with_query.expect("routed").status(), StatusCode::OK);
    assert_eq!(
        other_method.expect_err("POST is not routed").kind(),
        TransportErrorKind::InvalidRequest
    );
    assert_eq!(
        trailing_slash.expect_err("/v1/x/ is not routed").kind(),
        TransportErrorKind::InvalidRequest
    );
    assert_eq!(mock.unexpected_requests(), 2);
}

#[tokio::test]
async fn routing_the_same_method_and_path_again_replaces_the_response() {
    // Arrange
    let mock = MockTransport::new();
    mock.route_json(Method::GET, "/v1/x", 503, "");
    mock.route(
        Method::GET,
        "/v1/x",
        http::Response::builder()
            .status(200)
            .header("ms-cv", "abc.1")
            .body(Bytes::from_static(b"[]"))
            .expect("response builds"),
    );

    // Act
    let response = mock
        .send(get("https://pc.test/v1/x"))
        .await
        .expect("routed");

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers().get("ms-cv").map(|v| v.as_bytes()),
        Some(b"abc.1".as_slice())
    );
}

#[tokio::test]
async fn a_handler_answers_what_no_route_does_and_none_falls_through_to_the_queue() {
    // Arrange
    let mock = MockTransport::new();
    mock.route_json(Method::GET, "/v1/customers/routed", 200, "routed")
        .respond_with(|request| {
            let customer = request.uri.path().strip_prefix("/v1/customers/")?;
            if customer == "down" {
                return Some(Err(TransportError::new(TransportErrorKind::Io, "reset")));
            }
            let body = Bytes::from(format!("handled {customer}"));
            Some(Ok(http::Response::new(body)))
        })
        .push_json(200, "queued");

    // Act
    let routed = mock.send(get("https://pc.test/v1/customers/routed")).await;
    let handled = mock.send(get("https://pc.test/v1/customers/a")).await;
    let failed = mock.send(get("https://pc.test/v1/customers/down")).await;
    let queued = mock.send(get("https://pc.test/v1/other")).await;

    // Assert
    assert_eq!(routed.expect("routed").body().as_ref(), b"routed");
    assert_eq!(handled.expect("handled").body().as_ref(), b"handled a");
    assert_eq!(
        failed.expect_err("the handler's error").kind(),
        TransportErrorKind::Io
    );
    assert_eq!(queued.expect("queued").body().as_ref(), b"queued");
    assert!(mock.is_exhausted());
    assert_eq!(mock.requests().len(), 4);
    assert_eq!(mock.unexpected_requests(), 0);
}

#[tokio::test]
async fn handlers_are_asked_in_the_order_they_were_added() {
    // Arrange
    let mock = MockTransport::new();
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    mock.respond_with(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        None
    })
    .respond_with(|_| Some(Ok(http::Response::new(Bytes::from_static(b"second")))))
    .respond_with(|_| Some(Ok(http::Response::new(Bytes::from_static(b"third")))));

    // Act
    let response = mock
        .send(get("https://pc.test/v1/x"))
        .await
        .expect("handled");

    // Assert
    assert_eq!(response.body().as_ref(), b"second");
    assert_eq!(asked.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_handler_may_call_the_mock_it_belongs_to() {
    // Arrange: the handler reads the record, so it must not run under the mock's lock.
    let mock = MockTransport::new();
    let inner = mock.clone();
    mock.respond_with(move |_| {
        let seen = inner.requests().len();
        Some(Ok(http::Response::new(Bytes::from(seen.to_string()))))
    });

    // Act
    let first = mock.send(get("https://pc.test/1")).await.expect("handled");
    let second = mock.send(get("https://pc.test/2")).await.expect("handled");

    // Assert: a request is recorded once it is answered.
    assert_eq!(first.body().as_ref(), b"0");
    assert_eq!(second.body().as_ref(), b"1");
}

#[tokio::test]
async fn an_unexpected_request_still_fails_loudly_with_routes_and_handlers_present() {
    // Arrange
    let mock = MockTransport::new();
    mock.route_json(Method::GET, "/v1/routed", 200, "[]")
        .respond_with(|_| None);

    // Act
    let error = mock
        .send(get("https://pc.test/v1/customers/all/validations?secret=1"))
        .await
        .expect_err("nothing answers");

    // Assert
    assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
    assert!(!error.may_have_been_processed());
    assert_eq!(
        std::error::Error::source(&error).map(ToString::to_string),
        Some(
            "MockTransport: unexpected request GET /v1/customers/all/validations (no reply queued)"
                .to_owned()
        )
    );
    assert_eq!(mock.unexpected_requests(), 1);
    assert_eq!(mock.requests().len(), 1);
    assert!(mock.is_exhausted());
}

#[tokio::test]
async fn clones_share_routes_and_handlers() {
    // Arrange
    let mock = MockTransport::new();
    let handed_out = mock.clone();
    mock.route_json(Method::GET, "/v1/routed", 200, "routed")
        .respond_with(|_| Some(Ok(http::Response::new(Bytes::from_static(b"handled")))));

    // Act
    let routed = handed_out.send(get("https://pc.test/v1/routed")).await;
    let handled = handed_out.send(get("https://pc.test/v1/other")).await;

    // Assert
    assert_eq!(routed.expect("routed").body().as_ref(), b"routed");
    assert_eq!(handled.expect("handled").body().as_ref(), b"handled");
    assert_eq!(mock.requests().len(), 2);
    assert!(format!("{mock:?}").contains("routes: 1, handlers: 1"));
}
