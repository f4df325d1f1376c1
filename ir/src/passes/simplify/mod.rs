//! Algebraic simplification: a fixpoint of local rewrite rules over the graph.
//!
//! Each iteration rebuilds the graph bottom-up ([`Graph::rebuild`]): every node is re-interned
//! with its already-simplified operands, then the first rule of [`RULES`] that matches it
//! replaces it, and the rules are tried again on the replacement until none matches. Because
//! every node is re-interned, a rewrite whose result equals an existing node merges with it.
//! Iterations repeat until one makes no rewrite ([`StopReason::Saturated`]) or the rewrites
//! reach `cx.fuel` ([`StopReason::FuelExhausted`]); nodes a rule built inside a replacement
//! are simplified by the next iteration.
//!
//! Invariants (checked by the driver, and by the verifier after the pass):
//! 1. A replacement has exactly the dtype and shape of the node it replaces (rules insert
//!    `cast`/`broadcast` where a simpler operand differs, or do not fire).
//! 2. A rule fires on floating-point arithmetic only when `cx.policy` is at least its
//!    [`Rule::policy`]; integer and boolean arithmetic is exact (wrapping), so rules that are
//!    correct there fire under every policy. A rule whose float-ness lies deeper than the node
//!    and its operands (a comparison under `logical_not`) checks [`Site::float_ok`] itself.
//! 3. Rules never build a node that fails inference, so the pass records no errors; nodes
//!    that already carry an error are left alone.
//! 4. The graph never gets worse: rules replace ops by cheaper ones, and the driver rejects a
//!    rewrite that would add more nodes to what the outputs reach than it removes (`cost.rs`).
//!    `README.md` beside this file has the rules for writing rules.
//!
//! [`StopReason::Saturated`]: crate::trace::StopReason::Saturated
//! [`StopReason::FuelExhausted`]: crate::trace::StopReason::FuelExhausted

mod arith;
mod cast;
mod cmp;
mod cost;
mod like_terms;
mod pow;
mod select;
mod site;

pub use site::Site;

use super::{Changed, FloatPolicy, PassCx, stop_reason};
use crate::graph::{Graph, NodeId};
use cost::Ledger;

/// One named rewrite rule: a plain function that, given a node, returns its replacement.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The name `explain` and the filetests print (`mul_one`, `like_terms`).
    pub name: &'static str,
    /// The least float policy under which the rule may rewrite floating-point arithmetic.
    pub policy: FloatPolicy,
    /// Returns the replacement of `site.id`, built in `site.g`, or `None` when the rule does
    /// not match.
    pub apply: fn(&mut Site<'_>) -> Option<NodeId>,
}

/// A rule table entry: `rule("mul_one", Strict, mul_one)`.
pub(super) const fn rule(
    name: &'static str,
    policy: FloatPolicy,
    apply: fn(&mut Site<'_>) -> Option<NodeId>,
) -> Rule {
    Rule {
        name,
        policy,
        apply,
    }
}

/// Every rule, in the order the driver tries them: canonicalisation and identities first,
/// like-term collection last (it sees canonical operands).
pub const RULES: &[&[Rule]] = &[
    arith::RULES,
    cmp::RULES,
    select::RULES,
    cast::RULES,
    pow::RULES,
    like_terms::RULES,
];

/// Every rule, flattened.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().flat_map(|t| t.iter())
}

/// Runs the pass: rewrites to a fixpoint (or until the fuel runs out), recording each rewrite
/// and how the fixpoint stopped.
pub fn run(graph: &mut Graph, cx: &mut PassCx) -> Changed {
    let mut total = 0u32;
    let mut iterations = 0u32;
    loop {
        iterations += 1;
        let before = total;
        let new = iterate(graph, cx, &mut total);
        if total > before {
            *graph = new;
        }
        if total == before || total >= cx.fuel {
            break;
        }
    }
    cx.stopped(stop_reason(iterations, total, cx.fuel));
    if total == 0 {
        return Changed::No;
    }
    // Rules may have built nodes they then did not use; keep only what the outputs reach.
    *graph = graph.compacted();
    Changed::Yes
}

/// One bottom-up sweep: the rebuilt graph, with `total` counting the rewrites made.
fn iterate(graph: &Graph, cx: &mut PassCx, total: &mut u32) -> Graph {
    let old_uses = graph.use_counts();
    let nested = like_terms::nested(graph);
    // Users of the new graph's nodes, as the old graph counted them (summed where nodes
    // merge), and which nodes are reached: rules read the first to decide whether a shared
    // operand can be rewritten through, the driver both to keep the graph from growing.
    let mut ledger = Ledger::default();
    graph.rebuild(|g, old, node| {
        let mut id = g.intern(node);
        *ledger.uses.entry(id).or_default() += old_uses[old.index()];
        ledger.live.insert(id);
        if graph.errors().iter().any(|(n, _)| *n == old) {
            return id;
        }
        while *total < cx.fuel {
            let at = (id, nested[old.index()]);
            let Some((rule, next)) = first_match(g, at, cx.policy, &ledger) else {
                break;
            };
            let before = crate::text::expr(g, id, 2);
            let after = crate::text::expr(g, next, 2);
            cx.rewrote(rule.name, before, after);
            *total += 1;
            ledger.replaced(g, id, next);
            id = next;
        }
        id
    })
}

/// The first rule that rewrites `id` (`nested` in a larger sum), and its replacement.
fn first_match(
    g: &mut Graph,
    (id, nested): (NodeId, bool),
    policy: FloatPolicy,
    ledger: &Ledger,
) -> Option<(&'static Rule, NodeId)> {
    let float = touches_float(g, id);
    for rule in rules() {
        if float && policy < rule.policy {
            continue;
        }
        let mut site = Site::new(g, id, policy, rule.policy, &ledger.uses, nested);
        let Some(next) = (rule.apply)(&mut site) else {
            continue;
        };
        if next == id {
            continue;
        }
        let (old, new) = (g.node(id), g.node(next));
        if old.dtype != new.dtype || old.shape != new.shape {
            debug_assert!(
                false,
                "rule {} changed {} {} into {} {}",
                rule.name, old.dtype, old.shape, new.dtype, new.shape
            );
            continue;
        }
        if !ledger.affordable(g, id, next) {
            continue;
        }
        return Some((rule, next));
    }
    None
}

/// True when the node computes in floating point: it or one of its operands is a float.
fn touches_float(g: &Graph, id: NodeId) -> bool {
    let n = g.node(id);
    n.dtype.is_float() || n.args.iter().any(|&a| g.node(a).dtype.is_float())
}

#[cfg(test)]
mod tests;
