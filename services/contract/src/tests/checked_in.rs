use crate::Contract;

/// The real document changes under the tests; only that it reads is asserted.
#[test]
fn the_checked_in_document_reads_and_has_paths() {
    let contract = Contract::checked_in();
    assert!(contract.path_templates().next().is_some());
}
