//! Requests the service would refuse fail locally: `ErrorKind::InvalidInput`, zero attempts, no
//! ids, and not one byte sent (the catch-all mock expects zero requests).

use pc_client::{
    CallOptions, Contract, CustomerQualification, EducationSegment, Error, ErrorKind,
    PartnerCenterClient, QualificationRequest, Secret,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    PINNED_CORRELATION_ID, PINNED_REQUEST_ID, customer, ids_suffix, wiremock_builder,
};

/// A server that fails the test if it receives anything, and a client on it with `contract`.
async fn silent_server(contract: Contract) -> (MockServer, PartnerCenterClient) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .named("nothing may be sent")
        .mount(&server)
        .await;
    let client = wiremock_builder(&server)
        .contract(contract)
        .build()
        .expect("client builds");
    (server, client)
}

/// Creates `request` under `contract` and returns the refusal.
async fn refuse_create(contract: Contract, request: QualificationRequest) -> Error {
    let (server, client) = silent_server(contract).await;
    let error = client
        .customer(customer())
        .qualifications()
        .create(request)
        .await
        .expect_err("the request is refused locally");
    assert_nothing_sent(&server).await;
    error
}

/// Updates through the legacy API and returns the refusal.
async fn refuse_legacy(qualification: CustomerQualification, code: Option<Secret>) -> Error {
    let (server, client) = silent_server(Contract::Integer).await;
    let error = client
        .customer(customer())
        .legacy_qualification()
        .update(qualification, code)
        .await
        .expect_err("the update is refused locally");
    assert_nothing_sent(&server).await;
    error
}

async fn assert_nothing_sent(server: &MockServer) {
    let received = server.received_requests().await.expect("recording is on");
    assert!(received.is_empty(), "a refused request reached the server");
}

/// The common shape of a local refusal, with its exact `Display`.
fn assert_refusal(error: &Error, display: &str) {
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert!(error.is_invalid_input());
    assert_eq!(error.attempts(), 0);
    assert_eq!(error.status(), None);
    assert_eq!(error.request_id(), None);
    assert_eq!(error.correlation_id(), None);
    assert_eq!(error.to_string(), display);
}

#[tokio::test]
async fn create_none_is_refused_without_sending() {
    // Arrange
    let request = QualificationRequest::new(CustomerQualification::None);

    // Act
    let error = refuse_create(Contract::Integer, request).await;

    // Assert
    assert_refusal(
        &error,
        "invalid input: qualification None can never be set by a partner (only Education, GovernmentCommunityCloud and StateOwnedEntity)",
    );
}

#[tokio::test]
async fn create_nonprofit_is_refused_under_either_contract() {
    // Arrange
    let request = QualificationRequest::new(CustomerQualification::Nonprofit);
    let display = "invalid input: qualification Nonprofit can never be set by a partner (only Education, GovernmentCommunityCloud and StateOwnedEntity)";

    // Act
    let integer = refuse_create(Contract::Integer, request.clone()).await;
    let object = refuse_create(Contract::Object, request).await;

    // Assert
    assert_refusal(&integer, display);
    assert_refusal(&object, display);
}

#[tokio::test]
async fn create_gcc_without_a_code_is_refused_under_either_contract() {
    // Arrange
    let request = QualificationRequest::new(CustomerQualification::GovernmentCommunityCloud);
    let display = "invalid input: qualification GovernmentCommunityCloud needs a validation code";

    // Act
    let integer = refuse_create(Contract::Integer, request.clone()).await;
    let object = refuse_create(Contract::Object, request).await;

    // Assert
    assert_refusal(&integer, display);
    assert_refusal(&object, display);
}

#[tokio::test]
async fn create_gcc_with_a_blank_code_is_refused() {
    // Arrange
    let request = QualificationRequest::government_community_cloud("   ");

    // Act
    let error = refuse_create(Contract::Integer, request).await;

    // Assert
    assert_refusal(
        &error,
        "invalid input: the validation code is empty or contains control characters",
    );
}

#[tokio::test]
async fn create_education_with_a_validation_code_is_refused() {
    // Arrange
    let request = QualificationRequest::education().with_validation_code("123456");

    // Act
    let error = refuse_create(Contract::Integer, request).await;

    // Assert
    assert_refusal(
        &error,
        "invalid input: a validation code is only accepted with GovernmentCommunityCloud, not Education",
    );
    assert!(!format!("{error:?}").contains("123456"));
}

#[tokio::test]
async fn create_education_without_a_segment_is_refused_under_the_object_contract() {
    // Arrange
    let request = QualificationRequest::education().with_website("contoso.edu");

    // Act
    let error = refuse_create(Contract::Object, request).await;

    // Assert
    assert_refusal(
        &error,
        "invalid input: qualification Education needs an education segment (K12 or HigherEducation) under the object contract",
    );
}

#[tokio::test]
async fn create_with_a_segment_or_website_is_refused_under_the_integer_contract() {
    // Arrange
    let with_segment =
        QualificationRequest::education().with_education_segment(EducationSegment::K12);
    let with_website = QualificationRequest::education().with_website("contoso.edu");

    // Act
    let segment = refuse_create(Contract::Integer, with_segment).await;
    let website = refuse_create(Contract::Integer, with_website).await;

    // Assert
    assert_refusal(
        &segment,
        "invalid input: the integer contract cannot carry educationSegment",
    );
    assert_refusal(
        &website,
        "invalid input: the integer contract cannot carry website",
    );
}

#[tokio::test]
async fn create_state_owned_entity_with_a_segment_is_refused_under_the_object_contract() {
    // Arrange
    let request =
        QualificationRequest::state_owned_entity().with_education_segment(EducationSegment::K12);

    // Act
    let error = refuse_create(Contract::Object, request).await;

    // Assert
    assert_refusal(
        &error,
        "invalid input: educationSegment is only accepted with Education, not StateOwnedEntity",
    );
}

#[tokio::test]
async fn legacy_update_to_state_owned_entity_is_refused() {
    // Arrange
    let qualification = CustomerQualification::StateOwnedEntity;

    // Act
    let error = refuse_legacy(qualification, None).await;

    // Assert
    assert_refusal(
        &error,
        "invalid input: qualification StateOwnedEntity cannot be set through the legacy synchronous API",
    );
}

#[tokio::test]
async fn legacy_update_to_none_or_gcc_without_a_code_is_refused() {
    // Arrange
    let none = CustomerQualification::None;
    let gcc = CustomerQualification::GovernmentCommunityCloud;

    // Act
    let none_error = refuse_legacy(none, None).await;
    let gcc_error = refuse_legacy(gcc, None).await;

    // Assert
    assert_refusal(
        &none_error,
        "invalid input: qualification None can never be set by a partner (only Education, GovernmentCommunityCloud and StateOwnedEntity)",
    );
    assert_refusal(
        &gcc_error,
        "invalid input: qualification GovernmentCommunityCloud needs a validation code",
    );
}

#[tokio::test]
async fn a_per_call_locale_that_is_no_header_value_is_refused_with_the_call_ids() {
    // Arrange
    let (server, client) = silent_server(Contract::Integer).await;
    let options = CallOptions::default()
        .locale("en-US\r\nX-Injected: 1")
        .request_id(PINNED_REQUEST_ID)
        .correlation_id(PINNED_CORRELATION_ID);

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .options(options)
        .await
        .expect_err("the locale is refused locally");

    // Assert
    assert_nothing_sent(&server).await;
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(error.attempts(), 0);
    assert_eq!(error.request_id(), Some(PINNED_REQUEST_ID));
    assert_eq!(error.correlation_id(), Some(PINNED_CORRELATION_ID));
    assert_eq!(
        error.to_string(),
        format!(
            "invalid input: invalid locale \"en-US\\r\\nX-Injected: 1\"{}",
            ids_suffix(PINNED_REQUEST_ID, PINNED_CORRELATION_ID)
        )
    );
}

#[tokio::test]
async fn a_refused_request_is_built_without_error_and_fails_only_when_awaited() {
    // Arrange
    let (server, client) = silent_server(Contract::Integer).await;
    let legacy = client.customer(customer()).legacy_qualification();

    // Act: building never fails; the refusal waits for `.await` (or `.reply()`).
    let create = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::new(CustomerQualification::Nonprofit));
    let update = legacy.update(CustomerQualification::StateOwnedEntity, None);
    let (create_operation, update_operation) = (create.operation(), update.operation());
    let create = create.reply().await;
    let update = update.await;

    // Assert
    assert_eq!(
        create_operation, None,
        "a refused request calls no operation"
    );
    assert_eq!(update_operation, None);
    assert_refusal(
        &create.expect_err("refused when awaited"),
        "invalid input: qualification Nonprofit can never be set by a partner (only Education, GovernmentCommunityCloud and StateOwnedEntity)",
    );
    assert_refusal(
        &update.expect_err("refused when awaited"),
        "invalid input: qualification StateOwnedEntity cannot be set through the legacy synchronous API",
    );
    assert_nothing_sent(&server).await;
}
