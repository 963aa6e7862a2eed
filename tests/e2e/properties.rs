//! Property tests through `MockTransport`: arbitrary response bodies never panic the client, and
//! every valid request built from the constructors is sent exactly as `encode()` gives it.

use pc_client::{
    Contract, EducationSegment, ErrorKind, MockTransport, PartnerCenterClient, QualificationRequest,
};
use proptest::prelude::*;

use crate::support::{customer, form_decode, mock_builder};

/// Runs `future` (a request builder or any future) on a fresh single-threaded runtime with time
/// enabled (the client's deadline).
fn block_on<F: std::future::IntoFuture>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime builds")
        .block_on(future.into_future())
}

fn client(mock: &MockTransport, contract: Contract) -> PartnerCenterClient {
    mock_builder(mock)
        .contract(contract)
        .build()
        .expect("client builds")
}

/// A validation code the encoders accept: not blank, no control characters.
fn code() -> impl Strategy<Value = String> {
    "[^\\p{Cc}]{1,24}".prop_filter("not blank", |c| !c.trim().is_empty())
}

fn segment() -> impl Strategy<Value = EducationSegment> {
    prop_oneof![
        Just(EducationSegment::K12),
        Just(EducationSegment::HigherEducation)
    ]
}

/// A valid request for `contract`, built from the typed constructors.
fn valid_request(contract: Contract) -> BoxedStrategy<QualificationRequest> {
    let gcc = code().prop_map(QualificationRequest::government_community_cloud);
    let soe = Just(QualificationRequest::state_owned_entity());
    match contract {
        Contract::Integer => prop_oneof![Just(QualificationRequest::education()), gcc, soe].boxed(),
        Contract::Object => {
            let education =
                (segment(), proptest::option::of(".{0,32}")).prop_map(|(segment, website)| {
                    let request = QualificationRequest::education().with_education_segment(segment);
                    match website {
                        Some(website) => request.with_website(website),
                        None => request,
                    }
                });
            prop_oneof![education, gcc, soe].boxed()
        }
    }
}

fn contract() -> impl Strategy<Value = Contract> {
    prop_oneof![Just(Contract::Integer), Just(Contract::Object)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_as_a_list_body_give_a_list_or_a_decode_error(
        body in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let mock = MockTransport::new();
        mock.push_json(200, body);
        let client = client(&mock, Contract::Integer);

        let result = block_on(client.customer(customer()).qualifications().list());

        if let Err(error) = result {
            prop_assert_eq!(error.kind(), ErrorKind::Decode);
            prop_assert_eq!(error.status(), Some(pc_client::http::StatusCode::OK));
        }
        prop_assert_eq!(mock.requests().len(), 1);
    }

    #[test]
    fn any_bytes_as_an_error_body_give_a_service_error(
        status in 400u16..600,
        body in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        // Queued twice: a 401 is retried once with a fresh token.
        let mock = MockTransport::new();
        mock.push_json(status, body.clone()).push_json(status, body);
        let client = client(&mock, Contract::Integer);

        let result = block_on(client.customer(customer()).qualifications().list());

        let error = result.expect_err("an error status is an error");
        prop_assert_eq!(error.kind(), ErrorKind::Service);
        prop_assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        prop_assert!(error.raw_body().is_some());
        prop_assert!(!error.to_string().contains('\n'));
    }

    #[test]
    fn every_valid_request_is_sent_exactly_as_encode_gives_it(
        (contract, request) in contract().prop_flat_map(|c| (Just(c), valid_request(c))),
    ) {
        let expected = request.encode(contract).expect("constructors build valid requests");
        // An expectation independent of `encode`, built from the request's own fields.
        let independent: serde_json::Value = match contract {
            Contract::Integer => request.qualification().to_int().into(),
            Contract::Object => {
                let mut object = serde_json::Map::new();
                object.insert("qualification".into(), request.qualification().as_str().into());
                if let Some(segment) = request.education_segment() {
                    object.insert("educationSegment".into(), segment.as_str().into());
                }
                if let Some(website) = request.website() {
                    object.insert("website".into(), website.into());
                }
                if let Some(code) = request.validation_code() {
                    object.insert("validationCode".into(), code.expose().into());
                }
                serde_json::Value::Object(object)
            }
        };
        let mock = MockTransport::new();
        mock.push_json(201, r#"{"qualification":"StateOwnedEntity"}"#);
        let client = client(&mock, contract);

        let result = block_on(client.customer(customer()).qualifications().create(request));

        prop_assert!(result.is_ok(), "{:?}", result);
        let sent = &mock.requests()[0];
        prop_assert_eq!(sent.body.as_ref(), expected.body());
        let sent_value: serde_json::Value =
            serde_json::from_slice(&sent.body).expect("the body is JSON");
        prop_assert_eq!(sent_value, independent);
        let sent_code = sent.uri.query().map(|query| {
            let value = query.strip_prefix("code=").expect("only the code parameter");
            form_decode(value)
        });
        prop_assert_eq!(sent_code.as_deref(), expected.code().map(|c| c.expose()));
        prop_assert_eq!(sent.header("content-type"), Some("application/json"));
    }
}
