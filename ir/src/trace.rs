//! What the passes did, for `explain` and the filetests: per pass, the rewrites that fired,
//! how the fixpoint stopped, the graph afterwards and the time taken.

use std::time::Duration;

/// One rewrite: the rule that fired and the node before and after, in the text form's
/// operand notation (`multiply a, 2.0` => `a`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    /// The rule's name (`mul_one`, `like_terms`).
    pub rule: &'static str,
    /// The node before, as one line of text.
    pub before: String,
    /// What replaced it, as one line of text.
    pub after: String,
}

/// How a fixpoint pass ended (egg's `StopReason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// Nothing more to rewrite, after this many iterations.
    Saturated(u32),
    /// The fuel ran out after this many rewrites; the graph is valid but maybe not simplest.
    FuelExhausted(u32),
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StopReason::Saturated(1) => f.write_str("saturated after 1 iteration"),
            StopReason::Saturated(n) => write!(f, "saturated after {n} iterations"),
            StopReason::FuelExhausted(1) => f.write_str("fuel exhausted after 1 rewrite"),
            StopReason::FuelExhausted(n) => write!(f, "fuel exhausted after {n} rewrites"),
        }
    }
}

/// The record of one pass over one graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassRecord {
    /// The pass's name in [`PASSES`](crate::passes::PASSES).
    pub pass: &'static str,
    /// Rewrites in the order they fired.
    pub rewrites: Vec<Rewrite>,
    /// How a fixpoint pass stopped (`None` for single-sweep passes).
    pub stop: Option<StopReason>,
    /// The graph after the pass, printed, when it changed (`None` when unchanged).
    pub after: Option<String>,
    /// Wall time of the pass. Never printed by deterministic output.
    pub time: Duration,
}

impl PassRecord {
    /// `fired:` counts per rule, in first-fired order: `[("like_terms", 1), ...]`.
    pub fn fired(&self) -> Vec<(&'static str, usize)> {
        let mut out: Vec<(&'static str, usize)> = Vec::new();
        for r in &self.rewrites {
            match out.iter_mut().find(|(n, _)| *n == r.rule) {
                Some((_, c)) => *c += 1,
                None => out.push((r.rule, 1)),
            }
        }
        out
    }
}

/// Every pass record of one `optimize` run, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// One record per pass run.
    pub passes: Vec<PassRecord>,
}
