//! Helpers shared by the integration tests: reference data under `tests/data` (written by
//! `scripts/gen_numpy_reference.py`), exact array comparison with readable failures, and a
//! minimal JSON reader for the reference files (no extra dependencies).

#![allow(
    dead_code,
    reason = "each test crate that includes this module uses a different subset of it"
)]

pub mod cases;

use numfuse::{Array, DType, Element};
use std::path::PathBuf;

/// The path of a file under `tests/data`.
pub fn data_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(rel)
}

/// The `cases` list of a reference file under `tests/data` (`{"cases": [...]}`, as the
/// generator scripts write them).
pub fn load_cases(rel: &str) -> Vec<Json> {
    Json::parse(&read_text(rel)).get("cases").arr().to_vec()
}

/// SplitMix64: the next 64 bits of a fixed stream, for deterministic test inputs.
pub fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Reads a text file under `tests/data`.
pub fn read_text(rel: &str) -> String {
    let path = data_path(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run `python3 scripts/gen_numpy_reference.py`)",
            path.display()
        )
    })
}

/// Loads a `.npy` file under `tests/data` with `numfuse::io`.
pub fn load_npy(rel: &str) -> Array {
    let path = data_path(rel);
    numfuse::io::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `tests/data/<dir>` (or `tests/data` itself) whose name ends in `ext`, as paths
/// relative to `tests/data`, sorted.
pub fn data_files(dir: &str, ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_string()];
    while let Some(rel) = stack.pop() {
        let entries =
            std::fs::read_dir(data_path(&rel)).unwrap_or_else(|e| panic!("tests/data/{rel}: {e}"));
        for entry in entries {
            let entry = entry.expect("directory entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type().expect("file type").is_dir() {
                stack.push(child);
            } else if name.ends_with(ext) {
                out.push(child);
            }
        }
    }
    out.sort();
    out
}

/// True when two elements are the same value: exact, with floats compared by bit pattern except
/// that every NaN equals every NaN (so `-0.0 != 0.0`).
pub fn same_element<T: Element>(a: T, b: T) -> bool {
    if T::DTYPE.is_float() {
        let (x, y) = (a.to_f64(), b.to_f64());
        (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
    } else {
        a == b
    }
}

/// Positions (in C order) where `actual` and `expected` differ, as (index, actual, expected)
/// rendered with `Debug`. Both arrays must have dtype `T` and the same size.
fn mismatches<T: Element>(actual: &Array, expected: &Array) -> Vec<(usize, String, String)> {
    let a = actual.to_vec::<T>().expect("dtype checked");
    let e = expected.to_vec::<T>().expect("dtype checked");
    a.iter()
        .zip(&e)
        .enumerate()
        .filter(|(_, (x, y))| !same_element(**x, **y))
        .map(|(i, (x, y))| (i, format!("{x:?}"), format!("{y:?}")))
        .collect()
}

/// Asserts that two arrays have the same dtype, shape and elements (see [`same_element`]),
/// listing the first differences on failure.
pub fn assert_array_eq(actual: &Array, expected: &Array, context: &str) {
    assert_eq!(actual.dtype(), expected.dtype(), "{context}: dtype");
    assert_eq!(actual.shape(), expected.shape(), "{context}: shape");
    let diffs = numfuse::dispatch!(actual.dtype(), T => mismatches::<T>(actual, expected));
    if !diffs.is_empty() {
        let shown: Vec<String> = diffs
            .iter()
            .take(10)
            .map(|(i, a, e)| format!("  [{i}] numfuse {a}, numpy {e}"))
            .collect();
        panic!(
            "{context}: {} of {} elements differ\n{}",
            diffs.len(),
            actual.size(),
            shown.join("\n")
        );
    }
}

/// Fails listing every case that disagreed with NumPy, out of `checked`.
pub fn assert_agree(failures: &[String], checked: usize) {
    assert!(
        failures.is_empty(),
        "{} of {checked} cases disagree with NumPy:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Parses a dtype name as NumPy prints it (`int8`, `float64`, `bool`).
pub fn dtype(name: &str) -> DType {
    name.parse()
        .unwrap_or_else(|e| panic!("unknown dtype {name:?}: {e}"))
}

/// A JSON value: the subset `json.dumps` writes for the reference files.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// Any number (integers up to 2^53 are exact).
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, keys in file order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// Parses a whole document.
    ///
    /// # Panics
    /// On malformed input, naming the byte offset (these are test fixtures).
    pub fn parse(text: &str) -> Json {
        let mut p = JsonParser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value();
        p.ws();
        assert_eq!(p.i, p.s.len(), "trailing text after JSON at byte {}", p.i);
        v
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("no key {key:?} in JSON object")),
            other => panic!("expected an object with {key:?}, got {other:?}"),
        }
    }

    /// The members of an object.
    pub fn members(&self) -> &[(String, Json)] {
        match self {
            Json::Obj(m) => m,
            other => panic!("expected an object, got {other:?}"),
        }
    }

    /// The elements of an array.
    pub fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(v) => v,
            other => panic!("expected an array, got {other:?}"),
        }
    }

    /// A string.
    pub fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            other => panic!("expected a string, got {other:?}"),
        }
    }

    /// A number.
    pub fn num(&self) -> f64 {
        match self {
            Json::Num(v) => *v,
            other => panic!("expected a number, got {other:?}"),
        }
    }

    /// An integer.
    pub fn int(&self) -> i64 {
        let v = self.num();
        assert!(v.fract() == 0.0, "expected an integer, got {v}");
        v as i64
    }

    /// A boolean.
    pub fn bool(&self) -> bool {
        match self {
            Json::Bool(b) => *b,
            other => panic!("expected a boolean, got {other:?}"),
        }
    }

    /// `None` for `null`, else the value.
    pub fn opt(&self) -> Option<&Json> {
        match self {
            Json::Null => None,
            v => Some(v),
        }
    }

    /// An array of integers.
    pub fn ints(&self) -> Vec<i64> {
        self.arr().iter().map(Json::int).collect()
    }
}

struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) {
        assert_eq!(
            self.s.get(self.i),
            Some(&c),
            "expected {:?} at byte {}",
            c as char,
            self.i
        );
        self.i += 1;
    }

    fn literal(&mut self, word: &str, v: Json) -> Json {
        assert!(
            self.s[self.i..].starts_with(word.as_bytes()),
            "bad literal at byte {}",
            self.i
        );
        self.i += word.len();
        v
    }

    fn value(&mut self) -> Json {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Json::Obj(members);
                }
                loop {
                    self.ws();
                    let k = self.string();
                    self.ws();
                    self.eat(b':');
                    members.push((k, self.value()));
                    self.ws();
                    if self.s.get(self.i) == Some(&b',') {
                        self.i += 1;
                    } else {
                        self.eat(b'}');
                        return Json::Obj(members);
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Json::Arr(items);
                }
                loop {
                    items.push(self.value());
                    self.ws();
                    if self.s.get(self.i) == Some(&b',') {
                        self.i += 1;
                    } else {
                        self.eat(b']');
                        return Json::Arr(items);
                    }
                }
            }
            Some(b'"') => Json::Str(self.string()),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            _ => {
                let start = self.i;
                while matches!(
                    self.s.get(self.i),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).expect("ASCII");
                let v = text
                    .parse()
                    .unwrap_or_else(|_| panic!("bad JSON value {text:?} at byte {start}"));
                Json::Num(v)
            }
        }
    }

    fn string(&mut self) -> String {
        self.eat(b'"');
        let mut out = String::new();
        loop {
            let c = *self
                .s
                .get(self.i)
                .unwrap_or_else(|| panic!("unterminated string"));
            self.i += 1;
            match c {
                b'"' => return out,
                b'\\' => {
                    let e = self.s[self.i];
                    self.i += 1;
                    match e {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' => {
                            let hex = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
                            self.i += 4;
                            let code = u32::from_str_radix(hex, 16).expect("\\u escape");
                            // The reference files are ASCII; surrogate pairs never occur.
                            out.push(char::from_u32(code).expect("not a surrogate"));
                        }
                        other => out.push(other as char),
                    }
                }
                _ => {
                    // Multi-byte UTF-8: copy the whole character.
                    let start = self.i - 1;
                    let len = match c {
                        0x00..=0x7f => 1,
                        0xc0..=0xdf => 2,
                        0xe0..=0xef => 3,
                        _ => 4,
                    };
                    self.i = start + len;
                    out.push_str(std::str::from_utf8(&self.s[start..self.i]).expect("UTF-8"));
                }
            }
        }
    }
}

/// Compares the results a seed section kept (`examples/seed_lib/record.rs`) with the ones
/// NumPy's run of the seed saved in `tests/data/<rel>` (an `.npz` whose member names are the
/// same): the two sets of names must be equal, and each result must match exactly (dtype,
/// shape, every element, NaN where NaN).
pub fn assert_record_matches_npz(entries: &[(String, Array)], rel: &str) {
    let path = data_path(rel);
    let npz = numfuse::io::load_npz(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut ours: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    ours.sort_unstable();
    let mut theirs: Vec<&str> = npz.names().iter().map(String::as_str).collect();
    theirs.sort_unstable();
    assert_eq!(ours, theirs, "{rel}: the results kept differ from NumPy's");
    for (name, got) in entries {
        let want = npz
            .get(name)
            .unwrap_or_else(|e| panic!("{rel}: {name}: {e}"));
        assert_array_eq(got, &want, &format!("{rel}: {name}"));
    }
}

/// Same dtype and shape as NumPy's `want`, elements within `rtol` / `atol` (NaN matching NaN),
/// as `numfuse::testing::assert_allclose` compares them.
pub fn assert_close_to(got: &Array, want: &Array, what: &str, rtol: f64, atol: f64) {
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    numfuse::testing::assert_allclose(got, want, rtol, atol);
}
