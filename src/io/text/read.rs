//! The row reader behind `loadtxt` and `genfromtxt`: lines in, a 2-D table of one dtype out.
//!
//! Invariants:
//! 1. Input is read one line at a time into one reused buffer, and parsed values are appended
//!    to one `Vec` of the target type, so memory is bounded by the values read (no size is
//!    taken from the input and allocated up front).
//! 2. Line numbers in errors are 1-based physical lines of the input (skipped header lines
//!    counted), and columns are 1-based character columns of the offending field.
//! 3. The first data row fixes the number of columns; a later row with another count is an
//!    error (`genfromtxt` with `invalid_raise(false)` skips it). With `usecols` only the selected
//!    indices must exist.
//! 4. `loadtxt` refuses empty and unparsable fields; `genfromtxt` fills missing ones (empty or
//!    listed in `missing_values`) and, while `loose`, unparsable ones with the filling value.
//! 5. `skip_footer` holds back the last N data lines unparsed, so a footer of any shape is
//!    dropped, and `max_rows` stops reading after N data rows.

use super::options::{Filling, TextOptions};
use super::split::{Field, Splitter, char_column};
use crate::ir::Kind;
use crate::{Element, Error, Result};
use std::collections::VecDeque;
use std::io::BufRead;

/// Which NumPy function's rules apply.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Mode {
    /// `np.loadtxt`: strict.
    Load,
    /// `np.genfromtxt`: missing values filled.
    Gen,
}

/// A table read from text: `values` in C order, `rows` by `cols`.
pub(super) struct Table<T> {
    pub values: Vec<T>,
    pub rows: usize,
    pub cols: Option<usize>,
}

/// The state of one read.
struct Reader<'o, T> {
    opts: &'o TextOptions,
    mode: Mode,
    input: &'o str,
    table: Table<T>,
    /// The field count of the first data row (invariant 3).
    width: Option<usize>,
}

/// Reads all rows of `src` by `opts` (invariants 1–5).
pub(super) fn read_table<T: Element>(
    mut src: impl BufRead,
    opts: &TextOptions,
    mode: Mode,
    input: &str,
) -> Result<Table<T>> {
    if opts.skip_footer > 0 && opts.max_rows.is_some() {
        return Err(Error::Value {
            op: "genfromtxt",
            msg: "The keywords 'skip_footer' and 'max_rows' can not be used at the same time."
                .into(),
        });
    }
    let splitter = Splitter {
        delimiter: opts.delimiter.as_deref(),
        comments: &opts.comments,
        quote: opts.quotechar,
    };
    let mut reader = Reader {
        opts,
        mode,
        input,
        table: Table {
            values: Vec::new(),
            rows: 0,
            cols: opts.usecols.as_ref().map(Vec::len),
        },
        width: None,
    };
    let mut held: VecDeque<(usize, String)> = VecDeque::new();
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        if opts.max_rows.is_some_and(|m| reader.table.rows >= m) {
            break;
        }
        buf.clear();
        if src.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        if line_no <= opts.skip_header {
            continue;
        }
        let text = std::str::from_utf8(&buf).map_err(|e| {
            let valid = String::from_utf8_lossy(&buf[..e.valid_up_to()]);
            let column = valid.chars().count() + 1;
            reader.error(line_no, column, "the line is not valid UTF-8".into())
        })?;
        let line = text.strip_suffix('\n').unwrap_or(text);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let data = splitter.strip_comment(line);
        if data.trim().is_empty() {
            continue;
        }
        if opts.skip_footer > 0 {
            held.push_back((line_no, line.to_string()));
            if held.len() <= opts.skip_footer {
                continue;
            }
            let Some((no, old)) = held.pop_front() else {
                continue;
            };
            reader.row(&splitter, no, &old)?;
        } else {
            reader.row(&splitter, line_no, line)?;
        }
    }
    Ok(reader.table)
}

impl<T: Element> Reader<'_, T> {
    /// A text-parse error at a line and character column.
    fn error(&self, line: usize, column: usize, msg: String) -> Error {
        Error::TextParse {
            input: self.input.to_string(),
            line,
            column,
            msg,
        }
    }

    /// Parses one data line and appends its values.
    fn row(&mut self, splitter: &Splitter, line_no: usize, line: &str) -> Result<()> {
        let data = splitter.strip_comment(line);
        let mut fields = Vec::new();
        splitter.split(data, &mut fields).map_err(|at| {
            self.error(
                line_no,
                char_column(line, at),
                "unterminated quoted field".into(),
            )
        })?;
        let n = fields.len();
        let width_ok = match &self.opts.usecols {
            Some(cols) => match cols.iter().find(|&&c| resolve(c, n).is_none()) {
                None => true,
                Some(&bad) if self.mode == Mode::Load || self.opts.invalid_raise => {
                    let col = char_column(line, data.len());
                    return Err(self.error(
                        line_no,
                        col,
                        format!("invalid column index {bad} in a row with {n} columns"),
                    ));
                }
                Some(_) => false,
            },
            None => *self.width.get_or_insert(n) == n,
        };
        if !width_ok {
            if self.mode == Mode::Gen && !self.opts.invalid_raise {
                return Ok(());
            }
            let expected = self.width.unwrap_or(n);
            let at = fields
                .get(expected)
                .map_or(data.trim_end().len(), |f| f.start);
            let msg = match self.mode {
                Mode::Load => format!(
                    "the number of columns changed from {expected} to {n}; use `usecols` to \
                     select a subset and avoid this error"
                ),
                Mode::Gen => format!("got {n} columns instead of {expected}"),
            };
            return Err(self.error(line_no, char_column(line, at), msg));
        }
        let cols: Vec<usize> = match &self.opts.usecols {
            Some(c) => c.iter().filter_map(|&i| resolve(i, n)).collect(),
            None => (0..n).collect(),
        };
        self.table.cols = Some(cols.len());
        for (j, &c) in cols.iter().enumerate() {
            let field = &fields[c];
            let v = self.value(field, j).ok_or_else(|| {
                let text: &str = &field.text;
                let filled = self.mode == Mode::Gen
                    && (self.opts.loose || self.opts.missing_values.iter().any(|m| m == text));
                let msg = if filled {
                    format!(
                        "Python integer -1 out of bounds for {} (the default filling value of \
                         field {}; give filling_values)",
                        T::DTYPE.name(),
                        c + 1
                    )
                } else {
                    format!(
                        "could not convert string '{text}' to {} (field {})",
                        T::DTYPE.name(),
                        c + 1
                    )
                };
                self.error(line_no, char_column(line, field.start), msg)
            })?;
            self.table.values.push(v);
        }
        self.table.rows += 1;
        Ok(())
    }

    /// The value of one field in output column `j`, or `None` if it is an error (invariant 4).
    fn value(&self, field: &Field, j: usize) -> Option<T> {
        let text: &str = &field.text;
        match self.mode {
            Mode::Load => parse_load::<T>(text),
            Mode::Gen => {
                if self.opts.missing_values.iter().any(|m| m == text) {
                    return self.fill(j);
                }
                match parse_gen::<T>(text) {
                    Some(v) => Some(v),
                    None if self.opts.loose => self.fill(j),
                    None => None,
                }
            }
        }
    }

    /// The filling value of output column `j`; `None` for NumPy's default -1 in an unsigned
    /// column, which NumPy refuses (`OverflowError`).
    fn fill(&self, j: usize) -> Option<T> {
        let scalar = match &self.opts.filling_values {
            Filling::All(s) => Some(*s),
            Filling::PerColumn(v) => v.get(j).copied(),
            Filling::Default => None,
        };
        match scalar {
            Some(s) => Some(s.to::<T>()),
            None => match T::DTYPE.kind() {
                Kind::Float => Some(T::from_f64(f64::NAN)),
                Kind::Bool => Some(T::from_u64(0)),
                Kind::Signed => Some(T::from_i64(-1)),
                Kind::Unsigned => None,
            },
        }
    }
}

/// A `usecols` index resolved against a row of `n` fields.
fn resolve(i: isize, n: usize) -> Option<usize> {
    let j = if i < 0 { n as isize + i } else { i };
    usize::try_from(j).ok().filter(|&j| j < n)
}

/// `loadtxt`'s parsers: floats as `float()` without underscores, integers in range without a
/// fraction or exponent, bools as integers (non-zero is true).
pub(super) fn parse_load<T: Element>(s: &str) -> Option<T> {
    match T::DTYPE.kind() {
        Kind::Float => parse_float(s).map(T::from_f64),
        Kind::Bool => s
            .parse::<i64>()
            .ok()
            .map(|i| T::from_u64(u64::from(i != 0))),
        _ => parse_int(s),
    }
}

/// `genfromtxt`'s converters: as `loadtxt`, except bools, which are `true`/`false` in any case.
pub(super) fn parse_gen<T: Element>(s: &str) -> Option<T> {
    match T::DTYPE.kind() {
        Kind::Bool => match s.to_ascii_lowercase().as_str() {
            "true" => Some(T::from_u64(1)),
            "false" => Some(T::from_u64(0)),
            _ => None,
        },
        _ => parse_load(s),
    }
}

/// An integer of type `T`, refused when out of its range.
fn parse_int<T: Element>(s: &str) -> Option<T> {
    if T::DTYPE.kind() == Kind::Unsigned {
        let u = s.parse::<u64>().ok()?;
        let v = T::from_u64(u);
        (v.to_u64() == u).then_some(v)
    } else {
        let i = s.parse::<i64>().ok()?;
        let v = T::from_i64(i);
        (v.to_i64() == i).then_some(v)
    }
}

/// A float as NumPy's `loadtxt` reads it: decimal and exponent forms, `nan`, `inf` and
/// `infinity` in any case with an optional sign; no hexadecimal, no underscores.
pub(super) fn parse_float(s: &str) -> Option<f64> {
    if s.contains(['_', 'x', 'X']) {
        return None;
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if body.eq_ignore_ascii_case("nan") {
        return Some(if neg { -f64::NAN } else { f64::NAN });
    }
    if body.starts_with(['+', '-']) {
        return None;
    }
    let v: f64 = body.parse().ok()?;
    Some(if neg { -v } else { v })
}
