//! The text form of a graph: one printer and a parser that round-trips it.
//!
//! `print(&parse(s)?) == s` for every canonical `s` (what [`print`] produces), and
//! `parse(&print(g))? == g` for every graph. `explain`, `NUMFUSE_DEBUG`, verifier messages and
//! the `.nfir` filetests all use this form.
//!
//! ```text
//! graph %like_terms(a: f64[n], m: bool[n]) -> (f64[n], f64[]) {
//!     v1: f64[n] = multiply a, 2.0
//!     v2: f64[n] = multiply a, 3.0
//!     v3: f64[n] = add v1, v2
//!     v4: f64[n] = where m, v3, 0.0
//!     v5: f64[] = sum v4, axes=[0]
//!     return v4, v5
//! }
//! ```
//!
//! # Grammar
//!
//! - A comment runs from `;` to the end of the line. Blank lines are ignored.
//! - `graph %NAME(INPUT, ...) -> RESULT {` opens a graph; `}` on its own line closes it.
//!   `NAME` is an identifier. `INPUT` is `name: TYPE`; input names are identifiers that do not
//!   have the form `v<digits>`. `RESULT` is one `TYPE`, or `(TYPE, TYPE, ...)` for several.
//! - `TYPE` is a dtype token (`bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64`) followed without a
//!   space by a shape: `[` lengths separated by `, ` `]`, each an integer or a symbol (an
//!   identifier); `[]` is 0-d.
//! - Each body line defines one node: `vN: TYPE = OP OPERANDS[, PARAMS]`. The type is the one
//!   the line declares: the parser keeps it as written, and the verifier checks it against
//!   inference. The last body line is `return OPERAND, ...`.
//! - An `OPERAND` is an input name, a `vN` defined on an earlier line, or a literal.
//! - Literals: `true`, `false`; integers `3`, `-7`; floats `2.0`, `-1.5e-7`, `inf`, `-inf`,
//!   `nan` (a float literal always has a `.`, an exponent, or is one of the three words). A
//!   dtype suffix makes a literal strong: `2.0f32`, `3u8`. Without a suffix a literal is weak
//!   (NEP 50) and takes the dtype [`weak_dtype`](crate::graph::build::weak_dtype) gives it next
//!   to the declared dtypes of the other non-literal operands of its node (for `where`, the
//!   other branch only; none means the default `bool`/`i64`/`f64`). The printer omits the
//!   suffix exactly when that rule gives the constant's dtype back. Integer-dtype constants
//!   print as integers, float-dtype constants as floats (shortest round-trip form of the
//!   value in its dtype). Constants never get a line of their own.
//! - Ops and their parameters (`x`, `y`, `c` operands):
//!
//!   | op | line |
//!   |---|---|
//!   | one-input ufunc | `sqrt x` (NumPy names: `negative`, `absolute`, `exp`, ...) |
//!   | two-input ufunc | `add x, y` (NumPy names: `subtract`, `multiply`, `divide`, `power`, `less`, ...) |
//!   | select | `where c, x, y` |
//!   | cast | `cast x` (to the line's dtype) |
//!   | reduction | `sum x, axes=[0, 2]`, `max x, axes=[1], keepdims` (axes always printed) |
//!   | scan | `cumsum x, axis=1` (`cumsum cumprod cummax cummin`) |
//!   | permute | `permute x, [1, 0]` |
//!   | slice | `slice x, [1:7:2, :, ::-1]` (Python notation, canonical: see [`SliceAxis::display`](crate::op::SliceAxis::display)) |
//!   | broadcast | `broadcast x` (to the line's shape) |
//!   | expand_dims / squeeze | `expand_dims x, [0]`, `squeeze x, [1]` |
//!   | reshape | `reshape x` (to the line's shape) |
//!   | library call | `call matmul(x, y)` |
//!
//! # Numbering
//!
//! The printer lists the nodes the outputs reach in [`Graph::topo_order`] (inputs are named in
//! the signature, constants are inline) and names them `v1, v2, ...` in that order, whatever
//! their arena ids, so a pass that allocates differently does not churn golden files. The parser
//! accepts any `vN` names, each defined once, before use.

mod parse;
mod print;

pub use parse::{parse, parse_all};
pub use print::{expr, names, print, print_annotated};

use crate::graph::Graph;
use std::fmt;

impl fmt::Display for Graph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&print(self))
    }
}
