//! PLACEHOLDER: the parser (text work).

use crate::error::ParseError;
use crate::graph::Graph;

/// Parses exactly one graph (comments and blank lines may surround it).
///
/// # Errors
/// The first problem, with its line and column.
pub fn parse(text: &str) -> Result<Graph, ParseError> {
    let mut all = parse_all(text)?;
    if all.len() != 1 {
        return Err(ParseError {
            line: 1,
            col: 1,
            message: format!("expected one graph, found {}", all.len()),
        });
    }
    Ok(all.remove(0))
}

/// Parses every graph in `text`, in order.
///
/// # Errors
/// The first problem, with its line and column.
pub fn parse_all(text: &str) -> Result<Vec<Graph>, ParseError> {
    let _ = text;
    Ok(Vec::new())
}
