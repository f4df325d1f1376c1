//! The options of [`loadtxt`](super::loadtxt) / [`genfromtxt`](super::genfromtxt)
//! ([`TextOptions`]) and of [`savetxt`](super::savetxt) ([`SaveTxtOptions`]), as builders whose
//! methods carry NumPy's parameter names.

use crate::{DType, Scalar};

/// How to read a text file: NumPy's `loadtxt` / `genfromtxt` keyword arguments as a builder.
///
/// Every method is named after the NumPy parameter it stands for. The defaults are NumPy's:
/// `dtype=float64`, `delimiter=None` (any run of whitespace), `comments='#'`, no header or footer
/// skipped, all columns, all rows, `ndmin=0`, no `unpack`, `missing_values` of only the empty
/// field, `filling_values` of NaN for floats, -1 for integers and `false` for bool, `loose=True`
/// and `invalid_raise=True` (the last four matter only to `genfromtxt`).
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::io::{TextOptions, loadtxt_str};
/// let opts = TextOptions::new().delimiter(',').skiprows(1).usecols(&[0, -1]).dtype(DType::I64);
/// let a = loadtxt_str("a,b,c\n1,2,3\n4,5,6\n", &opts)?;
/// assert_eq!(a.to_vec::<i64>()?, vec![1, 3, 4, 6]);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TextOptions {
    pub(super) dtype: DType,
    pub(super) delimiter: Option<String>,
    pub(super) comments: Vec<String>,
    pub(super) quotechar: Option<char>,
    pub(super) skip_header: usize,
    pub(super) skip_footer: usize,
    pub(super) usecols: Option<Vec<isize>>,
    pub(super) max_rows: Option<usize>,
    pub(super) ndmin: u8,
    pub(super) unpack: bool,
    pub(super) missing_values: Vec<String>,
    pub(super) filling_values: Filling,
    pub(super) loose: bool,
    pub(super) invalid_raise: bool,
}

/// The values `genfromtxt` puts in place of missing fields (NumPy's `filling_values`).
#[derive(Clone, Debug, PartialEq)]
pub enum Filling {
    /// NumPy's defaults: NaN for floats, -1 for integers, `false` for bool.
    Default,
    /// One value for every column (cast to the dtype as `astype` would).
    All(Scalar),
    /// One value per output column (after `usecols`); columns past the list use the default.
    PerColumn(Vec<Scalar>),
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions::new()
    }
}

impl TextOptions {
    /// NumPy's defaults (see the type's documentation).
    pub fn new() -> TextOptions {
        TextOptions {
            dtype: DType::F64,
            delimiter: None,
            comments: vec!["#".into()],
            quotechar: None,
            skip_header: 0,
            skip_footer: 0,
            usecols: None,
            max_rows: None,
            ndmin: 0,
            unpack: false,
            missing_values: vec![String::new()],
            filling_values: Filling::Default,
            loose: true,
            invalid_raise: true,
        }
    }

    /// `dtype`: the element type of the result (bool, any integer, `f32` or `f64`).
    pub fn dtype(mut self, dtype: DType) -> Self {
        self.dtype = dtype;
        self
    }

    /// `delimiter`: the string between fields (a `char` or a `&str`; NumPy's `loadtxt` takes
    /// one character, `genfromtxt` any string). An empty string means NumPy's `None`.
    pub fn delimiter(mut self, delimiter: impl ToString) -> Self {
        let d = delimiter.to_string();
        self.delimiter = (!d.is_empty()).then_some(d);
        self
    }

    /// `delimiter=None`: fields are separated by any run of whitespace (the default).
    pub fn whitespace_delimiter(mut self) -> Self {
        self.delimiter = None;
        self
    }

    /// `comments`: one marker; the marker and the rest of its line are ignored. An empty string
    /// means `comments=None` (no comments).
    pub fn comments(self, marker: &str) -> Self {
        self.comments_any(&[marker])
    }

    /// `comments=[...]`: several markers; the earliest one on a line starts the comment.
    /// Empty markers are dropped, so `&[]` means no comments.
    pub fn comments_any(mut self, markers: &[&str]) -> Self {
        self.comments = markers
            .iter()
            .filter(|m| !m.is_empty())
            .map(|m| m.to_string())
            .collect();
        self
    }

    /// `quotechar` (`loadtxt`): a field that starts with this character runs to its closing
    /// twin, delimiters and comment markers inside it included; a doubled quote inside stands
    /// for one quote. Quoted fields may not span lines here (NumPy allows that).
    pub fn quotechar(mut self, quote: char) -> Self {
        self.quotechar = Some(quote);
        self
    }

    /// `skip_header` (`genfromtxt`): the number of lines to skip at the start of the input,
    /// counting every line, blank and comment lines included.
    pub fn skip_header(mut self, lines: usize) -> Self {
        self.skip_header = lines;
        self
    }

    /// `skiprows` (`loadtxt`): the same as [`skip_header`](Self::skip_header); NumPy 2 counts
    /// lines, comment and blank lines included.
    pub fn skiprows(self, lines: usize) -> Self {
        self.skip_header(lines)
    }

    /// `skip_footer` (`genfromtxt`): the number of data rows to drop from the end.
    pub fn skip_footer(mut self, rows: usize) -> Self {
        self.skip_footer = rows;
        self
    }

    /// `usecols`: the columns to read, in this order; negative indices count from the end of
    /// each row.
    pub fn usecols(mut self, cols: &[isize]) -> Self {
        self.usecols = Some(cols.to_vec());
        self
    }

    /// `max_rows`: read at most this many data rows (blank and comment lines do not count).
    pub fn max_rows(mut self, rows: usize) -> Self {
        self.max_rows = Some(rows);
        self
    }

    /// `ndmin`: the result has at least this many dimensions (0, 1 or 2; larger values act as 2).
    pub fn ndmin(mut self, ndmin: u8) -> Self {
        self.ndmin = ndmin.min(2);
        self
    }

    /// `unpack`: return the transpose, so that columns are the first axis.
    pub fn unpack(mut self, unpack: bool) -> Self {
        self.unpack = unpack;
        self
    }

    /// `missing_values` (`genfromtxt`): field texts (after trimming whitespace) that mean
    /// "missing". The empty field always counts as missing, as in NumPy.
    pub fn missing_values(mut self, values: &[&str]) -> Self {
        self.missing_values = values.iter().map(|v| v.trim().to_string()).collect();
        if !self.missing_values.iter().any(String::is_empty) {
            self.missing_values.push(String::new());
        }
        self
    }

    /// `filling_values` (`genfromtxt`): one value for every missing field.
    pub fn filling_values(mut self, value: impl Into<Scalar>) -> Self {
        self.filling_values = Filling::All(value.into());
        self
    }

    /// `filling_values=[...]` (`genfromtxt`): one value per output column.
    pub fn filling_values_per_column(mut self, values: &[Scalar]) -> Self {
        self.filling_values = Filling::PerColumn(values.to_vec());
        self
    }

    /// `loose` (`genfromtxt`): when true (the default) a field that does not parse is filled
    /// like a missing one; when false it is an error.
    pub fn loose(mut self, loose: bool) -> Self {
        self.loose = loose;
        self
    }

    /// `invalid_raise` (`genfromtxt`): when true (the default) a row with the wrong number of
    /// columns is an error; when false the row is skipped.
    pub fn invalid_raise(mut self, raise: bool) -> Self {
        self.invalid_raise = raise;
        self
    }
}

/// How to write a text file: NumPy's `savetxt` keyword arguments as a builder.
///
/// Defaults are NumPy's: `fmt='%.18e'`, `delimiter=' '`, `newline='\n'`, no header or footer,
/// `comments='# '`.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::io::{SaveTxtOptions, savetxt_string};
/// let a = Array::from_vec(vec![1.5f64, -2.0, 3.25, 4.0], &[2, 2])?;
/// let opts = SaveTxtOptions::new().fmt("%.2f").delimiter(",").header("x,y");
/// assert_eq!(savetxt_string(&a, &opts)?, "# x,y\n1.50,-2.00\n3.25,4.00\n");
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SaveTxtOptions {
    pub(super) fmt: Vec<String>,
    /// Whether `fmt` was given as a list (one per column), as opposed to one string.
    pub(super) fmt_is_list: bool,
    pub(super) delimiter: String,
    pub(super) newline: String,
    pub(super) header: String,
    pub(super) footer: String,
    pub(super) comments: String,
}

impl Default for SaveTxtOptions {
    fn default() -> Self {
        SaveTxtOptions::new()
    }
}

impl SaveTxtOptions {
    /// NumPy's defaults (see the type's documentation).
    pub fn new() -> SaveTxtOptions {
        SaveTxtOptions {
            fmt: vec!["%.18e".into()],
            fmt_is_list: false,
            delimiter: " ".into(),
            newline: "\n".into(),
            header: String::new(),
            footer: String::new(),
            comments: "# ".into(),
        }
    }

    /// `fmt`: one Python %-format for every column (`"%.3f"`, `"%10.4e"`, `"%d"`), or a whole
    /// row template with one spec per column (`"%d, %.2f"`), as NumPy accepts.
    pub fn fmt(mut self, fmt: &str) -> Self {
        self.fmt = vec![fmt.to_string()];
        self.fmt_is_list = false;
        self
    }

    /// `fmt=[...]`: one format per column.
    pub fn fmt_per_column(mut self, fmts: &[&str]) -> Self {
        self.fmt = fmts.iter().map(|f| f.to_string()).collect();
        self.fmt_is_list = true;
        self
    }

    /// `delimiter`: the string between columns.
    pub fn delimiter(mut self, delimiter: &str) -> Self {
        self.delimiter = delimiter.to_string();
        self
    }

    /// `newline`: the string after each row (and after the header and footer lines).
    pub fn newline(mut self, newline: &str) -> Self {
        self.newline = newline.to_string();
        self
    }

    /// `header`: text written first, each of its lines prefixed with `comments`.
    pub fn header(mut self, header: &str) -> Self {
        self.header = header.to_string();
        self
    }

    /// `footer`: text written last, each of its lines prefixed with `comments`.
    pub fn footer(mut self, footer: &str) -> Self {
        self.footer = footer.to_string();
        self
    }

    /// `comments`: the prefix of header and footer lines (default `"# "`).
    pub fn comments(mut self, comments: &str) -> Self {
        self.comments = comments.to_string();
        self
    }
}
