//! Stride tricks and broadcasting views (seed section 2), checked two ways.
//!
//! (a) Against NumPy: `tests/data/stride/cases.json`, written by `scripts/gen_numpy_stride.py`:
//! `as_strided`, `sliding_window_view` (with axis lists, repeated axes, non-contiguous inputs,
//! zero-size results and every error NumPy raises), patch means (average pooling, eager and
//! lazy), 2-D convolution as windows times a kernel summed over the window axes (eagerly and
//! lazily, the lazy one fused into one kernel that reads the window view in place),
//! `broadcast_to`, `broadcast_arrays` and `broadcast_shapes`. Values, shapes, the read-only flag and
//! `shares_memory` with the input are compared. Layouts that reach outside the buffer are never
//! given to NumPy; the script decides them with its own arithmetic and records the error
//! numfuse must return.
//!
//! (b) A property test: a random `as_strided` on a random (sliced, offset, reversed) array,
//! with random shapes and byte strides (negative, zero, misaligned, huge), either returns an
//! error or a view whose every element lies inside the buffer, decided here by independent
//! `i128` arithmetic; and it returns an error exactly when that arithmetic says the layout is
//! out of bounds, misaligned or too big. Every element read through the view equals the base
//! array's element at the same byte offset.

mod common;

use common::cases::{array_from_json, check};
use common::{Json, read_text, same_element};
use numfuse::prelude::*;
use numfuse::{Element, ir::FloatPolicy};
use proptest::prelude::*;

// =============================================================================================
// (a) NumPy reference cases

fn all_cases() -> Json {
    Json::parse(&read_text("stride/cases.json"))
}

/// The cases of one `func`, with their names.
fn cases_of(all: &Json, func: &str) -> Vec<(String, Json)> {
    let out: Vec<(String, Json)> = all
        .get("cases")
        .arr()
        .iter()
        .filter(|c| c.get("func").str() == func)
        .map(|c| (c.get("name").str().to_string(), c.clone()))
        .collect();
    assert!(!out.is_empty(), "no {func} cases");
    out
}

fn usizes(j: &Json) -> Vec<usize> {
    j.ints().iter().map(|&v| v as usize).collect()
}

fn isizes(j: &Json) -> Vec<isize> {
    j.ints().iter().map(|&v| v as isize).collect()
}

fn has_error(expect: &Json) -> bool {
    matches!(expect, Json::Obj(m) if m.iter().any(|(k, _)| k == "error"))
}

/// Checks one case's result; returns what went wrong.
fn check_view(
    got: numfuse::Result<Array>,
    case: &Json,
    input: &Array,
) -> std::result::Result<(), String> {
    let expect = case.get("expect");
    let view = got.as_ref().ok().cloned();
    if let Some(msg) = check(got, expect) {
        return Err(msg);
    }
    let Some(view) = view else { return Ok(()) };
    // Stride tricks and broadcast views are read-only, whatever NumPy's `as_strided` says.
    if view.flags().writeable {
        return Err("the view is writeable".into());
    }
    if view.flags().owndata {
        return Err("the view owns its data".into());
    }
    if let Json::Obj(m) = case
        && let Some((_, want)) = m.iter().find(|(k, _)| k == "shares_memory")
        && view.shares_memory(input) != want.bool()
    {
        return Err(format!(
            "shares_memory is {}, numpy {}",
            view.shares_memory(input),
            want.bool()
        ));
    }
    Ok(())
}

/// The message of a refusal NumPy also refused, or what numfuse gave instead.
fn refusal(got: &numfuse::Result<Array>) -> std::result::Result<String, String> {
    match got {
        Ok(v) => Err(format!("numpy refused, numfuse gave {:?}", v.shape())),
        Err(e) => Ok(e.to_string()),
    }
}

/// [`check_view`] for a case where NumPy's own view is read-only too.
fn check_readonly_view(
    got: numfuse::Result<Array>,
    case: &Json,
    input: &Array,
) -> std::result::Result<(), String> {
    if !case.get("readonly").bool() {
        return Err("numpy's view is writeable".into());
    }
    check_view(got, case, input)
}

/// Runs every case, then fails listing each case that went wrong.
fn run_all(func: &str, mut run: impl FnMut(&Json) -> std::result::Result<(), String>) -> usize {
    let all = all_cases();
    let cases = cases_of(&all, func);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(name, c)| run(c).err().map(|e| format!("{func} {name:?}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    cases.len()
}

#[test]
fn as_strided_matches_numpy() {
    let n = run_all("as_strided", |c| {
        let x = array_from_json(c.get("x"));
        let (shape, strides) = (usizes(c.get("shape")), isizes(c.get("strides")));
        let got = x.as_strided(&shape, &strides);
        let expect = c.get("expect");
        if has_error(expect) {
            let err = match &got {
                Ok(v) => return Err(format!("should be refused, got {:?}", v.shape())),
                Err(e) => e,
            };
            let want = expect.get("error").str();
            let ok = match (want, err) {
                ("StridesOutOfBounds", Error::StridesOutOfBounds { condition, .. }) => {
                    i64::from(*condition) == expect.get("condition").int()
                }
                ("ShapeOverflow", Error::ShapeOverflow { .. }) => true,
                ("Shape", Error::Shape { .. }) => true,
                _ => false,
            };
            if !ok {
                return Err(format!(
                    "expected {want} {:?}, got {err:?}",
                    expect.get("condition")
                ));
            }
            // The message names the shape, the strides and the buffer size.
            if let Error::StridesOutOfBounds { .. } = err {
                let msg = err.to_string();
                let shape = numfuse::ir::ShapeDisplay(&shape).to_string();
                let bytes = format!("{}-byte buffer", x.buffer_len());
                if !msg.contains(&shape) || !msg.contains(&bytes) {
                    return Err(format!("message lacks {shape} or {bytes}: {msg}"));
                }
            }
            return Ok(());
        }
        check_view(got, c, &x)
    });
    assert!(n >= 30, "{n} cases");
}

#[test]
fn sliding_window_view_matches_numpy() {
    let n = run_all("sliding_window_view", |c| {
        let x = array_from_json(c.get("x"));
        let window = usizes(c.get("window_shape"));
        let axes = c.get("axis").opt().map(isizes);
        let got = x.sliding_window_view(&window, axes.as_deref());
        let expect = c.get("expect");
        if has_error(expect) {
            let msg = refusal(&got)?;
            // NumPy's message, after the op name ("sliding_window_view: ...") where it has one.
            let want = expect.get("msg").str();
            let kind_ok = matches!(
                (expect.get("error").str(), got.as_ref().unwrap_err()),
                ("AxisError", Error::AxisOutOfRange { .. }) | ("ValueError", Error::Value { .. })
            );
            if !kind_ok || !msg.ends_with(want) {
                return Err(format!("error {msg:?}, numpy {want:?}"));
            }
            return Ok(());
        }
        check_readonly_view(got, c, &x)
    });
    assert!(n >= 25, "{n} cases");
}

#[test]
fn patch_means_match_numpy() {
    run_all("window_mean", |c| {
        let x = array_from_json(c.get("x"));
        let window = usizes(c.get("window_shape"));
        let axes = c.get("axis").opt().map(isizes);
        let mean_axes = isizes(c.get("mean_axis"));
        let windows = x.sliding_window_view(&window, axes.as_deref());
        let got = windows
            .as_ref()
            .map_err(|e| e.to_string())?
            .mean(mean_axes.as_slice());
        let eager = got.as_ref().ok().cloned();
        if let Some(e) = check(got, c.get("expect")) {
            return Err(e);
        }
        // Lazily: one fused reduction over the window view (JIT), equal to eager up to the
        // summation order.
        let windows = windows.map_err(|e| e.to_string())?;
        let eager = eager.ok_or("no eager result")?;
        let lazy = windows
            .lazy()
            .mean(mean_axes.as_slice())
            .eval_with(&jit_strict())
            .map_err(|e| format!("lazy: {e}"))?;
        let rtol = if eager.dtype() == DType::F32 {
            1e-6
        } else {
            1e-12
        };
        close(&lazy, &eager, rtol).map_err(|e| format!("lazy: {e}"))
    });
}

fn jit_strict() -> EvalOptions {
    EvalOptions {
        backend: Backend::Jit,
        policy: FloatPolicy::Strict,
        ..EvalOptions::default()
    }
}

/// `a` and `b` have the same dtype and shape and agree to `rtol` (exactly when `rtol == 0`).
fn close(a: &Array, b: &Array, rtol: f64) -> std::result::Result<(), String> {
    if a.dtype() != b.dtype() || a.shape() != b.shape() {
        return Err(format!(
            "{} {:?} vs {} {:?}",
            a.dtype(),
            a.shape(),
            b.dtype(),
            b.shape()
        ));
    }
    let f64s = |v: &Array| v.astype(DType::F64).to_vec::<f64>().unwrap();
    let (x, y) = (f64s(a), f64s(b));
    for (i, (p, q)) in x.iter().zip(&y).enumerate() {
        let ok = if rtol == 0.0 {
            same_element(*p, *q)
        } else {
            (p - q).abs() <= rtol * (1.0 + q.abs())
        };
        if !ok {
            return Err(format!("[{i}] {p} vs numpy {q}"));
        }
    }
    Ok(())
}

/// The seed's `convolve2d` (section 4) without einsum and without copying the input:
/// `sliding_window_view(padded, kernel.shape)`, times the kernel (broadcast over the window
/// positions), summed over the two window axes. Eagerly the product is a temporary; lazily the
/// multiply and the sum fuse into one reduction kernel that reads the strided, overlapping window
/// view of the padded image in place.
#[test]
fn convolution_by_windows_matches_numpy_eager_and_lazy() {
    let jit = jit_strict();
    run_all("convolve", |c| {
        let padded = array_from_json(c.get("x"));
        let kernel = array_from_json(c.get("kernel"));
        let rtol = if c.get("exact").bool() { 0.0 } else { 1e-12 };
        let expect = &c.get("expect");
        let want = Array::from_vec(
            expect
                .get("values")
                .arr()
                .iter()
                .map(|v| v.str().parse::<f64>().unwrap())
                .collect(),
            &usizes(expect.get("shape")),
        )
        .unwrap();

        let windows = padded.sliding_window_view(kernel.shape(), None).unwrap();
        assert_eq!(windows.ndim(), 4);
        assert!(windows.shares_memory(&padded));
        let eager = windows
            .try_mul(&kernel)
            .and_then(|p| p.sum([-2, -1]))
            .map_err(|e| e.to_string())?;
        close(&eager, &want, rtol).map_err(|e| format!("eager: {e}"))?;

        let expr = (&windows.lazy() * &kernel).sum([-2, -1]);
        let text = expr.explain_with(&jit).map_err(|e| e.to_string())?;
        // One kernel, whose first input is the 4-D window view itself, read at the loop
        // indices (no copy or reshape of the windows in front of it).
        let (h, w) = (windows.shape()[0], windows.shape()[1]);
        let read = format!("in0: a f64[{h}, {w}, 3, 3] at [i0, i1, i2, i3]");
        if !text.contains("-- kernels: 1 --") || !text.contains(&read) {
            return Err(format!("not one kernel reading the windows:\n{text}"));
        }
        let lazy = expr.eval_with(&jit).map_err(|e| e.to_string())?;
        close(&lazy, &want, rtol).map_err(|e| format!("lazy: {e}"))
    });
}

#[test]
fn broadcast_to_matches_numpy() {
    run_all("broadcast_to", |c| {
        let x = array_from_json(c.get("x"));
        let shape = usizes(c.get("shape"));
        let got = x.broadcast_to(&shape);
        let expect = c.get("expect");
        if has_error(expect) {
            let msg = refusal(&got)?;
            // NumPy words a scalar target differently ("cannot broadcast a non-scalar to a
            // scalar array"); numfuse gives the general remapped-shapes message for it.
            let want = expect.get("msg").str();
            if want.starts_with("operands could not") && msg != want {
                return Err(format!("message {msg:?}, numpy {want:?}"));
            }
            return Ok(());
        }
        check_readonly_view(got, c, &x)
    });
}

#[test]
fn broadcast_arrays_match_numpy() {
    run_all("broadcast_arrays", |c| {
        let xs: Vec<Array> = c.get("xs").arr().iter().map(array_from_json).collect();
        let refs: Vec<&Array> = xs.iter().collect();
        let got = numfuse::broadcast_arrays(&refs);
        let expect = c.get("expect");
        if has_error(expect) {
            let msg = match &got {
                Ok(_) => return Err("numpy refused, numfuse broadcast".into()),
                Err(e) => e.to_string(),
            };
            let want = expect.get("msg").str();
            return if msg == want {
                Ok(())
            } else {
                Err(format!("message {msg:?}, numpy {want:?}"))
            };
        }
        let got = got.map_err(|e| e.to_string())?;
        for ((r, x), want) in got.iter().zip(&xs).zip(expect.arr()) {
            if let Some(e) = check(Ok(r.clone()), want) {
                return Err(e);
            }
            // NumPy 2.x still marks these writeable (warning on write, and saying they will
            // become read-only); numfuse's are read-only already.
            if r.flags().writeable {
                return Err("writeable".into());
            }
            if r.size() > 0 && !r.shares_memory(x) {
                return Err("does not share memory with its input".into());
            }
        }
        Ok(())
    });
}

#[test]
fn broadcast_shapes_match_numpy() {
    run_all("broadcast_shapes", |c| {
        let shapes: Vec<Vec<usize>> = c.get("shapes").arr().iter().map(usizes).collect();
        let refs: Vec<&[usize]> = shapes.iter().map(Vec::as_slice).collect();
        let got = numfuse::broadcast_shapes(&refs);
        match (got, c.get("expect")) {
            (Err(_), e) if has_error(e) => Ok(()),
            (Ok(s), e) if !has_error(e) && s.as_slice() == usizes(e.get("shape")) => Ok(()),
            (got, e) => Err(format!("numfuse {got:?}, numpy {e:?}")),
        }
    });
}

/// Seed section 2 (and `examples/stride_tricks.rs`): what its `print` calls show in NumPy.
#[test]
fn seed_section_2_prints_what_numpy_prints() {
    let arr = array![1i64, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    let s = arr.strides()[0];
    let windows = numfuse::as_strided(&arr, &[arr.len() - 3 + 1, 3], &[s, s]).unwrap();
    assert_eq!(
        format!("{windows:#}"),
        "[[ 1  2  3]\n [ 2  3  4]\n [ 3  4  5]\n [ 4  5  6]\n [ 5  6  7]\n [ 6  7  8]\n \
         [ 7  8  9]\n [ 8  9 10]]"
    );
    let windows = numfuse::sliding_window_view(&arr, &[3], None).unwrap();
    assert_eq!(windows.shape(), &[8, 3]);
    let image = Array::arange(25.0, DType::I64).reshape(&[5, 5]).unwrap();
    let patches = numfuse::sliding_window_view(&image, &[3, 3], None).unwrap();
    assert_eq!(patches.shape(), &[3, 3, 3, 3]);
    let means = patches.mean([-2, -1]).unwrap();
    assert_eq!(
        format!("{means:#}"),
        "[[ 6.  7.  8.]\n [11. 12. 13.]\n [16. 17. 18.]]"
    );
    let arr7 = array![1i64, 2, 3, 4, 5, 6, 7];
    let t = arr7.as_strided(&[4, 4], &[s, s]).unwrap();
    assert_eq!(
        format!("{t:#}"),
        "[[1 2 3 4]\n [2 3 4 5]\n [3 4 5 6]\n [4 5 6 7]]"
    );
    for (view, base) in [(&windows, &arr), (&patches, &image), (&t, &arr7)] {
        assert!(view.shares_memory(base));
        assert!(!view.flags().writeable);
    }
    // The seed's warning ("can access memory outside array bounds"): refused here.
    assert!(matches!(
        arr7.as_strided(&[5, 4], &[s, s]),
        Err(Error::StridesOutOfBounds { condition: 1, .. })
    ));
}

/// Writes through any stride-trick view are refused, and the input is unchanged.
#[test]
fn stride_trick_views_refuse_writes() {
    let arr = Array::arange(10.0, DType::F64);
    let s = arr.strides()[0];
    let views = [
        arr.as_strided(&[8, 3], &[s, s]).unwrap(),
        arr.as_strided(&[5], &[2 * s]).unwrap(), // no overlap, still read-only
        arr.sliding_window_view(&[3], None).unwrap(),
        arr.broadcast_to(&[2, 10]).unwrap(),
    ];
    for mut v in views {
        assert!(matches!(v.fill(1.0), Err(Error::ReadOnly { .. })));
        assert!(matches!(
            v.set(&[0, 0][..v.ndim()], 1.0),
            Err(Error::ReadOnly { .. })
        ));
    }
    assert_eq!(arr.to_vec::<f64>().unwrap()[0], 0.0);
}

// =============================================================================================
// (b) Property test: as_strided never reaches outside the buffer

const DTYPES: [DType; 4] = [DType::U8, DType::I32, DType::F32, DType::F64];

/// How one length or stride of the random layout is chosen.
#[derive(Clone, Debug)]
enum Pick {
    /// A small length, or a stride of `k` items (negative, zero or positive).
    Small(i64),
    /// A stride of `k` items plus `r` bytes (misaligned unless `r` is a multiple of the itemsize).
    Misaligned(i64, u8),
    /// A huge value.
    Huge(usize),
    /// Anything at all.
    Raw(u64),
}

const HUGE_LENS: [usize; 4] = [1 << 40, usize::MAX, isize::MAX as usize, 1 << 62];
const HUGE_STRIDES: [isize; 5] = [isize::MAX, isize::MIN, 1 << 40, -(1 << 40), 1 << 62];

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        8 => (-6i64..=6).prop_map(Pick::Small),
        2 => ((-6i64..=6), 1u8..8).prop_map(|(k, r)| Pick::Misaligned(k, r)),
        1 => (0usize..5).prop_map(Pick::Huge),
        1 => any::<u64>().prop_map(Pick::Raw),
    ]
}

fn length(p: &Pick) -> usize {
    match *p {
        Pick::Small(k) | Pick::Misaligned(k, _) => k.unsigned_abs() as usize % 6,
        Pick::Huge(i) => HUGE_LENS[i % HUGE_LENS.len()],
        Pick::Raw(r) => r as usize,
    }
}

fn stride(p: &Pick, isz: isize) -> isize {
    match *p {
        Pick::Small(k) => k as isize * isz,
        Pick::Misaligned(k, r) => k as isize * isz + r as isize,
        Pick::Huge(i) => HUGE_STRIDES[i % HUGE_STRIDES.len()],
        Pick::Raw(r) => r as isize,
    }
}

/// The verdict of plain `i128` arithmetic on `as_strided(x, shape, strides)` over a buffer of
/// `buf_len` bytes with `x` at byte `offset`: true when the layout must be accepted.
fn should_accept(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    buf_len: usize,
    isz: usize,
) -> bool {
    if shape.len() != strides.len() {
        return false;
    }
    // The element count: the nonzero lengths' product fits in usize; without a zero length the
    // byte size fits in isize (ir::shape::checked_size, NumPy's limit).
    let mut count: u128 = 1;
    for &n in shape.iter().filter(|&&n| n != 0) {
        count = count.saturating_mul(n as u128);
    }
    let empty = shape.contains(&0);
    if count > usize::MAX as u128 || (!empty && count * isz as u128 > isize::MAX as u128) {
        return false;
    }
    if !offset.is_multiple_of(isz) || strides.iter().any(|&s| s.rem_euclid(isz as isize) != 0) {
        return false;
    }
    if empty {
        return true;
    }
    let (mut lo, mut hi) = (0i128, 0i128);
    for (&n, &s) in shape.iter().zip(strides) {
        let reach = (n as i128 - 1) * s as i128;
        if reach < 0 {
            lo += reach;
        } else {
            hi += reach;
        }
    }
    offset as i128 + lo >= 0 && offset as i128 + hi + isz as i128 <= buf_len as i128
}

/// Every element of `view` (which must be small) lies inside the buffer and reads the base
/// array's element at its byte offset. `base` is the contiguous, offset-0 owner of the buffer.
fn check_elements<T: Element>(
    view: &Array,
    base: &Array,
) -> std::result::Result<(), TestCaseError> {
    let isz = view.itemsize() as i128;
    let buf = base.to_vec::<T>().unwrap();
    prop_assert_eq!(buf.len() as i128 * isz, view.buffer_len() as i128);
    let (shape, strides) = (view.shape(), view.strides());
    let offset = view.layout().offset as i128;
    let mut expected = Vec::with_capacity(view.size());
    let mut idx = vec![0usize; shape.len()];
    for _ in 0..view.size() {
        let byte: i128 = offset
            + idx
                .iter()
                .zip(strides)
                .map(|(&i, &s)| i as i128 * s as i128)
                .sum::<i128>();
        prop_assert!(
            byte >= 0 && byte + isz <= view.buffer_len() as i128 && byte % isz == 0,
            "element {:?} at byte {} of a {}-byte buffer",
            idx,
            byte,
            view.buffer_len()
        );
        expected.push(buf[(byte / isz) as usize]);
        // The next index in C order.
        for ax in (0..idx.len()).rev() {
            idx[ax] += 1;
            if idx[ax] < shape[ax] {
                break;
            }
            idx[ax] = 0;
        }
    }
    let got = view.to_vec::<T>().unwrap();
    prop_assert!(
        got.iter().zip(&expected).all(|(a, b)| same_element(*a, *b)) && got.len() == expected.len(),
        "read {:?}, expected {:?}",
        got,
        expected
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn as_strided_is_an_error_or_in_bounds(
        dt in 0usize..DTYPES.len(),
        n in 0usize..24,
        start in 0usize..24,
        step in prop_oneof![Just(1isize), Just(-1), Just(2), Just(-3)],
        picks in prop::collection::vec((pick(), pick()), 0..=4),
        extra_stride in prop::bool::weighted(0.05),
    ) {
        let dtype = DTYPES[dt];
        let base = Array::arange(n as f64, DType::F64).astype(dtype);
        prop_assert_eq!(base.layout().offset, 0);
        // A sliced view: offset into the buffer, maybe reversed, maybe empty.
        let start = start.min(n) as isize;
        let x = base.slice(s![start..;step]).unwrap();
        let isz = dtype.itemsize();
        let shape: Vec<usize> = picks.iter().map(|(l, _)| length(l)).collect();
        let mut strides: Vec<isize> = picks.iter().map(|(_, s)| stride(s, isz as isize)).collect();
        if extra_stride {
            strides.push(isz as isize);
        }
        let accept = should_accept(&shape, &strides, x.layout().offset, x.buffer_len(), isz);
        match x.as_strided(&shape, &strides) {
            Ok(v) => {
                prop_assert!(accept, "accepted {:?} {:?} at offset {}", shape, strides, x.layout().offset);
                prop_assert_eq!(v.shape(), shape.as_slice());
                prop_assert_eq!(v.strides(), strides.as_slice());
                prop_assert_eq!(v.layout().offset, x.layout().offset);
                prop_assert_eq!(v.buffer_len(), base.buffer_len());
                prop_assert!(!v.flags().writeable);
                if v.size() <= 4096 {
                    numfuse::dispatch!(dtype, T => check_elements::<T>(&v, &base))?;
                    if v.size() > 0 {
                        prop_assert!(v.shares_memory(&base));
                    }
                }
            }
            Err(e) => {
                prop_assert!(!accept, "refused {:?} {:?} at offset {}: {}", shape, strides, x.layout().offset, e);
                prop_assert!(
                    matches!(e, Error::StridesOutOfBounds { .. } | Error::ShapeOverflow { .. } | Error::Shape { .. }),
                    "unexpected error {:?}", e
                );
            }
        }
    }

    /// Windows of random sizes along random axes of a random view are exactly the windows a
    /// naive index computation gives.
    #[test]
    fn sliding_windows_are_the_naive_windows(
        rows in 0usize..5,
        cols in 1usize..6,
        transpose in any::<bool>(),
        reverse in any::<bool>(),
        windows in prop::collection::vec((0usize..4, -2isize..2), 1..=3),
    ) {
        let mut x = Array::arange((rows * cols) as f64, DType::F64)
            .reshape(&[rows as isize, cols as isize])
            .unwrap();
        if transpose {
            x = x.t();
        }
        if reverse {
            x = x.slice(s![..;-1]).unwrap();
        }
        let window: Vec<usize> = windows.iter().map(|w| w.0).collect();
        let axes: Vec<isize> = windows.iter().map(|w| w.1).collect();
        // The model: NumPy's shape rule, then element [p..., w...] = x[p + Σ w on that axis].
        let mut trimmed = x.shape().to_vec();
        let mut fits = true;
        for (&w, &ax) in window.iter().zip(&axes) {
            let ax = ax.rem_euclid(2) as usize;
            if trimmed[ax] < w {
                fits = false;
                break;
            }
            trimmed[ax] = trimmed[ax] + 1 - w;
        }
        let got = x.sliding_window_view(&window, Some(&axes));
        if !fits {
            prop_assert!(got.is_err());
            return Ok(());
        }
        let v = got.unwrap();
        let mut shape = trimmed.clone();
        shape.extend(&window);
        prop_assert_eq!(v.shape(), shape.as_slice());
        prop_assert!(!v.flags().writeable);
        let xs = x.to_vec::<f64>().unwrap();
        let vs = v.to_vec::<f64>().unwrap();
        let mut idx = vec![0usize; shape.len()];
        for got in vs {
            let mut at = [idx[0], idx[1]];
            for (k, &ax) in axes.iter().enumerate() {
                at[ax.rem_euclid(2) as usize] += idx[2 + k];
            }
            prop_assert_eq!(got, xs[at[0] * x.shape()[1] + at[1]]);
            for ax in (0..idx.len()).rev() {
                idx[ax] += 1;
                if idx[ax] < shape[ax] {
                    break;
                }
                idx[ax] = 0;
            }
        }
    }
}
