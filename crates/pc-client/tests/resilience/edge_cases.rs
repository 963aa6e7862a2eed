//! Hostile or extreme inputs: huge Retry-After and deadlines, secrets in odd places, zero intervals.

use std::time::Duration;

use pc_client::{
    CallOptions, Contract, CustomerQualification, ErrorKind, PartnerCenterClient,
    QualificationRequest, WaitOptions,
};
use pc_transport::{MockTransport, TransportError, TransportErrorKind};

use crate::support::{customer, mock_client};

fn throttled(retry_after: &'static str) -> pc_transport::Response {
    let mut response = http::Response::new(bytes::Bytes::new());
    *response.status_mut() = http::StatusCode::TOO_MANY_REQUESTS;
    response
        .headers_mut()
        .insert("retry-after", http::HeaderValue::from_static(retry_after));
    response
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_of_u64_max_seconds_ends_the_call_without_panicking() {
    let mock = MockTransport::new();
    mock.push_response(throttled("18446744073709551615"));
    let client = mock_client(&mock, 4);

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("cannot wait that long");

    assert_eq!(err.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_duration_max_timeout_is_accepted_and_a_zero_per_call_timeout_is_refused() {
    let mock = MockTransport::new();
    mock.push_json(200, "[]");
    let client = PartnerCenterClient::builder()
        .endpoint("https://pc.test")
        .access_token("token-value")
        .transport(mock.clone())
        .timeout(Duration::MAX)
        .build()
        .expect("client");

    let ok = client.customer(customer()).qualifications().list().await;
    let zero = client
        .customer(customer())
        .qualifications()
        .list()
        .options(CallOptions::default().timeout(Duration::ZERO))
        .await
        .expect_err("zero");

    assert!(ok.is_ok(), "{ok:?}");
    assert_eq!(zero.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        mock.requests().len(),
        1,
        "the zero-timeout call sent nothing"
    );
}

#[tokio::test(start_paused = true)]
async fn an_object_contract_validation_code_echoed_by_the_service_is_redacted() {
    let mock = MockTransport::new();
    mock.push_json(
        400,
        r#"{"code":"3000","description":"Validation code 987654 is invalid."}"#,
    );
    let client = PartnerCenterClient::builder()
        .endpoint("https://pc.test")
        .access_token("token-value")
        .transport(mock.clone())
        .contract(Contract::Object)
        .build()
        .expect("client");

    let err = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::government_community_cloud("987654"))
        .await
        .expect_err("refused");

    let text = format!("{err} {err:?} {:?}", err.raw_body());
    assert!(!text.contains("987654"), "{text}");
    assert_eq!(
        err.description(),
        Some("Validation code [redacted] is invalid.")
    );
    assert_eq!(
        mock.requests()[0].body.as_ref(),
        br#"{"qualification":"GovernmentCommunityCloud","validationCode":"987654"}"#
    );
}

#[tokio::test(start_paused = true)]
async fn an_undecodable_validation_code_list_quotes_no_value_anywhere_in_the_chain() {
    let mock = MockTransport::new();
    mock.push_json(200, r#"[{"validationId":123456.0}]"#);
    let client = mock_client(&mock, 1);

    let err = client
        .validation_codes()
        .list()
        .await
        .expect_err("float id");

    let mut chain = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(!chain.contains("123456"), "{chain}");
    assert!(chain.contains("body withheld"), "{chain}");
}

#[tokio::test(start_paused = true)]
async fn a_decode_error_after_retries_reports_every_attempt() {
    let mock = MockTransport::new();
    mock.push_json(503, "")
        .push_json(503, "")
        .push_json(200, "not json");
    let client = mock_client(&mock, 4);

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("decode");

    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.attempts(), 3);
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn a_request_the_transport_refused_to_send_is_not_retried() {
    let mock = MockTransport::new();
    mock.push_error(TransportError::from_kind(
        TransportErrorKind::InvalidRequest,
    ));
    let client = mock_client(&mock, 4);

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("refused");

    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.attempts(), 1);
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_connect_failure_is_retried() {
    let mock = MockTransport::new();
    mock.push_error(TransportError::from_kind(TransportErrorKind::Connect))
        .push_json(200, "[]");
    let client = mock_client(&mock, 4);

    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("second attempt");

    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn waiting_with_a_zero_interval_still_pauses_and_polls_get_new_request_ids() {
    let mock = MockTransport::new();
    for _ in 0..3 {
        mock.push_json(
            200,
            r#"[{"qualification":"Education","vettingStatus":"InReview"}]"#,
        );
    }
    mock.push_json(
        200,
        r#"[{"qualification":"Education","vettingStatus":"Approved"}]"#,
    );
    let client = mock_client(&mock, 1);
    let pinned = uuid::Uuid::new_v4();
    let started = tokio::time::Instant::now();

    client
        .customer(customer())
        .qualifications()
        .wait_for_vetting(
            CustomerQualification::Education,
            WaitOptions::default()
                .initial_interval(Duration::ZERO)
                .max_interval(Duration::ZERO)
                .timeout(Duration::from_secs(5)),
        )
        .options(
            CallOptions::default()
                .request_id(pinned)
                .correlation_id(pinned),
        )
        .await
        .expect("approved");

    assert!(started.elapsed() > Duration::ZERO);
    let requests = mock.requests();
    let ids: std::collections::HashSet<_> = requests
        .iter()
        .map(|r| r.header("ms-requestid").unwrap_or("").to_owned())
        .collect();
    assert_eq!(ids.len(), 4, "each poll is a new call");
    assert!(!ids.contains(&pinned.to_string()));
    assert!(
        requests
            .iter()
            .all(|r| r.header("ms-correlationid") == Some(pinned.to_string().as_str()))
    );
}

#[tokio::test(start_paused = true)]
async fn a_wait_deadline_bounds_each_poll_even_under_long_throttling() {
    let mock = MockTransport::new();
    mock.push_response(throttled("60"));
    let client = mock_client(&mock, 4);
    let started = tokio::time::Instant::now();

    let err = client
        .customer(customer())
        .qualifications()
        .wait_for_vetting(
            CustomerQualification::Education,
            WaitOptions::default().timeout(Duration::from_secs(10)),
        )
        .await
        .expect_err("the 60 s Retry-After is past the 10 s deadline");

    assert!(
        started.elapsed() < Duration::from_secs(11),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), ErrorKind::VettingTimeout);
    assert_eq!(
        err.to_string(),
        "vetting not finished: Education still unseen (no poll answered) after 1 polls in 10s"
    );
}
