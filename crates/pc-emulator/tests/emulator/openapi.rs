//! Issue 11: `GET /_emulator/openapi.yaml` serves the workspace's OpenAPI document,
//! `openapi/partner-center-qualifications.yaml`, byte for byte, as `application/yaml`.

use crate::support::{Api, client};

/// The document as it is in the repository now (read at test time, not embedded).
fn document_on_disk() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../openapi/partner-center-qualifications.yaml"
    );
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

#[tokio::test]
async fn openapi_document_is_served_byte_identical_as_yaml() {
    let api = Api::start().await;

    // Sent by hand: the helpers' `send` insists on JSON.
    let url = format!("{}/_emulator/openapi.yaml", api.handle.base_url());

    let answer = client().get(url).send().await.expect("an answer");

    assert_eq!(answer.status(), 200);
    let content_types: Vec<_> = answer.headers().get_all("content-type").iter().collect();
    assert_eq!(content_types, ["application/yaml"]);
    assert_eq!(answer.headers()["ms-serverid"], "pc-emulator");
    let body = answer.bytes().await.expect("a body");
    assert!(
        body == document_on_disk(),
        "the served document differs from openapi/partner-center-qualifications.yaml \
         (rebuild pc-emulator: it embeds the file)"
    );
    assert!(body.starts_with(b"openapi: 3.1.0\n"));
    // Admin requests are not logged.
    assert!(api.handle.request_log().is_empty());
}

#[tokio::test]
async fn openapi_document_takes_only_get() {
    let api = Api::start().await;

    let answer = api.put("/_emulator/openapi.yaml", "{}").send().await;

    assert_eq!(answer.status, 405);
    assert_eq!(answer.header("allow"), Some("GET"));
    assert_eq!(answer.header("content-type"), Some("application/json"));
}
