//! `savetxt`: an array to text, row by row, exactly as `np.savetxt` writes it.
//!
//! Invariants:
//! 1. The row template is built as NumPy builds it: a list of formats is joined by the
//!    delimiter and must have one per column; a single string with one `%` is repeated for
//!    every column; a string with several `%` is the whole row and must have one per column.
//! 2. A 1-D array is written as one column (one value per line); 0-D and 3-D or higher arrays
//!    are refused, as NumPy refuses them.
//! 3. Header and footer are written only when non-empty, each line prefixed with `comments`,
//!    and followed by `newline`.

use super::format::{count_specs, format_row, parse_template};
use super::options::SaveTxtOptions;
use crate::{Array, Error, Result};
use std::io::Write;

/// Writes `a` to `out` as `np.savetxt(out, a, ...)` would.
pub(super) fn write_text(a: &Array, opts: &SaveTxtOptions, out: &mut impl Write) -> Result<()> {
    let (rows, cols) = match a.shape() {
        [n] => (*n, 1),
        [r, c] => (*r, *c),
        s => {
            return Err(Error::Value {
                op: "savetxt",
                msg: format!("Expected 1D or 2D array, got {}D array instead", s.len()),
            });
        }
    };
    let template = row_template(opts, cols)?;
    let pieces = parse_template(&template)?;
    if count_specs(&pieces) != cols {
        return Err(Error::Value {
            op: "savetxt",
            msg: format!("fmt has wrong number of % formats:  {template}"),
        });
    }
    write_comment(out, opts, &opts.header)?;
    let mut line = String::new();
    let mut values = Vec::with_capacity(cols);
    for i in 0..rows {
        values.clear();
        for j in 0..cols {
            let index: &[isize] = if a.ndim() == 1 {
                &[i as isize]
            } else {
                &[i as isize, j as isize]
            };
            values.push(a.get(index)?);
        }
        line.clear();
        format_row(&pieces, &values, &mut line)?;
        line.push_str(&opts.newline);
        out.write_all(line.as_bytes())?;
    }
    write_comment(out, opts, &opts.footer)?;
    Ok(())
}

/// The `%`-template of one row (invariant 1).
fn row_template(opts: &SaveTxtOptions, cols: usize) -> Result<String> {
    match opts.fmt.as_slice() {
        [one] if !opts.fmt_is_list => match one.matches('%').count() {
            1 => Ok(vec![one.as_str(); cols].join(&opts.delimiter)),
            n if n == cols => Ok(one.clone()),
            _ => Err(Error::Value {
                op: "savetxt",
                msg: format!("fmt has wrong number of % formats:  {one}"),
            }),
        },
        list if list.len() == cols => Ok(list.join(&opts.delimiter)),
        list => Err(Error::Value {
            op: "savetxt",
            msg: format!(
                "fmt has wrong shape: {} formats for {cols} columns",
                list.len()
            ),
        }),
    }
}

/// Writes a header or footer (invariant 3).
fn write_comment(out: &mut impl Write, opts: &SaveTxtOptions, text: &str) -> Result<()> {
    if !text.is_empty() {
        let body = text.replace('\n', &format!("\n{}", opts.comments));
        write!(out, "{}{body}{}", opts.comments, opts.newline)?;
    }
    Ok(())
}
