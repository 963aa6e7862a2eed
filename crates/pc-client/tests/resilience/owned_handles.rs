//! Owned handles: kept in structs, returned from functions, their futures spawned.

use std::future::IntoFuture;

use pc_client::{
    BoxFuture, Customer, CustomerId, CustomerQualification, Error, LegacyQualification,
    PartnerCenterClient, Qualification, QualificationName, QualificationRequest, Qualifications,
    Reply, RequestBuilder, ValidationCodes, VettingPoller, WaitOptions,
};
use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, demo};

// Compile-time checks: a missing bound fails the build, not the run.
fn assert_handle<T: Clone + Send + Sync + 'static>() {}
fn assert_send_sync_static<T: Send + Sync + 'static>() {}
fn assert_future<T: Send + 'static>() {}
fn assert_send_static<T: Send + 'static>(_: &T) {}
fn assert_send<T: Send>(_: &T) {}

#[test]
fn handles_are_clone_send_sync_and_static_and_their_futures_are_send_and_static() {
    assert_handle::<PartnerCenterClient>();
    assert_handle::<Customer>();
    assert_handle::<Qualifications>();
    assert_handle::<LegacyQualification>();
    assert_handle::<ValidationCodes>();
    assert_send_sync_static::<RequestBuilder<Qualification>>();
    assert_send_sync_static::<RequestBuilder<Vec<Qualification>>>();
    assert_send_sync_static::<VettingPoller>();
    assert_future::<<RequestBuilder<Qualification> as IntoFuture>::IntoFuture>();
    assert_future::<BoxFuture<Result<Reply<Qualification>, Error>>>();
    assert_future::<<VettingPoller as IntoFuture>::IntoFuture>();
}

#[test]
fn the_futures_built_from_a_handle_are_send_and_static() {
    // Built, never polled: no runtime needed.
    let client = PartnerCenterClient::builder()
        .endpoint("http://127.0.0.1:9")
        .access_token("test-token-0123456789")
        .build()
        .expect("client");
    let qualifications = client.customer(demo_customer()).qualifications();

    let create = qualifications
        .create(QualificationRequest::state_owned_entity())
        .into_future();
    let list = qualifications.list().reply();
    let legacy = client
        .customer(demo_customer())
        .legacy_qualification()
        .get()
        .into_future();
    let codes = client.validation_codes().list().into_future();
    let wait = qualifications
        .wait_for_vetting(CustomerQualification::Education, WaitOptions::default())
        .into_future();
    let mut poller =
        qualifications.wait_for_vetting(CustomerQualification::Education, WaitOptions::default());
    let next = poller.next();

    assert_send_static(&create);
    assert_send_static(&list);
    assert_send_static(&legacy);
    assert_send_static(&codes);
    assert_send_static(&wait);
    assert_send(&next);
}

fn demo_customer() -> CustomerId {
    demo::WOODGROVE_MUNICIPALITY.parse().expect("id")
}

async fn emulator() -> EmulatorHandle {
    Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator")
}

/// What a service keeps: handles, not the client.
#[derive(Debug, Clone)]
struct Onboarding {
    customer: Customer,
    legacy: LegacyQualification,
    codes: ValidationCodes,
}

/// Builds a client and returns handles only; the client binding ends here.
fn onboarding(base_url: &str, customer: CustomerId) -> Result<Onboarding, Error> {
    let client = PartnerCenterClient::builder()
        .endpoint(base_url)
        .access_token(demo::DEMO_TOKEN)
        .build()?;
    Ok(Onboarding {
        customer: client.customer(customer),
        legacy: client.customer(customer).legacy_qualification(),
        codes: client.validation_codes(),
    })
}

impl Onboarding {
    fn mark_state_owned(&self) -> RequestBuilder<Qualification> {
        self.customer
            .qualifications()
            .create(QualificationRequest::state_owned_entity())
    }

    fn legacy_name(&self) -> RequestBuilder<QualificationName> {
        self.legacy.get()
    }
}

#[tokio::test]
async fn handles_kept_in_a_struct_and_returned_from_a_function_outlive_the_client() {
    let handle = emulator().await;
    let service = onboarding(&handle.base_url(), demo_customer()).expect("handles");

    let codes = service.codes.list().await.expect("codes");
    let created = service.clone().mark_state_owned().await.expect("created");
    let listed = service
        .customer
        .qualifications()
        .list()
        .await
        .expect("listed");
    let legacy = service.legacy_name().await.expect("legacy");

    assert!(!codes.is_empty());
    assert_eq!(created.qualification.as_str(), "StateOwnedEntity");
    assert!(
        listed
            .iter()
            .any(|q| q.is(CustomerQualification::StateOwnedEntity))
    );
    assert_eq!(service.customer.id(), demo_customer());
    assert!(!legacy.as_str().is_empty());
    assert_eq!(
        handle.request_log().len(),
        4,
        "one request per awaited builder"
    );
}

#[tokio::test]
async fn a_request_builder_sends_nothing_until_awaited() {
    let handle = emulator().await;
    let service = onboarding(&handle.base_url(), demo_customer()).expect("handles");

    let pending = service.mark_state_owned();
    let before = handle.request_log().len();
    let created = pending.await.expect("created");

    assert_eq!(before, 0);
    assert_eq!(created.qualification.as_str(), "StateOwnedEntity");
    assert_eq!(handle.request_log().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spawned_create_and_list_futures_run_on_other_tasks() {
    let handle = emulator().await;
    let client = PartnerCenterClient::builder()
        .endpoint(handle.base_url())
        .access_token(demo::DEMO_TOKEN)
        .build()
        .expect("client");
    let id = demo_customer();

    let created = tokio::spawn(
        client
            .customer(id)
            .qualifications()
            .create(QualificationRequest::state_owned_entity())
            .into_future(),
    )
    .await
    .expect("the create task ran")
    .expect("created");
    let listed = tokio::spawn(client.customer(id).qualifications().list().reply())
        .await
        .expect("the list task ran")
        .expect("listed");
    let vetted = tokio::spawn(
        client
            .customer(id)
            .qualifications()
            .wait_for_vetting(
                CustomerQualification::StateOwnedEntity,
                WaitOptions::default(),
            )
            .into_future(),
    )
    .await
    .expect("the wait task ran")
    .expect("settled at once");

    assert_eq!(created.qualification.as_str(), "StateOwnedEntity");
    assert_eq!(listed.status.as_u16(), 200);
    assert!(
        listed
            .value
            .iter()
            .any(|q| q.is(CustomerQualification::StateOwnedEntity))
    );
    assert_eq!(vetted.vetting_status, None);
    let log = handle.request_log();
    let list_ids: Vec<_> = log
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.request_id.clone().unwrap_or_default())
        .collect();
    assert_eq!(list_ids.len(), 2, "{log:?}");
    assert_eq!(list_ids[0], listed.request_id.to_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_spawned_creates_through_clones_of_one_handle_each_apply_once() {
    let handle = emulator().await;
    let client = PartnerCenterClient::builder()
        .endpoint(handle.base_url())
        .access_token(demo::DEMO_TOKEN)
        .build()
        .expect("client");
    let customers: Vec<CustomerId> = (0..20)
        .map(|i| {
            format!("6000{i:04x}-0000-4000-8000-000000000000")
                .parse()
                .expect("id")
        })
        .collect();

    let tasks: Vec<_> = customers
        .iter()
        .map(|id| {
            let create = client
                .customer(*id)
                .qualifications()
                .create(QualificationRequest::state_owned_entity());
            tokio::spawn(create.into_future())
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        task.await.expect("the task ran").expect("created");
        created += 1;
    }

    assert_eq!(created, customers.len());
    let applied = handle.applied_changes();
    assert_eq!(applied.len(), customers.len());
    for id in &customers {
        assert_eq!(applied.iter().filter(|c| c.customer == *id).count(), 1);
    }
}
