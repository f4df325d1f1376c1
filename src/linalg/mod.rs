//! Linear algebra: products with NumPy's `@`/`dot` semantics, `einsum` with a contraction-path
//! optimiser, and `numpy.linalg`'s solvers and decompositions (factorizations by `faer`).

mod decomp;
mod eig;
mod einsum;
pub(crate) mod matmul;
mod norm;
mod products;
mod stack;
mod svd;

pub use decomp::{Qr, QrMode, cholesky, det, inv, matrix_power, qr, slogdet, solve};
pub use eig::{ComplexParts, Eig, Uplo, eig, eigh, eigvals, eigvalsh};
pub(crate) use einsum::parse as einsum_parse;
pub use einsum::{EinsumPath, OPTIMAL_MAX_OPERANDS, Optimize, einsum, einsum_opt, einsum_path};
pub use matmul::matmul;
pub use norm::{NormOrd, cond, matrix_rank, norm};
pub use products::{TensorAxes, dot, inner, kron, outer, tensordot, vdot};
pub use svd::{Lstsq, lstsq, pinv, svd, svdvals};
