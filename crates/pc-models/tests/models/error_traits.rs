use std::error::Error;

use pc_models::{CustomerId, QualificationRequest, RequestError};

/// Compiles only for error types that can cross threads and be boxed as `'static`.
fn assert_send_sync_static_error<E: Error + Send + Sync + 'static>() {}

#[test]
fn request_error_is_send_sync_static() {
    // Act + Assert (compile time)
    assert_send_sync_static_error::<RequestError>();
}

#[test]
fn an_invalid_customer_id_is_the_crate_error_with_its_input() {
    // Act
    let err = CustomerId::parse("a/b").expect_err("not a GUID");

    // Assert
    assert_eq!(err, RequestError::InvalidCustomerId("a/b".to_owned()));
    assert_eq!(err.input(), Some("a/b"));
}

#[test]
fn errors_box_into_dyn_error_and_have_no_source() {
    // Arrange
    let request_error = QualificationRequest::state_owned_entity()
        .encode_legacy()
        .expect_err("legacy refuses SOE");
    let id_error = CustomerId::parse("a/b").expect_err("not a GUID");

    // Act
    let boxed: Vec<Box<dyn Error + Send + Sync + 'static>> =
        vec![Box::new(request_error), Box::new(id_error)];

    // Assert
    assert_eq!(
        boxed.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec![
            "qualification StateOwnedEntity cannot be set through the legacy synchronous API"
                .to_owned(),
            r#"invalid customer id "a/b": expected a GUID like 00000000-0000-0000-0000-000000000000"#
                .to_owned(),
        ]
    );
    assert!(boxed.iter().all(|e| e.source().is_none()));
}
