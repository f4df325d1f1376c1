//! Products beyond `matmul`: dot, vdot, inner, outer, tensordot, kron, trace, diagonal.
