//! Reading and writing arrays: NumPy's `.npy` format and memory-mapped files.
//!
//! | function | NumPy |
//! |---|---|
//! | [`load`] / [`read_npy`] | `np.load` of a `.npy` file / its bytes |
//! | [`save`] / [`write_npy`] | `np.save` |
//! | [`read_header`] | `np.lib.format.read_array_header_{1,2}_0` |
//! | [`memmap`] / [`load_mmap`] / [`open_memmap`] | `np.memmap` / `np.load(mmap_mode=)` / `open_memmap` |
//!
//! ```
//! use numfuse::prelude::*;
//! let a = Array::arange(6.0, DType::F32).reshape(&[2, 3])?;
//! let bytes = numfuse::io::write_npy(&a);
//! let b = numfuse::io::read_npy(&bytes)?;
//! assert_eq!(b.to_vec::<f32>()?, a.to_vec::<f32>()?);
//! assert_eq!(b.shape(), &[2, 3]);
//! # Ok::<(), numfuse::Error>(())
//! ```

pub mod mmap;
pub mod npy;

pub use mmap::{MemmapOptions, MmapMode, load_mmap, memmap, open_memmap};
pub use npy::{NpyHeader, load, read_header, read_npy, save, write_npy};
