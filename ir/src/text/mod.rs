//! The text form of a graph: one printer and a parser that round-trips it.
//!
//! `print(&parse(s)?) == s` for every canonical `s` (what [`print()`] produces), and
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
//! - A comment runs from `;` to the end of the line. Blank lines are ignored. An identifier
//!   is an ASCII letter or `_`, then letters, digits or `_`. Spaces between tokens are free
//!   (the printer's spacing is the canonical one); line breaks are not.
//! - `graph %NAME(INPUT, ...) -> RESULT {` opens a graph; `}` on its own line closes it.
//!   `NAME` is an identifier. `INPUT` is `name: TYPE`; input names are distinct identifiers
//!   that do not have the form `v<digits>` and are not literals (`true`, `inf`, ...).
//!   `RESULT` is one `TYPE`, or `(TYPE, TYPE, ...)` for several (`()` for none); the returned
//!   values must have exactly these declared types.
//! - `TYPE` is a dtype token (`bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64`) followed without a
//!   space by a shape: `[` lengths separated by `, ` `]`, each an integer or a symbol (an
//!   identifier); `[]` is 0-d.
//! - Each body line defines one node: `vN: TYPE = OP OPERANDS[, PARAMS]`. The type is the one
//!   the line declares: the parser keeps it as written, and the verifier checks it against
//!   inference. Names have the form `v<digits>`, each defined once. The last body line is
//!   `return OPERAND, ...` (`return` alone when there are no outputs).
//! - An `OPERAND` is an input name, a `vN` defined on an earlier line, or a literal.
//! - Literals: `true`, `false`; integers `3`, `-7`; floats `2.0`, `-1.5e-7`, `inf`, `-inf`,
//!   `nan` (a float literal always has a `.`, an exponent, or is one of the three words). A
//!   dtype suffix, written directly after the literal, makes it strong: `2.0f32`, `3u8`,
//!   `-inff32`, `truebool`. The suffix must be of the literal's kind (bool, integer, float)
//!   and the value must fit it (`300u8` and `1e39f32` are errors). Without a suffix a literal
//!   is weak (NEP 50) and takes the dtype [`weak_dtype`](crate::graph::build::weak_dtype)
//!   gives it next to the declared dtypes of the other non-literal operands of its node (for
//!   a `where` branch, the other branch only; for the `where` condition and for `return`
//!   operands, none, which means the default `bool`/`i64`/`f64`). A weak integer must fit
//!   that dtype (`add x, 300` with `x: u8[n]` is an error; `300i64` is the constant NumPy
//!   would make). The printer omits the suffix exactly when that rule gives the constant's
//!   dtype back. Integer-dtype constants print as integers, float-dtype constants as floats:
//!   the shortest text that reads back to the same value of the dtype (an `f32` literal is
//!   read as an `f32`, not rounded through `f64`; `-0.0` keeps its sign). Constants never get
//!   a line of their own.
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
//!   | slice | `slice x, [1:7:2, :, ::-1]` (Python notation against the operand's declared shape, one entry per axis, canonical: see [`SliceAxis::display`](crate::op::SliceAxis::display); a symbolic axis takes only `:`) |
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
//!
//! # Errors
//!
//! [`parse()`] reports the first problem with its 1-based line and column: a character or
//! literal that does not lex, an unknown op or dtype, a name used before its definition or
//! defined twice, the wrong number of operands, a malformed shape, axis list or slice, a
//! literal that does not fit its dtype, a `return` that does not match the signature, a
//! missing `return` or `}`, or anything after the end of a line. It never panics.

mod lex;
mod literal;
mod params;
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
