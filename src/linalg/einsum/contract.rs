//! Running a path: each step becomes views, at most one sum per operand, and one batched
//! `matmul` (or one broadcast multiply when nothing is contracted).
//!
//! Invariants of the operands between steps (`(array, labels)` pairs):
//! 1. `labels.len() == array.ndim()`; a step result names each label once.
//! 2. Before a contraction each operand is *prepared*: a repeated label becomes one axis (a
//!    strided view whose stride is the sum of the repeated axes' strides, no copy); an axis of
//!    length 1 whose label is longer elsewhere is broadcast (stride 0, read-only view); labels
//!    that the step neither keeps nor shares with the other operand are summed out, in the
//!    operand's own dtype (as NumPy's `bmm_einsum` prepares each side with a one-operand
//!    einsum).
//! 3. A step over three or more operands (NumPy runs it as one C einsum in the common dtype)
//!    casts them to their common dtype first, then contracts them pairwise.

use super::parse::{Set, set_of};
use super::report::Step;
use crate::array::{Array, Layout};
use crate::ir::BinaryOp;
use crate::linalg::matmul;
use crate::{Casting, Result};

/// An operand and the labels of its axes.
type Term = (Array, Vec<u8>);

/// Runs `steps` over `operands` (with the labels `inputs`); the result has the labels of the
/// last step.
pub(crate) fn run(
    steps: &[Step],
    operands: &[&Array],
    inputs: &[Vec<u8>],
    sizes: &[usize; 52],
) -> Result<Array> {
    let mut terms: Vec<Term> = operands
        .iter()
        .zip(inputs)
        .map(|(a, l)| ((*a).clone(), l.clone()))
        .collect();
    for step in steps {
        let taken: Vec<Term> = step.positions.iter().map(|&p| terms.remove(p)).collect();
        let out = match taken.len() {
            1 => {
                let (a, l) = taken.into_iter().next().expect("one term");
                single(a, &l, &step.result, sizes)?
            }
            2 => {
                let mut it = taken.into_iter();
                let (a, b) = (it.next().expect("two"), it.next().expect("two"));
                pair(a, b, &step.result, sizes)?
            }
            _ => many(taken, &step.result, sizes)?,
        };
        terms.push((out, step.result.clone()));
    }
    Ok(terms.pop().expect("a path ends with one term").0)
}

/// One operand: its diagonals, sums and permutation to `keep`. A view when nothing is summed.
pub(crate) fn single(a: Array, labels: &[u8], keep: &[u8], sizes: &[usize; 52]) -> Result<Array> {
    let (a, l) = prepare(a, labels, set_of(keep), sizes)?;
    permute_to(&a, &l, keep)
}

/// Invariant 2: the diagonal view, broadcasting, and the sum over labels outside `keep`.
fn prepare(a: Array, labels: &[u8], keep: Set, sizes: &[usize; 52]) -> Result<Term> {
    let (a, l) = diagonal(&a, labels);
    let a = broadcast(a, &l, sizes)?;
    let summed: Vec<isize> = (0..l.len())
        .filter(|&i| keep & (1 << l[i]) == 0)
        .map(|i| i as isize)
        .collect();
    if summed.is_empty() {
        return Ok((a, l));
    }
    let kept: Vec<u8> = l
        .iter()
        .copied()
        .filter(|&x| keep & (1 << x) != 0)
        .collect();
    // NumPy's einsum sums in the operand's own dtype: integers wrap, bools "or". `add.reduce`
    // widens small integers and bools to 64 bits; casting back gives the same result, because
    // wrapping is arithmetic modulo 2^bits (and a non-zero count is `true`).
    let s = crate::ops::reduce(BinaryOp::Add, &a, summed)?;
    let s = if s.dtype() == a.dtype() {
        s
    } else {
        s.astype_casting(a.dtype(), Casting::Unsafe)?
    };
    Ok((s, kept))
}

/// A repeated label becomes one axis: the strides of its axes add up (a view, no copy).
fn diagonal(a: &Array, labels: &[u8]) -> Term {
    let mut uniq: Vec<u8> = Vec::with_capacity(labels.len());
    let mut shape: Vec<usize> = Vec::with_capacity(labels.len());
    let mut strides: Vec<isize> = Vec::with_capacity(labels.len());
    for (ax, &l) in labels.iter().enumerate() {
        match uniq.iter().position(|&u| u == l) {
            Some(k) => strides[k] += a.strides()[ax],
            None => {
                uniq.push(l);
                shape.push(a.shape()[ax]);
                strides.push(a.strides()[ax]);
            }
        }
    }
    if uniq.len() == labels.len() {
        return (a.clone(), uniq);
    }
    // The parser checked that a repeated label has equal lengths, so index `i` on the merged
    // axis is index `(i, i)` on the original ones: the view reaches a subset of the bytes the
    // array reaches (layout condition 1), and distinct indices stay distinct elements.
    let layout = Layout {
        shape: shape.into_iter().collect(),
        strides: strides.into_iter().collect(),
        offset: a.layout().offset,
    };
    (a.with_layout(layout), uniq)
}

/// Axes of length 1 whose label is longer elsewhere get stride 0 (a read-only view).
///
/// # Errors
/// [`Error::ShapeOverflow`](crate::Error::ShapeOverflow) (layout condition 2) when the
/// broadcast shape has more elements than fit in `isize` (possible with broadcast inputs).
fn broadcast(a: Array, labels: &[u8], sizes: &[usize; 52]) -> Result<Array> {
    let grow = |(i, &l): (usize, &u8)| a.shape()[i] == 1 && sizes[l as usize] != 1;
    if !labels.iter().enumerate().any(grow) {
        return Ok(a);
    }
    let mut layout = a.layout().clone();
    for (i, &l) in labels.iter().enumerate() {
        if layout.shape[i] == 1 && sizes[l as usize] != 1 {
            layout.shape[i] = sizes[l as usize];
            layout.strides[i] = 0;
        }
    }
    // Stride 0 reaches only the bytes of index 0 (condition 1); the element count is checked
    // (condition 2); the aliasing view is read-only (condition 3).
    layout.check_bounds(a.buffer_len(), a.itemsize())?;
    Ok(a.with_layout(layout).into_readonly())
}

/// Permutes `a` (axes labelled `labels`, each once) so that its axes follow `order`.
fn permute_to(a: &Array, labels: &[u8], order: &[u8]) -> Result<Array> {
    let perm: Vec<isize> = order
        .iter()
        .map(|l| labels.iter().position(|x| x == l).expect("label present") as isize)
        .collect();
    if perm.iter().enumerate().all(|(i, &p)| p == i as isize) {
        return Ok(a.clone());
    }
    a.permute_axes(&perm)
}

fn shape_of(labels: &[u8], sizes: &[usize; 52]) -> Vec<isize> {
    labels.iter().map(|&l| sizes[l as usize] as isize).collect()
}

/// Two operands: prepare each (invariant 2), then one batched `matmul`
/// `(batch, M, K) @ (batch, K, N)`, or a broadcast multiply when no label is contracted.
fn pair(a: Term, b: Term, keep: &[u8], sizes: &[usize; 52]) -> Result<Array> {
    let keep_set = set_of(keep);
    let (a, la) = prepare(a.0, &a.1, keep_set | set_of(&b.1), sizes)?;
    let (b, lb) = prepare(b.0, &b.1, keep_set | set_of(&la), sizes)?;
    let (sa, sb) = (set_of(&la), set_of(&lb));
    let in_keep = |s: Set| -> Vec<u8> {
        keep.iter()
            .copied()
            .filter(|&l| s & (1 << l) != 0)
            .collect()
    };
    let batch = in_keep(sa & sb);
    let contracted: Vec<u8> = la
        .iter()
        .copied()
        .filter(|&l| sb & (1 << l) != 0 && keep_set & (1 << l) == 0)
        .collect();
    if contracted.is_empty() {
        // Pure multiplication: both sides in `keep` order, length-1 axes where a label is
        // missing, and the multiply broadcasts.
        let side = |x: &Array, lx: &[u8], s: Set| -> Result<Array> {
            let mine = in_keep(s);
            let shape: Vec<isize> = keep
                .iter()
                .map(|&l| {
                    if s & (1 << l) != 0 {
                        sizes[l as usize] as isize
                    } else {
                        1
                    }
                })
                .collect();
            permute_to(x, lx, &mine)?.reshape(&shape)
        };
        return side(&a, &la, sa)?.try_mul(&side(&b, &lb, sb)?);
    }
    let a_keep = in_keep(sa & !sb);
    let b_keep = in_keep(sb & !sa);
    let size = |ls: &[u8]| ls.iter().map(|&l| sizes[l as usize]).product::<usize>() as isize;
    let (nb, m, k, n) = (
        size(&batch),
        size(&a_keep),
        size(&contracted),
        size(&b_keep),
    );
    let lead: Vec<isize> = if batch.is_empty() { vec![] } else { vec![nb] };
    let order_a: Vec<u8> = [&batch[..], &a_keep, &contracted].concat();
    let order_b: Vec<u8> = [&batch[..], &contracted, &b_keep].concat();
    let a3 = permute_to(&a, &la, &order_a)?.reshape(&[&lead[..], &[m, k]].concat())?;
    let b3 = permute_to(&b, &lb, &order_b)?.reshape(&[&lead[..], &[k, n]].concat())?;
    let c = matmul(&a3, &b3)?;
    let produced: Vec<u8> = [&batch[..], &a_keep, &b_keep].concat();
    let c = c.reshape(&shape_of(&produced, sizes))?;
    permute_to(&c, &produced, keep)
}

/// Three or more operands in one step (invariant 3).
fn many(terms: Vec<Term>, keep: &[u8], sizes: &[usize; 52]) -> Result<Array> {
    let refs: Vec<&Array> = terms.iter().map(|t| &t.0).collect();
    let dtype = crate::result_type(&refs).ok_or_else(|| crate::Error::Value {
        op: "einsum",
        msg: "the operands have no common dtype".into(),
    })?;
    let mut terms: Vec<Term> = terms
        .into_iter()
        .map(|(a, l)| {
            let a = if a.dtype() == dtype {
                a
            } else {
                a.astype_casting(dtype, Casting::Unsafe)?
            };
            Ok((a, l))
        })
        .collect::<Result<_>>()?;
    let rest = terms.split_off(1);
    let mut acc = terms.pop().expect("at least three terms");
    // after[i]: the labels of the operands after the i-th of `rest`.
    let mut after: Vec<Set> = vec![0; rest.len()];
    for i in (0..rest.len().saturating_sub(1)).rev() {
        after[i] = after[i + 1] | set_of(&rest[i + 1].1);
    }
    let count = rest.len();
    for (i, t) in rest.into_iter().enumerate() {
        let labels = if i + 1 == count {
            keep.to_vec()
        } else {
            let needed = set_of(keep) | after[i];
            let mut v: Vec<u8> = Vec::new();
            for &l in acc.1.iter().chain(&t.1) {
                if needed & (1 << l) != 0 && !v.contains(&l) {
                    v.push(l);
                }
            }
            v
        };
        let r = pair(acc, t, &labels, sizes)?;
        acc = (r, labels);
    }
    Ok(acc.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn sums_keep_the_dtype_like_numpy_einsum() {
        let b = Array::from_vec(vec![false, true, false, false], &[2, 2]).unwrap();
        let s = single(b, &[0, 1], &[], &[2; 52]).unwrap();
        assert_eq!(
            (s.dtype(), s.to_vec::<bool>().unwrap()),
            (DType::Bool, vec![true])
        );
        let i = Array::from_vec(vec![100i8; 4], &[2, 2]).unwrap();
        let s = single(i, &[0, 1], &[1], &[2; 52]).unwrap();
        assert_eq!(s.to_vec::<i8>().unwrap(), vec![-56, -56]);
    }

    #[test]
    fn diagonals_and_broadcasts_are_views() {
        let a = Array::arange(27.0, DType::F64).reshape(&[3, 3, 3]).unwrap();
        let (d, l) = diagonal(&a, &[4, 5, 4]);
        assert_eq!(
            (d.shape(), d.strides(), l.as_slice()),
            (&[3, 3][..], &[80, 24][..], &[4, 5][..])
        );
        assert!(d.shares_memory(&a));
        assert_eq!(
            d.to_vec::<f64>().unwrap(),
            vec![0., 3., 6., 10., 13., 16., 20., 23., 26.]
        );
        let mut sizes = [1usize; 52];
        sizes[7] = 4;
        let row = Array::arange(3.0, DType::F64).reshape(&[1, 3]).unwrap();
        let b = broadcast(row, &[7, 8], &sizes).unwrap();
        assert_eq!((b.shape(), b.strides()), (&[4, 3][..], &[0, 8][..]));
        assert!(!b.flags().writeable);
    }
}
