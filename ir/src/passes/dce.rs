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
    let dead: Vec<_> = graph.ids().filter(|id| !live[id.index()]).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passes::FloatPolicy;
    use crate::{parse, print};

    fn dce(body: &str) -> (Graph, Vec<String>) {
        let body = body.replace('|', "\n    ");
        let text = format!("graph %t(x: f64[n], y: f64[n]) -> f64[n] {{\n    {body}\n}}");
        let mut g = parse(&text).unwrap();
        let mut cx = PassCx::new(FloatPolicy::Strict);
        let changed = run(&mut g, &mut cx);
        assert_eq!(changed == Changed::Yes, !cx.record.rewrites.is_empty());
        crate::verify(&g).unwrap();
        (
            g,
            cx.record
                .rewrites
                .iter()
                .map(|r| r.before.clone())
                .collect(),
        )
    }

    #[test]
    fn drops_unreached_nodes() {
        let (g, dropped) = dce(
            "v1: f64[n] = exp x | v2: f64[n] = multiply v1, 2.0 | v3: f64[n] = add x, y | return v3",
        );
        assert_eq!(dropped, ["exp x", "multiply (exp x), 2.0"]);
        assert_eq!(g.len(), 3); // x, y, v3: the constant 2.0 went too
        assert_eq!(
            print(&g),
            print(&dce("v1: f64[n] = add x, y | return v1").0)
        );
    }

    #[test]
    fn keeps_unused_inputs_and_live_graphs() {
        let (g, dropped) = dce("v1: f64[n] = exp x | return v1");
        assert!(dropped.is_empty());
        assert_eq!(g.inputs().len(), 2);
    }
}
