//! `GET /v1/customers/{id}/qualifications` against wiremock: the request sent and every decoded
//! field, for each documented response shape.

use pc_client::time::UtcOffset;
use pc_client::{CustomerQualification, Qualification, VettingStatus};
use time::macros::datetime;
use wiremock::matchers::{body_bytes, header, method, path, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    BODYLESS_HEADERS, TOKEN, assert_standard_headers, customer, fixture, header_names, names,
    only_request, qualifications_path, sent_ids, wiremock_client,
};

/// Mounts the one list endpoint, answering `body` once.
async fn serve_list(server: &MockServer, body: &'static [u8]) {
    Mock::given(method("GET"))
        .and(path(qualifications_path()))
        .and(query_param_is_missing("code"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(body_bytes(Vec::<u8>::new()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .named("GET qualifications")
        .mount(server)
        .await;
}

/// The exact shape of a list request: GET, the path, no query, no body, the standard headers.
fn assert_list_request(request: &wiremock::Request) {
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), qualifications_path());
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
    assert_eq!(header_names(request), names(&BODYLESS_HEADERS));
    assert_standard_headers(request);
}

#[tokio::test]
async fn list_decodes_a_denied_record_with_reason_and_millisecond_date() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(&server, fixture!("list-denied.json")).await;
    let client = wiremock_client(&server);

    // Act
    let list = client.customer(customer()).qualifications().list().await;

    // Assert
    let expected = Qualification::new(CustomerQualification::Education)
        .with_vetting_status(VettingStatus::Denied)
        .with_vetting_reason("Not an Education Customer")
        .with_vetting_create_date(datetime!(2020-12-03 10:37:38.885 UTC));
    assert_eq!(list.expect("list succeeds"), vec![expected]);
    assert_list_request(&only_request(&server).await);
}

#[tokio::test]
async fn list_decodes_seven_fractional_digits_with_plus_zero_offset_to_the_nanosecond() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(&server, fixture!("list-gcc-soe.json")).await;
    let client = wiremock_client(&server);

    // Act
    let list = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("list succeeds");

    // Assert
    let date = datetime!(2021-05-06 19:59:56.6832021 UTC);
    assert_eq!(
        list,
        vec![
            Qualification::new(CustomerQualification::GovernmentCommunityCloud)
                .with_vetting_status(VettingStatus::Approved)
                .with_vetting_create_date(date),
            Qualification::new(CustomerQualification::StateOwnedEntity),
        ]
    );
    let decoded = list[0].vetting_create_date.expect("date present");
    assert_eq!(decoded.nanosecond(), 683_202_100);
    assert_eq!(decoded.offset(), UtcOffset::UTC);
    assert_list_request(&only_request(&server).await);
}

#[tokio::test]
async fn list_accepts_the_vetting_created_date_spelling_of_the_get_docs() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(&server, fixture!("list-inreview.json")).await;
    let client = wiremock_client(&server);

    // Act
    let list = client.customer(customer()).qualifications().list().await;

    // Assert
    assert_eq!(
        list.expect("list succeeds"),
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::InReview)
                .with_vetting_create_date(datetime!(2020-12-03 10:37:38.885 UTC))
        ]
    );
    assert_list_request(&only_request(&server).await);
}

#[tokio::test]
async fn list_accepts_the_wrapped_qualifications_object() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(&server, fixture!("list-wrapped.json")).await;
    let client = wiremock_client(&server);

    // Act
    let list = client.customer(customer()).qualifications().list().await;

    // Assert
    assert_eq!(
        list.expect("list succeeds"),
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::InReview)
                .with_vetting_create_date(datetime!(2021-01-21 08:00:00 UTC))
        ]
    );
    assert_list_request(&only_request(&server).await);
}

#[tokio::test]
async fn list_decodes_records_without_date_or_vetting_fields() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(&server, fixture!("list-education-soe.json")).await;
    let client = wiremock_client(&server);

    // Act
    let list = client.customer(customer()).qualifications().list().await;

    // Assert
    assert_eq!(
        list.expect("list succeeds"),
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::Approved),
            Qualification::new(CustomerQualification::StateOwnedEntity),
        ]
    );
    assert_list_request(&only_request(&server).await);
}

#[tokio::test]
async fn list_of_one_approved_record_and_of_one_soe_record_decode_exactly() {
    // Arrange
    let approved_server = MockServer::start().await;
    serve_list(&approved_server, fixture!("list-approved.json")).await;
    let soe_server = MockServer::start().await;
    serve_list(&soe_server, fixture!("list-soe.json")).await;

    // Act
    let approved = wiremock_client(&approved_server)
        .customer(customer())
        .qualifications()
        .list()
        .await;
    let soe = wiremock_client(&soe_server)
        .customer(customer())
        .qualifications()
        .list()
        .await;

    // Assert
    assert_eq!(
        approved.expect("approved list"),
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::Approved)
        ]
    );
    assert_eq!(
        soe.expect("soe list"),
        vec![Qualification::new(CustomerQualification::StateOwnedEntity)]
    );
    assert_list_request(&only_request(&approved_server).await);
    assert_list_request(&only_request(&soe_server).await);
}

#[tokio::test]
async fn list_reply_reports_the_status_and_the_ids_that_were_sent() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(&server, fixture!("list-approved.json")).await;
    let client = wiremock_client(&server);

    // Act
    let reply = client
        .customer(customer())
        .qualifications()
        .list()
        .reply()
        .await
        .expect("list succeeds");

    // Assert
    let (request_id, correlation_id) = sent_ids(&only_request(&server).await);
    assert_eq!(reply.status, pc_client::http::StatusCode::OK);
    assert_eq!(reply.request_id, request_id);
    assert_eq!(reply.correlation_id, correlation_id);
    assert_eq!(reply.value.len(), 1);
}

#[tokio::test]
async fn list_keeps_unknown_qualification_and_vetting_status_values() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(
        &server,
        br#"[{"qualification":"Charity","vettingStatus":"Escalated","extra":{"ignored":true}}]"#,
    )
    .await;
    let client = wiremock_client(&server);

    // Act
    let list = client.customer(customer()).qualifications().list().await;

    // Assert
    let list = list.expect("unknown values are not an error");
    assert_eq!(
        list,
        vec![
            Qualification::new(pc_client::QualificationName::Unknown("Charity".into()))
                .with_vetting_status(VettingStatus::Unknown("Escalated".into()))
        ]
    );
    assert_eq!(list[0].qualification.known(), None);
}
