//! wait_for_vetting: polls until Approved or Denied, or a distinct deadline error; the poller's
//! observations one poll at a time.

use std::collections::HashSet;
use std::time::Duration;

use pc_client::{
    CustomerId, CustomerQualification, ErrorKind, QualificationRequest, VettingStatus, WaitOptions,
};
use pc_emulator::{Emulator, EmulatorConfig, demo};
use pc_transport::MockTransport;
use tokio::time::Instant;

use crate::support::{customer, in_process_client, mock_client};

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

/// An in-process emulator whose Education vetting takes `delay`, and Contoso Academy (whose
/// Education is Approved) with a fresh `InReview` Education.
async fn academy_in_review(delay: Duration) -> (Emulator, pc_client::Qualifications) {
    let emulator = Emulator::new(EmulatorConfig::default().vetting_delay(delay));
    let client = in_process_client(&emulator);
    let academy: CustomerId = demo::CONTOSO_ACADEMY.parse().expect("id");
    let qualifications = client.customer(academy).qualifications();
    let created = qualifications
        .create(QualificationRequest::education())
        .await
        .expect("created");
    assert_eq!(created.vetting_status, Some(VettingStatus::InReview));
    (emulator, qualifications)
}

/// The `MS-RequestId`s of the emulator's `GET`s, oldest first.
fn logged_list_ids(emulator: &Emulator) -> Vec<String> {
    emulator
        .request_log()
        .into_iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.request_id.unwrap_or_default())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn next_yields_one_observation_per_poll_until_the_emulator_approves_then_none() {
    // Vetting settles 5 s after the create; polls at 0, 1, 3 and 7 s.
    let (emulator, qualifications) = academy_in_review(Duration::from_secs(5)).await;
    let mut poller = qualifications.wait_for_vetting(CustomerQualification::Education, options());

    let mut observations = Vec::new();
    while let Some(observation) = poller.next().await {
        observations.push(observation.expect("every poll answers"));
    }
    let after_the_end = poller.next().await;

    let statuses: Vec<_> = observations
        .iter()
        .map(|o| o.record.as_ref().and_then(|r| r.vetting_status.clone()))
        .collect();
    assert_eq!(
        statuses,
        [
            Some(VettingStatus::InReview),
            Some(VettingStatus::InReview),
            Some(VettingStatus::InReview),
            Some(VettingStatus::Approved),
        ]
    );
    let polls: Vec<u32> = observations.iter().map(|o| o.poll).collect();
    assert_eq!(polls, [1, 2, 3, 4]);
    let settled: Vec<bool> = observations.iter().map(|o| o.is_settled()).collect();
    assert_eq!(settled, [false, false, false, true]);
    let elapsed: Vec<Duration> = observations.iter().map(|o| o.elapsed).collect();
    assert_eq!(
        elapsed,
        [0, 1, 3, 7].map(Duration::from_secs),
        "one poll per interval, doubling"
    );
    let ids: Vec<String> = observations
        .iter()
        .map(|o| o.request_id.to_string())
        .collect();
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 4, "{ids:?}");
    assert_eq!(ids, logged_list_ids(&emulator), "one request per poll");
    assert!(after_the_end.is_none());
}

#[tokio::test(start_paused = true)]
async fn next_reports_the_wait_deadline_as_a_vetting_timeout_then_none() {
    // Vetting takes an hour; the wait allows 10 s: polls at 0, 1, 3, 7 s, and no time for 11 s.
    let (emulator, qualifications) = academy_in_review(Duration::from_secs(3600)).await;
    let mut poller = qualifications.wait_for_vetting(
        CustomerQualification::Education,
        options().timeout(Duration::from_secs(10)),
    );

    let mut results = Vec::new();
    while let Some(result) = poller.next().await {
        results.push(result);
    }
    let after_the_end = poller.next().await;

    assert_eq!(results.len(), 5, "{results:?}");
    for (n, result) in results[..4].iter().enumerate() {
        let observation = result.as_ref().expect("a poll in time");
        assert_eq!(observation.poll, u32::try_from(n + 1).expect("small"));
        assert!(!observation.is_settled());
    }
    let err = results[4].as_ref().expect_err("the deadline");
    assert_eq!(err.kind(), ErrorKind::VettingTimeout);
    assert_eq!(
        err.to_string(),
        "vetting not finished: Education still InReview after 4 polls in 10s"
    );
    assert_eq!(
        logged_list_ids(&emulator).len(),
        4,
        "no poll after the deadline"
    );
    assert!(after_the_end.is_none());
}
