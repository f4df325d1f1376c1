//! Dead code elimination: drops the nodes the outputs do not reach.
//!
//! Passes that rebuild the graph ([`Graph::rebuild`]) already keep only what the outputs
//! reach, so this pass finds work in graphs as built or parsed, and after passes that add
//! nodes in place. It reports one `dce` rewrite per dropped node that has a line in the text
//! form (constants are printed inline and inputs are always kept, so neither is counted).
//!
//! Invariant: the result is [`Graph::compacted`]: the same outputs, the nodes they reach
//! renumbered in the printer's order, the inputs unchanged.

use super::{Changed, PassCx};
use crate::graph::Graph;
use crate::op::Op;

/// Runs the pass: compacts the graph, reporting each dropped node.
pub fn run(graph: &mut Graph, cx: &mut PassCx) -> Changed {
    let mut live = vec![false; graph.len()];
    for id in graph.topo_order() {
        live[id.index()] = true;
    }
    let dead: Vec<_> = graph
        .ids()
        .filter(|id| !live[id.index()])
        .collect();
    if dead.is_empty() {
        return Changed::No;
    }
    let mut dropped = 0;
    for &id in &dead {
        if !matches!(graph.node(id).op, Op::Const(_) | Op::Input(_)) {
            // Nothing replaces a dead node: the rewrite's `after` is empty.
            cx.rewrote("dce", crate::text::expr(graph, id, 2), String::new());
            dropped += 1;
        }
    }
    *graph = graph.compacted();
    if dropped == 0 {
        // Only unused constants went, and they print inline: the text is unchanged.
        return Changed::No;
    }
    Changed::Yes
}
