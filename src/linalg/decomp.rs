//! Matrix decompositions and solvers (`numpy.linalg`), on `faer`.
