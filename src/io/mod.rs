//! Reading and writing arrays: NumPy's `.npy` format and text files.
//!
//! | function | NumPy |
//! |---|---|
//! | [`load`] / [`read_npy`] | `np.load` of a `.npy` file / its bytes |
//! | [`save`] / [`write_npy`] | `np.save` |
//! | [`read_header`] | `np.lib.format.read_array_header_{1,2}_0` |
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

pub mod npy;
pub mod text;

pub use npy::{NpyHeader, load, read_header, read_npy, save, write_npy};
pub use text::{
    Filling, SaveTxtOptions, TextOptions, genfromtxt, genfromtxt_reader, genfromtxt_str, loadtxt,
    loadtxt_reader, loadtxt_str, savetxt, savetxt_string, savetxt_writer,
};
