//! `.npz` archives (`numfuse::io::{savez, savez_compressed, load_npz, Npz, read_npz,
//! write_npz}`) against archives written by NumPy (`scripts/gen_numpy_npz.py`), NumPy reading
//! numfuse's archives, round trips, and malformed input.

mod common;

use common::{Json, assert_array_eq, data_path, load_npy, read_text, splitmix};
use numfuse::io::{Npz, load_npz, read_npz, savez, savez_compressed, write_npy, write_npz};
use numfuse::{Array, DType, Error};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Cursor, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The system allocator, recording the largest single request, so that the zip-bomb tests can
/// check that no claimed size is ever allocated.
struct Tracking;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the same arguments; recording a size does not
// touch the memory.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: as in `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (every allocation goes there).
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        // SAFETY: as in `dealloc`, and the caller's contract for `new_size` is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Tracking = Tracking;

/// The archive names of `tests/data/npz/manifest.json`, with their member names in order.
fn manifest() -> Vec<(String, Vec<String>)> {
    Json::parse(&read_text("npz/manifest.json"))
        .members()
        .iter()
        .map(|(archive, names)| {
            let names = names.arr().iter().map(|n| n.str().to_string()).collect();
            (archive.clone(), names)
        })
        .collect()
}

/// Every array of `tests/data/npz/expected/<archive>`, in the manifest's order.
fn expected(archive: &str, names: &[String]) -> Vec<(String, Array)> {
    names
        .iter()
        .map(|n| {
            (
                n.clone(),
                load_npy(&format!("npz/expected/{archive}/{n}.npy")),
            )
        })
        .collect()
}

fn assert_same_arrays(actual: &[(String, Array)], expected: &[(String, Array)], context: &str) {
    assert_eq!(actual.len(), expected.len(), "{context}: number of arrays");
    for ((an, a), (en, e)) in actual.iter().zip(expected) {
        assert_eq!(an, en, "{context}: names in archive order");
        assert_array_eq(a, e, &format!("{context}: {an}"));
    }
}

#[test]
fn reads_numpy_archives() {
    let all = manifest();
    assert_eq!(
        all.len(),
        4,
        "savez and savez_compressed, keyword and positional"
    );
    for (archive, names) in &all {
        let path = data_path(&format!("npz/{archive}.npz"));
        let want = expected(archive, names);
        let npz = load_npz(&path).unwrap_or_else(|e| panic!("{archive}: {e}"));
        assert_eq!(npz.names(), names.as_slice(), "{archive}");
        assert_eq!(npz.len(), names.len());
        for (name, e) in &want {
            let a = npz
                .get(name)
                .unwrap_or_else(|e| panic!("{archive}/{name}: {e}"));
            assert_array_eq(&a, e, &format!("{archive}/{name}"));
            let by_member = npz.get(&format!("{name}.npy")).expect("member name");
            assert_array_eq(&by_member, e, &format!("{archive}/{name}.npy"));
        }
        assert_same_arrays(&npz.into_arrays().expect("all"), &want, archive);
        let bytes = std::fs::read(&path).expect("archive");
        assert_same_arrays(&read_npz(&bytes).expect("in memory"), &want, archive);
    }
    let npz = load_npz(data_path("npz/dtypes.npz")).expect("dtypes.npz");
    assert!(npz.get("fortran_i16").expect("F").is_f_contiguous());
    assert!(npz.get("scalar_f64").expect("0-d").shape().is_empty());
    assert_eq!(npz.get("empty_i32").expect("empty").shape(), &[0, 3]);
    for d in DType::ALL {
        assert_eq!(npz.get(d.name()).expect("dtype member").dtype(), d);
    }
}

/// The raw bytes of every member of a zip archive, in order.
fn members(bytes: &[u8]) -> Vec<(String, CompressionMethod, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("member");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("member data");
            (f.name().expect("name").into_owned(), f.compression(), data)
        })
        .collect()
}

/// Arrays of every dtype and of awkward layouts: 0-d, empty, F-ordered, strided, transposed.
fn sample_arrays() -> Vec<(String, Array)> {
    let mut out: Vec<(String, Array)> = DType::ALL
        .iter()
        .map(|d| {
            let name = d.name();
            (
                name.to_string(),
                load_npy(&format!("npz/expected/dtypes/{name}.npy")),
            )
        })
        .collect();
    let m = Array::arange(24.0, DType::F64)
        .reshape(&[4, 6])
        .expect("reshape");
    out.push(("transposed".into(), m.t()));
    out.push((
        "strided".into(),
        m.slice(numfuse::s![.., ..;2]).expect("slice"),
    ));
    out.push((
        "scalar".into(),
        Array::arange(1.0, DType::I64).reshape(&[]).expect("0-d"),
    ));
    out.push(("empty".into(), Array::zeros(&[2, 0, 3], DType::U16)));
    out
}

fn as_refs(arrays: &[(String, Array)]) -> Vec<(&str, &Array)> {
    arrays.iter().map(|(n, a)| (n.as_str(), a)).collect()
}

#[test]
fn round_trips_and_members_are_npy_bytes() {
    let arrays = sample_arrays();
    let refs = as_refs(&arrays);
    for compressed in [false, true] {
        let bytes = write_npz(&refs, compressed).expect("write");
        assert_same_arrays(&read_npz(&bytes).expect("read"), &arrays, "round trip");
        let method = if compressed {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let raw = members(&bytes);
        assert_eq!(raw.len(), arrays.len());
        for ((name, m, data), (n, a)) in raw.iter().zip(&arrays) {
            assert_eq!(name, &format!("{n}.npy"));
            assert_eq!(*m, method, "{name}");
            assert_eq!(
                data,
                &write_npy(a),
                "{name}: the member is write_npy's bytes"
            );
        }
        assert_eq!(
            bytes,
            write_npz(&refs, compressed).expect("again"),
            "deterministic"
        );
    }
    let dir = temp_dir("round_trip");
    for (compressed, file) in [(false, "a.npz"), (true, "b.npz")] {
        let path = dir.join(file);
        if compressed {
            savez_compressed(&path, &refs).expect("savez_compressed");
        } else {
            savez(&path, &refs).expect("savez");
        }
        let on_disk = std::fs::read(&path).expect("file");
        assert_eq!(on_disk, write_npz(&refs, compressed).expect("bytes"));
        assert_same_arrays(
            &load_npz(&path).expect("load").into_arrays().expect("all"),
            &arrays,
            file,
        );
    }
    std::fs::remove_dir_all(&dir).ok();
    let empty = write_npz(&[], true).expect("no arrays");
    let npz = Npz::new(Cursor::new(empty)).expect("empty archive");
    assert!(npz.is_empty() && npz.names().is_empty());
}

/// NumPy's archives hold exactly NumPy's `.npy` bytes, which for little-endian members are
/// `write_npy`'s: the members are bit-compatible both ways.
#[test]
fn numpy_members_are_write_npy_bytes() {
    for (archive, names) in manifest() {
        let bytes = std::fs::read(data_path(&format!("npz/{archive}.npz"))).expect("archive");
        for ((member, _, data), (name, a)) in members(&bytes).iter().zip(expected(&archive, &names))
        {
            assert_eq!(member, &format!("{name}.npy"));
            if !name.starts_with("be_") {
                assert_eq!(data, &write_npy(&a), "{archive}/{member}");
            }
        }
    }
}

/// `(version needed to extract, first extra field's id)` of an archive's first local header.
fn first_local_header(bytes: &[u8]) -> (u16, u16) {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    (u16_at(4), u16_at(30 + usize::from(u16_at(26))))
}

/// Like NumPy (`force_zip64=True`), every member carries a ZIP64 extra field (id 1) and needs
/// version 4.5 to extract, so members past 4 GiB need nothing else.
#[test]
fn members_are_zip64_like_numpy() {
    let numpy = std::fs::read(data_path("npz/dtypes.npz")).expect("archive");
    assert_eq!(first_local_header(&numpy), (45, 1), "NumPy's archive");
    let a = Array::zeros(&[3], DType::F64);
    for compressed in [false, true] {
        let ours = write_npz(&[("a", &a)], compressed).expect("archive");
        assert_eq!(
            first_local_header(&ours),
            (45, 1),
            "compressed: {compressed}"
        );
    }
}

#[test]
fn refuses_bad_names() {
    let a = Array::zeros(&[2], DType::F64);
    for (arrays, what) in [
        (vec![("", &a)], "empty name"),
        (vec![("x/y", &a)], "contains '/'"),
        (vec![("x\\y", &a)], "contains '\\\\'"),
        (vec![("x\0", &a)], "contains '\\0'"),
        (vec![("x", &a), ("y", &a), ("x", &a)], "given twice"),
    ] {
        let err = write_npz(&arrays, false).unwrap_err();
        assert!(matches!(err, Error::Value { op: "savez", .. }), "{err:?}");
        assert!(err.to_string().contains(what), "{err}");
    }
    let dir = temp_dir("bad_names");
    let path = dir.join("never.npz");
    assert!(savez(&path, &[("", &a)]).is_err());
    assert!(!path.exists(), "a refused archive is not created");
    std::fs::remove_dir_all(&dir).ok();
}

/// A directory for one test's files under the system's temporary directory.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("numfuse_io_npz_{}_{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// NumPy loads numfuse's archives (both kinds) and `.npy` files: same dtype, shape, values and
/// order as the reference arrays, and members byte-identical to what `np.save` writes.
#[test]
fn numpy_reads_numfuse_files() {
    if !numpy_available() {
        return;
    }
    let (archive, names) = manifest()
        .into_iter()
        .find(|(a, _)| a == "dtypes")
        .expect("dtypes archive");
    let arrays = expected(&archive, &names);
    let refs = as_refs(&arrays);
    let dir = temp_dir("numpy_reads");
    savez(dir.join("stored.npz"), &refs).expect("savez");
    savez_compressed(dir.join("deflated.npz"), &refs).expect("savez_compressed");
    for (name, a) in &arrays {
        numfuse::io::save(dir.join(format!("{name}.npy")), a).expect("save");
    }
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(NUMPY_CHECK)
        .arg(&dir)
        .arg(data_path("npz/expected/dtypes"))
        .arg(names.join(","))
        .output()
        .expect("run python3");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "NumPy disagrees:\n{stdout}\n{stderr}");
    assert_eq!(
        stdout.trim(),
        format!("checked {}", 3 * names.len()),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Loads `stored.npz`, `deflated.npz` and `<name>.npy` from argv[1] and compares each array with
/// argv[2]/<name>.npy (written by NumPy).
const NUMPY_CHECK: &str = r#"
import io, sys, zipfile
import numpy as np
out, ref, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
bad, checked = [], 0
def npy_bytes(a):
    f = io.BytesIO()
    np.save(f, a)
    return f.getvalue()
def check(where, a, e, raw):
    global checked
    checked += 1
    le = e.astype(e.dtype.newbyteorder("<"))
    if a.dtype != le.dtype or a.shape != e.shape or a.tobytes("A") != le.tobytes("A"):
        bad.append(f"{where}: {a.dtype} {a.shape} vs {e.dtype} {e.shape}")
    if a.flags.f_contiguous != e.flags.f_contiguous or a.flags.c_contiguous != e.flags.c_contiguous:
        bad.append(f"{where}: order differs")
    if raw != npy_bytes(le):
        bad.append(f"{where}: bytes differ from np.save's")
for archive, method in [("stored", zipfile.ZIP_STORED), ("deflated", zipfile.ZIP_DEFLATED)]:
    path = f"{out}/{archive}.npz"
    with np.load(path) as npz, zipfile.ZipFile(path) as z:
        if npz.files != names:
            bad.append(f"{archive}: names {npz.files}")
        for n in names:
            if z.getinfo(n + ".npy").compress_type != method:
                bad.append(f"{archive}/{n}: compression")
            check(f"{archive}/{n}", npz[n], np.load(f"{ref}/{n}.npy"), z.read(n + ".npy"))
for n in names:
    with open(f"{out}/{n}.npy", "rb") as f:
        raw = f.read()
    check(f"{n}.npy", np.load(f"{out}/{n}.npy"), np.load(f"{ref}/{n}.npy"), raw)
print("\n".join(bad) if bad else f"checked {checked}")
sys.exit(1 if bad else 0)
"#;

/// True if `python3` can import NumPy. If not, fails when `NUMFUSE_REQUIRE_NUMPY=1` (as CI
/// sets), else prints that the test is skipped.
fn numpy_available() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("NUMFUSE_REQUIRE_NUMPY").as_deref() != Ok("1"),
            "NUMFUSE_REQUIRE_NUMPY=1 but `python3 -c 'import numpy'` fails"
        );
        eprintln!("skipped: python3 with NumPy is not available");
    }
    ok
}

// ---------------------------------------------------------------- malformed archives

/// A zip archive of raw members, written with the zip crate as `savez` would (or without ZIP64
/// extra fields when `zip64` is false, so that the 32-bit size fields hold the sizes).
fn zip_of(members: &[(&str, &[u8])], method: CompressionMethod, zip64: bool) -> Vec<u8> {
    let options = SimpleFileOptions::default()
        .compression_method(method)
        .large_file(zip64);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in members {
        zip.start_file(*name, options).expect("start member");
        zip.write_all(data).expect("member data");
    }
    zip.finish().expect("finish").into_inner()
}

/// A version 1.0 `.npy` file with the header dict `dict` (padded as NumPy pads) and `data`.
fn npy_with_header(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut header = dict.to_string();
    while !(10 + header.len() + 1).is_multiple_of(64) {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&u16::try_from(header.len()).expect("short").to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}

/// The error of reading every array of `bytes`.
fn read_err(bytes: &[u8]) -> Error {
    match read_npz(bytes) {
        Ok(arrays) => panic!("read {} arrays from a malformed archive", arrays.len()),
        Err(e) => e,
    }
}

/// Asserts a `Parse` error naming `member` whose message contains `what`.
fn assert_member_error(e: &Error, member: &str, what: &str) {
    let text = e.to_string();
    assert!(matches!(e, Error::Parse { .. }), "{e:?}");
    assert!(text.contains(&format!("npz member '{member}'")), "{text}");
    assert!(text.contains(what), "expected {what:?} in: {text}");
}

/// The offset of the first occurrence of `sig` in `bytes`.
fn find(bytes: &[u8], sig: &[u8]) -> usize {
    bytes
        .windows(sig.len())
        .position(|w| w == sig)
        .expect("signature")
}

fn put_u32(bytes: &mut [u8], at: usize, v: u32) {
    bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

const LOCAL: &[u8] = b"PK\x03\x04";
const CENTRAL: &[u8] = b"PK\x01\x02";

#[test]
fn missing_name_and_non_npy_member() {
    let a = Array::arange(3.0, DType::I8);
    let bytes = zip_of(
        &[
            ("a.npy", &write_npy(&a)),
            ("notes.txt", b"hello, not an array"),
        ],
        CompressionMethod::Stored,
        true,
    );
    let npz = Npz::new(Cursor::new(&bytes[..])).expect("archive");
    assert_eq!(npz.names(), ["a", "notes.txt"], "NumPy's NpzFile.files");
    assert_array_eq(&npz.get("a").expect("a"), &a, "a");
    let e = npz.get("b").unwrap_err();
    assert!(matches!(e, Error::Value { .. }), "{e:?}");
    assert_eq!(e.to_string(), "Npz::get: b is not a file in the archive");
    assert_member_error(
        &npz.get("notes.txt").unwrap_err(),
        "notes.txt",
        "not a .npy file",
    );
    let short = zip_of(&[("s.npy", b"\x93NUM")], CompressionMethod::Deflated, true);
    assert_member_error(&read_err(&short), "s.npy", "truncated");
}

#[test]
fn lying_npy_header() {
    // The header of a member promises 1 TiB; the member holds 16 bytes.
    let member = npy_with_header(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (137438953472,), }",
        &[0; 16],
    );
    for method in [CompressionMethod::Stored, CompressionMethod::Deflated] {
        let bytes = zip_of(&[("big.npy", &member)], method, true);
        assert_member_error(&read_err(&bytes), "big.npy", "promises 1099511627776 bytes");
    }
    let bad = npy_with_header(
        "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }",
        &[0; 32],
    );
    let bytes = zip_of(&[("c.npy", &bad)], CompressionMethod::Stored, true);
    assert_member_error(&read_err(&bytes), "c.npy", "unsupported descr");
}

/// A small deflated archive whose member claims 1 TiB and really holds 64 MiB of zeros: reading
/// it fails without ever asking for more than a small multiple of what was decompressed.
#[test]
fn zip_bomb_is_not_allocated() {
    let header = "{'descr': '<u1', 'fortran_order': False, 'shape': (1099511627776,), }";
    let member = npy_with_header(header, &vec![0; 64 << 20]);
    let bytes = zip_of(&[("bomb.npy", &member)], CompressionMethod::Deflated, true);
    drop(member);
    assert!(
        bytes.len() < 1 << 20,
        "the bomb is small: {} bytes",
        bytes.len()
    );
    LARGEST.store(0, Ordering::Relaxed);
    assert_member_error(
        &read_err(&bytes),
        "bomb.npy",
        "promises 1099511627776 bytes",
    );
    let largest = LARGEST.load(Ordering::Relaxed);
    assert!(
        largest <= 160 << 20,
        "allocated {largest} bytes for 64 MiB of data"
    );
}

#[test]
fn lying_zip_sizes() {
    let a = Array::arange(100.0, DType::F64);
    let npy = write_npy(&a);
    // A stored member whose entry claims more bytes than it holds.
    let mut bytes = zip_of(&[("a.npy", &npy)], CompressionMethod::Stored, false);
    let (c, l) = (find(&bytes, CENTRAL), find(&bytes, LOCAL));
    put_u32(&mut bytes, c + 24, 0x7fff_ffff);
    put_u32(&mut bytes, l + 22, 0x7fff_ffff);
    assert_member_error(
        &read_err(&bytes),
        "a.npy",
        "its zip entry declares 2147483647",
    );
    // A deflated member whose entry claims fewer bytes than it holds.
    let mut bytes = zip_of(&[("a.npy", &npy)], CompressionMethod::Deflated, false);
    let (c, l) = (find(&bytes, CENTRAL), find(&bytes, LOCAL));
    put_u32(&mut bytes, c + 24, 100);
    put_u32(&mut bytes, l + 22, 100);
    assert_member_error(&read_err(&bytes), "a.npy", "declared uncompressed size");
}

#[test]
fn crc_mismatch_and_corrupt_deflate() {
    let a = Array::arange(1000.0, DType::I32);
    let npy = write_npy(&a);
    let mut bytes = zip_of(&[("a.npy", &npy)], CompressionMethod::Stored, true);
    // The last byte of the array's data (the central directory follows the member).
    let last = find(&bytes, CENTRAL) - 1;
    bytes[last] ^= 1;
    assert_member_error(&read_err(&bytes), "a.npy", "checksum");
    let good = zip_of(&[("a.npy", &npy)], CompressionMethod::Deflated, true);
    let data_start = 30 + 5 + u16::from_le_bytes([good[28], good[29]]) as usize;
    let data_end = find(&good, CENTRAL);
    for at in (data_start..data_end).step_by(7) {
        let mut bytes = good.clone();
        bytes[at] ^= 0x55;
        assert_member_error(&read_err(&bytes), "a.npy", "corrupt");
    }
}

#[test]
fn not_an_archive() {
    for bytes in [
        &b""[..],
        b"PK",
        b"not a zip archive at all",
        &write_npy(&Array::zeros(&[3], DType::F32)),
    ] {
        let e = read_err(bytes);
        assert!(
            matches!(&e, Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData),
            "{e:?}"
        );
        assert!(
            e.to_string().contains("not a valid .npz (zip) archive"),
            "{e}"
        );
    }
    let e = load_npz(std::env::temp_dir().join("numfuse_io_npz_no_such_file.npz")).unwrap_err();
    assert!(
        matches!(&e, Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound),
        "{e:?}"
    );
}

/// Every prefix (at a stride) of valid archives, NumPy's and numfuse's, is an error.
#[test]
fn truncated_archives_are_errors() {
    let arrays = sample_arrays();
    let mut archives = vec![
        write_npz(&as_refs(&arrays), false).expect("stored"),
        write_npz(&as_refs(&arrays), true).expect("deflated"),
    ];
    for name in ["dtypes_compressed", "positional"] {
        archives.push(std::fs::read(data_path(&format!("npz/{name}.npz"))).expect("archive"));
    }
    for bytes in &archives {
        for len in (0..bytes.len()).step_by(13) {
            assert!(
                read_npz(&bytes[..len]).is_err(),
                "a prefix of {len} bytes was read"
            );
        }
    }
}

/// Flipping bytes anywhere gives an error or the same arrays (a flip in a name, a time stamp or
/// a field the reader ignores), never a panic nor different data.
#[test]
fn flipped_bytes_never_give_wrong_arrays() {
    let arrays = sample_arrays();
    let want: Vec<Array> = arrays.iter().map(|(_, a)| a.clone()).collect();
    let mut state = 10;
    for compressed in [false, true] {
        let good = write_npz(&as_refs(&arrays), compressed).expect("archive");
        let mut positions: Vec<usize> = (0..good.len()).step_by(11).collect();
        positions.extend((0..200).map(|_| (splitmix(&mut state) % good.len() as u64) as usize));
        for at in positions {
            let mut bytes = good.clone();
            bytes[at] ^= (splitmix(&mut state) % 255 + 1) as u8;
            if let Ok(got) = read_npz(&bytes) {
                assert_eq!(got.len(), want.len(), "flip at {at}");
                for ((_, g), w) in got.iter().zip(&want) {
                    assert_array_eq(g, w, &format!("flip at {at}"));
                }
            }
        }
    }
}
