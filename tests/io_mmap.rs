//! Memory-mapped arrays (`io::memmap`, `io::load_mmap`, `io::open_memmap`): every `.npy` file
//! NumPy wrote under tests/data maps to the same array `load` reads; the four modes behave as
//! NumPy's `r`, `r+`, `c` and `w+`; bad offsets, short files, lying headers and big-endian data
//! are errors, never a mapping past the end of a file.

mod common;

use common::{assert_array_eq, data_files, data_path};
use numfuse::io::{MemmapOptions, MmapMode, load, load_mmap, memmap, open_memmap, save};
use numfuse::prelude::*;
use std::path::PathBuf;

/// A fresh path in the test's scratch directory.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("io_mmap");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{}-{name}", std::process::id()))
}

#[test]
fn numpy_npy_files_map_to_what_load_reads() {
    let files = data_files("", ".npy");
    assert!(files.len() > 50, "only {} reference files", files.len());
    let mut mapped = 0;
    for rel in &files {
        let path = data_path(rel);
        let want = load(&path).unwrap();
        let header = numfuse::io::read_header(&std::fs::read(&path).unwrap()).unwrap();
        if header.big_endian && header.dtype.itemsize() > 1 {
            // Refused (see below); `load` converts them.
            assert!(load_mmap(&path, MmapMode::ReadOnly).is_err(), "{rel}");
            continue;
        }
        let got = load_mmap(&path, MmapMode::ReadOnly).unwrap();
        assert_array_eq(&got, &want, rel);
        assert!(
            !got.flags().writeable,
            "{rel}: a read-only map is writeable"
        );
        if got.size() > 0 {
            assert!(got.is_memory_mapped(), "{rel}");
            mapped += 1;
        }
        let order_kept = if header.fortran_order {
            got.is_f_contiguous()
        } else {
            got.is_c_contiguous()
        };
        assert!(order_kept, "{rel}: the header's order is lost");
    }
    assert!(mapped > 50);
}

#[test]
fn big_endian_files_are_refused_with_a_pointer_to_load() {
    for name in ["int16", "float64"] {
        let err = load_mmap(data_path(&format!("npy/be_{name}.npy")), MmapMode::ReadOnly)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("big-endian") && err.contains("io::load"),
            "{err}"
        );
    }
    // One-byte elements have no byte order: they map.
    let a = load_mmap(data_path("npy/be_uint8.npy"), MmapMode::ReadOnly).unwrap();
    assert_array_eq(
        &a,
        &load(data_path("astype/uint8.npy")).unwrap(),
        "be_uint8",
    );
}

#[test]
fn modes_read_write_copy_and_create() {
    let path = scratch("modes.npy");
    save(
        &path,
        &Array::arange(6.0, DType::F64).reshape(&[2, 3]).unwrap(),
    )
    .unwrap();

    // r: writes are refused.
    let mut r = load_mmap(&path, MmapMode::ReadOnly).unwrap();
    let err = r
        .slice_mut(s![0])
        .err()
        .expect("a read-only map refuses slice_mut");
    let err = err.to_string();
    assert!(err.contains("read-only"), "{err}");
    let err = r.fill(1.0).unwrap_err().to_string();
    assert!(err.contains("read-only"), "{err}");
    drop(r);

    // c: writes change the array, never the file.
    let mut c = load_mmap(&path, MmapMode::CopyOnWrite).unwrap();
    c.slice_mut(s![0, 0]).unwrap().fill(100.0).unwrap();
    assert_eq!(c.get(&[0, 0]).unwrap().to_f64(), 100.0);
    c.flush().unwrap();
    drop(c);
    assert_eq!(load(&path).unwrap().get(&[0, 0]).unwrap().to_f64(), 0.0);

    // r+: writes reach the file, on flush and on drop.
    let mut w = load_mmap(&path, MmapMode::ReadWrite).unwrap();
    w.slice_mut(s![1, ..]).unwrap().fill(-1.0).unwrap();
    w.flush().unwrap();
    assert_eq!(
        load(&path).unwrap().to_vec::<f64>().unwrap(),
        vec![0.0, 1.0, 2.0, -1.0, -1.0, -1.0]
    );
    w.slice_mut(s![0, 2]).unwrap().fill(9.0).unwrap();
    drop(w);
    assert_eq!(load(&path).unwrap().get(&[0, 2]).unwrap().to_f64(), 9.0);

    // Arrays are values: a write through a clone of a shared map copies it first, so the
    // file and the other array keep their values.
    let w = load_mmap(&path, MmapMode::ReadWrite).unwrap();
    let mut copy = w.clone();
    copy.fill(5.0).unwrap();
    assert!(!copy.is_memory_mapped() && w.is_memory_mapped());
    drop((w, copy));
    assert_eq!(load(&path).unwrap().get(&[0, 0]).unwrap().to_f64(), 0.0);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn raw_files_with_offset_shape_and_order() {
    let path = scratch("raw.dat");
    let spec = MemmapOptions {
        offset: 16,
        shape: Some(vec![3, 4]),
        order: Order::F,
    };
    let mut m = memmap(&path, DType::I32, MmapMode::Create, &spec).unwrap();
    assert!(m.is_f_contiguous() && m.flags().writeable);
    let values = Array::arange(12.0, DType::I32).reshape(&[3, 4]).unwrap();
    m.slice_mut(s![.., ..]).unwrap().assign(&values).unwrap();
    drop(m);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes.len(), 16 + 48);
    assert!(bytes[..16].iter().all(|&b| b == 0));
    // Fortran order: column 0 (0, 4, 8) comes first.
    let first: Vec<i32> = bytes[16..28]
        .chunks(4)
        .map(|c| i32::from_ne_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(first, vec![0, 4, 8]);
    let r = memmap(&path, DType::I32, MmapMode::ReadOnly, &spec).unwrap();
    assert_eq!(r.to_vec::<i32>().unwrap(), values.to_vec::<i32>().unwrap());
    // No shape: every whole element after the offset, as a 1-d array.
    let flat = MemmapOptions {
        offset: 4,
        ..Default::default()
    };
    let all = memmap(&path, DType::I32, MmapMode::ReadOnly, &flat).unwrap();
    assert_eq!(all.shape(), &[15]);
    // r+ with a larger shape extends the file with zeros, as NumPy does.
    let grow = MemmapOptions {
        shape: Some(vec![20]),
        ..Default::default()
    };
    let g = memmap(&path, DType::I32, MmapMode::ReadWrite, &grow).unwrap();
    assert_eq!(g.shape(), &[20]);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 80);
    drop(g);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn open_memmap_files_are_npy_files() {
    let path = scratch("open.npy");
    let mut m = open_memmap(&path, DType::U16, &[4, 5], Order::C).unwrap();
    m.slice_mut(s![2, ..]).unwrap().fill(7).unwrap();
    drop(m);
    let a = load(&path).unwrap();
    assert_eq!((a.dtype(), a.shape()), (DType::U16, &[4, 5][..]));
    assert_eq!(a.sum(None).unwrap().to_vec::<u64>().unwrap(), vec![35]);
    // The header is np.save's, byte for byte: write_npy of the loaded array is the file.
    assert_eq!(numfuse::io::write_npy(&a), std::fs::read(&path).unwrap());
    let f = open_memmap(&path, DType::F32, &[2, 3], Order::F).unwrap();
    assert!(f.is_f_contiguous());
    drop(f);
    assert!(load(&path).unwrap().is_f_contiguous());
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn bad_input_is_an_error_not_a_mapping_past_the_end() {
    let path = scratch("bad.npy");
    save(&path, &Array::arange(100.0, DType::F64)).unwrap();
    let full = std::fs::read(&path).unwrap();
    // A header that promises more data than the file holds.
    for cut in [full.len() - 1, full.len() - 400, 200] {
        std::fs::write(&path, &full[..cut]).unwrap();
        let err = load_mmap(&path, MmapMode::ReadOnly)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("npy data") && err.contains("promises"),
            "{cut}: {err}"
        );
    }
    // A truncated header, a bad magic string.
    for (bytes, want) in [
        (&full[..20], "npy header"),
        (&b"NOT A NPY FILE"[..], "magic"),
    ] {
        std::fs::write(&path, bytes).unwrap();
        let err = load_mmap(&path, MmapMode::ReadOnly)
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{err}");
    }
    // Every truncation of the file is an error or a complete array, never a panic.
    for cut in (0..full.len()).step_by(7) {
        std::fs::write(&path, &full[..cut]).unwrap();
        assert!(
            load_mmap(&path, MmapMode::ReadOnly).is_err(),
            "cut at {cut}"
        );
    }
    std::fs::write(&path, &full).unwrap();
    let err = load_mmap(&path, MmapMode::Create).unwrap_err().to_string();
    assert!(err.contains("open_memmap"), "{err}");

    let raw = scratch("bad.dat");
    std::fs::write(&raw, [0u8, 1, 2, 1, 0, 0, 0, 0]).unwrap();
    let spec = |offset, shape: Option<Vec<usize>>| MemmapOptions {
        offset,
        shape,
        order: Order::C,
    };
    let cases: Vec<(DType, MmapMode, MemmapOptions, &str)> = vec![
        (
            DType::F64,
            MmapMode::ReadOnly,
            spec(4, None),
            "offset 4 is not a multiple",
        ),
        (DType::U8, MmapMode::ReadOnly, spec(9, None), "past the end"),
        (
            DType::U8,
            MmapMode::ReadOnly,
            spec(0, Some(vec![9])),
            "needs 9 bytes, the file has 8",
        ),
        (
            DType::U8,
            MmapMode::CopyOnWrite,
            spec(0, Some(vec![3, 3])),
            "needs 9 bytes",
        ),
        (DType::U8, MmapMode::Create, spec(0, None), "needs a shape"),
        (
            DType::Bool,
            MmapMode::ReadOnly,
            spec(0, None),
            "bool element 2 of the file holds byte 2",
        ),
        (
            DType::U8,
            MmapMode::ReadOnly,
            spec(0, Some(vec![usize::MAX, 2])),
            "overflow",
        ),
    ];
    for (dtype, mode, s, want) in cases {
        let err = memmap(&raw, dtype, mode, &s).unwrap_err().to_string();
        assert!(err.contains(want), "{dtype:?} {mode:?} {s:?}: {err}");
    }
    let missing = scratch("does-not-exist.dat");
    let err = memmap(&missing, DType::U8, MmapMode::ReadOnly, &spec(0, None)).unwrap_err();
    assert!(matches!(err, numfuse::Error::Io(_)), "{err}");
    std::fs::remove_file(&path).unwrap();
    std::fs::remove_file(&raw).unwrap();
}

#[test]
fn lazy_expressions_over_maps_chunk_and_match_in_memory() {
    let path = scratch("lazy.npy");
    let a = Array::linspace(-3.0, 3.0, 10_000)
        .reshape(&[2500, 4])
        .unwrap();
    save(&path, &a).unwrap();
    let m = load_mmap(&path, MmapMode::ReadOnly).unwrap();
    let opts = numfuse::lazy::EvalOptions {
        memory_budget: Some(16 * 1024),
        ..Default::default()
    };
    let e = |x: &Array| ((x.lazy() * 2.0).exp() - 1.0).sum(0);
    let text = e(&m).explain_with(&opts).unwrap();
    assert!(text.contains("-- chunking --"), "{text}");
    let got = e(&m).eval_with(&opts).unwrap();
    let want = e(&a).eval().unwrap();
    let (g, w) = (got.to_vec::<f64>().unwrap(), want.to_vec::<f64>().unwrap());
    for (x, y) in g.iter().zip(&w) {
        assert!((x - y).abs() <= 1e-12 * y.abs(), "{x} vs {y}");
    }
    std::fs::remove_file(&path).unwrap();
}
