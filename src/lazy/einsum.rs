//! `einsum` on lazy expressions: NumPy's subscript language (the eager parser, so the same
//! errors), lowered in the front end to operations the engine already fuses.
//!
//! Lowering: every label gets one global axis (the output's labels in output order, then the
//! summed labels); each operand is permuted into that order with length-1 axes for the labels
//! it lacks, the operands are multiplied (broadcasting, NumPy's promotion) and the summed axes
//! reduced, so `'ijkl,kl->ij'` over a window view is one fused multiply-and-sum kernel that
//! reads the view in place. Two float operands with one summed label, one label of their own
//! each and shared batch labels (`'ij,jk->ik'`, `'bij,bjk->bik'`) become one `matmul`, the
//! threaded GEMM. Three or more operands become one fused product, with no contraction-path
//! search (write long chains as pairwise products, or use the eager `einsum_opt`). Bool operands reduce with "or" and integer sums wrap to the operands'
//! dtype, as the eager `einsum` does.
//!
//! Not lowered: a label repeated inside one operand (a diagonal, `'ii->i'`), which needs a
//! diagonal view the graph does not have; `eval` returns [`Error::Value`] saying so (the
//! eager [`crate::linalg::einsum`] takes it).

use super::Expr;
use crate::Error;
use crate::ir::DType;
use crate::linalg::einsum_parse::{Parsed, SYMBOLS, parse_shapes};

/// `np.einsum(subscripts, *operands)` on expressions, computing nothing until `eval`.
///
/// Errors (a bad subscript, a wrong operand count, a label whose lengths disagree, and the
/// unsupported diagonals) are those of the eager [`crate::linalg::einsum`], recorded in the
/// graph and returned by `eval` (building never panics).
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::lazy::einsum;
/// let a = Array::arange(6.0, DType::F64).reshape(&[2, 3])?;
/// let b = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
/// let lazy = einsum("ij,jk->ik", &[&a.lazy(), &b.lazy()]).eval()?;
/// numfuse::testing::assert_allclose(&lazy, &numfuse::einsum("ij,jk->ik", &[&a, &b])?, 1e-15, 0.0);
/// let w = array![0.5, 0.5];
/// let x = array![[1.0, 2.0], [3.0, 4.0]];
/// let vol = einsum("i,ij,j->", &[&w.lazy(), &x.lazy(), &w.lazy()]).eval()?;
/// assert_eq!(vol.to_vec::<f64>()?, [2.5]);
/// assert!(einsum("ij,jk", &[&a.lazy()]).eval().is_err());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn einsum(subscripts: &str, operands: &[&Expr]) -> Expr {
    let Some(first) = operands.first() else {
        // No expression to attach an error to: an empty f64 constant carries it.
        let e = crate::Array::zeros(&[0], DType::F64).lazy();
        return e.invalid(no_operands(), |g, x| g.expand_dims(x, &[0]));
    };
    let shapes: Vec<Vec<usize>> = operands.iter().map(|e| e.shape()).collect();
    let refs: Vec<&[usize]> = shapes.iter().map(Vec::as_slice).collect();
    let parsed = match parse_shapes(subscripts, &refs) {
        Ok(p) => p,
        Err(e) => return first.invalid(e, |g, x| g.expand_dims(x, &[0])),
    };
    for (k, labels) in parsed.inputs.iter().enumerate() {
        if let Some((_, &l)) = labels
            .iter()
            .enumerate()
            .find(|&(i, l)| labels[..i].contains(l))
        {
            let err = Error::Value {
                op: "einsum",
                msg: format!(
                    "lazy einsum: label '{}' repeats in operand {k} (a diagonal); \
                     numfuse::einsum computes it eagerly",
                    SYMBOLS[l as usize] as char
                ),
            };
            return first.invalid(err, |g, x| g.expand_dims(x, &[0]));
        }
    }
    if let Some(m) = as_matmul(&parsed, operands) {
        return m;
    }
    lower(&parsed, operands)
}

fn no_operands() -> Error {
    Error::Value {
        op: "einsum",
        msg: "no input operands".into(),
    }
}

/// `x` with its labels `from` rearranged into `to` (a permutation of a subset of `to` plus
/// length-1 axes for the labels of `to` it lacks).
fn align(x: &Expr, from: &[u8], to: &[u8]) -> Expr {
    let present: Vec<u8> = to.iter().copied().filter(|l| from.contains(l)).collect();
    let perm: Vec<isize> = present
        .iter()
        .map(|l| from.iter().position(|f| f == l).unwrap_or(0) as isize)
        .collect();
    let mut y = if perm.iter().enumerate().all(|(i, &p)| p == i as isize) {
        x.clone()
    } else {
        x.permute_axes(&perm)
    };
    for (pos, l) in to.iter().enumerate() {
        if !from.contains(l) {
            y = y.expand_dims(pos as isize);
        }
    }
    y
}

/// The general lowering: align, multiply, reduce the summed axes (`operands` is not empty:
/// the parser refuses an empty list).
fn lower(parsed: &Parsed, operands: &[&Expr]) -> Expr {
    let mut order = parsed.output.clone();
    let mut summed: Vec<u8> = parsed
        .inputs
        .iter()
        .flatten()
        .copied()
        .filter(|l| !parsed.output.contains(l))
        .collect();
    summed.sort_unstable();
    summed.dedup();
    order.extend_from_slice(&summed);
    let (first, rest) = (operands[0], &operands[1..]);
    let product = rest
        .iter()
        .zip(&parsed.inputs[1..])
        .fold(align(first, &parsed.inputs[0], &order), |p, (x, labels)| {
            p * align(x, labels, &order)
        });
    let dtype = product.dtype();
    // Every output label has its full length even when no operand carries it unbroadcast.
    let out_shape: Vec<usize> = parsed
        .output
        .iter()
        .map(|&l| parsed.sizes[l as usize])
        .collect();
    if summed.is_empty() {
        return if product.shape() == out_shape {
            product
        } else {
            product.broadcast_to(&out_shape)
        };
    }
    let axes: Vec<isize> = (parsed.output.len()..order.len())
        .map(|a| a as isize)
        .collect();
    let reduced = if dtype == DType::Bool {
        product.any(axes)
    } else {
        product.sum(axes)
    };
    if reduced.dtype() == dtype {
        reduced
    } else {
        reduced.astype(dtype)
    }
}

/// `'...ic,...cj->...'`-shaped two-operand float contractions as one `matmul`.
fn as_matmul(parsed: &Parsed, operands: &[&Expr]) -> Option<Expr> {
    let [a, b] = operands else { return None };
    if !a.dtype().is_float() || !b.dtype().is_float() {
        return None;
    }
    let (la, lb, out) = (&parsed.inputs[0], &parsed.inputs[1], &parsed.output);
    let summed: Vec<u8> = la.iter().copied().filter(|l| !out.contains(l)).collect();
    let [c] = summed[..] else { return None };
    if !lb.contains(&c) || lb.iter().any(|l| *l != c && !out.contains(l)) {
        return None;
    }
    let a_only: Vec<u8> = la
        .iter()
        .copied()
        .filter(|l| *l != c && !lb.contains(l))
        .collect();
    let b_only: Vec<u8> = lb
        .iter()
        .copied()
        .filter(|l| *l != c && !la.contains(l))
        .collect();
    let ([i], [j]) = (&a_only[..], &b_only[..]) else {
        return None;
    };
    let batch: Vec<u8> = out
        .iter()
        .copied()
        .filter(|l| *l != *i && *l != *j)
        .collect();
    if !batch.iter().all(|l| la.contains(l) && lb.contains(l)) {
        return None;
    }
    let mut ta = batch.clone();
    ta.extend([*i, c]);
    let mut tb = batch.clone();
    tb.extend([c, *j]);
    let m = align(a, la, &ta).matmul(align(b, lb, &tb));
    let mut got = batch;
    got.extend([*i, *j]);
    Some(align(&m, &got, out))
}
