//! Memory-mapped arrays: a file's bytes viewed as an [`Array`] without reading them into memory
//! (`np.memmap`, `np.load(mmap_mode=...)`, `np.lib.format.open_memmap`).
//!
//! | function | NumPy |
//! |---|---|
//! | [`memmap`] | `np.memmap(path, dtype, mode, offset, shape, order)` |
//! | [`load_mmap`] | `np.load(path, mmap_mode=...)` of a `.npy` file |
//! | [`open_memmap`] | `np.lib.format.open_memmap(path, mode="w+", ...)` |
//! | [`Array::flush`] | `np.memmap.flush` |
//!
//! The operating system reads pages when they are first touched and may drop clean ones under
//! memory pressure, so a mapped array can be larger than RAM. A lazy expression over such
//! arrays evaluates chunk by chunk with bounded memory (`lazy::chunk`).
//!
//! Invariants:
//! 1. The mapping covers exactly the bytes the array views: `offset..offset + size * itemsize`
//!    of the file, checked against the file's length before mapping (a `.npy` header that
//!    promises more bytes than the file holds is an error, never a mapping past its end).
//! 2. The data start at a multiple of the element size (`offset % itemsize == 0`; a `.npy`
//!    file's data start at a multiple of 64), so every element is aligned (array layout
//!    condition 4).
//! 3. Mode [`MmapMode::ReadOnly`] maps pages `PROT_READ` and returns a read-only array
//!    (storage invariant 4); the other modes return writable arrays. Writes to a
//!    [`MmapMode::ReadWrite`] or [`MmapMode::Create`] array reach the file; they are flushed by
//!    [`Array::flush`] and when the last array using the mapping is dropped. Arrays are values:
//!    writing through an array whose mapping another array shares copies it into memory first
//!    (copy-on-write), so only a sole owner writes to the file.
//! 4. A bool array's bytes are 0 or 1 (array invariant 3): mapping bool data checks every
//!    byte, and a file holding another value is an error.
//! 5. Elements are in native byte order: a big-endian `.npy` file cannot be mapped (`load`
//!    reads and converts it).
//!
//! As with `np.memmap`, the file must not be truncated by another process while it is mapped
//! (storage invariant 5).

use super::npy::{header_bytes, read_header};
use crate::array::storage::{FileMap, Storage};
use crate::array::{Array, Layout, Order};
use crate::ir::{DType, ShapeDisplay};
use crate::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

/// How a file is mapped: NumPy's `mode` strings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MmapMode {
    /// `'r'`: read-only; the array refuses writes.
    #[default]
    ReadOnly,
    /// `'r+'`: read and write an existing file; writes reach the file. The file is extended
    /// with zeros when the shape needs more bytes than it has.
    ReadWrite,
    /// `'c'`: copy-on-write; writes change the array in memory, never the file.
    CopyOnWrite,
    /// `'w+'`: create or overwrite the file (zero-filled), then read and write it.
    Create,
}

impl MmapMode {
    /// NumPy's spelling: `"r"`, `"r+"`, `"c"` or `"w+"`.
    pub const fn numpy_name(self) -> &'static str {
        match self {
            MmapMode::ReadOnly => "r",
            MmapMode::ReadWrite => "r+",
            MmapMode::CopyOnWrite => "c",
            MmapMode::Create => "w+",
        }
    }
}

/// Where the elements are in a raw file and how they are laid out: `np.memmap`'s `offset`,
/// `shape` and `order`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemmapOptions {
    /// Byte offset of the first element in the file (a multiple of the itemsize).
    pub offset: usize,
    /// The shape; `None` is a 1-d array of every whole element from `offset` to the end of the
    /// file (NumPy's default; an error for [`MmapMode::Create`], which needs a shape).
    pub shape: Option<Vec<usize>>,
    /// C (row-major, the default) or Fortran order ([`Order::C`] or [`Order::F`]).
    pub order: Order,
}

fn value_err(msg: String) -> Error {
    Error::Value { op: "memmap", msg }
}

/// Maps a raw file of `dtype` elements as an array (`np.memmap`).
///
/// # Errors
/// [`Error::Io`] when the file cannot be opened, extended or mapped; [`Error::Value`] when
/// `offset` is not a multiple of the itemsize, the file is shorter than the shape needs (for
/// `ReadOnly` and `CopyOnWrite`), `Create` has no shape, `order` is not C or F, or bool data
/// hold a byte other than 0 or 1; [`Error::ShapeOverflow`] for a shape whose size overflows.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::io::{memmap, MemmapOptions, MmapMode};
/// let path = std::env::temp_dir().join(format!("numfuse-doc-memmap-{}.dat", std::process::id()));
/// let spec = MemmapOptions { shape: Some(vec![3, 4]), ..Default::default() };
/// let mut w = memmap(&path, DType::F32, MmapMode::Create, &spec)?;
/// w.slice_mut(s![1])?.fill(7.0)?;
/// w.flush()?;
/// drop(w);
/// let r = memmap(&path, DType::F32, MmapMode::ReadOnly, &spec)?;
/// assert!(r.is_memory_mapped() && !r.flags().writeable);
/// assert_eq!(r.sum(None)?.to_vec::<f32>()?, vec![28.0]);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn memmap(
    path: impl AsRef<Path>,
    dtype: DType,
    mode: MmapMode,
    spec: &MemmapOptions,
) -> Result<Array> {
    let itemsize = dtype.itemsize();
    if !spec.offset.is_multiple_of(itemsize) {
        return Err(value_err(format!(
            "offset {} is not a multiple of the {} itemsize {itemsize}, so the elements \
             would not be aligned",
            spec.offset,
            dtype.name()
        )));
    }
    if !matches!(spec.order, Order::C | Order::F) {
        return Err(value_err(format!(
            "order must be C or F, got {:?}",
            spec.order
        )));
    }
    if mode == MmapMode::Create && spec.shape.is_none() {
        // Checked before opening, which would truncate the file.
        return Err(value_err(
            "mode 'w+' (Create) needs a shape: the file is new".to_string(),
        ));
    }
    let file = open(path.as_ref(), mode)?;
    let file_len = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    let shape = match &spec.shape {
        Some(s) => s.clone(),
        None => {
            let avail = file_len.checked_sub(spec.offset).ok_or_else(|| {
                value_err(format!(
                    "offset {} is past the end of the {file_len}-byte file",
                    spec.offset
                ))
            })?;
            vec![avail / itemsize]
        }
    };
    map_file(
        &file,
        file_len,
        dtype,
        &shape,
        spec.offset,
        spec.order,
        mode,
    )
}

/// Maps the data of a `.npy` file (`np.load(path, mmap_mode=...)`): the header gives the
/// dtype, shape and order.
///
/// # Errors
/// As [`crate::io::read_header`] for a bad header; [`Error::Value`] for a big-endian file
/// (invariant 5), mode `Create` (use [`open_memmap`]) or data shorter than the header
/// promises; as [`memmap`] otherwise.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::io::{load_mmap, save, MmapMode};
/// let path = std::env::temp_dir().join(format!("numfuse-doc-load-mmap-{}.npy", std::process::id()));
/// save(&path, &Array::arange(12.0, DType::F64).reshape(&[3, 4])?)?;
/// let a = load_mmap(&path, MmapMode::ReadOnly)?;
/// assert_eq!((a.shape(), a.is_memory_mapped()), (&[3, 4][..], true));
/// assert_eq!(a.sum(None)?.to_vec::<f64>()?, vec![66.0]);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn load_mmap(path: impl AsRef<Path>, mode: MmapMode) -> Result<Array> {
    if mode == MmapMode::Create {
        return Err(value_err(
            "mode 'w+' (Create) would overwrite the file: use open_memmap to create a .npy file"
                .to_string(),
        ));
    }
    let file = open(path.as_ref(), mode)?;
    let file_len = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    // The header is at most 12 bytes of prefix plus a u32 length; read what it says.
    let mut head = Vec::new();
    (&file).take(12).read_to_end(&mut head)?;
    let needed = super::npy::header_end(&head).unwrap_or(head.len());
    (&file)
        .take(needed.saturating_sub(head.len()) as u64)
        .read_to_end(&mut head)?;
    let h = read_header(&head)?;
    if h.big_endian && h.dtype.itemsize() > 1 {
        return Err(value_err(format!(
            "the .npy file stores big-endian {} data, which cannot be mapped in native byte \
             order: read it with io::load",
            h.dtype.name()
        )));
    }
    if file_len.saturating_sub(h.data_offset) < h.data_len {
        return Err(Error::Parse {
            input: "npy data".into(),
            pos: file_len,
            msg: format!(
                "the header promises {} bytes of data for shape {}, the file ends after {}",
                h.data_len,
                ShapeDisplay(&h.shape),
                file_len.saturating_sub(h.data_offset)
            ),
        });
    }
    let order = if h.fortran_order { Order::F } else { Order::C };
    map_file(
        &file,
        file_len,
        h.dtype,
        &h.shape,
        h.data_offset,
        order,
        mode,
    )
}

/// Creates (or overwrites) a `.npy` file of the given dtype, shape and order, zero-filled,
/// and maps it for writing (`np.lib.format.open_memmap(path, mode="w+")`). NumPy reads the
/// file with `np.load`.
///
/// # Errors
/// [`Error::Io`] when the file cannot be created or mapped; [`Error::ShapeOverflow`] for a
/// shape whose size overflows; [`Error::Value`] for an order other than C or F.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::io::{open_memmap, load};
/// let path = std::env::temp_dir().join(format!("numfuse-doc-open-memmap-{}.npy", std::process::id()));
/// let mut m = open_memmap(&path, DType::I32, &[2, 2], Order::C)?;
/// m.slice_mut(s![.., 1])?.fill(5)?;
/// drop(m); // flushes
/// assert_eq!(load(&path)?.to_vec::<i32>()?, vec![0, 5, 0, 5]);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn open_memmap(
    path: impl AsRef<Path>,
    dtype: DType,
    shape: &[usize],
    order: Order,
) -> Result<Array> {
    if !matches!(order, Order::C | Order::F) {
        return Err(value_err(format!("order must be C or F, got {order:?}")));
    }
    let data_len = byte_len(shape, dtype.itemsize())?;
    let header = header_bytes(dtype, order == Order::F, shape);
    let file = open(path.as_ref(), MmapMode::Create)?;
    std::io::Write::write_all(&mut &file, &header)?;
    let file_len = header.len() + data_len;
    file.set_len(file_len as u64)?;
    map_file(
        &file,
        file_len,
        dtype,
        shape,
        header.len(),
        order,
        MmapMode::ReadWrite,
    )
}

/// Bytes of `shape` elements of `itemsize` bytes.
fn byte_len(shape: &[usize], itemsize: usize) -> Result<usize> {
    // `checked_size` counts elements, having checked that their bytes fit in a usize.
    crate::ir::shape::checked_size(shape, itemsize)
        .map(|n| n * itemsize)
        .ok_or_else(|| Error::ShapeOverflow {
            shape: shape.to_vec(),
            itemsize,
        })
}

/// Opens the file as `mode` needs: read-only for `r` and `c`, read-write for `r+`, created
/// and truncated for `w+`.
fn open(path: &Path, mode: MmapMode) -> Result<File> {
    let mut o = OpenOptions::new();
    match mode {
        MmapMode::ReadOnly | MmapMode::CopyOnWrite => o.read(true),
        MmapMode::ReadWrite => o.read(true).write(true),
        MmapMode::Create => o.read(true).write(true).create(true).truncate(true),
    };
    Ok(o.open(path)?)
}

/// Maps `shape` elements of `dtype` at `offset` of `file` (invariants 1–4).
fn map_file(
    file: &File,
    file_len: usize,
    dtype: DType,
    shape: &[usize],
    offset: usize,
    order: Order,
    mode: MmapMode,
) -> Result<Array> {
    let itemsize = dtype.itemsize();
    let len = byte_len(shape, itemsize)?;
    let end = offset
        .checked_add(len)
        .ok_or_else(|| Error::ShapeOverflow {
            shape: shape.to_vec(),
            itemsize,
        })?;
    if end > file_len {
        match mode {
            MmapMode::ReadWrite | MmapMode::Create => file.set_len(end as u64)?,
            MmapMode::ReadOnly | MmapMode::CopyOnWrite => {
                return Err(value_err(format!(
                    "shape {} of {} at offset {offset} needs {end} bytes, the file has {file_len}",
                    ShapeDisplay(shape),
                    dtype.name()
                )));
            }
        }
    }
    let layout = Layout::contiguous(shape, itemsize, order)?;
    let writeable = mode != MmapMode::ReadOnly;
    if len == 0 {
        // Nothing to map: an empty buffer (mmap refuses zero lengths).
        let array = Array::from_file_map(Storage::zeroed(0)?, layout, dtype, writeable);
        return Ok(array);
    }
    let mut opts = memmap2::MmapOptions::new();
    opts.offset(offset as u64).len(len);
    // SAFETY: the file is open and holds `offset + len` bytes (checked or extended above), so
    // the mapping lies inside it. The remaining condition of memmap2 — that no other process
    // truncates the file while it is mapped — is the documented caveat of np.memmap, stated
    // as storage invariant 5 and in this module's documentation.
    let map = unsafe {
        match mode {
            MmapMode::ReadOnly => FileMap::ReadOnly(opts.map(file)?),
            MmapMode::ReadWrite | MmapMode::Create => FileMap::Shared(opts.map_mut(file)?),
            MmapMode::CopyOnWrite => FileMap::Private(opts.map_copy(file)?),
        }
    };
    let storage = Storage::from_file_map(map);
    if !(storage.as_ptr() as usize).is_multiple_of(itemsize) {
        // memmap2 maps from the page below `offset`; with `offset % itemsize == 0` the start is
        // aligned (pages are multiples of every itemsize). Checked, not assumed.
        return Err(value_err(format!(
            "the mapping of offset {offset} is not aligned to {itemsize} bytes"
        )));
    }
    if dtype == DType::Bool
        && let Some(pos) = storage.bytes().iter().position(|&b| b > 1)
    {
        return Err(value_err(format!(
            "bool element {pos} of the file holds byte {}; bools must be 0 or 1",
            storage.bytes()[pos]
        )));
    }
    Ok(Array::from_file_map(storage, layout, dtype, writeable))
}
