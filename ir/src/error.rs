//! The IR's errors: text that does not parse, and graphs that do not verify.

use crate::graph::NodeId;
use std::fmt;

/// Malformed text: where (1-based line and column) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    /// What was wrong, e.g. "expected `,` after operand, found `]`".
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ParseError {}

/// One broken invariant of a graph, against the node it concerns (if any).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// The node, or `None` for a graph-level problem (the signature, the outputs).
    pub node: Option<NodeId>,
    /// What is wrong.
    pub message: String,
}

/// Every problem the verifier found; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyErrors(pub Vec<VerifyError>);

impl fmt::Display for VerifyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match e.node {
                Some(n) => write!(f, "{n}: {}", e.message)?,
                None => f.write_str(&e.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for VerifyErrors {}
