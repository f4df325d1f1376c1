//! Reading and writing arrays: NumPy's `.npy` and `.npz` formats, memory-mapped files and text.
//!
//! | function | NumPy |
//! |---|---|
//! | [`load`] / [`read_npy`] | `np.load` of a `.npy` file / its bytes |
//! | [`save`] / [`write_npy`] | `np.save` |
//! | [`read_header`] | `np.lib.format.read_array_header_{1,2}_0` |
//! | [`savez`] / [`savez_compressed`] / [`write_npz`] | `np.savez` / `np.savez_compressed` |
//! | [`load_npz`] / [`Npz`] / [`read_npz`] | `np.load` of a `.npz` file (an `NpzFile`) |
//! | [`memmap`] / [`load_mmap`] / [`open_memmap`] | `np.memmap` / `np.load(mmap_mode=)` / `open_memmap` |
//! | [`loadtxt`] / [`loadtxt_str`] / [`loadtxt_reader`] | `np.loadtxt` |
//! | [`genfromtxt`] / [`genfromtxt_str`] / [`genfromtxt_reader`] | `np.genfromtxt` |
//! | [`savetxt`] / [`savetxt_writer`] / [`savetxt_string`] | `np.savetxt` |
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
pub mod npz;
pub mod text;

pub use mmap::{MemmapOptions, MmapMode, load_mmap, memmap, open_memmap};
pub use npy::{NpyHeader, load, read_header, read_npy, save, write_npy};
pub use npz::{Npz, load_npz, read_npz, savez, savez_compressed, write_npz};
pub use text::{
    Filling, SaveTxtOptions, TextOptions, genfromtxt, genfromtxt_reader, genfromtxt_str, loadtxt,
    loadtxt_reader, loadtxt_str, savetxt, savetxt_string, savetxt_writer,
};
