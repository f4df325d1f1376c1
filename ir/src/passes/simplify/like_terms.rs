//! Collecting like terms: a sum of terms `k_i * t_i` and a constant `c`, built from `add`,
//! `subtract`, `negative` and `multiply` by a constant, is flattened, equal terms are merged,
//! and the sum is rebuilt in one canonical form when that takes fewer ops.
//!
//! `a*2 + a*3 => a*5`, `a + a*3 => a*4`, `a*3 - a => a*2`, `(x + 1)*2 - x => x + 2` (the
//! constant factor distributes over the sum, then the terms collect).
//!
//! The canonical form: terms in the order of their node ids (inputs in signature order, then
//! computed nodes, operands before users), those with a positive coefficient first; `t` for a
//! coefficient of 1, `t * k` otherwise; later terms joined with `add`, or with `subtract` and
//! `|k|` when `k` is negative; the constant last (`x - 3`, `x + 2.0`); with no positive term
//! but a constant, the constant leads (`1 - x`).
//!
//! Invariants:
//! 1. Every op flattened computes in the node's dtype `D` with operands of dtype `D`; an op
//!    whose operands have another dtype, or that has users outside the sum (the rewrite would
//!    not remove it), is a term. Coefficients are constants of `D` combined by the ufuncs of `D`
//!    ([`fold`]), so for integers this is exact ring arithmetic under wrapping (unsigned
//!    negatives are their wrapped values). `bool` is not a ring (`add` is `or`) and is left
//!    alone.
//! 2. The rewrite fires only when the rebuilt sum has fewer ops than the part of the graph it
//!    replaces, or as many ops and fewer occurrences of terms (`((w - u) - u) - u => w - u*3`).
//!    That pair decreases with every rewrite, so the fixpoint terminates; the driver's size
//!    check (constants included) applies on top.
//! 3. A term whose coefficient cancels to zero is dropped for integers and under `Fast`; on
//!    floats otherwise it stays as `t * 0.0`, which keeps `inf - inf` a NaN.
//! 4. A constant that is not finite stops collection (no rewrite).
//! 5. A sum is collected whole, at its root: an op whose one user is itself an op of a sum
//!    ([`nested`]) is left for that user.

use super::site::{Site, fold, is_one, is_zero};
use super::{FloatPolicy, Rule, rule};
use crate::dtype::DType;
use crate::graph::{Graph, NodeId};
use crate::op::{BinaryOp, Lit, Op, UnaryOp};
use std::collections::{BTreeMap, HashMap};

use BinaryOp::{Add, Multiply, Subtract};
use FloatPolicy::{Algebraic, Fast};

/// The rules of this file, in the order the driver tries them.
pub(super) const RULES: &[Rule] = &[rule("like_terms", Algebraic, like_terms)];

/// A flattened sum: `Σ k_i * t_i + c` over dtype `dtype`.
struct Sum {
    dtype: DType,
    terms: Vec<(NodeId, Lit)>,
    constant: Lit,
    /// Ops of the original graph the sum covers.
    ops: u32,
    /// Occurrences of terms in the original graph (`x` twice in `(x + 1) - x`).
    refs: u32,
}

/// True when `v` is finite (always, for integers and bools).
fn finite(v: Lit) -> bool {
    match v {
        Lit::Float(x) => x.get().is_finite(),
        _ => true,
    }
}

/// True when `k` counts as negative in `dtype`: the sign bit of a float, a value below zero
/// for signed integers, and for unsigned integers a value above half the range (the wrapped
/// image of a negative number).
fn negative(k: Lit, dtype: DType) -> bool {
    match k {
        Lit::Float(x) => x.get().is_sign_negative(),
        Lit::Int(i) if dtype.is_unsigned() => i > crate::op::int_range(dtype).1 / 2,
        Lit::Int(i) => i < 0,
        Lit::Bool(_) => false,
    }
}

/// The operands of `id` when it is an op the sum flattens through, with the scale each gets:
/// `(a, 1), (b, 1)` for `a + b`, `(a, 1), (b, -1)` for `a - b`, `(a, c)` for `a * c`.
fn split(s: &Site<'_>, id: NodeId, dtype: DType) -> Option<Vec<(NodeId, Lit)>> {
    let n = s.at(id);
    if n.dtype != dtype || n.args.iter().any(|&a| s.at(a).dtype != dtype) {
        return None;
    }
    let one = Lit::Int(1).cast(dtype);
    let minus_one = Lit::Int(-1).cast(dtype);
    match n.op {
        Op::Binary(Add) => Some(vec![(n.args[0], one), (n.args[1], one)]),
        Op::Binary(Subtract) => Some(vec![(n.args[0], one), (n.args[1], minus_one)]),
        Op::Binary(Multiply) => {
            let (a, b) = (n.args[0], n.args[1]);
            match (s.lit(a), s.lit(b)) {
                (None, Some(c)) if finite(c) => Some(vec![(a, c)]),
                (Some(c), None) if finite(c) => Some(vec![(b, c)]),
                _ => None,
            }
        }
        Op::Unary(UnaryOp::Negative) => Some(vec![(n.args[0], minus_one)]),
        _ => None,
    }
}

/// Flattens the node into a [`Sum`], or `None` when it is not a sum or a constant is not
/// finite or cannot be combined.
///
/// Nodes are visited from the highest id down: operands always have smaller ids than their
/// users, so when a node is reached every user of it inside the sum has been visited, its
/// scales have been added up (a node reached along two paths gets both), and it is an op of
/// the sum exactly when all of its users are.
fn flatten(s: &Site<'_>) -> Option<Sum> {
    let dtype = s.node().dtype;
    if dtype.is_bool() {
        return None;
    }
    let mut sum = Sum {
        dtype,
        terms: Vec::new(),
        constant: Lit::Int(0).cast(dtype),
        ops: 0,
        refs: 0,
    };
    let mut pending: BTreeMap<NodeId, Lit> = BTreeMap::from([(s.id, Lit::Int(1).cast(dtype))]);
    let mut users: HashMap<NodeId, u32> = HashMap::new();
    while let Some((id, scale)) = pending.pop_last() {
        if let Some(c) = s.lit(id) {
            if !finite(c) {
                return None;
            }
            let v = fold(Multiply, scale, c, dtype)?;
            sum.constant = fold(Add, sum.constant, v, dtype)?;
            continue;
        }
        let refs = users.get(&id).copied().unwrap_or(0);
        let inner = if id == s.id || s.uses(id) == refs {
            split(s, id, dtype)
        } else {
            None
        };
        match inner {
            Some(parts) => {
                sum.ops += 1;
                for (a, k) in parts {
                    let k = fold(Multiply, scale, k, dtype)?;
                    let total = match pending.get(&a) {
                        Some(&prev) => fold(Add, prev, k, dtype)?,
                        None => k,
                    };
                    pending.insert(a, total);
                    *users.entry(a).or_default() += 1;
                }
            }
            None if id == s.id => return None,
            None => {
                sum.terms.push((id, scale));
                sum.refs += refs;
            }
        }
    }
    // Terms in the order of their ids: inputs in signature order, then computed nodes
    // operands first; the canonical form lists them so.
    sum.terms.reverse();
    Some(sum)
}

/// `t * k` (`t` when `k` is one), counting the op it adds.
fn scaled(s: &mut Site<'_>, t: NodeId, k: Lit, dtype: DType, ops: &mut u32) -> Option<NodeId> {
    if is_one(k) {
        return Some(t);
    }
    *ops += 1;
    let k = s.constant(k, dtype);
    s.binary(Multiply, t, k)
}

/// Builds the canonical form of `sum`, counting the ops it adds and the terms it uses.
fn rebuild(
    s: &mut Site<'_>,
    sum: &Sum,
    keep_zero: bool,
    (ops, refs): (&mut u32, &mut u32),
) -> Option<NodeId> {
    let dtype = sum.dtype;
    let minus_one = Lit::Int(-1).cast(dtype);
    // Terms with a non-negative coefficient, and the others with the coefficient negated.
    let mut pos = Vec::new();
    let mut neg = Vec::new();
    for &(t, k) in &sum.terms {
        if !finite(k) {
            return None;
        }
        if is_zero(k) && !keep_zero {
            continue;
        }
        if negative(k, dtype) && !is_zero(k) {
            neg.push((t, fold(Multiply, k, minus_one, dtype)?));
        } else {
            pos.push((t, k));
        }
    }
    *refs = (pos.len() + neg.len()) as u32;
    if !finite(sum.constant) {
        return None;
    }
    let mut constant = (!is_zero(sum.constant)).then_some(sum.constant);
    let mut rest = &neg[..];
    let mut acc = if let Some(&(t, k)) = pos.first() {
        scaled(s, t, k, dtype, ops)?
    } else if neg.is_empty() {
        *ops += 1;
        return s.splat(sum.constant);
    } else if let Some(c) = constant.take() {
        s.constant(c, dtype)
    } else {
        let (t, k) = neg[0];
        rest = &neg[1..];
        *ops += 1;
        if is_one(k) {
            s.unary(UnaryOp::Negative, t)?
        } else {
            let k = s.constant(fold(Multiply, k, minus_one, dtype)?, dtype);
            s.binary(Multiply, t, k)?
        }
    };
    for &(t, k) in pos.iter().skip(1) {
        let t = scaled(s, t, k, dtype, ops)?;
        *ops += 1;
        acc = s.binary(Add, acc, t)?;
    }
    for &(t, k) in rest {
        let t = scaled(s, t, k, dtype, ops)?;
        *ops += 1;
        acc = s.binary(Subtract, acc, t)?;
    }
    if let Some(c) = constant {
        *ops += 1;
        acc = if negative(c, dtype) {
            let m = s.constant(fold(Multiply, c, minus_one, dtype)?, dtype);
            s.binary(Subtract, acc, m)?
        } else {
            let c = s.constant(c, dtype);
            s.binary(Add, acc, c)?
        };
    }
    Some(acc)
}

/// For each node of `g` (by arena index), whether it is an op of a larger sum: its one user
/// is an op [`split`] flattens, in the same dtype. Such a node is left to the sum's root,
/// which collects the whole sum at once (collecting the inner part first can leave a form
/// the root can no longer improve on without growing the graph).
pub(super) fn nested(g: &Graph) -> Vec<bool> {
    let uses = g.use_counts();
    let mut nested = vec![false; g.len()];
    for user in g.topo_order() {
        let n = g.node(user);
        let linear = match n.op {
            Op::Binary(Add | Subtract) | Op::Unary(UnaryOp::Negative) => true,
            Op::Binary(Multiply) => n.args.iter().any(|&a| g.as_const(a).is_some_and(finite)),
            _ => false,
        };
        if !linear || n.args.iter().any(|&a| g.node(a).dtype != n.dtype) {
            continue;
        }
        for &a in &n.args {
            nested[a.index()] |= uses[a.index()] == 1;
        }
    }
    nested
}

/// `a*k1 + a*k2 => a*(k1 + k2)`, over any sum of `+ - * const` (floats: |difference| ≤
/// 2mu·S, m the ops of the original sum, S the sum of the absolute values of its terms and
/// constants, u the unit roundoff)
fn like_terms(s: &mut Site<'_>) -> Option<NodeId> {
    if s.nested() {
        return None;
    }
    let sum = flatten(s)?;
    let keep_zero = sum.dtype.is_float() && s.policy() < Fast;
    let (mut ops, mut refs) = (0, 0);
    let r = rebuild(s, &sum, keep_zero, (&mut ops, &mut refs))?;
    if (ops, refs) >= (sum.ops, sum.refs) {
        return None;
    }
    s.conform(r)
}
