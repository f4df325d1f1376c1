//! Linear algebra. Today: the matrix product with NumPy's `@` semantics; decompositions,
//! solvers and einsum follow.

mod matmul;

pub use matmul::matmul;
