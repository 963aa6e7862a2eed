//! wait_for_vetting: polls until Approved or Denied, or a distinct deadline error.

use std::time::Duration;

use pc_client::{CustomerQualification, ErrorKind, VettingStatus, WaitOptions};
use pc_transport::MockTransport;
use tokio::time::Instant;

use crate::support::{customer, mock_client};

const IN_REVIEW: &str = r#"[{"qualification":"Education","vettingStatus":"InReview"}]"#;

fn options() -> WaitOptions {
    WaitOptions::default()
        .timeout(Duration::from_secs(60))
        .initial_interval(Duration::from_secs(1))
        .max_interval(Duration::from_secs(4))
}

#[tokio::test(start_paused = true)]
async fn polls_until_approved_with_growing_intervals() {
    let mock = MockTransport::new();
    mock.push_json(200, IN_REVIEW)
        .push_json(200, IN_REVIEW)
        .push_json(200, IN_REVIEW)
        .push_json(
            200,
            r#"[{"qualification":"StateOwnedEntity"},{"qualification":"Education","vettingStatus":"Approved"}]"#,
        );
    let client = mock_client(&mock, 1);
    let started = Instant::now();

    let record = client
        .customer(customer())
        .qualifications()
        .wait_for_vetting(CustomerQualification::Education, options())
        .await
        .expect("approved");

    assert_eq!(record.vetting_status, Some(VettingStatus::Approved));
    assert_eq!(mock.requests().len(), 4);
    // Waits of 1 + 2 + 4 seconds.
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(7) && waited < Duration::from_secs(8),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn denied_is_final_and_carries_the_reason() {
    let mock = MockTransport::new();
    mock.push_json(
        200,
        r#"[{"qualification":"Education","vettingStatus":"Denied","vettingReason":"Not an Education Customer"}]"#,
    );
    let client = mock_client(&mock, 1);

    let record = client
        .customer(customer())
        .qualifications()
        .wait_for_vetting(CustomerQualification::Education, options())
        .await
        .expect("denied is a result, not an error");

    assert_eq!(record.vetting_status, Some(VettingStatus::Denied));
    assert_eq!(
        record.vetting_reason.as_deref(),
        Some("Not an Education Customer")
    );
}

#[tokio::test(start_paused = true)]
async fn a_qualification_without_vetting_returns_at_once() {
    let mock = MockTransport::new();
    mock.push_json(200, r#"[{"qualification":"StateOwnedEntity"}]"#);
    let client = mock_client(&mock, 1);

    let record = client
        .customer(customer())
        .qualifications()
        .wait_for_vetting(CustomerQualification::StateOwnedEntity, options())
        .await
        .expect("no vetting");

    assert_eq!(record.vetting_status, None);
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_deadline_gives_a_distinct_error_with_the_last_status() {
    let mock = MockTransport::new();
    for _ in 0..10 {
        mock.push_json(200, IN_REVIEW);
    }
    let client = mock_client(&mock, 1);

    let err = client
        .customer(customer())
        .qualifications()
        .wait_for_vetting(
            CustomerQualification::Education,
            options().timeout(Duration::from_secs(10)),
        )
        .await
        .expect_err("deadline");

    assert_eq!(err.kind(), ErrorKind::VettingTimeout);
    assert!(err.is_vetting_timeout());
    assert_eq!(
        err.to_string(),
        "vetting not finished: Education still InReview after 4 polls in 10s"
    );
}

#[tokio::test(start_paused = true)]
async fn throttled_polls_are_retried_by_the_client_policy() {
    let mock = MockTransport::new();
    let mut throttled = http::Response::new(bytes::Bytes::new());
    *throttled.status_mut() = http::StatusCode::TOO_MANY_REQUESTS;
    throttled
        .headers_mut()
        .insert("retry-after", http::HeaderValue::from_static("5"));
    mock.push_response(throttled).push_json(
        200,
        r#"[{"qualification":"Education","vettingStatus":"Approved"}]"#,
    );
    let client = mock_client(&mock, 3);
    let started = Instant::now();

    let record = client
        .customer(customer())
        .qualifications()
        .wait_for_vetting(CustomerQualification::Education, options())
        .await
        .expect("approved after the throttle");

    assert_eq!(record.vetting_status, Some(VettingStatus::Approved));
    assert!(started.elapsed() >= Duration::from_secs(5));
}

#[tokio::test]
async fn a_poll_cut_short_by_the_wait_deadline_is_a_vetting_timeout() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_raw(IN_REVIEW, "application/json")
                .set_delay(Duration::from_secs(30)),
        )
        .mount(&server)
        .await;
    let client = crate::support::http_client(&server.uri(), 1);
    let started = std::time::Instant::now();

    let err = client
        .customer(customer())
        .qualifications()
        .wait_for_vetting(
            CustomerQualification::Education,
            WaitOptions::default().timeout(Duration::from_millis(500)),
        )
        .await
        .expect_err("deadline");

    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), ErrorKind::VettingTimeout);
    assert_eq!(
        err.to_string(),
        "vetting not finished: Education still unseen (no poll answered) after 1 polls in 500ms"
    );
}
