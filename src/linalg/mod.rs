//! Linear algebra: products with NumPy's `@`/`dot` semantics, `einsum` with a contraction-path
//! optimiser, and `numpy.linalg`'s solvers and decompositions (factorizations by `faer`).

mod decomp;
mod einsum;
mod matmul;
mod norm;
mod products;

pub use einsum::{EinsumPath, OPTIMAL_MAX_OPERANDS, Optimize, einsum, einsum_opt, einsum_path};
pub use matmul::matmul;
pub use products::{TensorAxes, dot, inner, kron, outer, tensordot, vdot};
