//! View ops folded into index maps: given how the loop index addresses a view, how it
//! addresses the view's operand.
//!
//! Every function here takes the map into the view (one [`Affine`] per view axis) and returns
//! the map into the operand (one per operand axis). They compose, so a chain of views becomes
//! one map. `None` means the view is not an affine re-indexing (a reshape that splits the
//! operand's index non-affinely) or a coefficient overflowed `i64`.

use crate::kernel::{Affine, IndexMap};
use crate::op::{Op, SliceAxis};
use crate::shape::{Dim, Shape};

/// The map into `x`, the operand of view op `op` whose result has shape `v`.
pub(super) fn through(op: &Op, x: &Shape, v: &Shape, m: &IndexMap) -> Option<IndexMap> {
    match op {
        Op::Permute(perm) => {
            let mut out = vec![Affine::constant(0); x.rank()];
            for (i, &p) in perm.iter().enumerate() {
                *out.get_mut(p)? = m.0.get(i)?.clone();
            }
            Some(IndexMap(out))
        }
        Op::Slice(spec) => spec
            .iter()
            .zip(&m.0)
            .map(|(s, e)| match *s {
                SliceAxis::Full => Some(e.clone()),
                SliceAxis::Range { start, step, .. } => e
                    .scaled(step as i64)?
                    .plus(&Affine::constant(i64::try_from(start).ok()?)),
            })
            .collect::<Option<Vec<_>>>()
            .map(IndexMap),
        Op::Broadcast => Some(broadcast(x, m)),
        Op::ExpandDims(axes) => Some(IndexMap(
            m.0.iter()
                .enumerate()
                .filter(|(i, _)| !axes.contains(i))
                .map(|(_, e)| e.clone())
                .collect(),
        )),
        Op::Squeeze(axes) => {
            let mut rest = m.0.iter();
            (0..x.rank())
                .map(|j| {
                    if axes.contains(&j) {
                        Some(Affine::constant(0))
                    } else {
                        rest.next().cloned()
                    }
                })
                .collect::<Option<Vec<_>>>()
                .map(IndexMap)
        }
        Op::Reshape => reshape(x, v, m),
        _ => None,
    }
}

/// The map into an operand of shape `x` that NumPy broadcasting stretches to the map's rank:
/// axes align at the end, and a length-1 axis is always read at 0 (stride 0).
pub(super) fn broadcast(x: &Shape, m: &IndexMap) -> IndexMap {
    let skip = m.0.len().saturating_sub(x.rank());
    IndexMap(
        x.dims()
            .iter()
            .enumerate()
            .map(|(j, d)| {
                if d.is_one() {
                    Affine::constant(0)
                } else {
                    m.0.get(j + skip).cloned().unwrap_or_default()
                }
            })
            .collect(),
    )
}

/// True when reshaping `x` to `v` is an affine re-indexing (see [`reshape`]).
pub(super) fn reshape_is_affine(x: &Shape, v: &Shape) -> bool {
    reshape(x, v, &IndexMap::identity(v.rank())).is_some()
}

/// The map into `x` given the map into its C-order reshape `v`.
///
/// Length-1 axes are dropped on both sides (an operand's length-1 axis is read at 0). The rest
/// are cut into the smallest consecutive groups with equal products (a symbol only matches the
/// same symbol); a group is affine when it has exactly one operand axis: that axis's index is
/// `sum(i_k * stride_k)` over the group's result axes (merging result axes into one operand
/// axis). A group with several operand axes needs division and remainder: `None`.
fn reshape(x: &Shape, v: &Shape, m: &IndexMap) -> Option<IndexMap> {
    let zero = |d: &Dim| *d == Dim::Fixed(0);
    if x.dims().iter().any(zero) || v.dims().iter().any(zero) {
        // An empty domain: nothing is ever read.
        return Some(IndexMap(vec![Affine::constant(0); x.rank()]));
    }
    let vs: Vec<usize> = (0..v.rank()).filter(|&k| !v.dims()[k].is_one()).collect();
    let xs: Vec<usize> = (0..x.rank()).filter(|&j| !x.dims()[j].is_one()).collect();
    let mut out = vec![Affine::constant(0); x.rank()];
    let (mut i, mut j) = (0, 0);
    while i < vs.len() && j < xs.len() {
        match (&v.dims()[vs[i]], &x.dims()[xs[j]]) {
            (Dim::Sym(a), Dim::Sym(b)) if a == b => {
                out[xs[j]] = m.0.get(vs[i])?.clone();
                i += 1;
                j += 1;
            }
            (&Dim::Fixed(dv), &Dim::Fixed(dx)) => {
                let (i0, j0) = (i, j);
                let (mut pv, mut px) = (dv, dx);
                i += 1;
                j += 1;
                while pv != px {
                    if pv < px {
                        pv = pv.checked_mul(v.dims().get(*vs.get(i)?)?.fixed()?)?;
                        i += 1;
                    } else {
                        px = px.checked_mul(x.dims().get(*xs.get(j)?)?.fixed()?)?;
                        j += 1;
                    }
                }
                if j - j0 != 1 {
                    return None;
                }
                let mut e = Affine::constant(0);
                let mut stride: i64 = 1;
                for k in (i0..i).rev() {
                    if k + 1 < i {
                        let len = v.dims()[vs[k + 1]].fixed()?;
                        stride = stride.checked_mul(i64::try_from(len).ok()?)?;
                    }
                    e = e.plus(&m.0.get(vs[k])?.scaled(stride)?)?;
                }
                out[xs[j0]] = e;
            }
            _ => return None,
        }
    }
    (i == vs.len() && j == xs.len()).then_some(IndexMap(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::Dim;

    fn shape(dims: &[&str]) -> Shape {
        Shape(
            dims.iter()
                .map(|d| {
                    d.parse::<usize>()
                        .map_or_else(|_| Dim::from(*d), Dim::Fixed)
                })
                .collect(),
        )
    }

    fn show(m: Option<IndexMap>) -> String {
        m.map_or_else(|| "none".to_string(), |m| m.to_string())
    }

    #[test]
    fn reshape_merges_result_axes_into_one_operand_axis() {
        let id = |r| IndexMap::identity(r);
        // [12] -> [3, 4]: x = 4*i0 + i1.
        assert_eq!(
            show(reshape(&shape(&["12"]), &shape(&["3", "4"]), &id(2))),
            "[4*i0 + i1]"
        );
        // [n, 12] -> [n, 1, 3, 4]: unit axes read nothing.
        let m = reshape(&shape(&["n", "12"]), &shape(&["n", "1", "3", "4"]), &id(4));
        assert_eq!(show(m), "[i0, 4*i2 + i3]");
        // Adding and removing unit axes.
        let m = reshape(&shape(&["1", "n", "1"]), &shape(&["n"]), &id(1));
        assert_eq!(show(m), "[0, i0, 0]");
        // Splitting an axis is not affine; neither is a transposed regrouping.
        assert!(!reshape_is_affine(&shape(&["3", "4"]), &shape(&["12"])));
        assert!(!reshape_is_affine(&shape(&["2", "3"]), &shape(&["3", "2"])));
        assert!(!reshape_is_affine(&shape(&["n", "4"]), &shape(&["m", "4"])));
        // [2, 6] -> [2, 2, 3]: second operand axis = 3*i1 + i2.
        let m = reshape(&shape(&["2", "6"]), &shape(&["2", "2", "3"]), &id(3));
        assert_eq!(show(m), "[i0, 3*i1 + i2]");
    }

    #[test]
    fn views_compose() {
        let m = IndexMap(vec![Affine::axis(1), Affine::axis(0)]);
        let x = shape(&["4", "10"]);
        let perm = Op::Permute(smallvec::smallvec![1, 0]);
        assert_eq!(
            show(through(&perm, &x, &shape(&["10", "4"]), &m)),
            "[i0, i1]"
        );
        let sl = Op::Slice(smallvec::smallvec![
            SliceAxis::Full,
            SliceAxis::Range {
                start: 9,
                len: 5,
                step: -2
            }
        ]);
        let m = IndexMap::identity(2);
        assert_eq!(
            show(through(&sl, &x, &shape(&["4", "5"]), &m)),
            "[i0, -2*i1 + 9]"
        );
        let m = IndexMap::identity(3);
        let b = broadcast(&shape(&["1", "10"]), &m);
        assert_eq!(b.to_string(), "[0, i2]");
        let ed = Op::ExpandDims(smallvec::smallvec![1]);
        let m = IndexMap::identity(3);
        assert_eq!(
            show(through(&ed, &x, &shape(&["4", "1", "10"]), &m)),
            "[i0, i2]"
        );
        let sq = Op::Squeeze(smallvec::smallvec![0]);
        let m = IndexMap::identity(1);
        assert_eq!(
            show(through(&sq, &shape(&["1", "10"]), &shape(&["10"]), &m)),
            "[0, i0]"
        );
    }
}
