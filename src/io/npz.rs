//! The `.npz` format: a zip archive of `.npy` files (NumPy's `np.savez`, `np.savez_compressed`
//! and `np.load` of an archive, which returns an `NpzFile`).
//!
//! Each array is the member `<name>.npy`, holding exactly the bytes [`write_npy`] produces (which
//! are `np.save`'s). [`savez`] stores the members uncompressed and [`savez_compressed`] deflates
//! them at zlib's default level, as NumPy does. Like NumPy, every member is written with ZIP64
//! extra fields (NumPy passes `force_zip64=True`), so members and archives past 4 GiB are written
//! and read. Members carry the zip epoch (1980-01-01 00:00) as their time stamp, as Python's
//! `zipfile` gives them, so the same arrays always give the same archive bytes.
//!
//! Where numfuse differs from NumPy, on purpose:
//! - Names are checked before anything is written: an empty name, a name with `/`, `\` or NUL
//!   (a path, not a name, for `unzip` and other zip tools), or a name given twice is an
//!   [`Error::Value`]. NumPy accepts the first two and writes odd members; it cannot be given a
//!   name twice. Archives written by NumPy with such names are still read.
//! - [`savez`] writes to exactly the given path (NumPy appends `.npz` when it is missing), as
//!   [`save`](super::save) does for `.npy`.
//! - [`Npz::get`] returns arrays only: a member that is not a `.npy` file is an error, where
//!   NumPy returns its raw bytes.
//!
//! Invariants of the reader:
//! 1. No input makes it panic. A malformed archive (no central directory, a truncated one) is an
//!    [`Error::Io`] of kind `InvalidData`. Everything wrong inside a member (a corrupt deflate
//!    stream, a CRC mismatch, more data than the declared size, a truncated member, a member that
//!    is not a `.npy` file, a bad `.npy` header, data shorter than the header's shape) is an
//!    [`Error::Parse`] whose `input` names the member (`npz member 'x.npy'`) and whose `pos` is
//!    the byte offset within the member's decompressed bytes.
//! 2. Memory is bounded by the bytes actually decompressed, not by any size the archive or a
//!    `.npy` header claims: a member is read by growing its buffer at most by what it already
//!    holds, so a small archive that claims terabytes fails after reading what it really has.
//!    Reading an array needs about twice its size at the peak (the member's bytes and the array).
//! 3. A member is read to its end, so its CRC and its declared size are always checked (bytes
//!    after the array's data are ignored, as `np.load` ignores them).

use super::npy::{read_header, read_npy, write_npy};
use crate::array::Array;
use crate::{Error, Result};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Cursor, Read, Seek, Write};
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The suffix of every array member.
const NPY: &str = ".npy";
/// The smallest step by which a member's buffer grows (invariant 2).
const GROW_MIN: usize = 1 << 16;
/// zlib's default compression level, which Python's `zipfile` (and so NumPy) uses.
const DEFLATE_LEVEL: i64 = 6;

/// An open `.npz` archive: the names of its arrays, each read and parsed when asked for (like
/// NumPy's `NpzFile`).
///
/// [`load_npz`] opens a file; [`Npz::new`] reads any seekable source, such as a
/// [`Cursor`] over bytes. Reading goes through a lock, so [`get`](Npz::get) takes `&self`.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(6.0, DType::I32).reshape(&[2, 3])?;
/// let b = Array::zeros(&[4], DType::Bool);
/// let bytes = numfuse::io::write_npz(&[("a", &a), ("b", &b)], true)?;
/// let npz = numfuse::io::Npz::new(std::io::Cursor::new(bytes))?;
/// assert_eq!(npz.names(), ["a", "b"]);
/// assert_eq!(npz.get("a")?.to_vec::<i32>()?, [0, 1, 2, 3, 4, 5]);
/// assert_eq!(npz.get("b.npy")?.shape(), &[4]);
/// assert!(npz.get("c").is_err());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub struct Npz<R = BufReader<File>> {
    archive: Mutex<ZipArchive<R>>,
    /// The members' names as stored, in archive order.
    members: Vec<String>,
    /// The same names without the `.npy` suffix (NumPy's `NpzFile.files`).
    names: Vec<String>,
}

impl<R> std::fmt::Debug for Npz<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Npz").field("names", &self.names).finish()
    }
}

impl<R: Read + Seek> Npz<R> {
    /// Opens the archive that `reader` holds, reading its central directory only.
    ///
    /// # Errors
    /// [`Error::Io`] of kind `InvalidData` if `reader` does not hold a zip archive (or its
    /// central directory is damaged or names a member with a name that is not text), and
    /// [`Error::Io`] if reading fails.
    pub fn new(reader: R) -> Result<Npz<R>> {
        let archive = ZipArchive::new(reader).map_err(archive_error)?;
        let members = (0..archive.len())
            .map(|i| match archive.name_for_index(i) {
                Some(Ok(name)) => Ok(name.into_owned()),
                Some(Err(e)) => Err(archive_error(e)),
                None => Err(archive_error(ZipError::FileNotFound)),
            })
            .collect::<Result<Vec<String>>>()?;
        let names = members
            .iter()
            .map(|m| m.strip_suffix(NPY).unwrap_or(m).to_string())
            .collect();
        Ok(Npz {
            archive: Mutex::new(archive),
            members,
            names,
        })
    }

    /// The arrays' names in archive order: the member names without their `.npy` suffix
    /// (NumPy's `NpzFile.files`).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True if the archive has no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Reads and parses the array `name` (NumPy's `npz[name]`): the member called exactly
    /// `name`, or else `name` + `.npy`.
    ///
    /// # Errors
    /// [`Error::Value`] if there is no such member (NumPy's `KeyError`), and the errors of
    /// invariant 1 of the [module](self) for a member that cannot be read.
    pub fn get(&self, name: &str) -> Result<Array> {
        let index = self
            .members
            .iter()
            .position(|m| m == name)
            .or_else(|| {
                let with_suffix = format!("{name}{NPY}");
                self.members.iter().position(|m| *m == with_suffix)
            })
            .ok_or_else(|| Error::Value {
                op: "Npz::get",
                msg: format!("{name} is not a file in the archive"),
            })?;
        self.get_index(index)
    }

    /// Reads every array, in archive order, with its name as [`names`](Npz::names) gives it.
    ///
    /// # Errors
    /// As [`get`](Npz::get), for the first member that cannot be read.
    pub fn into_arrays(self) -> Result<Vec<(String, Array)>> {
        (0..self.len())
            .map(|i| Ok((self.names[i].clone(), self.get_index(i)?)))
            .collect()
    }

    /// Reads and parses the member at `index` (which is in range).
    fn get_index(&self, index: usize) -> Result<Array> {
        let member = &self.members[index];
        // A panic while the lock was held cannot leave the archive in a state that a later
        // read trusts: every read seeks to its member first.
        let mut archive = self.archive.lock().unwrap_or_else(PoisonError::into_inner);
        let mut file = archive.by_index(index).map_err(|e| match e {
            ZipError::Io(e) if !is_data_error(&e) => Error::Io(e),
            e => member_error(member, 0, format!("cannot open the member: {e}")),
        })?;
        let declared = file.size();
        let bytes = read_member(&mut file, member, declared)?;
        read_npy(&bytes).map_err(|e| in_member(member, e))
    }
}

/// Opens the `.npz` archive at `path` (`np.load` of an archive). Arrays are read when asked for,
/// with [`Npz::get`] or [`Npz::into_arrays`].
///
/// # Errors
/// [`Error::Io`] if the file cannot be opened, else as [`Npz::new`].
///
/// ```
/// use numfuse::prelude::*;
/// let path = std::env::temp_dir().join("numfuse_doc_load_npz.npz");
/// let x = Array::arange(4.0, DType::F64);
/// numfuse::io::savez(&path, &[("x", &x)])?;
/// let npz = numfuse::io::load_npz(&path)?;
/// assert_eq!((npz.len(), npz.names()), (1, &["x".to_string()][..]));
/// let all = npz.into_arrays()?;
/// assert_eq!(all[0].1.to_vec::<f64>()?, [0.0, 1.0, 2.0, 3.0]);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn load_npz(path: impl AsRef<Path>) -> Result<Npz> {
    Npz::new(BufReader::new(File::open(path)?))
}

/// Reads every array of the `.npz` archive in `bytes`, in archive order, with its name (the
/// member name without `.npy`).
///
/// # Errors
/// As [`Npz::new`] and [`Npz::get`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(3.0, DType::U16);
/// let arrays = numfuse::io::read_npz(&numfuse::io::write_npz(&[("a", &a)], false)?)?;
/// assert_eq!(arrays[0].0, "a");
/// assert_eq!(arrays[0].1.to_vec::<u16>()?, [0, 1, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn read_npz(bytes: &[u8]) -> Result<Vec<(String, Array)>> {
    Npz::new(Cursor::new(bytes))?.into_arrays()
}

/// Writes `arrays` to an uncompressed `.npz` archive at exactly `path` (`np.savez`); each
/// `(name, array)` becomes the member `<name>.npy`.
///
/// # Errors
/// [`Error::Value`] for a bad name (see the [module](self) docs; nothing is written then), and
/// [`Error::Io`] if the file cannot be written.
///
/// ```
/// use numfuse::prelude::*;
/// let path = std::env::temp_dir().join("numfuse_doc_savez.npz");
/// let a = Array::arange(6.0, DType::I64).reshape(&[3, 2])?;
/// numfuse::io::savez(&path, &[("arr_0", &a), ("arr_1", &a.t())])?;
/// let npz = numfuse::io::load_npz(&path)?;
/// assert_eq!(npz.get("arr_1")?.shape(), &[2, 3]);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn savez(path: impl AsRef<Path>, arrays: &[(&str, &Array)]) -> Result<()> {
    save_archive(path.as_ref(), arrays, false)
}

/// Writes `arrays` to a deflate-compressed `.npz` archive at exactly `path`
/// (`np.savez_compressed`); otherwise as [`savez`].
///
/// # Errors
/// As [`savez`].
///
/// ```
/// use numfuse::prelude::*;
/// let path = std::env::temp_dir().join("numfuse_doc_savez_compressed.npz");
/// let z = Array::zeros(&[1000], DType::F64);
/// numfuse::io::savez_compressed(&path, &[("z", &z)])?;
/// assert!(std::fs::metadata(&path)?.len() < 1000);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn savez_compressed(path: impl AsRef<Path>, arrays: &[(&str, &Array)]) -> Result<()> {
    save_archive(path.as_ref(), arrays, true)
}

/// The bytes of a `.npz` archive holding `arrays`: deflated members if `compressed` (as
/// [`savez_compressed`] writes), stored ones otherwise (as [`savez`]).
///
/// # Errors
/// [`Error::Value`] for a bad name (see the [module](self) docs).
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(4.0, DType::F32);
/// let bytes = numfuse::io::write_npz(&[("a", &a)], false)?;
/// assert_eq!(&bytes[..4], b"PK\x03\x04");
/// assert!(numfuse::io::write_npz(&[("a", &a), ("a", &a)], false).is_err());
/// assert!(numfuse::io::write_npz(&[("dir/a", &a)], false).is_err());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn write_npz(arrays: &[(&str, &Array)], compressed: bool) -> Result<Vec<u8>> {
    check_names(arrays)?;
    Ok(write_archive(Cursor::new(Vec::new()), arrays, compressed)?.into_inner())
}

fn save_archive(path: &Path, arrays: &[(&str, &Array)], compressed: bool) -> Result<()> {
    check_names(arrays)?;
    let out = write_archive(BufWriter::new(File::create(path)?), arrays, compressed)?;
    out.into_inner().map_err(io::IntoInnerError::into_error)?;
    Ok(())
}

/// Refuses empty names, names that are paths, and names given twice.
fn check_names(arrays: &[(&str, &Array)]) -> Result<()> {
    let bad = |msg: String| Error::Value { op: "savez", msg };
    for (i, &(name, _)) in arrays.iter().enumerate() {
        if name.is_empty() {
            return Err(bad(format!("array {i} has an empty name")));
        }
        if let Some(c) = name.chars().find(|c| matches!(c, '/' | '\\' | '\0')) {
            return Err(bad(format!(
                "the name {name:?} contains {c:?}: a member name cannot be a path"
            )));
        }
        if arrays[..i].iter().any(|&(earlier, _)| earlier == name) {
            return Err(bad(format!("the name {name:?} is given twice")));
        }
    }
    Ok(())
}

/// Writes the members to `out` and finishes the archive.
fn write_archive<W: Write + Seek>(
    out: W,
    arrays: &[(&str, &Array)],
    compressed: bool,
) -> Result<W> {
    let options = if compressed {
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(DEFLATE_LEVEL))
    } else {
        SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
    }
    // NumPy's `force_zip64=True`, and the permissions Python's `zipfile` gives a new member.
    .large_file(true)
    .unix_permissions(0o600);
    let mut zip = ZipWriter::new(out);
    for &(name, array) in arrays {
        zip.start_file(format!("{name}{NPY}"), options)
            .map_err(write_error)?;
        zip.write_all(&write_npy(array))?;
    }
    zip.finish().map_err(write_error)
}

/// Reads a whole member: its `.npy` header first, then the data the header promises (bounded by
/// what the member really holds, invariant 2), then the rest, which checks the CRC and that the
/// member is as long as its `declared` size (invariant 3).
fn read_member(file: &mut impl Read, member: &str, declared: u64) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let read_err = |e: io::Error, at: usize| {
        if is_data_error(&e) {
            member_error(member, at, format!("the member's data are corrupt: {e}"))
        } else {
            Error::Io(e)
        }
    };
    // The magic string, the version and the header's length.
    fill(file, &mut buf, 12).map_err(|e| read_err(e, 0))?;
    let header_end = header_end(&buf);
    fill(file, &mut buf, header_end).map_err(|e| read_err(e, 0))?;
    let h = match read_header(&buf) {
        Ok(h) => h,
        Err(e) => {
            // A damaged member explains a bad header better than the header does.
            io::copy(file, &mut io::sink()).map_err(|e| read_err(e, buf.len()))?;
            return Err(in_member(member, e));
        }
    };
    // `data_offset` is at most 12 + 4 GiB and `data_len` at most `isize::MAX`.
    let end = h.data_offset.saturating_add(h.data_len);
    fill(file, &mut buf, end).map_err(|e| read_err(e, buf.len()))?;
    // Drop the bytes after the data, reading them for the CRC check.
    let total = buf.len().saturating_add(
        usize::try_from(io::copy(file, &mut io::sink()).map_err(|e| read_err(e, end))?)
            .unwrap_or(usize::MAX),
    );
    if total as u64 != declared {
        return Err(member_error(
            member,
            total,
            format!("the member holds {total} bytes, its zip entry declares {declared}"),
        ));
    }
    if buf.len() < end {
        return Err(member_error(
            member,
            total,
            format!(
                "the npy header promises {} bytes of data, the member holds {}",
                h.data_len,
                total.saturating_sub(h.data_offset)
            ),
        ));
    }
    Ok(buf)
}

/// Where the `.npy` header in `prefix` (its first 12 bytes or all of a shorter member) ends, or
/// `prefix.len()` if the prefix is not a valid one, for [`read_header`] to say why.
fn header_end(prefix: &[u8]) -> usize {
    let len_bytes = match prefix.get(6..8) {
        Some([1, 0]) => prefix.get(8..10),
        Some([2 | 3, 0]) => prefix.get(8..12),
        _ => None,
    };
    len_bytes.map_or(prefix.len(), |b| {
        let len = b
            .iter()
            .rev()
            .fold(0usize, |acc, &x| (acc << 8) | usize::from(x));
        (8 + b.len()).saturating_add(len)
    })
}

/// Reads from `r` until `buf` holds `want` bytes or `r` ends. The buffer grows by at most what it
/// already holds (and at least [`GROW_MIN`]) at a time, so its capacity stays within about twice
/// the bytes really read, whatever `want` is (invariant 2).
fn fill(r: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> io::Result<()> {
    while buf.len() < want {
        let step = (want - buf.len()).min(buf.len().max(GROW_MIN));
        buf.try_reserve_exact(step)
            .map_err(|e| io::Error::new(io::ErrorKind::OutOfMemory, e))?;
        let got = r.by_ref().take(step as u64).read_to_end(buf)?;
        if got < step {
            break;
        }
    }
    Ok(())
}

/// True for the errors a reader gives on bad data, as opposed to a failing device.
fn is_data_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput | io::ErrorKind::UnexpectedEof
    )
}

/// An error inside `member` at byte `pos` of its decompressed bytes.
fn member_error(member: &str, pos: usize, msg: String) -> Error {
    Error::Parse {
        input: format!("npz member '{member}'"),
        pos,
        msg,
    }
}

/// Names the member in an error of [`read_npy`] or [`read_header`] (whose positions are already
/// within the member).
fn in_member(member: &str, e: Error) -> Error {
    match e {
        Error::Parse { input, pos, msg } => Error::Parse {
            input: format!("npz member '{member}' ({input})"),
            pos,
            msg,
        },
        e => e,
    }
}

/// An archive that cannot be opened.
fn archive_error(e: ZipError) -> Error {
    match e {
        ZipError::Io(e) if !is_data_error(&e) => Error::Io(e),
        e => Error::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not a valid .npz (zip) archive: {e}"),
        )),
    }
}

/// An error of the zip writer.
fn write_error(e: ZipError) -> Error {
    match e {
        ZipError::Io(e) => Error::Io(e),
        e => Error::Io(io::Error::other(format!(
            "cannot write the .npz archive: {e}"
        ))),
    }
}
