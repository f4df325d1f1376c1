//! The driver's "never worse" check: a rewrite may not make the graph the outputs reach any
//! larger, counted in nodes that compute or view something (ops, views, casts). Constants do
//! not count: they are kernel arguments, free at run time and printed inline, so
//! `subtract x, x => broadcast 0.0` is one node for one (the property tests count the same).
//!
//! Invariants:
//! 1. `live` holds every node of the new graph that is (or was) reached: the nodes the rebuild
//!    mapped from the old graph and the replacements of rewrites that fired. A rule may also
//!    leave unreached garbage (a replacement it built and then rejected); garbage is not live,
//!    so reusing it later still counts as adding it.
//! 2. `uses` counts each node's users as the old graph had them, plus the operands of fired
//!    replacements. It can only over-count (a rewrite removes uses it does not subtract), which
//!    makes [`removed`] under-count: the check errs towards not firing.

use crate::graph::{Graph, NodeId};
use crate::op::Op;
use std::collections::{HashMap, HashSet};

/// Reach and use information about the graph being rebuilt.
#[derive(Default)]
pub(super) struct Ledger {
    /// Nodes reached (see invariant 1).
    pub live: HashSet<NodeId>,
    /// Users of each node (see invariant 2).
    pub uses: HashMap<NodeId, u32>,
}

impl Ledger {
    fn is_live(&self, g: &Graph, id: NodeId) -> bool {
        self.live.contains(&id) || matches!(g.node(id).op, Op::Input(_))
    }

    /// The nodes reachable from `root` that are not live (what replacing with `root` adds).
    fn fresh(&self, g: &Graph, root: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if self.is_live(g, n) || !seen.insert(n) {
                continue;
            }
            out.push(n);
            stack.extend(g.node(n).args.iter().copied());
        }
        out
    }

    /// True when replacing `old` with `new` keeps the reached graph at most as large.
    pub fn affordable(&self, g: &Graph, old: NodeId, new: NodeId) -> bool {
        let counted = |nodes: Vec<NodeId>| {
            nodes
                .into_iter()
                .filter(|&n| !matches!(g.node(n).op, Op::Const(_)))
                .count()
        };
        counted(self.fresh(g, new)) <= counted(self.removed(g, old, new))
    }

    /// Records that `new` replaced `old`: its fresh nodes are reached, it takes over `old`'s
    /// users, and the fresh nodes' operands gain a user each.
    pub fn replaced(&mut self, g: &Graph, old: NodeId, new: NodeId) {
        let inherited = self.uses.get(&old).copied().unwrap_or(1);
        for n in self.fresh(g, new) {
            for &a in &g.node(n).args {
                *self.uses.entry(a).or_default() += 1;
            }
            self.live.insert(n);
        }
        *self.uses.entry(new).or_default() += inherited;
    }

    /// How many nodes die when `old` is replaced by `new`: `old`, and every operand all of
    /// whose users die, except inputs and what `new` still reaches.
    fn removed(&self, g: &Graph, old: NodeId, new: NodeId) -> Vec<NodeId> {
        let mut dead: HashSet<NodeId> = HashSet::from([old]);
        let mut users: HashMap<NodeId, u32> = HashMap::new();
        let mut stack = vec![old];
        while let Some(n) = stack.pop() {
            for &a in &g.node(n).args {
                let c = users.entry(a).or_default();
                *c += 1;
                let known = self.uses.get(&a).copied();
                if known == Some(*c) && !matches!(g.node(a).op, Op::Input(_)) && dead.insert(a) {
                    stack.push(a);
                }
            }
        }
        // Dead candidates that the replacement reaches (through them or fresh nodes) stay.
        let mut kept = HashSet::new();
        let mut stack = vec![new];
        while let Some(n) = stack.pop() {
            let through = dead.contains(&n) || !self.is_live(g, n);
            if !through || !kept.insert(n) {
                continue;
            }
            stack.extend(g.node(n).args.iter().copied());
        }
        dead.into_iter().filter(|n| !kept.contains(n)).collect()
    }
}
