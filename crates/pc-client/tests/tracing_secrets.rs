//! Secrets never reach tracing output, errors or Debug; spans carry the ids.
//!
//! A binary of its own: tracing caches per-callsite interest process-wide, so a scoped subscriber
//! in a test that runs beside others (without one) can miss spans. Alone, the capture is exact.

use std::io::Write;
use std::sync::{Arc, Mutex};

use pc_client::{PartnerCenterClient, QualificationRequest, RetryPolicy};
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-access-token-5f2e";
const CODE: &str = "987654";

/// A tracing writer into a shared buffer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("buffer")).into_owned()
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("buffer").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn tracing_errors_and_debug_never_show_the_token_or_the_validation_code() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_raw(
            format!(r#"{{"code":"3000","description":"code {CODE} rejected for Bearer {TOKEN}"}}"#),
            "application/json",
        ))
        .expect(2)
        .mount(&server)
        .await;
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(capture.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = PartnerCenterClient::builder()
        .endpoint(server.uri())
        .access_token(TOKEN)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(2)
                .initial_backoff(std::time::Duration::from_millis(10)),
        )
        .build()
        .expect("client");

    let err = client
        .customer("4a1e9c32-5b7d-4f1a-8c2e-0d3b6a9f7e10".parse().expect("id"))
        .qualifications()
        .create(QualificationRequest::government_community_cloud(CODE))
        .await
        .expect_err("503 twice");

    let logs = capture.text();
    let error_text = format!(
        "{err} | {err:?} | {:?} | {:?}",
        err.raw_body(),
        err.description()
    );
    let client_debug = format!("{client:?}");
    for haystack in [&logs, &error_text, &client_debug] {
        assert!(!haystack.contains(TOKEN), "token leaked: {haystack}");
        assert!(!haystack.contains(CODE), "code leaked: {haystack}");
    }
    assert!(error_text.contains("[redacted]"), "{error_text}");
    let request_id = err.request_id().expect("id").to_string();
    assert!(logs.contains("pc.call"), "{logs}");
    // The operation is named by the endpoint table's row.
    assert!(
        logs.contains("operation=\"qualifications.create\""),
        "{logs}"
    );
    assert!(logs.contains("pc.attempt"), "{logs}");
    assert!(logs.contains(&request_id), "{logs}");
    assert!(logs.contains("attempt=2"), "{logs}");
    assert!(logs.contains("status=503"), "{logs}");
    // The request really carried them.
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(
        received[0].url.query(),
        Some(format!("code={CODE}").as_str())
    );
}
