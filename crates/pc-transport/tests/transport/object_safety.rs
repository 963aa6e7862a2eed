//! The `Transport` trait is object-safe, and `Arc<T>` / `Box<T>` forward to the inner transport.

use std::sync::Arc;

use bytes::Bytes;
use pc_transport::{MockTransport, Transport};

fn get() -> pc_transport::Request {
    http::Request::get("https://pc.test/v1/x")
        .body(Bytes::new())
        .expect("request builds")
}

#[tokio::test]
async fn arc_and_box_of_dyn_transport_forward_to_the_inner_transport() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(200, "[]").push_json(201, "{}");
    let shared: Arc<dyn Transport> = Arc::new(mock.clone());
    let boxed: Box<dyn Transport> = Box::new(mock.clone());

    // Act
    let through_arc = shared.send(get()).await.expect("queued");
    let through_box = boxed.send(get()).await.expect("queued");

    // Assert
    assert_eq!(through_arc.status(), 200);
    assert_eq!(through_box.status(), 201);
    assert_eq!(mock.requests().len(), 2);
    assert!(format!("{shared:?}").contains("MockTransport"));
}

#[test]
fn transport_objects_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + ?Sized>() {}
    assert_send_sync::<dyn Transport>();
    assert_send_sync::<Arc<dyn Transport>>();
    assert_send_sync::<pc_transport::ReqwestTransport>();
    assert_send_sync::<MockTransport>();
}
