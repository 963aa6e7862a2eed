//! Compile-time checks, run as tests: the client and its handles are `Send + Sync`, the futures
//! of every operation are `Send` (so they can be spawned on a multi-threaded runtime), and `Error`
//! is `Send + Sync + 'static`.

use std::sync::Arc;

use pc_client::{
    CallOptions, Customer, Error, LegacyQualification, MockTransport, PartnerCenterClient,
    QualificationRequest, Qualifications, Reply, Transport, TransportError, ValidationCodes,
};

use crate::support::{customer, mock_client};

fn assert_send<T: Send>(_: &T) {}
fn assert_send_sync<T: Send + Sync>() {}
fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn the_client_and_its_handles_are_send_and_sync() {
    assert_send_sync::<PartnerCenterClient>();
    assert_send_sync::<Customer<'static>>();
    assert_send_sync::<Qualifications<'static>>();
    assert_send_sync::<LegacyQualification<'static>>();
    assert_send_sync::<ValidationCodes<'static>>();
    assert_send_sync::<CallOptions>();
    assert_send_sync::<Reply<Vec<pc_client::Qualification>>>();
    assert_send_sync::<Arc<dyn Transport>>();
    assert_send_sync::<MockTransport>();
}

#[test]
fn error_types_are_send_sync_and_static() {
    assert_error::<Error>();
    assert_error::<TransportError>();
    assert_error::<pc_models::RequestError>();
}

#[test]
fn the_futures_of_every_operation_are_send() {
    // Arrange
    let mock = MockTransport::new();
    let client = mock_client(&mock);
    let qualifications = client.customer(customer()).qualifications();
    let legacy = client.customer(customer()).qualification();
    let codes = client.validation_codes();

    // Act: build the futures without polling them.
    let list = qualifications.list();
    let list_reply = qualifications.list_reply();
    let create = qualifications.create(QualificationRequest::state_owned_entity());
    let create_reply = qualifications.create_reply(QualificationRequest::education());
    let get = legacy.get();
    let update = legacy.update(pc_client::CustomerQualification::Education, None);
    let codes_list = codes.list();

    // Assert
    assert_send(&list);
    assert_send(&list_reply);
    assert_send(&create);
    assert_send(&create_reply);
    assert_send(&get);
    assert_send(&update);
    assert_send(&codes_list);
    assert!(
        mock.requests().is_empty(),
        "futures do nothing until polled"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_can_run_on_a_spawned_task() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(201, r#"{"qualification":"StateOwnedEntity"}"#);
    let client = mock_client(&mock);

    // Act
    let handle = tokio::spawn(async move {
        client
            .customer(customer())
            .qualifications()
            .create(QualificationRequest::state_owned_entity())
            .await
    });
    let created = handle.await.expect("the task does not panic");

    // Assert
    assert_eq!(
        created.expect("created").qualification,
        pc_client::CustomerQualification::StateOwnedEntity
    );
    assert_eq!(mock.requests().len(), 1);
}
