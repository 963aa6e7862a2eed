//! Token renewal after a failure: the cached token is served during a jittered backoff (1 s
//! doubling to 60 s), concurrent callers share the request in flight, and without a valid token
//! callers share its error (issue 10: token renewal with backoff).
//!
//! The jumps in time are made on tokio's paused clock (`tokio::time::advance`), so no test sleeps
//! for the backoff; each exchange with wiremock runs with the clock going (see [`live`]).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use pc_client::{AccessToken, EntraCredential, Error, TokenProvider};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// When a one-hour token is due for renewal: its lifetime less the 5-minute margin.
const RENEWAL_DUE: Duration = Duration::from_secs(3600 - 300);

/// How many callers ask at once during a backoff window.
const CALLERS: usize = 50;

/// Runs `work` (an exchange with wiremock) with tokio's clock going, then pauses it again.
///
/// A paused clock jumps to the next timer whenever the runtime waits, so it would fire the 60 s
/// limit on token requests and reqwest's timeouts while wiremock (on its own thread) answers.
async fn live<F: Future>(work: F) -> F::Output {
    tokio::time::resume();
    let output = work.await;
    tokio::time::pause();
    output
}

/// A token answer for `access`, valid for `expires_in` seconds.
fn token(access: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        format!(
            r#"{{"token_type":"Bearer","expires_in":"{expires_in}","access_token":"{access}"}}"#
        ),
        "application/json",
    )
}

/// Mounts, in order: one `first` token for an hour, `failures` answers of `failing`, then
/// `second` tokens.
async fn token_endpoint(server: &MockServer, failures: u64, failing: ResponseTemplate) {
    let post = || Mock::given(method("POST")).and(path("/t/oauth2/token"));
    post()
        .respond_with(token("first", 3600))
        .up_to_n_times(1)
        .named("the first token")
        .mount(server)
        .await;
    post()
        .respond_with(failing)
        .up_to_n_times(failures)
        .named("failing renewals")
        .mount(server)
        .await;
    post()
        .respond_with(token("second", 3600))
        .named("the renewal that works")
        .mount(server)
        .await;
}

/// An App+User credential whose authority is `server`.
fn credential(server: &MockServer) -> Arc<EntraCredential> {
    Arc::new(
        EntraCredential::refresh_token("t", "app-id", "refresh-token-secret")
            .authority(server.uri())
            .build()
            .expect("credential"),
    )
}

/// How many token requests `server` received.
async fn token_requests(server: &MockServer) -> usize {
    live(server.received_requests())
        .await
        .expect("recording is on")
        .len()
}

/// Asks for a token from `callers` tasks at once; returns what each got.
async fn concurrent(
    credential: &Arc<EntraCredential>,
    callers: usize,
) -> Vec<Result<AccessToken, Error>> {
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let credential = credential.clone();
            tokio::spawn(async move { credential.token().await })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("the caller's task ran"));
    }
    results
}

/// The token text of each result (`Err: <error>` for failures).
fn secrets(results: &[Result<AccessToken, Error>]) -> Vec<String> {
    results
        .iter()
        .map(|r| match r {
            Ok(token) => token.secret().expose().to_owned(),
            Err(error) => format!("Err: {error}"),
        })
        .collect()
}

#[tokio::test]
async fn after_a_failed_renewal_the_cached_token_is_served_and_renewal_waits_for_the_backoff() {
    // Arrange: a first token, then two failed renewals, then one that works.
    let server = MockServer::start().await;
    token_endpoint(&server, 2, ResponseTemplate::new(503)).await;
    let credential = credential(&server);
    let first = credential.token().await.expect("the first token");
    assert_eq!(first.secret().expose(), "first");
    tokio::time::pause();
    tokio::time::advance(RENEWAL_DUE + Duration::from_secs(1)).await;

    // Act 1: renewal is due; it fails, and the caller gets the cached token.
    let during_failure = live(credential.token()).await;

    // Assert 1
    assert_eq!(secrets(&[during_failure]), ["first"]);
    assert_eq!(token_requests(&server).await, 2, "one renewal attempted");

    // Act 2: within the first backoff window (at least 0.5 s after the failure).
    let at_once = concurrent(&credential, CALLERS).await;
    tokio::time::advance(Duration::from_millis(400)).await;
    let later = concurrent(&credential, CALLERS).await;

    // Assert 2: no token request, every caller served from the cache.
    assert_eq!(secrets(&at_once), vec!["first"; CALLERS]);
    assert_eq!(secrets(&later), vec!["first"; CALLERS]);
    assert_eq!(
        token_requests(&server).await,
        2,
        "no renewal during backoff"
    );

    // Act 3: past the first backoff (at most 1 s), one renewal; it fails again.
    tokio::time::advance(Duration::from_millis(600)).await;
    let retried = live(credential.token()).await;
    let in_second_window = concurrent(&credential, CALLERS).await;
    tokio::time::advance(Duration::from_millis(900)).await;
    let still_in_second_window = concurrent(&credential, CALLERS).await;

    // Assert 3: the second window is at least 1 s.
    assert_eq!(secrets(&[retried]), ["first"]);
    assert_eq!(secrets(&in_second_window), vec!["first"; CALLERS]);
    assert_eq!(secrets(&still_in_second_window), vec!["first"; CALLERS]);
    assert_eq!(
        token_requests(&server).await,
        3,
        "one more renewal, then none"
    );

    // Act 4: past the second backoff (at most 2 s), the renewal works.
    tokio::time::advance(Duration::from_millis(1100)).await;
    let renewed = live(credential.token()).await;
    let afterwards = concurrent(&credential, CALLERS).await;

    // Assert 4: the new token is used from then on, without another request.
    assert_eq!(secrets(&[renewed]), ["second"]);
    assert_eq!(secrets(&afterwards), vec!["second"; CALLERS]);
    assert_eq!(token_requests(&server).await, 4);
}

#[tokio::test]
async fn the_backoff_doubles_up_to_a_minute_while_renewal_keeps_failing() {
    // Arrange: renewal always fails.
    let server = MockServer::start().await;
    token_endpoint(&server, u64::MAX, ResponseTemplate::new(503)).await;
    let credential = credential(&server);
    credential.token().await.expect("the first token");
    tokio::time::pause();
    tokio::time::advance(RENEWAL_DUE).await;

    // Act: after each failed renewal, wait just under the shortest possible backoff (half the
    // window) and ask, then wait out the rest of the window and ask again.
    let mut requests_after_each_window = Vec::new();
    let mut windows = Vec::new();
    for failures in 1..=9u32 {
        let full = Duration::from_secs(1 << (failures - 1).min(6)).min(Duration::from_secs(60));
        windows.push(full.as_secs());
        if failures == 1 {
            live(credential.token()).await.expect("cached");
        }
        tokio::time::advance(full / 2 - Duration::from_millis(50)).await;
        concurrent(&credential, 5).await;
        let inside = token_requests(&server).await;
        tokio::time::advance(full / 2 + Duration::from_millis(50)).await;
        live(credential.token()).await.expect("cached");
        requests_after_each_window.push((inside, token_requests(&server).await));
    }

    // Assert: 1 s, 2 s, ... 32 s, then 60 s; exactly one renewal per window.
    assert_eq!(windows, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    let expected: Vec<(usize, usize)> = (2..=10).map(|n| (n, n + 1)).collect();
    assert_eq!(requests_after_each_window, expected);
}

#[tokio::test]
async fn a_refused_renewal_serves_the_cached_token_until_it_expires_then_fails() {
    // Arrange: the refresh token was revoked after the first token.
    let server = MockServer::start().await;
    let refused = ResponseTemplate::new(400).set_body_raw(
        r#"{"error":"invalid_grant","error_description":"AADSTS70000: revoked"}"#,
        "application/json",
    );
    token_endpoint(&server, u64::MAX, refused).await;
    let credential = credential(&server);
    credential.token().await.expect("the first token");
    tokio::time::pause();
    tokio::time::advance(RENEWAL_DUE + Duration::from_secs(1)).await;

    // Act
    let while_valid = live(credential.token()).await;
    tokio::time::advance(Duration::from_secs(300)).await;
    let expired = live(credential.token()).await;

    // Assert
    assert_eq!(secrets(&[while_valid]), ["first"]);
    let error = expired.expect_err("the cached token expired");
    assert!(error.is_auth() && !error.is_transient(), "{error:?}");
    assert_eq!(
        error.to_string(),
        "authentication failed: the token endpoint answered HTTP 400: invalid_grant: AADSTS70000: revoked"
    );
    assert_eq!(token_requests(&server).await, 3);
}

#[tokio::test]
async fn a_refused_token_is_renewed_at_once_whatever_the_backoff() {
    // Arrange: a failed renewal started a backoff.
    let server = MockServer::start().await;
    token_endpoint(&server, 1, ResponseTemplate::new(503)).await;
    let credential = credential(&server);
    credential.token().await.expect("the first token");
    tokio::time::pause();
    tokio::time::advance(RENEWAL_DUE + Duration::from_secs(1)).await;
    let cached = live(credential.token()).await.expect("cached");

    // Act: the API answered 401 to the cached token.
    credential.invalidate(&cached).await;
    let renewed = live(credential.token()).await;

    // Assert
    assert_eq!(secrets(&[renewed]), ["second"]);
    assert_eq!(token_requests(&server).await, 3);
}

#[tokio::test]
async fn without_a_valid_token_concurrent_callers_share_one_failed_request_and_its_error() {
    // Arrange: a slow, busy token endpoint.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(300)))
        .named("busy")
        .mount(&server)
        .await;
    let credential = credential(&server);

    // Act
    let results = concurrent(&credential, 20).await;
    let next = credential.token().await;

    // Assert: one request for the twenty callers, each with its error; the next caller (no valid
    // token, so no backoff) asks again.
    let expected =
        "Err: authentication failed: the token endpoint answered HTTP 503: no error details";
    assert_eq!(secrets(&results), vec![expected; 20]);
    assert!(
        results
            .iter()
            .all(|r| r.as_ref().is_err_and(Error::is_transient)),
        "{results:?}"
    );
    assert_eq!(secrets(&[next]), [expected]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn while_a_renewal_is_in_flight_other_callers_get_the_valid_cached_token_at_once() {
    // Arrange: the renewal takes 500 ms.
    let server = MockServer::start().await;
    let post = || Mock::given(method("POST")).and(path("/t/oauth2/token"));
    post()
        .respond_with(token("first", 3600))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    post()
        .respond_with(token("second", 3600).set_delay(Duration::from_millis(500)))
        .mount(&server)
        .await;
    let credential = credential(&server);
    credential.token().await.expect("the first token");
    tokio::time::pause();
    tokio::time::advance(RENEWAL_DUE + Duration::from_secs(1)).await;
    tokio::time::resume();

    // Act: one caller renews; the others ask while it waits for the endpoint.
    let renewing = tokio::spawn({
        let credential = credential.clone();
        async move { credential.token().await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = tokio::time::Instant::now();
    let meanwhile = concurrent(&credential, CALLERS).await;
    let waited = started.elapsed();
    let still_renewing = !renewing.is_finished();
    let renewed = renewing.await.expect("the renewing task ran");

    // Assert
    assert_eq!(secrets(&meanwhile), vec!["first"; CALLERS]);
    assert!(waited < Duration::from_millis(300), "{waited:?}");
    assert!(still_renewing, "the others did not wait for the renewal");
    assert_eq!(secrets(&[renewed]), ["second"]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}
