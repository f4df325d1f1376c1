//! `einsum`: the subscript language, the contraction-path optimiser and the contractions.
//!
//! The stages, one file each, called in order by [`einsum_opt`]:
//!
//! | stage | file | does |
//! |---|---|---|
//! | parse | `parse.rs` | subscripts → labels per operand, output labels, label sizes; NumPy's checks |
//! | plan | `path.rs` | the order of contractions (none / greedy / optimal), NumPy's costs |
//! | report | `report.rs` | the steps with their labels and [`EinsumPath`]'s figures |
//! | run | `contract.rs` | each step as views + sums + one batched `matmul` |
//!
//! Decisions where numfuse and NumPy differ or NumPy leaves a choice:
//! 1. numfuse always plans (NumPy's `optimize=True`, the greedy path); [`einsum_opt`] chooses.
//!    The checks and messages are those of NumPy's planned path (`einsum_path`), in lower case.
//! 2. The memory limit of the searches is NumPy's default for `optimize='greedy'`/`'optimal'`
//!    given without a limit: the largest input or output size.
//! 3. With one operand, nothing summed and at least one output axis (`ij->ji`, `ii->i`) the
//!    result is a view of the operand, as NumPy's is (`np.shares_memory` is true; a 0-d result
//!    is a NumPy scalar, a copy); every other result is a new array.
//! 4. NumPy picks the letters that stand for `...` from a hash set, so its report names them
//!    at random; numfuse uses the last unused letters (`...` of two axes is `yz` when neither is
//!    taken).
//! 5. `Optimize::None` contracts pairwise from the left; NumPy's `optimize=False` runs one C
//!    loop over all operands, which numfuse does not have. Like that loop, it first casts all
//!    operands to their common dtype (so integers wrap, and floats round, as in NumPy's
//!    default `np.einsum`); the planned modes cast step by step as NumPy's `optimize=True`
//!    does. Its [`EinsumPath`] reports the pairwise path, whose costs NumPy gives for the
//!    same explicit path.

mod contract;
pub(crate) mod parse;
mod path;
mod report;

pub use path::{OPTIMAL_MAX_OPERANDS, Optimize};
pub use report::EinsumPath;

use crate::Result;
use crate::array::Array;

/// Einstein summation over `operands` (`np.einsum(subscripts, *operands, optimize=True)`).
///
/// The subscripts are NumPy's: one comma-separated term per operand, an optional `->` and
/// output term (without it the output is the letters used once, sorted, uppercase first),
/// `...` for broadcast axes, a letter repeated in one term for a diagonal, and spaces anywhere.
/// The contraction order is NumPy's greedy path ([`einsum_path`] shows it); each step takes
/// diagonals as strided views, sums letters no one else needs, and makes one batched
/// [`matmul`] (or one broadcast multiply when nothing is contracted). The dtype is NumPy's
/// promotion of the operands; integers wrap and bools sum as "or", as in NumPy.
///
/// With one operand, nothing summed and at least one output axis (`ij->ji`, `ii->i`) the
/// result is a view of the operand, as NumPy's is; every other result is a new array.
///
/// # Errors
/// [`Error::Parse`](crate::Error::Parse) (with the byte position) for an invalid character,
/// a misused `->` or ellipsis, or an output letter that repeats or is not in the inputs;
/// [`Error::Value`](crate::Error::Value) when the number of operands does not match the
/// subscripts; [`Error::Shape`](crate::Error::Shape) when a term does not match its operand's
/// dimensions or a letter's lengths disagree (naming the letter and both lengths).
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::einsum;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let b = array![[5.0, 6.0], [7.0, 8.0]];
/// assert_eq!(einsum("ij,jk->ik", &[&a, &b])?.to_vec::<f64>()?, [19.0, 22.0, 43.0, 50.0]);
/// assert_eq!(einsum("ii", &[&a])?.to_vec::<f64>()?, [5.0]);
/// assert_eq!(einsum("ij->j", &[&a])?.to_vec::<f64>()?, [4.0, 6.0]);
/// let w = array![0.5, 0.5];
/// let vol = einsum("i,ij,j->", &[&w, &a, &w])?;
/// assert_eq!(vol.to_vec::<f64>()?, [2.5]);
/// # Ok::<(), numfuse::Error>(())
/// ```
///
/// [`matmul`]: crate::linalg::matmul
pub fn einsum(subscripts: &str, operands: &[&Array]) -> Result<Array> {
    einsum_opt(subscripts, operands, Optimize::Greedy)
}

/// [`einsum`] with a chosen path optimiser.
///
/// [`Optimize::None`] contracts pairwise from the left, after casting all operands to their
/// common dtype (as NumPy's unplanned `np.einsum` computes in it); the planned modes cast step
/// by step, as NumPy's `optimize=True` does, so with mixed integer widths their wrapping can
/// differ, exactly as NumPy's two modes differ.
///
/// # Errors
/// As [`einsum`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::{Optimize, einsum_opt};
/// let a = Array::arange(24.0, DType::F64).reshape(&[2, 3, 4])?;
/// let b = Array::arange(40.0, DType::F64).reshape(&[2, 4, 5])?;
/// let none = einsum_opt("bij,bjk->bik", &[&a, &b], Optimize::None)?;
/// let best = einsum_opt("bij,bjk->bik", &[&a, &b], Optimize::Optimal)?;
/// assert_eq!(none.to_vec::<f64>()?, best.to_vec::<f64>()?);
/// assert_eq!(none.shape(), &[2, 3, 5]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn einsum_opt(subscripts: &str, operands: &[&Array], optimize: Optimize) -> Result<Array> {
    let parsed = parse::parse(subscripts, operands)?;
    let (path, used) = path::plan(&parsed, optimize);
    let plan = report::build(&parsed, path, used);
    let mixed = operands.iter().any(|a| a.dtype() != operands[0].dtype());
    let r = if optimize == Optimize::None && mixed {
        // Decision 5: without a plan, compute in the common dtype from the start.
        let dtype = crate::result_type(operands).ok_or_else(|| crate::Error::Value {
            op: "einsum",
            msg: "the operands have no common dtype".into(),
        })?;
        let cast: Vec<Array> = operands
            .iter()
            .map(|a| a.astype_casting(dtype, crate::Casting::Unsafe))
            .collect::<Result<_>>()?;
        let refs: Vec<&Array> = cast.iter().collect();
        contract::run(&plan.steps, &refs, &parsed.inputs, &parsed.sizes)?
    } else {
        contract::run(&plan.steps, operands, &parsed.inputs, &parsed.sizes)?
    };
    let summed = parse::set_of(&parsed.inputs[0]) != parse::set_of(&parsed.output);
    let one_view = operands.len() == 1 && !summed;
    if one_view && !parsed.output.is_empty() {
        // Decision 3: NumPy returns a view here.
        return Ok(r);
    }
    if r.is_c_contiguous() && !one_view {
        Ok(r)
    } else {
        r.try_copy_order(crate::Order::C)
    }
}

/// The contraction path [`einsum_opt`] takes, with NumPy's cost figures
/// (`np.einsum_path(subscripts, *operands, optimize=...)`).
///
/// # Errors
/// As [`einsum`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::{Optimize, einsum_path};
/// let i = Array::ones(&[10, 10, 10, 10], DType::F64);
/// let c = Array::ones(&[10, 10], DType::F64);
/// let p = einsum_path("ea,fb,abcd,gc,hd->efgh", &[&c, &c, &i, &c, &c], Optimize::Greedy)?;
/// assert_eq!(p.path, vec![vec![0, 2], vec![0, 3], vec![0, 2], vec![0, 1]]);
/// assert_eq!(p.naive_flops, 500_000_000);
/// assert_eq!(p.largest_intermediate, 10_000);
/// println!("{p}");
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn einsum_path(
    subscripts: &str,
    operands: &[&Array],
    optimize: Optimize,
) -> Result<EinsumPath> {
    let parsed = parse::parse(subscripts, operands)?;
    let (path, used) = path::plan(&parsed, optimize);
    Ok(report::build(&parsed, path, used))
}
