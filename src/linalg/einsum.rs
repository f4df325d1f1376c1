//! `einsum`: the subscript language, the contraction-path optimiser and the contractions.
