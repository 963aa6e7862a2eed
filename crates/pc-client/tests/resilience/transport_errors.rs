//! Transport failures as a caller sees them: the cause in `Display` (never a URL), no `source()`,
//! the `TransportError` through `transport_error()`.

use std::error::Error as _;

use pc_client::{ErrorKind, PartnerCenterClient, RetryPolicy, TransportErrorKind};

use crate::support::customer;

/// A loopback port nothing listens on: bound, read, then released.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("bound address").port()
}

#[tokio::test]
async fn a_refused_connection_prints_its_os_cause_without_the_url_and_has_no_source() {
    let port = closed_port();
    let client = PartnerCenterClient::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .access_token("test-token-0123456789")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("nothing listens there");

    let text = err.to_string();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.attempts(), 1);
    assert!(text.contains("connection"), "{text}");
    assert!(text.to_lowercase().contains("refused"), "{text}");
    assert!(!text.contains(&format!("127.0.0.1:{port}")), "{text}");
    assert!(!text.contains("/v1/customers"), "{text}");
    assert!(
        text.contains(&err.request_id().expect("ids").to_string()),
        "{text}"
    );
    assert!(err.source().is_none(), "the cause is printed, not chained");
    let transport = err.transport_error().expect("the transport error");
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(transport.is_connect());
}
