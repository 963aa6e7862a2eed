//! Compile-time checks, run as tests: the client and its owned handles are
//! `Clone + Send + Sync + 'static`, every `RequestBuilder<T>`, the `VettingPoller` and the futures of
//! `.into_future()` / `.reply()` are `Send + 'static` (so they can be stored and spawned on a
//! multi-threaded runtime), and `Error` is `Send + Sync + 'static`.

use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use pc_client::{
    CallOptions, Customer, CustomerQualification, Error, LegacyQualification, MockTransport,
    PartnerCenterClient, Qualification, QualificationName, QualificationRequest, Qualifications,
    Reply, RequestBuilder, RetryPolicy, Transport, TransportError, ValidationCode, ValidationCodes,
    VettingObservation, VettingPoller, WaitOptions,
};

use crate::support::{customer, mock_client};

fn assert_send_static<T: Send + 'static>(_: &T) {}
fn assert_send<T: Send>(_: &T) {}
fn assert_send_sync<T: Send + Sync>() {}
fn assert_owned_handle<T: Clone + Send + Sync + 'static>() {}
fn assert_send_static_type<T: Send + 'static>() {}
fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn the_client_and_its_owned_handles_are_clone_send_sync_and_static() {
    assert_owned_handle::<PartnerCenterClient>();
    assert_owned_handle::<Customer>();
    assert_owned_handle::<Qualifications>();
    assert_owned_handle::<LegacyQualification>();
    assert_owned_handle::<ValidationCodes>();
    assert_owned_handle::<CallOptions>();
    assert_owned_handle::<RetryPolicy>();
    assert_owned_handle::<WaitOptions>();
    assert_send_sync::<Reply<Vec<Qualification>>>();
    assert_send_sync::<VettingObservation>();
    assert_send_sync::<Arc<dyn Transport>>();
    assert_send_sync::<MockTransport>();
}

#[test]
fn every_request_builder_and_the_vetting_poller_are_send_and_static() {
    assert_send_static_type::<RequestBuilder<Vec<Qualification>>>();
    assert_send_static_type::<RequestBuilder<Qualification>>();
    assert_send_static_type::<RequestBuilder<QualificationName>>();
    assert_send_static_type::<RequestBuilder<Vec<ValidationCode>>>();
    assert_send_static_type::<VettingPoller>();
}

#[test]
fn error_types_are_send_sync_and_static() {
    assert_error::<Error>();
    assert_error::<TransportError>();
    assert_error::<pc_client::RequestError>();
}

#[test]
fn a_handle_outlives_the_client_and_the_expression_that_made_it() {
    // Arrange: handles made from temporaries, kept after the client is dropped.
    let mock = MockTransport::new();
    let client = mock_client(&mock);
    let customer_handle: Customer = client.customer(customer());
    let qualifications: Qualifications = client.customer(customer()).qualifications();
    let legacy: LegacyQualification = client.customer(customer()).legacy_qualification();
    let codes: ValidationCodes = client.validation_codes();

    // Act
    drop(client);
    let clones = (
        customer_handle.clone(),
        qualifications.clone(),
        legacy.clone(),
        codes.clone(),
    );

    // Assert
    assert_send_static(&clones);
    assert_eq!(clones.0.id(), customer());
    assert_eq!(clones.1.customer_id(), customer());
    assert!(mock.requests().is_empty(), "making handles sends nothing");
}

#[test]
fn the_futures_of_every_operation_are_send_and_static() {
    // Arrange
    let mock = MockTransport::new();
    let client = mock_client(&mock);
    let qualifications = client.customer(customer()).qualifications();
    let legacy = client.customer(customer()).legacy_qualification();
    let codes = client.validation_codes();

    // Act: build the builders and their futures without polling them.
    let list = qualifications.list();
    let list_future = qualifications.list().into_future();
    let list_reply = qualifications.list().reply();
    let create = qualifications.create(QualificationRequest::state_owned_entity());
    let create_future = qualifications
        .create(QualificationRequest::state_owned_entity())
        .into_future();
    let create_reply = qualifications
        .create(QualificationRequest::education())
        .options(CallOptions::default().locale("en-US"))
        .reply();
    let refused_future = qualifications
        .create(QualificationRequest::new(CustomerQualification::None))
        .into_future();
    let get = legacy.get();
    let get_future = legacy.get().into_future();
    let get_reply = legacy.get().reply();
    let update = legacy.update(CustomerQualification::Education, None);
    let update_future = legacy
        .update(CustomerQualification::Education, None)
        .into_future();
    let update_reply = legacy
        .update(CustomerQualification::Education, None)
        .reply();
    let codes_list = codes.list();
    let codes_future = codes.list().into_future();
    let codes_reply = codes.list().reply();
    let mut poller = qualifications.wait_for_vetting(
        CustomerQualification::Education,
        WaitOptions::default().timeout(Duration::from_secs(1)),
    );
    let next_poll = poller.next();
    assert_send(&next_poll);
    drop(next_poll);
    let poller_future = qualifications
        .wait_for_vetting(CustomerQualification::Education, WaitOptions::default())
        .options(CallOptions::default())
        .into_future();

    // Assert
    assert_send_static(&list);
    assert_send_static(&list_future);
    assert_send_static(&list_reply);
    assert_send_static(&create);
    assert_send_static(&create_future);
    assert_send_static(&create_reply);
    assert_send_static(&refused_future);
    assert_send_static(&get);
    assert_send_static(&get_future);
    assert_send_static(&get_reply);
    assert_send_static(&update);
    assert_send_static(&update_future);
    assert_send_static(&update_reply);
    assert_send_static(&codes_list);
    assert_send_static(&codes_future);
    assert_send_static(&codes_reply);
    assert_send_static(&poller);
    assert_send_static(&poller_future);
    assert!(
        mock.requests().is_empty(),
        "builders and futures do nothing until polled"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_can_run_on_a_spawned_task() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(201, r#"{"qualification":"StateOwnedEntity"}"#);
    let client = mock_client(&mock);
    let create = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::state_owned_entity());
    drop(client);

    // Act
    let handle = tokio::spawn(create.into_future());
    let created = handle.await.expect("the task does not panic");

    // Assert
    assert_eq!(
        created.expect("created").qualification,
        CustomerQualification::StateOwnedEntity
    );
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_and_a_poller_can_run_on_spawned_tasks() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(200, r#"[{"qualification":"StateOwnedEntity"}]"#)
        .push_json(
            200,
            r#"[{"qualification":"Education","vettingStatus":"Approved"}]"#,
        );
    let client = mock_client(&mock);
    let qualifications = client.customer(customer()).qualifications();
    let list = qualifications.list().reply();
    let poller = qualifications.wait_for_vetting(
        CustomerQualification::Education,
        WaitOptions::default().timeout(Duration::from_secs(10)),
    );

    // Act
    let listed = tokio::spawn(list).await.expect("the task does not panic");
    let settled = tokio::spawn(poller.into_future())
        .await
        .expect("the task does not panic");

    // Assert
    assert_eq!(
        listed.expect("listed").value,
        vec![Qualification::new(CustomerQualification::StateOwnedEntity)]
    );
    assert_eq!(
        settled.expect("settled"),
        Qualification::new(CustomerQualification::Education)
            .with_vetting_status(pc_client::VettingStatus::Approved)
    );
    assert_eq!(mock.requests().len(), 2);
}
