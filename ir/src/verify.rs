//! PLACEHOLDER: filled in by the verifier work.

use crate::error::VerifyErrors;
use crate::graph::Graph;

/// Checks every invariant of `graph`.
///
/// # Errors
/// Every problem found.
pub fn verify(graph: &Graph) -> Result<(), VerifyErrors> {
    let _ = graph;
    Ok(())
}
