//! Vector and matrix norms, `cond` and `matrix_rank`.
