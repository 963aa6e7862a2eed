//! Send and Sync of the public futures and handles.

use pc_bulk::{
    BulkRun, BulkWait, CancellationToken, Error, Event, LedgerStatus, RateLimiter, Summary,
    WaitSummary,
};

fn assert_send<T: Send>(_: &T) {}
fn assert_send_sync<T: Send + Sync + 'static>() {}

#[test]
fn run_and_wait_futures_are_send_so_they_can_be_spawned() {
    let run = BulkRun::new("in.csv", "run.db").run();
    assert_send(&run);
    let wait = BulkWait::new("run.db").run();
    assert_send(&wait);
    let limiter = RateLimiter::default();
    let acquire = limiter.acquire();
    assert_send(&acquire);
}

#[test]
fn handles_and_results_are_send_and_sync() {
    assert_send_sync::<RateLimiter>();
    assert_send_sync::<CancellationToken>();
    assert_send_sync::<Error>();
    assert_send_sync::<Summary>();
    assert_send_sync::<WaitSummary>();
    assert_send_sync::<Event>();
    assert_send_sync::<LedgerStatus>();
    assert_send::<BulkRun>(&BulkRun::new("a", "b"));
}

#[test]
fn debug_of_a_run_shows_what_differs_from_the_defaults() {
    let run = BulkRun::new("in.csv", "run.db")
        .concurrency(4)
        .dry_run(true);
    assert_eq!(
        format!("{run:?}"),
        r#"BulkRun { input: "in.csv", ledger: "run.db", concurrency: 4, dry_run: true }"#
    );
}
