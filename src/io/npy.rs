//! The `.npy` format, versions 1.0, 2.0 and 3.0 (NumPy's `numpy.lib.format`).
//!
//! A file is the magic string `\x93NUMPY`, two version bytes (major, minor), the header length
//! (a little-endian `u16` in version 1.0, `u32` in 2.0 and 3.0), the header, and the raw
//! elements. The header is a Python dict literal with exactly the keys `descr` (an array-protocol
//! type string such as `'<f8'`), `fortran_order` (`True`/`False`) and `shape` (a tuple of ints),
//! latin-1 text in 1.0 and 2.0 and UTF-8 in 3.0, padded with spaces and a final `\n` so that the
//! data start at a multiple of 64 bytes.
//!
//! Invariants of the reader:
//! 1. No input makes it panic: every malformed file is an [`Error::Parse`] naming the byte where
//!    the problem is (`input` is `"npy header"` for the prefix and header, `"npy data"` when the
//!    data are shorter than the header claims).
//! 2. It allocates element memory only after checking that the input holds every byte the header
//!    promises, so a header that lies about its shape cannot make it allocate more than the size
//!    of the input.
//! 3. Elements are converted to native byte order, and bool bytes to 0 or 1 (invariant 3 of
//!    [`Array`]).
//!
//! The writer produces exactly the bytes `np.save` does: version 1.0 (2.0 when the header does not
//! fit in 65535 bytes), keys in sorted order, NumPy's spare room for growing the first axis.

use crate::array::storage::Storage;
use crate::array::{Array, Element, Layout, Order};
use crate::ir::{DType, ShapeDisplay};
use crate::{Error, Result};
use std::io::Read;
use std::path::Path;

/// The magic string every `.npy` file starts with.
const MAGIC: &[u8; 6] = b"\x93NUMPY";
/// The data start at a multiple of this many bytes (NumPy's `ARRAY_ALIGN`).
const ARRAY_ALIGN: usize = 64;
/// NumPy pads the header so the growth axis can reach this many digits in place.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;
/// NumPy's limit on the number of dimensions (`NPY_MAXDIMS`).
const MAX_DIMS: usize = 64;

/// A parsed `.npy` header: what the file holds and where its data start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NpyHeader {
    /// Format version `(major, minor)`: `(1, 0)`, `(2, 0)` or `(3, 0)`.
    pub version: (u8, u8),
    /// The element type.
    pub dtype: DType,
    /// True when the elements are stored big-endian (`'>'` in `descr`).
    pub big_endian: bool,
    /// True when the elements are stored in Fortran (column-major) order.
    pub fortran_order: bool,
    /// The shape.
    pub shape: Vec<usize>,
    /// Byte offset of the first element from the start of the file.
    pub data_offset: usize,
    /// Bytes of element data the header promises (`size * itemsize`, checked for overflow).
    pub data_len: usize,
}

fn header_err(pos: usize, msg: impl Into<String>) -> Error {
    Error::Parse {
        input: "npy header".into(),
        pos,
        msg: msg.into(),
    }
}

/// Parses the magic string, version and header of a `.npy` file.
///
/// Only the prefix and header need to be present; the data are not looked at.
///
/// # Errors
/// [`Error::Parse`] with `input == "npy header"` for a bad magic string, an unsupported version,
/// a truncated header, a header that is not the dict NumPy writes, an unsupported `descr`, or a
/// shape whose byte size overflows.
///
/// ```
/// use numfuse::prelude::*;
/// let bytes = numfuse::io::write_npy(&Array::zeros(&[2, 3], DType::I16));
/// let h = numfuse::io::read_header(&bytes)?;
/// assert_eq!((h.version, h.dtype, h.shape.as_slice()), ((1, 0), DType::I16, &[2, 3][..]));
/// assert_eq!(h.data_offset % 64, 0);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn read_header(bytes: &[u8]) -> Result<NpyHeader> {
    let magic_len = MAGIC.len().min(bytes.len());
    if bytes[..magic_len] != MAGIC[..magic_len] {
        return Err(header_err(
            0,
            "not a .npy file: the magic string is missing",
        ));
    }
    if bytes.len() < MAGIC.len() + 2 {
        return Err(header_err(
            bytes.len(),
            "truncated before the format version",
        ));
    }
    let version = (bytes[6], bytes[7]);
    let len_size = match version {
        (1, 0) => 2,
        (2, 0) | (3, 0) => 4,
        (major, minor) => {
            return Err(header_err(
                6,
                format!("unsupported format version {major}.{minor}"),
            ));
        }
    };
    let start = 8 + len_size;
    let len_bytes = bytes
        .get(8..start)
        .ok_or_else(|| header_err(bytes.len(), "truncated in the header length"))?;
    let header_len = len_bytes
        .iter()
        .rev()
        .fold(0usize, |acc, &b| (acc << 8) | b as usize);
    let text = start
        .checked_add(header_len)
        .and_then(|end| bytes.get(start..end))
        .ok_or_else(|| {
            header_err(
                bytes.len(),
                format!(
                    "truncated header: its length is {header_len} bytes, the input holds {}",
                    bytes.len() - start
                ),
            )
        })?;
    if version == (3, 0)
        && let Err(e) = std::str::from_utf8(text)
    {
        return Err(header_err(
            start + e.valid_up_to(),
            "a 3.0 header must be UTF-8",
        ));
    }
    let fields = Parser {
        text,
        base: start,
        i: 0,
    }
    .dict()?;
    let (dtype, big_endian) = fields.descr;
    let data_len = data_len(&fields.shape, dtype.itemsize()).ok_or_else(|| {
        header_err(
            fields.shape_pos,
            format!(
                "shape {} of {}-byte elements overflows the address space",
                ShapeDisplay(&fields.shape),
                dtype.itemsize()
            ),
        )
    })?;
    Ok(NpyHeader {
        version,
        dtype,
        big_endian,
        fortran_order: fields.fortran_order,
        shape: fields.shape,
        data_offset: start + header_len,
        data_len,
    })
}

/// `size * itemsize`, or `None` if the product of the non-zero lengths times the item size does
/// not fit in `isize` (NumPy refuses such shapes even when another length is 0).
fn data_len(shape: &[usize], itemsize: usize) -> Option<usize> {
    let nonzero = shape
        .iter()
        .filter(|&&d| d != 0)
        .try_fold(itemsize, |acc, &d| acc.checked_mul(d))?;
    if nonzero > isize::MAX as usize {
        return None;
    }
    Some(if shape.contains(&0) { 0 } else { nonzero })
}

/// Reads an array from the bytes of a `.npy` file (`np.load`).
///
/// Big-endian data are byte-swapped into native order; `fortran_order: True` gives an
/// F-contiguous array. Bytes after the data are ignored, as `np.load` ignores them.
///
/// # Errors
/// As [`read_header`], and [`Error::Parse`] with `input == "npy data"` when the data are shorter
/// than the header's shape requires.
///
/// ```
/// use numfuse::prelude::*;
/// assert!(numfuse::io::read_npy(b"not an npy file").is_err());
/// ```
pub fn read_npy(bytes: &[u8]) -> Result<Array> {
    let h = read_header(bytes)?;
    if bytes.len() - h.data_offset < h.data_len {
        // Invariant 2: refuse before allocating anything of the claimed size.
        return Err(short_data(&h, bytes.len()));
    }
    let data = &bytes[h.data_offset..h.data_offset + h.data_len];
    finish(&h, Storage::copy_from_bytes(data)?)
}

/// The error for data shorter than the header promises; `end` is where the input ends.
fn short_data(h: &NpyHeader, end: usize) -> Error {
    Error::Parse {
        input: "npy data".into(),
        pos: end,
        msg: format!(
            "the header promises {} bytes of data, the input holds {}",
            h.data_len,
            end - h.data_offset
        ),
    }
}

/// Turns the raw element bytes of a file described by `h` into an array.
fn finish(h: &NpyHeader, mut storage: Storage) -> Result<Array> {
    let isz = h.dtype.itemsize();
    let buf = storage.bytes_mut();
    if isz > 1 && h.big_endian != cfg!(target_endian = "big") {
        buf.chunks_exact_mut(isz).for_each(<[u8]>::reverse);
    }
    if h.dtype == DType::Bool {
        // Invariant 3: any non-zero byte is True.
        buf.iter_mut().for_each(|b| *b = u8::from(*b != 0));
    }
    let order = if h.fortran_order { Order::F } else { Order::C };
    let layout = Layout::contiguous(&h.shape, isz, order)?;
    Ok(Array::from_storage(storage, layout, h.dtype))
}

/// Where the header ends according to the prefix, if the prefix is complete and valid.
pub(crate) fn header_end(prefix: &[u8]) -> Option<usize> {
    let len_size = match prefix.get(..8)? {
        [b'\x93', b'N', b'U', b'M', b'P', b'Y', 1, 0] => 2,
        [b'\x93', b'N', b'U', b'M', b'P', b'Y', 2 | 3, 0] => 4,
        _ => return None,
    };
    let len = prefix
        .get(8..8 + len_size)?
        .iter()
        .rev()
        .fold(0usize, |acc, &b| (acc << 8) | b as usize);
    Some((8 + len_size).saturating_add(len))
}

/// Reads a `.npy` file (`np.load`).
///
/// The data are read straight into the array's buffer, after the header has been checked against
/// the file's size, so loading needs no second copy and a lying header cannot make it allocate
/// more than the file holds. Errors are the same as [`read_npy`] gives for the file's bytes.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read, else as [`read_npy`].
pub fn load(path: impl AsRef<Path>) -> Result<Array> {
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        // A pipe or device: its size is unknown, so read it all first.
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        return read_npy(&bytes);
    }
    let file_len = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    let mut head = Vec::new();
    (&mut file).take(12).read_to_end(&mut head)?;
    let end = header_end(&head).unwrap_or(0).min(file_len);
    let rest = end.saturating_sub(head.len()) as u64;
    (&mut file).take(rest).read_to_end(&mut head)?;
    let h = read_header(&head)?;
    if file_len - h.data_offset < h.data_len {
        // Invariant 2, as in `read_npy`.
        return Err(short_data(&h, file_len));
    }
    // `head` may hold the first bytes of the data (a header shorter than 2 bytes is invalid and
    // was refused above, so at most `head.len() - data_offset` of them).
    let mut storage = Storage::zeroed(h.data_len)?;
    let buf = storage.bytes_mut();
    let already = (head.len() - h.data_offset).min(buf.len());
    buf[..already].copy_from_slice(&head[h.data_offset..h.data_offset + already]);
    file.read_exact(&mut buf[already..])?;
    finish(&h, storage)
}

/// Writes `a` to a `.npy` file at exactly `path` (unlike `np.save`, no `.npy` is appended).
///
/// # Errors
/// [`Error::Io`] if the file cannot be written.
pub fn save(path: impl AsRef<Path>, a: &Array) -> Result<()> {
    std::fs::write(path, write_npy(a))?;
    Ok(())
}

/// The bytes of a `.npy` file holding `a`, identical to what `np.save` writes.
///
/// C-contiguous arrays are written in C order and F-contiguous ones (that are not also
/// C-contiguous) with `fortran_order: True`; any other layout is written as a C-ordered copy.
/// Elements are little-endian.
///
/// # Panics
/// If a non-contiguous array's C-order copy cannot be allocated.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(6.0, DType::F64).reshape(&[2, 3])?;
/// let bytes = numfuse::io::write_npy(&a.t());
/// assert_eq!(&bytes[..8], b"\x93NUMPY\x01\x00");
/// let h = numfuse::io::read_header(&bytes)?;
/// assert!(h.fortran_order);
/// assert_eq!(bytes.len(), h.data_offset + 48);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn write_npy(a: &Array) -> Vec<u8> {
    let (fortran, c_ordered) = if a.is_c_contiguous() {
        (false, a.clone())
    } else if a.is_f_contiguous() {
        // The transpose of an F-contiguous array is C-contiguous and lists the elements in F
        // order.
        (true, a.t())
    } else {
        (false, a.copy())
    };
    let mut out = header_bytes(a.dtype(), fortran, a.shape());
    out.reserve(a.nbytes());
    crate::dispatch!(a.dtype(), T => {
        let vals = c_ordered
            .as_slice::<T>()
            .expect("C-contiguous of its own dtype by construction");
        extend_le(vals, &mut out);
    });
    out
}

/// Magic, version, length and padded header for an array, as NumPy's `_write_array_header`.
pub(crate) fn header_bytes(dtype: DType, fortran: bool, shape: &[usize]) -> Vec<u8> {
    let shape_repr = match shape {
        [] => "()".to_string(),
        [n] => format!("({n},)"),
        _ => {
            let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
            format!("({})", dims.join(", "))
        }
    };
    let py_bool = if fortran { "True" } else { "False" };
    let mut header = format!(
        "{{'descr': '{}', 'fortran_order': {py_bool}, 'shape': {shape_repr}, }}",
        dtype.descr()
    );
    let growth_axis = if fortran { shape.last() } else { shape.first() };
    if let Some(n) = growth_axis {
        let digits = n.to_string().len();
        header.push_str(&" ".repeat(GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits)));
    }
    let hlen = header.len() + 1; // with the final newline
    let pad = |len_size: usize| ARRAY_ALIGN - (MAGIC.len() + 2 + len_size + hlen) % ARRAY_ALIGN;
    let mut out = Vec::with_capacity(hlen + 128);
    out.extend_from_slice(MAGIC);
    match u16::try_from(hlen + pad(2)) {
        Ok(total) => {
            out.extend_from_slice(&[1, 0]);
            out.extend_from_slice(&total.to_le_bytes());
        }
        Err(_) => {
            let total = u32::try_from(hlen + pad(4)).expect("a header is far shorter than 4 GiB");
            out.extend_from_slice(&[2, 0]);
            out.extend_from_slice(&total.to_le_bytes());
        }
    }
    let padding = if out[6] == 1 { pad(2) } else { pad(4) };
    out.extend_from_slice(header.as_bytes());
    out.resize(out.len() + padding, b' ');
    out.push(b'\n');
    out
}

/// An element type's little-endian bytes (bools as 0 or 1).
trait LeBytes: Element {
    /// Writes `self` into `out`, which is exactly `size_of::<Self>()` bytes long.
    fn put_le(self, out: &mut [u8]);
}

macro_rules! le_bytes {
    ($($t:ty),*) => {$(
        impl LeBytes for $t {
            #[inline(always)]
            fn put_le(self, out: &mut [u8]) {
                out.copy_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}
le_bytes!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl LeBytes for bool {
    #[inline(always)]
    fn put_le(self, out: &mut [u8]) {
        out[0] = u8::from(self);
    }
}

/// Appends the little-endian bytes of `vals` to `out`.
fn extend_le<T: LeBytes>(vals: &[T], out: &mut Vec<u8>) {
    let size = size_of::<T>();
    let start = out.len();
    out.resize(start + size_of_val(vals), 0);
    for (chunk, &v) in out[start..].chunks_exact_mut(size).zip(vals) {
        v.put_le(chunk);
    }
}

/// The three fields of a header dict.
struct Fields {
    descr: (DType, bool),
    fortran_order: bool,
    shape: Vec<usize>,
    /// Byte position of the shape in the file, for errors about it.
    shape_pos: usize,
}

/// A hand-written parser for the subset of Python literals a `.npy` header uses: a dict with
/// string keys whose values are strings, `True`/`False` and tuples of non-negative ints (with
/// Python 2's `L` suffix allowed). Keys may come in any order, with or without a trailing comma.
struct Parser<'a> {
    text: &'a [u8],
    /// Position of `text` in the file.
    base: usize,
    i: usize,
}

impl Parser<'_> {
    fn err(&self, msg: impl Into<String>) -> Error {
        header_err(self.base + self.i, msg)
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.i).copied()
    }

    /// Skips Python whitespace.
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8, what: &str) -> Result<()> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(format!("expected {what}")))
        }
    }

    fn dict(mut self) -> Result<Fields> {
        let mut descr = None;
        let mut fortran_order = None;
        let mut shape = None;
        self.ws();
        self.expect(b'{', "'{' starting the header dict")?;
        loop {
            self.ws();
            if self.peek() == Some(b'}') {
                self.i += 1;
                break;
            }
            let key_pos = self.i;
            let key = self.string()?;
            self.ws();
            self.expect(b':', "':' after a key")?;
            self.ws();
            let value_pos = self.base + self.i;
            let fresh = match key.as_str() {
                "descr" => {
                    let s = self.string()?;
                    let d = parse_descr(&s)
                        .ok_or_else(|| header_err(value_pos, format!("unsupported descr {s:?}")))?;
                    descr.replace(d).is_none()
                }
                "fortran_order" => fortran_order.replace(self.boolean()?).is_none(),
                "shape" => shape.replace((self.tuple()?, value_pos)).is_none(),
                _ => {
                    self.i = key_pos;
                    return Err(self.err(format!(
                        "unexpected key {key:?}: a header has exactly 'descr', \
                         'fortran_order' and 'shape'"
                    )));
                }
            };
            if !fresh {
                self.i = key_pos;
                return Err(self.err(format!("duplicate key {key:?}")));
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.err("expected ',' or '}' after a value")),
            }
        }
        self.ws();
        if self.i != self.text.len() {
            return Err(self.err("unexpected text after the header dict"));
        }
        let missing = |k: &str| self.err(format!("the header has no {k:?} key"));
        let descr = descr.ok_or_else(|| missing("descr"))?;
        let fortran_order = fortran_order.ok_or_else(|| missing("fortran_order"))?;
        let (shape, shape_pos) = shape.ok_or_else(|| missing("shape"))?;
        Ok(Fields {
            descr,
            fortran_order,
            shape,
            shape_pos,
        })
    }

    /// A quoted string (`'...'` or `"..."`); a backslash takes the next byte literally.
    fn string(&mut self) -> Result<String> {
        let quote = match self.peek() {
            Some(q @ (b'\'' | b'"')) => q,
            _ => return Err(self.err("expected a quoted string")),
        };
        let start = self.i;
        self.i += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None => {
                    self.i = start;
                    return Err(self.err("unterminated string"));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.peek().ok_or_else(|| self.err("unterminated string"))?;
                    out.push(c);
                }
                Some(c) if c == quote => {
                    self.i += 1;
                    return Ok(String::from_utf8_lossy(&out).into_owned());
                }
                Some(c) => out.push(c),
            }
            self.i += 1;
        }
    }

    fn boolean(&mut self) -> Result<bool> {
        for (word, value) in [(&b"True"[..], true), (&b"False"[..], false)] {
            if self.text[self.i..].starts_with(word) {
                let end = self.i + word.len();
                if !self.text.get(end).is_some_and(is_ident_byte) {
                    self.i = end;
                    return Ok(value);
                }
            }
        }
        Err(self.err("fortran_order must be True or False"))
    }

    /// A tuple of non-negative ints: `()`, `(3,)`, `(3, 4)`, `(3, 4,)`.
    fn tuple(&mut self) -> Result<Vec<usize>> {
        self.expect(b'(', "a tuple for the shape")?;
        let open = self.i - 1;
        let mut dims = Vec::new();
        let mut trailing_comma = false;
        loop {
            self.ws();
            if self.peek() == Some(b')') {
                self.i += 1;
                break;
            }
            if dims.len() == MAX_DIMS {
                return Err(self.err(format!("more than {MAX_DIMS} dimensions")));
            }
            dims.push(self.int()?);
            self.ws();
            trailing_comma = false;
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    trailing_comma = true;
                }
                Some(b')') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.err("expected ',' or ')' in the shape")),
            }
        }
        if dims.len() == 1 && !trailing_comma {
            self.i = open;
            return Err(self.err("shape is not a tuple: a 1-tuple needs a comma, as in (3,)"));
        }
        Ok(dims)
    }

    /// A non-negative decimal int, with an optional Python 2 `L` suffix.
    fn int(&mut self) -> Result<usize> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            return Err(self.err("negative dimensions are not allowed"));
        }
        let mut v: usize = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add(usize::from(c - b'0')))
                .ok_or_else(|| {
                    header_err(self.base + start, "dimension does not fit in a usize")
                })?;
            self.i += 1;
        }
        if self.i == start {
            return Err(self.err("expected a dimension (an int)"));
        }
        if matches!(self.peek(), Some(b'L' | b'l')) {
            self.i += 1;
        }
        if self.peek().is_some_and(|c| is_ident_byte(&c)) {
            return Err(self.err("expected a dimension (an int)"));
        }
        Ok(v)
    }
}

fn is_ident_byte(c: &u8) -> bool {
    c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.'
}

/// `'<f8'` and friends: the dtype and whether the data are big-endian. `|` and `=` (and no
/// prefix) mean native order.
fn parse_descr(s: &str) -> Option<(DType, bool)> {
    let native_big = cfg!(target_endian = "big");
    let (big, code) = match s.as_bytes().first()? {
        b'<' => (false, &s[1..]),
        b'>' => (true, &s[1..]),
        b'|' | b'=' => (native_big, &s[1..]),
        _ => (native_big, s),
    };
    let dtype = match code {
        "b1" | "?" => DType::Bool,
        "i1" => DType::I8,
        "i2" => DType::I16,
        "i4" => DType::I32,
        "i8" => DType::I64,
        "u1" => DType::U8,
        "u2" => DType::U16,
        "u4" => DType::U32,
        "u8" => DType::U64,
        "f4" => DType::F32,
        "f8" => DType::F64,
        _ => return None,
    };
    Some((dtype, big))
}

#[cfg(test)]
mod tests;
