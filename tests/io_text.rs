//! Text I/O against NumPy: `loadtxt` / `genfromtxt` of the inputs under `tests/data/text/read/`
//! and `savetxt` of the arrays under `tests/data/text/save/`, all written by
//! `scripts/gen_numpy_text.py`; plus round trips and a garbage-input fuzz.

mod common;

use common::{Json, assert_agree, assert_array_eq, data_path, load_cases, load_npy, splitmix};
use numfuse::io::{
    SaveTxtOptions, TextOptions, genfromtxt, genfromtxt_str, loadtxt, loadtxt_reader, loadtxt_str,
    savetxt, savetxt_string,
};
use numfuse::{Array, DType, Error, Scalar};

/// The options of a reading case, from NumPy's keyword arguments.
fn text_options(opts: &Json) -> TextOptions {
    let mut o = TextOptions::new();
    for (key, v) in opts.members() {
        o = match key.as_str() {
            "delimiter" => o.delimiter(v.str()),
            "comments" => match v.opt() {
                None => o.comments_any(&[]),
                Some(list) => {
                    let m: Vec<&str> = list.arr().iter().map(Json::str).collect();
                    o.comments_any(&m)
                }
            },
            "skiprows" => o.skiprows(v.int() as usize),
            "skip_header" => o.skip_header(v.int() as usize),
            "skip_footer" => o.skip_footer(v.int() as usize),
            "usecols" => {
                let cols: Vec<isize> = v.ints().iter().map(|&c| c as isize).collect();
                o.usecols(&cols)
            }
            "max_rows" => o.max_rows(v.int() as usize),
            "dtype" => o.dtype(common::dtype(v.str())),
            "ndmin" => o.ndmin(v.int() as u8),
            "unpack" => o.unpack(v.bool()),
            "missing_values" => {
                let m: Vec<&str> = v.arr().iter().map(Json::str).collect();
                o.missing_values(&m)
            }
            "filling_values" => match v {
                Json::Arr(list) => {
                    let s: Vec<Scalar> = list.iter().map(|x| Scalar::F64(x.num())).collect();
                    o.filling_values_per_column(&s)
                }
                x => o.filling_values(x.num()),
            },
            "invalid_raise" => o.invalid_raise(v.bool()),
            "quotechar" => o.quotechar(v.str().chars().next().expect("one char")),
            other => panic!("unknown option {other}"),
        };
    }
    o
}

/// Compares one reading case with NumPy's result; `Err` describes a disagreement.
fn check_read_case(case: &Json) -> Result<(), String> {
    let name = case.get("name").str();
    let path = data_path(&format!("text/read/{name}.txt"));
    let opts = text_options(case.get("opts"));
    let got = match case.get("func").str() {
        "loadtxt" => loadtxt(&path, &opts),
        _ => genfromtxt(&path, &opts),
    };
    let result = case.get("result");
    if let Some((_, npy)) = result.members().iter().find(|(k, _)| k == "npy") {
        let got = got.map_err(|e| format!("{name}: numfuse failed: {e}"))?;
        let want = load_npy(npy.str());
        let check = std::panic::AssertUnwindSafe(|| assert_array_eq(&got, &want, name));
        let caught = std::panic::catch_unwind(check);
        return caught.map_err(|_| format!("{name}: arrays differ (see the panic above)"));
    }
    let err = result.get("error");
    let numpy = err.get("numpy").str();
    match got {
        Ok(a) => Err(format!(
            "{name}: numfuse returned {:?}, numpy raised {numpy:?}",
            a.shape()
        )),
        Err(Error::TextParse {
            input,
            line,
            column,
            msg,
        }) => {
            if input != path.display().to_string() {
                return Err(format!("{name}: error names input {input}"));
            }
            if let Some(want) = err.get("line").opt()
                && line as i64 != want.int()
            {
                return Err(format!(
                    "{name}: line {line}, numpy points at {}",
                    want.int()
                ));
            }
            if let Some(field) = err.get("field").opt()
                && !msg.ends_with(&format!("(field {})", field.int()))
            {
                return Err(format!(
                    "{name}: {msg:?} does not name field {}",
                    field.int()
                ));
            }
            // NumPy's message up to its own position wording must appear in ours.
            let head = numpy.split(" at row").next().unwrap_or(numpy);
            let head = head.rsplit("\n    ").next().unwrap_or(head);
            let head = head.split(" (got").next().unwrap_or(head);
            let known = msg.contains(head.trim_start_matches("Line #").trim())
                || (head.starts_with("Line #") && msg.starts_with("got "))
                || head.starts_with("invalid column index");
            if !known || column == 0 {
                return Err(format!("{name}: message {msg:?} vs numpy {numpy:?}"));
            }
            Ok(())
        }
        Err(e) => Err(format!("{name}: wrong error kind: {e}")),
    }
}

#[test]
fn read_cases_agree_with_numpy() {
    let cases = load_cases("text/read.json");
    assert!(cases.len() > 90, "only {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check_read_case(c).err())
        .collect();
    assert_agree(&failures, cases.len());
}

/// The options of a savetxt case.
fn save_options(opts: &Json) -> SaveTxtOptions {
    let mut o = SaveTxtOptions::new();
    for (key, v) in opts.members() {
        o = match key.as_str() {
            "fmt" => match v {
                Json::Arr(list) => {
                    let f: Vec<&str> = list.iter().map(Json::str).collect();
                    o.fmt_per_column(&f)
                }
                s => o.fmt(s.str()),
            },
            "delimiter" => o.delimiter(v.str()),
            "newline" => o.newline(v.str()),
            "header" => o.header(v.str()),
            "footer" => o.footer(v.str()),
            "comments" => o.comments(v.str()),
            other => panic!("unknown option {other}"),
        };
    }
    o
}

#[test]
fn savetxt_is_byte_identical_to_numpy() {
    let cases = load_cases("text/save.json");
    assert!(cases.len() > 45, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.get("name").str();
        let a = load_npy(&format!("text/save/{name}.npy"));
        let got = savetxt_string(&a, &save_options(case.get("opts")));
        let result = case.get("result");
        match (result.members()[0].0.as_str(), got) {
            ("txt", Ok(text)) => {
                let want = common::read_text(result.get("txt").str());
                if text != want {
                    failures.push(format!("{name}:\n numfuse {text:?}\n numpy   {want:?}"));
                }
            }
            ("error", Err(Error::Value { op: "savetxt", .. })) => {}
            (kind, got) => failures.push(format!("{name}: numpy {kind}, numfuse {got:?}")),
        }
    }
    assert_agree(&failures, cases.len());
}

#[test]
fn error_names_line_and_editor_column() {
    let err = loadtxt_str("1,2\n3,  abc\n", &TextOptions::new().delimiter(',')).unwrap_err();
    let Error::TextParse {
        input,
        line,
        column,
        msg,
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!((input.as_str(), *line, *column), ("<str>", 2, 5));
    assert_eq!(msg, "could not convert string 'abc' to float64 (field 2)");
    assert_eq!(
        err.to_string(),
        "<str>:2:5: could not convert string 'abc' to float64 (field 2)"
    );
    // Columns count characters, not bytes.
    let err = loadtxt_str("é 1\n", &TextOptions::new().usecols(&[1, 0])).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("<str>:1:1: could not convert string 'é'"),
        "{err}"
    );
    let err = loadtxt_reader(&b"1 2\n\xff 3\n"[..], &TextOptions::new()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("<reader>:2:1: the line is not valid UTF-8"),
        "{err}"
    );
    let opts = TextOptions::new().delimiter(',').quotechar('"');
    let err = loadtxt_str("1,\"2\n", &opts).unwrap_err();
    assert_eq!(err.to_string(), "<str>:1:3: unterminated quoted field");
}

#[test]
fn genfromtxt_strict_and_skip_options() {
    let strict = TextOptions::new().loose(false);
    let err = genfromtxt_str("1 2\n3 x\n", &strict).unwrap_err();
    assert_eq!(
        err.to_string(),
        "<str>:2:3: could not convert string 'x' to float64 (field 2)"
    );
    let both = TextOptions::new().skip_footer(1).max_rows(1);
    assert!(matches!(
        genfromtxt_str("1\n2\n", &both),
        Err(Error::Value { .. })
    ));
}

#[test]
fn savetxt_then_loadtxt_round_trips_every_dtype() {
    let mut state = 7u64;
    for dtype in DType::ALL {
        let v: Vec<f64> = (0..12)
            .map(|_| (splitmix(&mut state) % 200) as f64 - 100.0)
            .collect();
        let a = Array::from_vec(v, &[4, 3]).unwrap().astype(dtype);
        let fmt = if dtype.is_float() { "%.18e" } else { "%d" };
        let path = std::env::temp_dir().join(format!("numfuse_io_text_{}.txt", dtype.name()));
        savetxt(&path, &a, &SaveTxtOptions::new().fmt(fmt)).unwrap();
        let back = loadtxt(&path, &TextOptions::new().dtype(dtype)).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_array_eq(&back, &a, dtype.name());
    }
    // Default %.18e keeps every float64 bit, including odd values and NaN/inf.
    let v = vec![
        0.1,
        -1.0 / 3.0,
        1e-310,
        f64::MAX,
        f64::NAN,
        f64::NEG_INFINITY,
    ];
    let a = Array::from_vec(v, &[6]).unwrap();
    let text = savetxt_string(&a, &SaveTxtOptions::new()).unwrap();
    assert_array_eq(
        &loadtxt_str(&text, &TextOptions::new()).unwrap(),
        &a,
        "f64 bits",
    );
}

#[test]
fn random_garbage_lines_never_panic() {
    const ALPHABET: &[u8] = b"0123456789.eE+-,; \t#\"\r\nnaifxNAI_\\";
    let mut state = 12345u64;
    let dtypes = [DType::F64, DType::I8, DType::U64, DType::Bool, DType::F32];
    for round in 0..400 {
        let len = (splitmix(&mut state) % 80) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| match splitmix(&mut state) % 50 {
                0 => 0xC3,
                _ => ALPHABET[(splitmix(&mut state) % ALPHABET.len() as u64) as usize],
            })
            .collect();
        let dtype = dtypes[round % dtypes.len()];
        let mut opts = TextOptions::new().dtype(dtype);
        if round % 3 == 0 {
            opts = opts.delimiter(',').quotechar('"');
        }
        if round % 4 == 1 {
            opts = opts
                .usecols(&[-1, 0])
                .skip_footer(1)
                .missing_values(&["NA"]);
        }
        if round % 5 == 2 {
            opts = opts
                .ndmin(2)
                .unpack(true)
                .comments_any(&["#", ";"])
                .max_rows(2);
        }
        // A well-formed array or an error that names what was wrong; never a panic.
        let text = String::from_utf8_lossy(&bytes);
        for r in [
            loadtxt_reader(&bytes[..], &opts),
            genfromtxt_str(&text, &opts),
        ] {
            match r {
                Ok(a) => {
                    assert_eq!(a.dtype(), dtype);
                    assert!(a.ndim() <= 2);
                }
                Err(Error::TextParse { line, column, .. }) => assert!(line >= 1 && column >= 1),
                Err(Error::Value {
                    op: "genfromtxt", ..
                }) => {}
                Err(e) => panic!("round {round}: unexpected error {e}"),
            }
        }
    }
}
