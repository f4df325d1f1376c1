//! Text files: NumPy's `np.loadtxt`, `np.genfromtxt` and `np.savetxt`.
//!
//! | function | NumPy |
//! |---|---|
//! | [`loadtxt`] / [`loadtxt_str`] / [`loadtxt_reader`] | `np.loadtxt` |
//! | [`genfromtxt`] / [`genfromtxt_str`] / [`genfromtxt_reader`] | `np.genfromtxt` |
//! | [`savetxt`] / [`savetxt_writer`] / [`savetxt_string`] | `np.savetxt` |
//!
//! Invariants:
//! 1. Reading streams: one line at a time, values appended as they are parsed; nothing is
//!    allocated from a size the input claims (`read`).
//! 2. Every malformed input is an [`Error::TextParse`] naming the input (the path, or `<str>` /
//!    `<reader>`), the 1-based line and character column, and what was wrong in NumPy's words;
//!    no input panics.
//! 3. The result is shaped as NumPy shapes it: a `(rows, cols)` table, squeezed of length-1
//!    axes when `ndmin` is below 2, raised to `ndmin` (a 1-D result raised to 2-D becomes a
//!    column), then transposed if `unpack`. Input with no data gives
//!    an empty array of shape `(0,)` (NumPy also warns; numfuse has no warnings), or `(0, k)`
//!    with `usecols` of `k` columns.
//! 4. `savetxt` output is byte-identical to `np.savetxt` for the formats of [`SaveTxtOptions`]
//!    (`format`).
//!
//! Where numfuse differs from NumPy: quoted fields may not span lines; `genfromtxt` does not
//! accept Python's `1_000` digit separators; `skip_footer` drops the last data lines before
//! they are parsed; there are no structured dtypes, `names`, `converters` or fixed-width
//! (integer) delimiters.
//!
//! ```
//! use numfuse::prelude::*;
//! use numfuse::io::{TextOptions, genfromtxt_str};
//! let opts = TextOptions::new().delimiter(',').missing_values(&["NA"]).filling_values(0.0);
//! let a = genfromtxt_str("1,NA\n,4\n", &opts)?;
//! assert_eq!(a.to_vec::<f64>()?, vec![1.0, 0.0, 0.0, 4.0]);
//! # Ok::<(), numfuse::Error>(())
//! ```

mod format;
mod options;
mod read;
mod split;
mod write;

pub use options::{Filling, SaveTxtOptions, TextOptions};

use crate::{Array, Element, Error, Result};
use read::{Mode, Table, read_table};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

/// Reads a text file strictly, as `np.loadtxt(path, ...)`.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::TextParse`] with the line and column of
/// an empty or unparsable field, a row with a different number of columns, or a `usecols` index
/// outside a row.
///
/// ```no_run
/// use numfuse::io::{TextOptions, loadtxt};
/// let a = loadtxt("data.csv", &TextOptions::new().delimiter(','))?;
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn loadtxt(path: impl AsRef<Path>, opts: &TextOptions) -> Result<Array> {
    let path = path.as_ref();
    let file = std::fs::File::open(path)?;
    load(
        BufReader::new(file),
        opts,
        Mode::Load,
        &path.display().to_string(),
    )
}

/// [`loadtxt`] of text in memory; errors name the input `<str>`.
///
/// ```
/// use numfuse::io::{TextOptions, loadtxt_str};
/// let err = loadtxt_str("1 2\n3 x\n", &TextOptions::new()).unwrap_err();
/// assert_eq!(err.to_string(), "<str>:2:3: could not convert string 'x' to float64 (field 2)");
/// ```
pub fn loadtxt_str(text: &str, opts: &TextOptions) -> Result<Array> {
    load(text.as_bytes(), opts, Mode::Load, "<str>")
}

/// [`loadtxt`] of any reader (buffered here); errors name the input `<reader>`.
///
/// ```
/// use numfuse::io::{TextOptions, loadtxt_reader};
/// let a = loadtxt_reader(&b"1 2\n3 4\n"[..], &TextOptions::new().unpack(true))?;
/// assert_eq!(a.to_vec::<f64>()?, vec![1.0, 3.0, 2.0, 4.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn loadtxt_reader(reader: impl Read, opts: &TextOptions) -> Result<Array> {
    load(BufReader::new(reader), opts, Mode::Load, "<reader>")
}

/// Reads a text file with missing values, as `np.genfromtxt(path, ...)`.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::TextParse`] with the line and column of
/// a row with a different number of columns (unless `invalid_raise(false)`), or of an
/// unparsable field when `loose(false)`.
///
/// ```no_run
/// use numfuse::io::{TextOptions, genfromtxt};
/// let a = genfromtxt("data.csv", &TextOptions::new().delimiter(',').skip_header(1))?;
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn genfromtxt(path: impl AsRef<Path>, opts: &TextOptions) -> Result<Array> {
    let path = path.as_ref();
    let file = std::fs::File::open(path)?;
    load(
        BufReader::new(file),
        opts,
        Mode::Gen,
        &path.display().to_string(),
    )
}

/// [`genfromtxt`] of text in memory; errors name the input `<str>`.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::io::{TextOptions, genfromtxt_str};
/// let a = genfromtxt_str("1 2\n3\n", &TextOptions::new().invalid_raise(false))?;
/// assert_eq!(a.shape(), &[2]);
/// let err = genfromtxt_str("1 2\n3\n", &TextOptions::new()).unwrap_err();
/// assert_eq!(err.to_string(), "<str>:2:2: got 1 columns instead of 2");
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn genfromtxt_str(text: &str, opts: &TextOptions) -> Result<Array> {
    load(text.as_bytes(), opts, Mode::Gen, "<str>")
}

/// [`genfromtxt`] of any reader (buffered here); errors name the input `<reader>`.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::io::{TextOptions, genfromtxt_reader};
/// let opts = TextOptions::new().dtype(DType::I32);
/// let a = genfromtxt_reader(&b"1 x\n"[..], &opts)?;
/// assert_eq!(a.to_vec::<i32>()?, vec![1, -1]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn genfromtxt_reader(reader: impl Read, opts: &TextOptions) -> Result<Array> {
    load(BufReader::new(reader), opts, Mode::Gen, "<reader>")
}

/// Writes a 1-D or 2-D array to a text file, as `np.savetxt(path, a, ...)`.
///
/// # Errors
/// [`Error::Io`] if the file cannot be written; [`Error::Value`] for an array of another rank,
/// a malformed `fmt`, a `fmt` whose spec count differs from the column count, or a value the
/// format cannot print (`%d` of NaN, `%x` of a float).
///
/// ```no_run
/// use numfuse::prelude::*;
/// use numfuse::io::{SaveTxtOptions, savetxt};
/// savetxt("out.txt", &Array::arange(4.0, DType::F64), &SaveTxtOptions::new())?;
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn savetxt(path: impl AsRef<Path>, a: &Array, opts: &SaveTxtOptions) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    write::write_text(a, opts, &mut out)?;
    out.flush()?;
    Ok(())
}

/// [`savetxt`] to any writer.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::io::{SaveTxtOptions, savetxt_writer};
/// let mut out = Vec::new();
/// savetxt_writer(&mut out, &Array::from_slice(&[1.0f64, 0.5]), &SaveTxtOptions::new())?;
/// assert_eq!(out, b"1.000000000000000000e+00\n5.000000000000000000e-01\n");
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn savetxt_writer(mut out: impl Write, a: &Array, opts: &SaveTxtOptions) -> Result<()> {
    write::write_text(a, opts, &mut out)
}

/// [`savetxt`] into a `String`.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::io::{SaveTxtOptions, savetxt_string};
/// let a = Array::from_vec(vec![255i64, -1], &[1, 2])?;
/// assert_eq!(savetxt_string(&a, &SaveTxtOptions::new().fmt("%#x"))?, "0xff -0x1\n");
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn savetxt_string(a: &Array, opts: &SaveTxtOptions) -> Result<String> {
    let mut out = Vec::new();
    write::write_text(a, opts, &mut out)?;
    String::from_utf8(out).map_err(|e| Error::Value {
        op: "savetxt",
        msg: format!("output is not UTF-8: {e}"),
    })
}

/// Reads a table by `mode`'s rules and shapes it (invariant 3).
fn load(src: impl BufRead, opts: &TextOptions, mode: Mode, input: &str) -> Result<Array> {
    crate::dispatch!(opts.dtype, T => {
        let table = read_table::<T>(src, opts, mode, input)?;
        shape_table(table, opts, mode)
    })
}

/// NumPy's squeeze / `ndmin` / `unpack` of a `(rows, cols)` table (invariant 3).
fn shape_table<T: Element>(table: Table<T>, opts: &TextOptions, mode: Mode) -> Result<Array> {
    let Table { values, rows, cols } = table;
    if rows == 0 {
        let shape = match cols {
            Some(k) if k != 1 && mode == Mode::Load => vec![0, k],
            _ => vec![0],
        };
        return Array::from_vec(values, &shape);
    }
    let cols = cols.unwrap_or(0);
    let full = [rows, cols];
    let mut shape: Vec<usize> = full.to_vec();
    if shape.len() > usize::from(opts.ndmin) {
        shape.retain(|&n| n != 1);
    }
    let mut a = Array::from_vec(values, &shape)?;
    match (opts.ndmin, a.ndim()) {
        (1, 0) => a = a.reshape(&[1])?,
        (2, 0) => a = a.reshape(&[1, 1])?,
        (2, 1) => a = a.reshape(&[-1, 1])?,
        _ => {}
    }
    Ok(if opts.unpack { a.t() } else { a })
}
