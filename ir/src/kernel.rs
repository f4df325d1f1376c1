//! Kernels: what fusion ([`fuse`](crate::passes::fuse::fuse)) cuts a graph into and what the
//! JIT lowers, one Cranelift function per [`Kernel`].
//!
//! A [`KernelGraph`] is a list of kernels in execution order and the buffers they pass between
//! them: the graph's inputs, temporaries, and the graph's outputs. A kernel is one loop nest over
//! its *domain* (a shape; the loop index is `i0, i1, ...`, one per axis). It reads each input
//! buffer through an [`IndexMap`] (the buffer index as an affine function of the loop index:
//! transposes, slices, broadcasts and affine reshapes are folded into these maps, so a view never
//! costs a buffer) and runs its body, a short SSA list of scalar instructions, once per index.
//!
//! Invariants (what [`fuse`](crate::passes::fuse::fuse) guarantees and lowering may assume):
//! 1. Kernels are in execution order: a kernel reads only graph inputs and buffers written by
//!    earlier kernels. Every temporary and output buffer is written by exactly one kernel.
//! 2. Temporaries and outputs are C-contiguous and fully written. An input's map addresses the
//!    buffer through its `shape`, which is the buffer's own shape unless the kernel reads a
//!    contiguous buffer as a reshape (`as [..]` in the listing); a graph input read that way must
//!    be made contiguous by the runtime first, as an eager reshape would copy it.
//! 3. Every index map has one affine expression per axis of the shape it addresses, with
//!    integer coefficients, and stays in bounds for every index of the domain.
//! 4. In the body, every operand is defined before use and already has the dtype its
//!    instruction computes in: conversions are explicit `cast` instructions (NumPy's type
//!    resolution is done). Constants are kernel arguments (`c0, c1, ...`), never immediates, so
//!    kernels that differ only in constant values have equal [`Kernel::structure`].
//! 5. A reduction kernel's body has exactly one `reduce`: the instructions before it run once
//!    per domain index, the `reduce` folds over the reduced axes, and the instructions after it
//!    (an epilogue) run once per output index. Its epilogue loads use maps that ignore the
//!    reduced axes. A scan kernel has exactly one `scan`: the instructions before it run per
//!    element in order along the scan axis, and those after it run at the same element with
//!    the running value.
//! 6. A library-call kernel has one `call` whose operand k is its input k, addressed over that
//!    operand's own shape (the kernel's domain is the call's result shape).
//!
//! The listing ([`KernelGraph`]'s `Display`) is deterministic and golden-tested by the `fuse`
//! filetests.

use crate::dtype::DType;
use crate::op::{Axes, BinaryOp, LibCall, Lit, ReduceOp, ScanOp, UnaryOp};
use crate::shape::Shape;
use smallvec::SmallVec;
use std::fmt;

mod listing;

pub use listing::Poly;

/// An affine function of the loop index: `offset + sum(coeff * i_axis)`.
///
/// Terms are sorted by axis, one per axis at most, with no zero coefficient, so equal
/// functions compare equal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Affine {
    /// The constant part.
    pub offset: i64,
    /// `(loop axis, coefficient)` pairs.
    pub terms: SmallVec<[(usize, i64); 2]>,
}

impl Affine {
    /// The constant `c`.
    pub fn constant(c: i64) -> Affine {
        Affine {
            offset: c,
            terms: SmallVec::new(),
        }
    }

    /// The loop index `i_axis`.
    pub fn axis(axis: usize) -> Affine {
        Affine {
            offset: 0,
            terms: smallvec::smallvec![(axis, 1)],
        }
    }

    /// `k * self`, or `None` on overflow.
    pub fn scaled(&self, k: i64) -> Option<Affine> {
        if k == 0 {
            return Some(Affine::constant(0));
        }
        let terms = self
            .terms
            .iter()
            .map(|&(a, c)| Some((a, c.checked_mul(k)?)))
            .collect::<Option<_>>()?;
        Some(Affine {
            offset: self.offset.checked_mul(k)?,
            terms,
        })
    }

    /// `self + other`, or `None` on overflow.
    pub fn plus(&self, other: &Affine) -> Option<Affine> {
        let mut terms: SmallVec<[(usize, i64); 2]> = self.terms.clone();
        for &(a, c) in &other.terms {
            match terms.iter_mut().find(|(b, _)| *b == a) {
                Some(t) => t.1 = t.1.checked_add(c)?,
                None => terms.push((a, c)),
            }
        }
        terms.retain(|t| t.1 != 0);
        terms.sort_unstable();
        Some(Affine {
            offset: self.offset.checked_add(other.offset)?,
            terms,
        })
    }

    /// The same function with loop axis `a` renamed `rename(a)`; terms on axes it maps to
    /// `None` are dropped (their index is always 0).
    pub fn renamed(&self, rename: impl Fn(usize) -> Option<usize>) -> Affine {
        let mut terms: SmallVec<[(usize, i64); 2]> = self
            .terms
            .iter()
            .filter_map(|&(a, c)| Some((rename(a)?, c)))
            .collect();
        terms.sort_unstable();
        Affine {
            offset: self.offset,
            terms,
        }
    }
}

impl fmt::Display for Affine {
    /// `i0`, `2*i0 + i1`, `-i0 + 9`, `0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, &(a, c)) in self.terms.iter().enumerate() {
            let (sign, mag) = if c < 0 {
                ("-", c.unsigned_abs())
            } else {
                ("+", c as u64)
            };
            match (k, sign) {
                (0, "-") => f.write_str("-")?,
                (0, _) => {}
                _ => write!(f, " {sign} ")?,
            }
            if mag == 1 {
                write!(f, "i{a}")?;
            } else {
                write!(f, "{mag}*i{a}")?;
            }
        }
        match (self.terms.is_empty(), self.offset) {
            (true, o) => write!(f, "{o}"),
            (false, 0) => Ok(()),
            (false, o) if o < 0 => write!(f, " - {}", o.unsigned_abs()),
            (false, o) => write!(f, " + {o}"),
        }
    }
}

/// How a kernel's loop index addresses a buffer: one [`Affine`] per axis of the shape the
/// buffer is read through.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndexMap(pub Vec<Affine>);

impl IndexMap {
    /// The identity over a domain of `rank` axes: axis `k` is `i_k`.
    pub fn identity(rank: usize) -> IndexMap {
        IndexMap((0..rank).map(Affine::axis).collect())
    }

    /// The loop axes some expression depends on, sorted.
    pub fn used_axes(&self) -> Vec<usize> {
        let mut axes: Vec<usize> = self
            .0
            .iter()
            .flat_map(|e| e.terms.iter().map(|t| t.0))
            .collect();
        axes.sort_unstable();
        axes.dedup();
        axes
    }
}

impl fmt::Display for IndexMap {
    /// `[i0, 2*i1 + 1, 0]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (k, e) in self.0.iter().enumerate() {
            if k > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{e}")?;
        }
        f.write_str("]")
    }
}

/// A buffer of a [`KernelGraph`], by index into [`KernelGraph::buffers`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BufferId(pub u32);

impl BufferId {
    /// The index into [`KernelGraph::buffers`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a buffer's memory comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BufferKind {
    /// The graph's input number `i` (any strides; owned by the caller).
    Input(u32),
    /// A contiguous temporary written by one kernel and read by later ones.
    Temp,
    /// The graph's output number `i` (contiguous; returned to the caller). When one node is
    /// returned several times, the buffer is the first of them and
    /// [`KernelGraph::outputs`] repeats it.
    Output(u32),
}

/// One buffer: its name in the listing (the input's name, `b0`, `o0`), kind, dtype and shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Buffer {
    /// The name in the listing.
    pub name: String,
    /// Where it comes from.
    pub kind: BufferKind,
    /// The element type.
    pub dtype: DType,
    /// The shape.
    pub shape: Shape,
    /// Why a temporary exists (the materialisation decision), for the listing.
    pub note: Option<String>,
}

/// A kernel's number in execution order (`k0`, `k1`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KernelId(pub u32);

impl fmt::Display for KernelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "k{}", self.0)
    }
}

/// What a kernel's loop does.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KernelKind {
    /// One independent body per index of the domain (`E_`).
    Elementwise,
    /// A fold over some axes of the domain (`R_`).
    Reduce {
        /// The reduced axes of the domain, sorted.
        axes: Axes,
        /// The output keeps the reduced axes as length 1.
        keepdims: bool,
    },
    /// A running fold along one axis of the domain (`S_`).
    Scan {
        /// The scanned axis.
        axis: usize,
    },
    /// A library call (`L_`); the domain is the result's shape.
    Call {
        /// Which call.
        f: LibCall,
        /// The shape of each operand (input `k` is addressed over `operands[k]`).
        operands: Vec<Shape>,
    },
}

impl KernelKind {
    /// The name prefix: `E`, `R`, `S` or `L`.
    pub fn prefix(&self) -> &'static str {
        match self {
            KernelKind::Elementwise => "E",
            KernelKind::Reduce { .. } => "R",
            KernelKind::Scan { .. } => "S",
            KernelKind::Call { .. } => "L",
        }
    }
}

/// A buffer read by a kernel, and how the loop index addresses it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KernelInput {
    /// The buffer read.
    pub buffer: BufferId,
    /// The shape the buffer is addressed through: its own, or a reshape of a contiguous buffer.
    pub shape: Shape,
    /// The buffer index as a function of the loop index.
    pub map: IndexMap,
}

/// A buffer written by a kernel, and where each result goes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KernelOutput {
    /// The buffer written.
    pub buffer: BufferId,
    /// The buffer index as a function of the loop index (reduced axes do not appear).
    pub map: IndexMap,
}

/// A scalar constant passed to the kernel as an argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Param {
    /// Its dtype.
    pub dtype: DType,
    /// Its value, a value of `dtype`.
    pub value: Lit,
}

/// An operand of a body instruction: a temporary `tN` or an argument `cN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Val {
    /// The temporary defined by the `Let` with this number.
    Temp(u32),
    /// The kernel argument with this index.
    Arg(u32),
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Temp(t) => write!(f, "t{t}"),
            Val::Arg(c) => write!(f, "c{c}"),
        }
    }
}

/// The right-hand side of a body instruction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Expr {
    /// Read input `k` at the current index.
    Load(u32),
    /// A one-input ufunc, computed in the instruction's dtype.
    Unary(UnaryOp, Val),
    /// A two-input ufunc; both operands have the loop's input dtype.
    Binary(BinaryOp, Val, Val),
    /// `where(c, x, y)`; `x` and `y` have the instruction's dtype.
    Select(Val, Val, Val),
    /// Conversion to the instruction's dtype (NumPy's `astype`).
    Cast(Val),
    /// The fold of the operand over the reduced axes.
    Reduce(ReduceOp, Val),
    /// The running fold of the operand along the scan axis.
    Scan(ScanOp, Val),
    /// A library call on the kernel's inputs.
    Call(LibCall, Vec<u32>),
}

/// One body instruction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Inst {
    /// `tN: dtype = expr`.
    Let {
        /// The temporary defined (numbered in order from 0).
        temp: u32,
        /// Its dtype.
        dtype: DType,
        /// What it computes.
        expr: Expr,
    },
    /// Write a value to output `k` at the current (output) index.
    Store {
        /// The output's index in [`Kernel::outputs`].
        output: u32,
        /// The value written (of the output buffer's dtype).
        value: Val,
    },
}

/// One loop nest: see the [module documentation](self).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kernel {
    /// Its number in execution order.
    pub id: KernelId,
    /// `E_`/`R_`/`S_`/`L_` and the domain's extents (`R_n_4`).
    pub name: String,
    /// What the loop does.
    pub kind: KernelKind,
    /// The iteration space.
    pub domain: Shape,
    /// The buffers read, each through its map.
    pub inputs: Vec<KernelInput>,
    /// The buffers written.
    pub outputs: Vec<KernelOutput>,
    /// The scalar constants, passed as arguments.
    pub args: Vec<Param>,
    /// The scalar program run per index.
    pub body: Vec<Inst>,
}

/// The name of a kernel of `kind` over `domain`: `E_n`, `R_n_4`, and `E` for a 0-d domain.
pub fn kernel_name(kind: &KernelKind, domain: &Shape) -> String {
    let mut name = kind.prefix().to_string();
    for d in domain.dims() {
        name.push('_');
        name.push_str(&d.to_string());
    }
    name
}

/// The cuts fusion made: the kernels in execution order and their buffers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelGraph {
    /// The graph's name.
    pub name: String,
    /// Every buffer: the inputs (in signature order), the outputs (in `return` order, each node
    /// once), then the temporaries (in the order they are written).
    pub buffers: Vec<Buffer>,
    /// The kernels, in execution order.
    pub kernels: Vec<Kernel>,
    /// The buffer holding each graph output, in `return` order.
    pub outputs: Vec<BufferId>,
}

impl KernelGraph {
    /// The buffer behind an id.
    ///
    /// # Panics
    /// If `id` is not a buffer of this graph.
    pub fn buffer(&self, id: BufferId) -> &Buffer {
        &self.buffers[id.index()]
    }

    /// The temporaries (buffers neither input nor output).
    pub fn temps(&self) -> impl Iterator<Item = &Buffer> {
        self.buffers.iter().filter(|b| b.kind == BufferKind::Temp)
    }
}

impl Kernel {
    /// The kernel with argument values left out: two kernels that differ only in their
    /// constants have the same structure (the JIT cache keys on it, with the dtypes and maps).
    pub fn structure(&self) -> Kernel {
        let mut k = self.clone();
        for a in &mut k.args {
            a.value = Lit::Int(0);
        }
        k.id = KernelId(0);
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affine_display() {
        let a = Affine::axis(0)
            .scaled(2)
            .unwrap()
            .plus(&Affine::axis(1))
            .unwrap();
        assert_eq!(a.to_string(), "2*i0 + i1");
        let b = Affine::axis(0)
            .scaled(-1)
            .unwrap()
            .plus(&Affine::constant(9))
            .unwrap();
        assert_eq!(b.to_string(), "-i0 + 9");
        assert_eq!(Affine::constant(0).to_string(), "0");
        let c = Affine::axis(2).plus(&Affine::constant(-3)).unwrap();
        assert_eq!(c.to_string(), "i2 - 3");
        let d = Affine::axis(1)
            .plus(&Affine::axis(1).scaled(-1).unwrap())
            .unwrap();
        assert_eq!(d, Affine::constant(0));
        assert!(
            Affine::axis(0)
                .scaled(i64::MAX)
                .unwrap()
                .scaled(2)
                .is_none()
        );
    }
}
