//! Golden filetests (`.nfir`), in the style of Cranelift's filetests: the format, the
//! [`SubTest`] commands of the IR, and the [`Runner`] that checks and blesses expectations.
//!
//! # File format
//!
//! ```text
//! ;; ir/tests/filetests/simplify/like_terms.nfir
//! test simplify precise-output
//! set float_policy=algebraic
//!
//! graph %two_terms(a: f64[n]) -> f64[n] {
//!     v1: f64[n] = multiply a, 2.0
//!     v2: f64[n] = multiply a, 3.0
//!     v3: f64[n] = add v1, v2
//!     return v3
//! }
//! ; graph %two_terms(a: f64[n]) -> f64[n] {
//! ;     v1: f64[n] = multiply a, 5.0
//! ;     return v1
//! ; }
//! ; fired: like_terms x1
//! ; stop: saturated after 2 iterations
//! ```
//!
//! - The header has one `test <command>` line, optionally followed by `precise-output`, and
//!   any number of `set key=value` lines. A `set` line between graph blocks changes the setting
//!   for the blocks after it. Settings: `float_policy=strict|algebraic|fast` (default
//!   `algebraic`) and `fuel=<n>` (the [`PassCx`](crate::passes::PassCx) default otherwise); a
//!   command may accept more ([`SubTest::settings`]).
//! - A graph block runs from a line starting `graph` to the next line that is `}`, and is
//!   parsed by [`text::parse`](crate::text::parse) (`;` comments inside it are the parser's).
//!   A block that does not parse fails with the file's line and column, except under a
//!   command that shows parse errors as output ([`SubTest::shows_parse_errors`]: `verify`).
//! - The `;` lines after a block (up to the next block) are its expected output, one line of
//!   output per `;` line with the `; ` prefix removed. `;;` lines are comments for humans and
//!   are kept when blessing; so is everything else that is not a `;` line.
//! - With `precise-output`, the output must equal the expectation line for line (trailing
//!   whitespace ignored), and `NUMFUSE_BLESS=1` rewrites the expectation to the output. Without
//!   it, the expectation is a partial check in order, which blessing does not touch: a plain
//!   line must appear as a whole line of the output (e.g. only the `error:` lines of a verify
//!   test), and filecheck-style directives match substrings: `check: PAT` (a later line),
//!   `nextln: PAT` (the line right after the previous match) and `not: PAT` (no line before
//!   the next match). The main crate's `lower` tests check Cranelift IR this way.
//!
//! # Commands
//!
//! One small file per command ([`COMMANDS`] lists them; the main crate adds its own):
//! `cat` ([`test_cat`]), `verify` ([`test_verify`]), the single passes `fold`, `simplify`,
//! `cse`, `dce` ([`test_pass`]), `optimize` ([`test_optimize`]) and `fuse` ([`test_fuse`]). A command whose
//! [`SubTest::needs_verifier`] is true gets only graphs that verify; one that does not is a
//! failure of the test.
//!
//! # Why the `filetest` feature is on by default
//!
//! The module and its one dependency, `similar` (unified diffs; no dependencies of its own),
//! are behind the `filetest` cargo feature, so a user of the IR can leave them out with
//! `default-features = false`. The feature is in `default`, and `tests/filetests.rs` has
//! `required-features = ["filetest"]`, so that `cargo test -p numfuse-ir` and
//! `cargo test --workspace` both run the filetests with no extra flags: a default-off feature
//! would make the filetests silently skipped unless a flag or another crate's dev-dependency
//! enabled it, and a crate cannot turn on its own feature for its tests.

pub mod commands;
pub mod format;
pub mod runner;
pub mod test_cat;
pub mod test_fuse;
pub mod test_optimize;
pub mod test_pass;
pub mod test_verify;
#[cfg(test)]
mod tests;

pub use commands::{COMMANDS, command};
pub use format::{FormatError, TestFile};
pub use runner::{Failure, Runner, Summary};

use crate::graph::Graph;
use crate::passes::FloatPolicy;
use std::collections::BTreeMap;

/// What a command gets besides the graph: the settings of its block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context<'a> {
    /// `set float_policy=...` (default [`FloatPolicy::Algebraic`]).
    pub policy: FloatPolicy,
    /// `set fuel=...`, when given.
    pub fuel: Option<u32>,
    /// Every `set` of the block, raw (including the two above).
    pub settings: BTreeMap<&'a str, &'a str>,
    /// The file, as the runner names it in messages.
    pub file: &'a str,
}

impl Context<'_> {
    /// Pass options for the block: its float policy, its fuel if set, verification after the
    /// pass on.
    pub fn pass_cx(&self) -> crate::passes::PassCx {
        let mut cx = crate::passes::PassCx::new(self.policy);
        if let Some(fuel) = self.fuel {
            cx.fuel = fuel;
        }
        cx.verify = true;
        cx
    }
}

/// One filetest command (`test <name>`), as Cranelift's `SubTest`.
pub trait SubTest: Sync {
    /// The name after `test`.
    fn name(&self) -> &'static str;

    /// True when the command may assume a graph that verifies: the runner verifies each block
    /// first and fails the test if it does not.
    fn needs_verifier(&self) -> bool;

    /// True when a block that does not parse is output rather than a failure: the output is
    /// then the one line `parse error at LINE:COL: MESSAGE`, the position counted from the
    /// block's `graph` line (so that it does not change when lines above the block do).
    fn shows_parse_errors(&self) -> bool {
        false
    }

    /// Setting keys the command accepts besides `float_policy` and `fuel`.
    fn settings(&self) -> &'static [&'static str] {
        &[]
    }

    /// Runs the command on one parsed graph and returns its output, which is compared with
    /// the block's expectation.
    ///
    /// # Errors
    /// A message when the command cannot produce its output (a pass that broke the graph);
    /// the test fails with it whatever the expectation says.
    fn run(&self, graph: &Graph, cx: &Context<'_>) -> Result<String, String>;
}

/// The `fired:` line of a pass record: `fired: like_terms x1, mul_one x2`, or `fired: none`.
pub fn fired_line(record: &crate::trace::PassRecord) -> String {
    let fired = record.fired();
    if fired.is_empty() {
        return "fired: none".to_string();
    }
    let list: Vec<String> = fired.iter().map(|(r, n)| format!("{r} x{n}")).collect();
    format!("fired: {}", list.join(", "))
}
