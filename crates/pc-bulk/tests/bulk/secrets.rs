//! No secret in the ledger.

use pc_bulk::BulkRun;
use pc_client::Contract;
use pc_emulator::EmulatorConfig;

use crate::support::{self, Events, TestResult, customer};

/// Every byte SQLite keeps for the ledger at `path` (the database and any WAL or shared-memory
/// file).
fn ledger_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        if let Ok(found) = std::fs::read(&name) {
            bytes.extend(found);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn no_validation_code_reaches_the_ledger_or_the_events() -> TestResult {
    for contract in [Contract::Integer, Contract::Object] {
        // Arrange: codes the service accepts, refuses, and rows refused locally with a code.
        let dir = support::dir();
        let text = format!(
            "customer_id,qualification,validation_code\n\
             {},gcc,654321\n\
             {},gcc,739146\n\
             {},soe,582047\n\
             not-a-guid,gcc,613958\n",
            customer(0x60, 0),
            customer(0x60, 1),
            customer(0x60, 2),
        );
        let input = support::file(dir.path(), "in.csv", &text);
        let ledger = dir.path().join("run.db");
        let emulator = support::emulator(EmulatorConfig::default());
        let events = Events::default();

        // Act
        let summary = BulkRun::new(&input, &ledger)
            .client(support::client_on(emulator.transport(), contract))
            .on_event(events.sink())
            .run()
            .await?;

        // Assert
        assert_eq!(summary.ledger.created, 1, "{:?}", summary.problems);
        assert_eq!(summary.ledger.refused, 1);
        assert_eq!(summary.ledger.invalid, 2);
        let bytes = ledger_bytes(&ledger);
        assert!(!bytes.is_empty());
        let shown = format!("{:?}{}", events.all(), serde_json::to_string(&summary)?);
        for code in ["654321", "739146", "582047", "613958"] {
            assert!(
                !contains(&bytes, code),
                "{code} is in the ledger ({contract:?})"
            );
            assert!(!shown.contains(code), "{code} is in the events or summary");
        }
    }
    Ok(())
}
