//! `test cat`: the graph printed back, `print(parse(block))` (Cranelift's `test cat`). With the
//! block written canonically, the expectation is the block itself, which checks the round trip.
//! The graph need not verify: `cat` shows what the parser keeps, declared types included.

use super::{Context, SubTest};
use crate::graph::Graph;

/// The `cat` command.
pub struct Cat;

impl SubTest for Cat {
    fn name(&self) -> &'static str {
        "cat"
    }

    fn needs_verifier(&self) -> bool {
        false
    }

    fn run(&self, graph: &Graph, _cx: &Context<'_>) -> Result<String, String> {
        Ok(crate::text::print(graph))
    }
}
