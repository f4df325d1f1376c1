use super::*;
use crate::s;

/// A file with the given version, header text (padded as NumPy pads) and data.
fn file(version: (u8, u8), header: &str, data: &[u8]) -> Vec<u8> {
    let len_size = if version.0 == 1 { 2 } else { 4 };
    let hlen = header.len() + 1;
    let pad = ARRAY_ALIGN - (8 + len_size + hlen) % ARRAY_ALIGN;
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&[version.0, version.1]);
    let total = hlen + pad;
    out.extend_from_slice(&(total as u32).to_le_bytes()[..len_size]);
    out.extend_from_slice(header.as_bytes());
    out.resize(out.len() + pad, b' ');
    out.push(b'\n');
    out.extend_from_slice(data);
    out
}

fn f64_bytes(vals: &[f64]) -> Vec<u8> {
    vals.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The error of reading `bytes`, which must be a parse error about `input`.
fn parse_error(bytes: &[u8], input: &str) -> (usize, String) {
    match read_npy(bytes) {
        Err(Error::Parse { input: i, pos, msg }) if i == input => (pos, msg),
        other => panic!("expected a {input} parse error, got {other:?}"),
    }
}

fn assert_same(a: &Array, b: &Array) {
    assert_eq!(a.dtype(), b.dtype());
    assert_eq!(a.shape(), b.shape());
    crate::dispatch!(a.dtype(), T => {
        assert_eq!(a.to_vec::<T>().unwrap(), b.to_vec::<T>().unwrap());
    });
}

fn sample(dtype: DType) -> Array {
    let a = Array::arange_step(-5.0, 7.0, 1.0, dtype).unwrap();
    a.reshape(&[3, 4]).unwrap()
}

#[test]
fn round_trip_every_dtype() {
    for dtype in DType::ALL {
        let a = sample(dtype);
        let bytes = write_npy(&a);
        let h = read_header(&bytes).unwrap();
        assert_eq!(h.data_offset % ARRAY_ALIGN, 0);
        assert_eq!(
            (h.dtype, h.fortran_order, h.version),
            (dtype, false, (1, 0))
        );
        assert_eq!(bytes.len(), h.data_offset + 12 * dtype.itemsize());
        let b = read_npy(&bytes).unwrap();
        assert_same(&a, &b);
        assert!(b.is_c_contiguous() && b.flags().owndata);
    }
}

#[test]
fn round_trip_layouts() {
    for dtype in DType::ALL {
        let a = sample(dtype);
        // F-contiguous: written with fortran_order True and read back F-contiguous.
        let t = a.t();
        let bytes = write_npy(&t);
        assert!(read_header(&bytes).unwrap().fortran_order);
        let b = read_npy(&bytes).unwrap();
        assert!(b.is_f_contiguous() && !b.is_c_contiguous());
        assert_same(&t, &b);
        // Neither C nor F contiguous: a C-ordered copy.
        let v = a.slice(s![..;-1, 1..;2]).unwrap();
        let bytes = write_npy(&v);
        assert!(!read_header(&bytes).unwrap().fortran_order);
        assert_same(&v, &read_npy(&bytes).unwrap());
        // 0-d and empty.
        for shape in [&[][..], &[0], &[2, 0, 3]] {
            let z = Array::zeros(shape, dtype);
            assert_same(&z, &read_npy(&write_npy(&z)).unwrap());
        }
    }
}

#[test]
fn header_matches_numpy() {
    let a = Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap();
    let bytes = write_npy(&a);
    let text = std::str::from_utf8(&bytes[10..128]).unwrap();
    assert_eq!(&bytes[..10], b"\x93NUMPY\x01\x00\x76\x00");
    assert!(text.starts_with("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"));
    assert!(text.ends_with(" \n"));
    let scalar = write_npy(&Array::scalar(true));
    assert!(scalar[10..].starts_with(b"{'descr': '|b1', 'fortran_order': False, 'shape': (), }"));
    let one = write_npy(&Array::zeros(&[5], DType::U16));
    assert!(one[10..].starts_with(b"{'descr': '<u2', 'fortran_order': False, 'shape': (5,), }"));
}

#[test]
fn long_header_uses_version_2() {
    let shape = vec![1usize; MAX_DIMS];
    let header = header_bytes(DType::F64, false, &shape);
    assert_eq!(header.len() % ARRAY_ALIGN, 0);
    assert_eq!(&header[6..8], &[1, 0]);
    // Version 2.0 and 3.0 files read the same way.
    let data = f64_bytes(&[1.5, -2.0]);
    for v in [(2, 0), (3, 0)] {
        let f = file(
            v,
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
            &data,
        );
        let a = read_npy(&f).unwrap();
        assert_eq!(a.to_vec::<f64>().unwrap(), vec![1.5, -2.0]);
        assert_eq!(read_header(&f).unwrap().version, v);
    }
}

#[test]
fn big_endian_is_swapped() {
    let mut data = Vec::new();
    for v in [1i32, -2, 0x01020304] {
        data.extend_from_slice(&v.to_be_bytes());
    }
    let f = file(
        (1, 0),
        "{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }",
        &data,
    );
    let a = read_npy(&f).unwrap();
    assert_eq!(a.to_vec::<i32>().unwrap(), vec![1, -2, 0x01020304]);
    let data: Vec<u8> = [0.5f64, -3.25]
        .iter()
        .flat_map(|v| v.to_be_bytes())
        .collect();
    let f = file(
        (1, 0),
        "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }",
        &data,
    );
    assert_eq!(
        read_npy(&f).unwrap().to_vec::<f64>().unwrap(),
        vec![0.5, -3.25]
    );
}

#[test]
fn fortran_order_file() {
    let data = f64_bytes(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    let f = file(
        (1, 0),
        "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
        &data,
    );
    let a = read_npy(&f).unwrap();
    assert!(a.is_f_contiguous());
    assert_eq!(
        a.to_vec::<f64>().unwrap(),
        vec![0.0, 2.0, 4.0, 1.0, 3.0, 5.0]
    );
}

#[test]
fn lenient_header_syntax() {
    let data = f64_bytes(&[1.0, 2.0]);
    for header in [
        "{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}",
        "{ \"descr\" : \"<f8\" ,\n'fortran_order':False,'shape':( 2 , ) , }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }",
        "{'descr': 'f8', 'fortran_order': False, 'shape': (1, 2), }",
        "{'descr': '=f8', 'fortran_order': False, 'shape': (2, 1,), }",
    ] {
        let a = read_npy(&file((1, 0), header, &data)).unwrap_or_else(|e| panic!("{header}: {e}"));
        assert_eq!(a.to_vec::<f64>().unwrap(), vec![1.0, 2.0], "{header}");
    }
}

#[test]
fn bool_bytes_are_normalised() {
    let f = file(
        (1, 0),
        "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
        &[0, 1, 7],
    );
    let a = read_npy(&f).unwrap();
    assert_eq!(a.to_vec::<bool>().unwrap(), vec![false, true, true]);
}

#[test]
fn trailing_bytes_are_ignored() {
    let mut bytes = write_npy(&Array::arange(3.0, DType::I16));
    bytes.extend_from_slice(b"extra");
    assert_eq!(
        read_npy(&bytes).unwrap().to_vec::<i16>().unwrap(),
        vec![0, 1, 2]
    );
}

#[test]
fn bad_prefix() {
    assert_eq!(parse_error(b"\x93NUMPX\x01\x00", "npy header").0, 0);
    assert_eq!(parse_error(b"PK\x03\x04", "npy header").0, 0);
    assert!(parse_error(b"", "npy header").1.contains("truncated"));
    assert!(
        parse_error(b"\x93NUM", "npy header")
            .1
            .contains("truncated")
    );
    assert!(
        parse_error(b"\x93NUMPY\x01", "npy header")
            .1
            .contains("truncated")
    );
    assert!(
        parse_error(b"\x93NUMPY\x01\x00\x10", "npy header")
            .1
            .contains("truncated")
    );
    let (pos, msg) = parse_error(b"\x93NUMPY\x04\x00\x10\x00", "npy header");
    assert_eq!((pos, msg.as_str()), (6, "unsupported format version 4.0"));
    assert!(
        parse_error(b"\x93NUMPY\x01\x01\x10\x00", "npy header")
            .1
            .contains("1.1")
    );
}

#[test]
fn truncated_header() {
    let good = write_npy(&Array::zeros(&[2], DType::F64));
    for cut in 10..good.len() - 16 {
        let (_, msg) = parse_error(&good[..cut], "npy header");
        assert!(msg.contains("truncated header"), "{cut}: {msg}");
    }
    // A version 2.0 length of 4 GiB in a tiny input.
    let (_, msg) = parse_error(b"\x93NUMPY\x02\x00\xff\xff\xff\xff{}", "npy header");
    assert!(msg.contains("truncated header"), "{msg}");
}

#[test]
fn garbage_dicts() {
    // (header, what the message must mention); `D` stands for the valid descr and fortran_order.
    const D: &str = "'descr': '<f8', 'fortran_order': False";
    let cases: &[(String, &str)] = &[
        (String::new(), "'{'"),
        ("[1, 2]".into(), "'{'"),
        (format!("{{{D}, 'shape': (2,)"), "',' or '}'"),
        (
            "{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}".into(),
            "',' or '}'",
        ),
        (format!("{{{D}, 'shape': (2,)}} x"), "after the header"),
        (format!("{{{D}, 'shape': (2,),,}}"), "quoted string"),
        (
            "{descr: '<f8', 'fortran_order': False, 'shape': (2,)}".into(),
            "quoted string",
        ),
        (
            "{'descr' '<f8', 'fortran_order': False, 'shape': (2,)}".into(),
            "':'",
        ),
        (
            "{'descr': '<f8, 'fortran_order': False, 'shape': (2,)}".into(),
            "unsupported descr",
        ),
        (format!("{{{D}, 'shape': (2,), 'x': 1}}"), "unexpected key"),
        (
            format!("{{'descr': '<f8', {D}, 'shape': (2,)}}"),
            "duplicate key",
        ),
        (
            "{'fortran_order': False, 'shape': (2,)}".into(),
            "no \"descr\"",
        ),
        (
            "{'descr': '<f8', 'shape': (2,)}".into(),
            "no \"fortran_order\"",
        ),
        (format!("{{{D}}}"), "no \"shape\""),
        (
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}".into(),
            "True or False",
        ),
        (
            "{'descr': '<f8', 'fortran_order': Falsey, 'shape': (2,)}".into(),
            "True or False",
        ),
        (format!("{{{D}, 'shape': (2)}}"), "1-tuple"),
        (format!("{{{D}, 'shape': [2]}}"), "tuple"),
        (format!("{{{D}, 'shape': (2, -1)}}"), "negative"),
        (format!("{{{D}, 'shape': (2.5,)}}"), "an int"),
        (format!("{{{D}, 'shape': (2 3)}}"), "',' or ')'"),
        (format!("{{{D}, 'shape': (,)}}"), "an int"),
        (
            format!("{{{D}, 'shape': (99999999999999999999999,)}}"),
            "usize",
        ),
        (format!("{{{D}, 'shape': (2,"), "an int"),
        ("{'descr': '<f8".into(), "unterminated"),
        ("{'descr': '<f8\\".into(), "unterminated"),
    ];
    for (header, expected) in cases {
        let f = file((1, 0), header, &[0; 16]);
        let (pos, msg) = parse_error(&f, "npy header");
        assert!(
            msg.contains(expected),
            "{header:?}: {msg:?} lacks {expected:?}"
        );
        assert!((10..=f.len() - 16).contains(&pos), "{header:?}: pos {pos}");
    }
}

#[test]
fn unsupported_descr() {
    for descr in ["<f2", "<c16", "<U5", "O", "|V8", "", "<", "<i3", "<M8[ns]"] {
        let header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,)}}");
        let (pos, msg) = parse_error(&file((1, 0), &header, &[0; 16]), "npy header");
        assert!(msg.contains("unsupported descr"), "{descr}: {msg}");
        assert_eq!(pos, 10 + 10, "{descr}");
    }
    // A structured dtype is a list, not a string.
    let header = "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,)}";
    let (_, msg) = parse_error(&file((1, 0), header, &[0; 16]), "npy header");
    assert!(msg.contains("quoted string"), "{msg}");
}

#[test]
fn shapes_that_overflow() {
    for shape in [
        "(4611686018427387904,)",
        "(65536, 65536, 65536, 65536)",
        "(0, 2305843009213693952)",
    ] {
        let header = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}}}");
        let (_, msg) = parse_error(&file((1, 0), &header, &[]), "npy header");
        assert!(msg.contains("overflows"), "{shape}: {msg}");
    }
    let many = format!("({})", vec!["1"; MAX_DIMS + 1].join(", "));
    let header = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {many}}}");
    let (_, msg) = parse_error(&file((2, 0), &header, &[0; 8]), "npy header");
    assert!(msg.contains("more than 64"), "{msg}");
}

#[test]
fn data_shorter_than_the_header_claims() {
    let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
    let f = file((1, 0), header, &f64_bytes(&[1.0, 2.0]));
    let (pos, msg) = parse_error(&f, "npy data");
    assert_eq!(pos, f.len());
    assert!(
        msg.contains("promises 24 bytes") && msg.contains("holds 16"),
        "{msg}"
    );
    // A huge claimed shape over 8 bytes of data: refused before any allocation.
    let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 1000), }";
    let (_, msg) = parse_error(&file((1, 0), header, &[0; 8]), "npy data");
    assert!(msg.contains("promises 8000000000000000 bytes"), "{msg}");
}

#[test]
fn version_3_must_be_utf8() {
    let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\u{e9}";
    let mut f = file((3, 0), header, &f64_bytes(&[1.0]));
    let at = 12 + header.len() - 2;
    f[at] = 0xff;
    let (pos, msg) = parse_error(&f, "npy header");
    assert_eq!(pos, at);
    assert!(msg.contains("UTF-8"));
}

#[test]
fn no_panic_on_damaged_files() {
    let a = Array::arange(6.0, DType::I32).reshape(&[2, 3]).unwrap();
    let good = write_npy(&a);
    for cut in 0..good.len() {
        let _ = read_npy(&good[..cut]);
    }
    for i in 0..good.len() {
        for v in [0u8, b' ', b'(', b')', b',', b'\'', b'9', b'-', 0x80, 0xff] {
            let mut bad = good.clone();
            bad[i] = v;
            if let Ok(b) = read_npy(&bad) {
                assert!(b.nbytes() <= bad.len());
            }
        }
    }
}

#[test]
fn save_and_load_files() {
    let dir = std::env::temp_dir().join(format!("numfuse-npy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("a.npy");
    let a = sample(DType::U32).t();
    save(&path, &a).unwrap();
    assert_same(&a, &load(&path).unwrap());
    assert!(matches!(load(dir.join("missing.npy")), Err(Error::Io(_))));
    // `load` reads a file in pieces; it must answer exactly as `read_npy` does for its bytes.
    let good = write_npy(&Array::arange(5.0, DType::F32));
    let lying = file(
        (2, 0),
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }",
        &[0; 8],
    );
    let mut variants: Vec<Vec<u8>> = (0..good.len()).map(|cut| good[..cut].to_vec()).collect();
    variants.push(good.clone());
    variants.push(lying);
    variants.push(file((1, 0), "{}", &[]));
    variants.push(b"\x93NUMPY\x01\x00\x00\x00".to_vec());
    variants.push(b"\x93NUMPY\x01\x00\x01\x00{".to_vec());
    for (i, bytes) in variants.iter().enumerate() {
        std::fs::write(&path, bytes).unwrap();
        let from_file = load(&path)
            .map(|a| a.to_string())
            .map_err(|e| e.to_string());
        let from_bytes = read_npy(bytes)
            .map(|a| a.to_string())
            .map_err(|e| e.to_string());
        assert_eq!(from_file, from_bytes, "variant {i}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
