//! Assertions for users' tests, like `np.testing`, and the comparisons behind them.
//!
//! [`assert_array_equal`], [`assert_allclose`] and [`assert_array_almost_equal`] panic (they
//! are assertions, and report the caller's line) with the message NumPy 2.4 prints, character
//! for character: a header, the number and share of mismatched elements, up to five mismatched
//! positions, the largest absolute and relative differences among them, and the two arrays.
//! Each has a `try_` twin that returns the message instead, and [`AssertOptions`] carries
//! NumPy's keyword arguments (`err_msg`, `verbose`, `strict`, `equal_nan`).
//! [`isclose`], [`allclose`] and [`array_equal`] return their answer.
//!
//! ```
//! use numfuse::prelude::*;
//! use numfuse::testing::{assert_allclose, try_assert_allclose};
//! let a = array![1.0, 2.0, 3.0];
//! assert_allclose(&a, &array![1.0, 2.0, 3.0 + 1e-9], 1e-7, 0.0);
//! let msg = try_assert_allclose(&a, &array![1.0, 2.0, 4.0], 1e-7, 0.0).unwrap_err();
//! assert!(msg.contains("Mismatched elements: 1 / 3 (33.3%)"));
//! assert!(msg.ends_with(" DESIRED: array([1., 2., 4.])"));
//! ```
//!
//! Invariants:
//! 1. Every assertion runs NumPy's `assert_array_compare` step for step: shape (and, with
//!    `strict`, dtype) check; NaN positions (with `equal_nan`) and infinity positions and signs;
//!    the remaining elements compared; and differences computed in the dtype NumPy would use
//!    (`actual - desired` wraps for integers, as in NumPy).
//! 2. Arrays in messages are numfuse's `repr`, which is NumPy's; the assertions print them with
//!    NumPy's `precision` (6, or `decimal`) by rounding the values first, and keep at most three
//!    lines, as NumPy does.

use crate::Result;
use crate::array::{Array, Element, Scalar};
use crate::ir::{self, BinaryOp, DType, Kind, ShapeDisplay, UnaryOp};
use crate::ops::errstate::{self, ErrMode, ErrState};
use crate::ops::{Input, binary, unary};

/// NumPy's keyword arguments of the assertions.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::testing::AssertOptions;
/// let opts = AssertOptions { err_msg: "after the update".into(), ..Default::default() };
/// let err = opts
///     .try_assert_array_equal(&array![1, 2], &array![1, 3])
///     .unwrap_err();
/// assert!(err.starts_with("\nArrays are not equal\nafter the update\nMismatched elements"));
/// ```
#[derive(Clone, Debug)]
pub struct AssertOptions {
    /// Text shown under the header, as NumPy's `err_msg`.
    pub err_msg: String,
    /// Show the two arrays (`verbose`, default true).
    pub verbose: bool,
    /// Require equal shapes and dtypes: no scalar broadcasting (`strict`, default false).
    pub strict: bool,
    /// NaN equals NaN at the same position (`equal_nan`, default true as in NumPy's assertions).
    pub equal_nan: bool,
}

impl Default for AssertOptions {
    fn default() -> Self {
        AssertOptions {
            err_msg: String::new(),
            verbose: true,
            strict: false,
            equal_nan: true,
        }
    }
}

/// Panics with `msg` from the caller's location.
#[track_caller]
fn fail(r: std::result::Result<(), String>) {
    if let Err(msg) = r {
        panic!("{msg}");
    }
}

impl AssertOptions {
    /// [`try_assert_array_equal`] with these options.
    ///
    /// # Errors
    /// NumPy's failure message.
    pub fn try_assert_array_equal<'a>(
        &self,
        actual: impl Into<Input<'a>>,
        desired: impl Into<Input<'a>>,
    ) -> std::result::Result<(), String> {
        let (x, y) = (to_array(actual.into()), to_array(desired.into()));
        let cmp = |x: &Array, y: &Array| binary(BinaryOp::Equal, x, y);
        self.compare(&x, &y, "Arrays are not equal", 6, &cmp)
    }

    /// [`assert_array_equal`] with these options.
    ///
    /// # Panics
    /// When the arrays differ, with NumPy's message.
    #[track_caller]
    pub fn assert_array_equal<'a>(
        &self,
        actual: impl Into<Input<'a>>,
        desired: impl Into<Input<'a>>,
    ) {
        fail(self.try_assert_array_equal(actual, desired));
    }

    /// [`try_assert_allclose`] with these options.
    ///
    /// # Errors
    /// NumPy's failure message.
    pub fn try_assert_allclose<'a>(
        &self,
        actual: impl Into<Input<'a>>,
        desired: impl Into<Input<'a>>,
        rtol: f64,
        atol: f64,
    ) -> std::result::Result<(), String> {
        let (x, y) = (to_array(actual.into()), to_array(desired.into()));
        let equal_nan = self.equal_nan;
        let cmp = |x: &Array, y: &Array| isclose(x, y, rtol, atol, equal_nan);
        let header = format!(
            "Not equal to tolerance rtol={}, atol={}",
            format_g(rtol, 6),
            format_g(atol, 6)
        );
        self.compare(&x, &y, &header, 6, &cmp)
    }

    /// [`assert_allclose`] with these options.
    ///
    /// # Panics
    /// When an element is not close, with NumPy's message.
    #[track_caller]
    pub fn assert_allclose<'a>(
        &self,
        actual: impl Into<Input<'a>>,
        desired: impl Into<Input<'a>>,
        rtol: f64,
        atol: f64,
    ) {
        fail(self.try_assert_allclose(actual, desired, rtol, atol));
    }

    /// [`try_assert_array_almost_equal`] with these options.
    ///
    /// # Errors
    /// NumPy's failure message.
    pub fn try_assert_array_almost_equal<'a>(
        &self,
        actual: impl Into<Input<'a>>,
        desired: impl Into<Input<'a>>,
        decimal: i32,
    ) -> std::result::Result<(), String> {
        let (x, y) = (to_array(actual.into()), to_array(desired.into()));
        let threshold = 1.5 * 10f64.powf(-f64::from(decimal));
        let cmp = |x: &Array, y: &Array| {
            let y = as_inexact(y);
            let z = unary(UnaryOp::Absolute, &binary(BinaryOp::Subtract, x, &y)?)?;
            binary(BinaryOp::Less, &z, threshold)
        };
        let header = format!("Arrays are not almost equal to {decimal} decimals");
        self.compare(&x, &y, &header, decimal.max(0) as usize, &cmp)
    }

    /// [`assert_array_almost_equal`] with these options.
    ///
    /// # Panics
    /// When an element differs by `1.5 * 10^-decimal` or more, with NumPy's message.
    #[track_caller]
    pub fn assert_array_almost_equal<'a>(
        &self,
        actual: impl Into<Input<'a>>,
        desired: impl Into<Input<'a>>,
        decimal: i32,
    ) {
        fail(self.try_assert_array_almost_equal(actual, desired, decimal));
    }

    /// NumPy's `assert_array_compare` (invariant 1).
    fn compare(
        &self,
        x: &Array,
        y: &Array,
        header: &str,
        precision: usize,
        cmp: &dyn Fn(&Array, &Array) -> Result<Array>,
    ) -> std::result::Result<(), String> {
        self.compare_inner(x, y, header, precision, cmp)
            .unwrap_or_else(|e| {
                let header = format!("error during assertion:\n\n{e}\n\n{header}");
                Err(self.build_err_msg(&[x, y], &self.err_msg, &header, precision))
            })
    }

    /// The comparison, with numfuse errors (which NumPy would raise as `ValueError`) kept apart
    /// from assertion failures.
    fn compare_inner(
        &self,
        x: &Array,
        y: &Array,
        header: &str,
        precision: usize,
        cmp: &dyn Fn(&Array, &Array) -> Result<Array>,
    ) -> Result<std::result::Result<(), String>> {
        let fail = |arrays: &[&Array], reason: &str| {
            let err_msg = format!("{}{reason}", self.err_msg);
            Ok(Err(self.build_err_msg(arrays, &err_msg, header, precision)))
        };
        let cond = if self.strict {
            x.shape() == y.shape() && x.dtype() == y.dtype()
        } else {
            x.ndim() == 0 || y.ndim() == 0 || x.shape() == y.shape()
        };
        if !cond {
            let reason = if x.shape() != y.shape() {
                format!(
                    "\n(shapes {}, {} mismatch)",
                    ShapeDisplay(x.shape()),
                    ShapeDisplay(y.shape())
                )
            } else {
                format!(
                    "\n(dtypes {}, {} mismatch)",
                    x.dtype().name(),
                    y.dtype().name()
                )
            };
            return fail(&[x, y], &reason);
        }

        // NaN and infinity positions (NumPy's `func_assert_same_pos`).
        let mut flagged = Flags::Scalar(false);
        if self.equal_nan {
            let (xn, yn) = (Mask::of(UnaryOp::IsNan, x)?, Mask::of(UnaryOp::IsNan, y)?);
            if xn.differs(&yn) {
                return fail(&[x, y], "\nnan location mismatch:");
            }
            flagged = Flags::same_pos(xn, yn);
        }
        let (xi, yi) = (
            Mask::of(UnaryOp::IsInf, x)?.and_not(&flagged),
            Mask::of(UnaryOp::IsInf, y)?.and_not(&flagged),
        );
        if xi.differs(&yi) {
            return fail(&[x, y], "\ninf location mismatch:");
        }
        let infs = Flags::same_pos(xi, yi);
        if infs.any() {
            let (xs, ys) = match &infs {
                Flags::Array(m) if x.ndim() > 0 && y.ndim() > 0 => (compress(x, m), compress(y, m)),
                _ => (x.clone(), y.clone()),
            };
            if !all(&binary(BinaryOp::Equal, &xs, &ys)?) {
                return fail(&[&xs, &ys], "\ninf values mismatch:");
            }
        }
        flagged = flagged.or(infs);

        let (xs, ys) = match &flagged {
            Flags::Array(m) => {
                let keep: Vec<bool> = m.iter().map(|f| !f).collect();
                let (xs, ys) = (compress(x, &keep), compress(y, &keep));
                if xs.is_empty() {
                    return Ok(Ok(()));
                }
                (xs, ys)
            }
            Flags::Scalar(true) => return Ok(Ok(())),
            Flags::Scalar(false) => (x.clone(), y.clone()),
        };

        let val = cmp(&xs, &ys)?;
        let ok = val.to_vec::<bool>()?;
        if ok.iter().all(|&v| v) {
            return Ok(Ok(()));
        }
        let invalid: Vec<bool> = ok.iter().map(|v| !v).collect();
        let n_mismatch = invalid.iter().filter(|&&v| v).count();
        let n_elements = match &flagged {
            Flags::Array(m) => m.len(),
            Flags::Scalar(_) => ok.len(),
        };
        let percent = (100 * n_mismatch) as f64 / n_elements as f64;
        let mut remarks = vec![format!(
            "Mismatched elements: {n_mismatch} / {n_elements} ({}%)",
            format_g(percent, 3)
        )];
        if val.ndim() != 0 {
            remarks.push(mismatch_positions(x, y, &flagged, val.shape(), &invalid)?);
        }
        remarks.extend(differences(&xs, &ys, &invalid)?);
        let err_msg = format!("{}\n{}", self.err_msg, remarks.join("\n"));
        Ok(Err(self.build_err_msg(
            &[x, y],
            &err_msg,
            header,
            precision,
        )))
    }

    /// NumPy's `build_err_msg`.
    fn build_err_msg(
        &self,
        arrays: &[&Array],
        err_msg: &str,
        header: &str,
        precision: usize,
    ) -> String {
        let mut msg = vec![format!("\n{header}")];
        if !err_msg.is_empty() {
            let short = (err_msg.chars().count() as isize) < 79 - header.chars().count() as isize;
            if !err_msg.contains('\n') && short {
                msg[0] = format!("{} {err_msg}", msg[0]);
            } else {
                msg.push(err_msg.to_string());
            }
        }
        if self.verbose {
            for (a, name) in arrays.iter().zip(["ACTUAL", "DESIRED"]) {
                let mut r = repr_with_precision(a, precision);
                if r.matches('\n').count() > 3 {
                    r = r.lines().take(3).collect::<Vec<_>>().join("\n");
                    r.push_str("...");
                }
                msg.push(format!(" {name}: {r}"));
            }
        }
        msg.join("\n")
    }
}

/// Asserts that two arrays have the same shape (a scalar matches any shape) and equal elements,
/// NaN matching NaN (`np.testing.assert_array_equal`).
///
/// # Panics
/// When they differ, with NumPy's message; [`try_assert_array_equal`] returns it instead.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::testing::assert_array_equal;
/// assert_array_equal(&array![1.0, f64::NAN], &array![1.0, f64::NAN]);
/// assert_array_equal(&Array::zeros(&[2, 2], DType::I32), 0);
/// ```
#[track_caller]
pub fn assert_array_equal<'a>(actual: impl Into<Input<'a>>, desired: impl Into<Input<'a>>) {
    AssertOptions::default().assert_array_equal(actual, desired);
}

/// [`assert_array_equal`], returning NumPy's failure message instead of panicking.
///
/// # Errors
/// NumPy's failure message, for example:
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::testing::try_assert_array_equal;
/// let msg = try_assert_array_equal(&array![1i64, 2, 3], &array![1i64, 2, 4]).unwrap_err();
/// assert_eq!(
///     msg,
///     "\nArrays are not equal\n\n\
///      Mismatched elements: 1 / 3 (33.3%)\n\
///      Mismatch at index:\n [2]: 3 (ACTUAL), 4 (DESIRED)\n\
///      Max absolute difference among violations: 1\n\
///      Max relative difference among violations: 0.25\n \
///      ACTUAL: array([1, 2, 3])\n DESIRED: array([1, 2, 4])"
/// );
/// ```
pub fn try_assert_array_equal<'a>(
    actual: impl Into<Input<'a>>,
    desired: impl Into<Input<'a>>,
) -> std::result::Result<(), String> {
    AssertOptions::default().try_assert_array_equal(actual, desired)
}

/// Asserts `|actual - desired| <= atol + rtol * |desired|` elementwise, NaN matching NaN
/// (`np.testing.assert_allclose`; NumPy's defaults are `rtol = 1e-7`, `atol = 0`).
///
/// # Panics
/// When an element is not close, with NumPy's message; [`try_assert_allclose`] returns it.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::testing::assert_allclose;
/// let x = Array::linspace(0.0, 1.0, 5);
/// assert_allclose(&x.sin()?.arcsin()?, &x, 1e-12, 0.0);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[track_caller]
pub fn assert_allclose<'a>(
    actual: impl Into<Input<'a>>,
    desired: impl Into<Input<'a>>,
    rtol: f64,
    atol: f64,
) {
    AssertOptions::default().assert_allclose(actual, desired, rtol, atol);
}

/// [`assert_allclose`], returning NumPy's failure message instead of panicking.
///
/// # Errors
/// NumPy's failure message.
pub fn try_assert_allclose<'a>(
    actual: impl Into<Input<'a>>,
    desired: impl Into<Input<'a>>,
    rtol: f64,
    atol: f64,
) -> std::result::Result<(), String> {
    AssertOptions::default().try_assert_allclose(actual, desired, rtol, atol)
}

/// Asserts `|actual - desired| < 1.5 * 10^-decimal` elementwise, NaN matching NaN
/// (`np.testing.assert_array_almost_equal`; NumPy's default `decimal` is 6).
///
/// # Panics
/// When an element differs too much, with NumPy's message;
/// [`try_assert_array_almost_equal`] returns it.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::testing::assert_array_almost_equal;
/// assert_array_almost_equal(&array![1.0, 2.333], &array![1.0, 2.334], 2);
/// ```
#[track_caller]
pub fn assert_array_almost_equal<'a>(
    actual: impl Into<Input<'a>>,
    desired: impl Into<Input<'a>>,
    decimal: i32,
) {
    AssertOptions::default().assert_array_almost_equal(actual, desired, decimal);
}

/// [`assert_array_almost_equal`], returning NumPy's failure message instead of panicking.
///
/// # Errors
/// NumPy's failure message.
pub fn try_assert_array_almost_equal<'a>(
    actual: impl Into<Input<'a>>,
    desired: impl Into<Input<'a>>,
    decimal: i32,
) -> std::result::Result<(), String> {
    AssertOptions::default().try_assert_array_almost_equal(actual, desired, decimal)
}

/// Elementwise `|a - b| <= atol + rtol * |b|`, or `a == b` (for infinities), as a bool array
/// (`np.isclose`; NumPy's defaults are `rtol = 1e-5`, `atol = 1e-8`, `equal_nan = false`).
///
/// The test is not symmetric: `b` is the reference. As in NumPy, `b` is first made a float
/// (`result_type(b, 1.0)`), and Rust scalars are weak, so an `f32` array is compared in `f32`.
///
/// # Errors
/// [`Error::Broadcast`](crate::Error::Broadcast) for incompatible shapes.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::testing::isclose;
/// let a = array![1.0, 1.1, f64::NAN, f64::INFINITY];
/// let b = array![1.0 + 1e-9, 1.0, f64::NAN, f64::INFINITY];
/// let r = isclose(&a, &b, 1e-5, 1e-8, false)?;
/// assert_eq!(r.to_vec::<bool>()?, vec![true, false, false, true]);
/// assert!(isclose(&a, &b, 1e-5, 1e-8, true)?.to_vec::<bool>()?[2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn isclose<'a>(
    a: impl Into<Input<'a>>,
    b: impl Into<Input<'a>>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> Result<Array> {
    // NumPy evaluates the test with invalid-value warnings off (`inf - inf` is expected here).
    let quiet = errstate::geterr().invalid(ErrMode::Ignore);
    errstate::errstate(quiet, || {
        isclose_inner(a.into(), b.into(), rtol, atol, equal_nan)
    })
}

fn isclose_inner(
    x: Input<'_>,
    b: Input<'_>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> Result<Array> {
    let (y_arr, tol_arr);
    let (y, tol) = match b {
        Input::Array(b) => {
            y_arr = as_inexact(b);
            let abs_y = unary(UnaryOp::Absolute, &y_arr)?;
            tol_arr = binary(
                BinaryOp::Add,
                atol,
                &binary(BinaryOp::Multiply, rtol, &abs_y)?,
            )?;
            (Input::Array(&y_arr), Input::Array(&tol_arr))
        }
        Input::Weak(s) => {
            // A Python scalar stays a Python float, and so does the tolerance.
            let v = s.to_f64();
            (
                Input::Weak(Scalar::F64(v)),
                Input::Weak(Scalar::F64(atol + rtol * v.abs())),
            )
        }
    };
    let diff = unary(UnaryOp::Absolute, &binary(BinaryOp::Subtract, x, y)?)?;
    let close = binary(BinaryOp::LessEqual, &diff, tol)?;
    let finite = unary(UnaryOp::IsFinite, y)?;
    let eq = binary(BinaryOp::Equal, x, y)?;
    let mut r = binary(
        BinaryOp::LogicalOr,
        &binary(BinaryOp::LogicalAnd, &close, &finite)?,
        &eq,
    )?;
    if equal_nan {
        let both = binary(
            BinaryOp::LogicalAnd,
            &unary(UnaryOp::IsNan, x)?,
            &unary(UnaryOp::IsNan, y)?,
        )?;
        r = binary(BinaryOp::LogicalOr, &r, &both)?;
    }
    Ok(r)
}

/// True when every element of `isclose(a, b, rtol, atol, equal_nan)` is true (`np.allclose`).
///
/// # Errors
/// [`Error::Broadcast`](crate::Error::Broadcast) for incompatible shapes.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::testing::allclose;
/// assert!(!allclose(&array![1e10, 1e-7], &array![1.00001e10, 1e-8], 1e-5, 1e-8, false)?);
/// assert!(allclose(&array![1e10, 1e-8], &array![1.00001e10, 1e-9], 1e-5, 1e-8, false)?);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn allclose<'a>(
    a: impl Into<Input<'a>>,
    b: impl Into<Input<'a>>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> Result<bool> {
    Ok(all(&isclose(a, b, rtol, atol, equal_nan)?))
}

/// True when both arrays have the same shape and equal elements (`np.array_equal`); with
/// `equal_nan`, NaN equals NaN. Dtypes may differ (`[1, 2] == [1.0, 2.0]`).
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::testing::array_equal;
/// assert!(array_equal(&array![1, 2], &array![1.0, 2.0], false));
/// assert!(!array_equal(&array![1, 2], &array![[1, 2]], false));
/// let n = array![1.0, f64::NAN];
/// assert!(!array_equal(&n, &n, false));
/// assert!(array_equal(&n, &n, true));
/// ```
pub fn array_equal(a1: &Array, a2: &Array, equal_nan: bool) -> bool {
    if a1.shape() != a2.shape() {
        return false;
    }
    let eq = |x: &Array, y: &Array| binary(BinaryOp::Equal, x, y).is_ok_and(|r| all(&r));
    if !equal_nan || (!a1.dtype().is_float() && !a2.dtype().is_float()) {
        return eq(a1, a2);
    }
    let (Ok(n1), Ok(n2)) = (Mask::of(UnaryOp::IsNan, a1), Mask::of(UnaryOp::IsNan, a2)) else {
        return false;
    };
    if n1.v != n2.v {
        return false;
    }
    let keep: Vec<bool> = n1.v.iter().map(|n| !n).collect();
    eq(&compress(a1, &keep), &compress(a2, &keep))
}

/// An assertion operand as NumPy's `asanyarray` makes it: arrays as they are, Rust scalars as
/// 0-d arrays of Python's types (`int64`, or `uint64` above its range; `float64`; `bool`).
fn to_array(input: Input<'_>) -> Array {
    match input {
        Input::Array(a) => a.clone(),
        Input::Weak(s) => Array::scalar(match s.dtype().kind() {
            Kind::Bool => s,
            Kind::Float => s.cast(DType::F64),
            Kind::Signed => s.cast(DType::I64),
            Kind::Unsigned if s.to::<u64>() > i64::MAX as u64 => s.cast(DType::U64),
            Kind::Unsigned => s.cast(DType::I64),
        }),
    }
}

/// `y` as `result_type(y, 1.0)`: floats stay, everything else becomes `float64`.
fn as_inexact(y: &Array) -> Array {
    let dt =
        ir::result_type(&[y.dtype().into(), ir::Operand::Weak(Kind::Float)]).unwrap_or(DType::F64);
    if dt == y.dtype() {
        y.clone()
    } else {
        y.astype(dt)
    }
}

/// True when every element of a bool array is true.
fn all(a: &Array) -> bool {
    a.view::<bool>().is_ok_and(|v| v.iter().all(|b| b))
}

/// A bool array in C order with its shape.
struct Mask {
    shape: Vec<usize>,
    v: Vec<bool>,
}

impl Mask {
    /// A predicate ufunc applied to `a`.
    fn of(op: UnaryOp, a: &Array) -> Result<Mask> {
        let r = unary(op, a)?;
        Ok(Mask {
            shape: r.shape().to_vec(),
            v: r.to_vec::<bool>()?,
        })
    }

    /// `self & ~flagged` (flagged broadcasts: it is a scalar or has `self`'s shape).
    fn and_not(mut self, flagged: &Flags) -> Mask {
        match flagged {
            Flags::Scalar(f) => self.v.iter_mut().for_each(|v| *v &= !f),
            Flags::Array(m) => self.v.iter_mut().zip(m).for_each(|(v, f)| *v &= !f),
        }
        self
    }

    /// NumPy's `robust_any_difference`: some position differs (a 0-d mask broadcasts).
    fn differs(&self, other: &Mask) -> bool {
        match (self.shape.is_empty(), other.shape.is_empty()) {
            (true, _) => other.v.iter().any(|&o| o != self.v[0]),
            (_, true) => self.v.iter().any(|&s| s != other.v[0]),
            _ => self.v != other.v,
        }
    }
}

/// Positions already accounted for (NaN or infinity in both): NumPy's `flagged`, a scalar when
/// either operand is 0-d.
enum Flags {
    Scalar(bool),
    Array(Vec<bool>),
}

impl Flags {
    /// What `func_assert_same_pos` returns once the positions agree.
    fn same_pos(x: Mask, y: Mask) -> Flags {
        if x.shape.is_empty() {
            Flags::Scalar(x.v[0])
        } else if y.shape.is_empty() {
            Flags::Scalar(y.v[0])
        } else {
            Flags::Array(y.v)
        }
    }

    fn any(&self) -> bool {
        match self {
            Flags::Scalar(b) => *b,
            Flags::Array(m) => m.iter().any(|&b| b),
        }
    }

    /// `self | other`.
    fn or(self, other: Flags) -> Flags {
        match (self, other) {
            (Flags::Scalar(a), Flags::Scalar(b)) => Flags::Scalar(a | b),
            (Flags::Scalar(s), Flags::Array(mut m)) | (Flags::Array(mut m), Flags::Scalar(s)) => {
                m.iter_mut().for_each(|v| *v |= s);
                Flags::Array(m)
            }
            (Flags::Array(mut a), Flags::Array(b)) => {
                a.iter_mut().zip(b).for_each(|(v, w)| *v |= w);
                Flags::Array(a)
            }
        }
    }
}

/// The elements of `a` (C order) where `keep` is true, as a 1-D array (`a[mask]`).
fn compress(a: &Array, keep: &[bool]) -> Array {
    crate::dispatch!(a.dtype(), T => {
        let v: Vec<T> = a
            .view::<T>()
            .map(|v| v.iter().zip(keep).filter(|&(_, &k)| k).map(|(x, _)| x).collect())
            .unwrap_or_default();
        let n = v.len();
        Array::from_vec(v, &[n]).unwrap_or_else(|_| Array::zeros(&[0], a.dtype()))
    })
}

/// The multi-index of C-order position `flat` in `shape`.
fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for (i, &n) in shape.iter().enumerate().rev() {
        idx[i] = flat % n;
        flat /= n;
    }
    idx
}

/// The "Mismatch at index" remark: up to five positions with both values (`str` of NumPy's
/// scalars), indexed in the original arrays.
fn mismatch_positions(
    x: &Array,
    y: &Array,
    flagged: &Flags,
    val_shape: &[usize],
    invalid: &[bool],
) -> Result<String> {
    // Positions of the compared elements in the original index space.
    let positions: Vec<Vec<usize>> = match flagged {
        Flags::Array(m) => {
            let shape = if x.ndim() > 0 { x.shape() } else { y.shape() };
            let unflagged = m.iter().enumerate().filter(|&(_, &f)| !f).map(|(i, _)| i);
            unflagged
                .zip(invalid)
                .filter(|&(_, &bad)| bad)
                .map(|(i, _)| unravel(i, shape))
                .collect()
        }
        Flags::Scalar(_) => (0..invalid.len())
            .filter(|&i| invalid[i])
            .map(|i| unravel(i, val_shape))
            .collect(),
    };
    // NumPy formats an element with an f-string: float32 scalars go through Python's float
    // (`0.30000001192092896`); a 0-d array prints as `str` of its scalar (`0.3`).
    let value = |a: &Array, p: &[usize]| -> Result<String> {
        if a.ndim() == 0 {
            return Ok(a.get(&[])?.to_string());
        }
        let p: Vec<isize> = p.iter().map(|&i| i as isize).collect();
        Ok(match a.get(&p)? {
            Scalar::F32(v) => Scalar::F64(f64::from(v)).to_string(),
            s => s.to_string(),
        })
    };
    let mut lines = Vec::new();
    for p in positions.iter().take(5) {
        let list: Vec<String> = p.iter().map(usize::to_string).collect();
        lines.push(format!(
            " [{}]: {} (ACTUAL), {} (DESIRED)",
            list.join(", "),
            value(x, p)?,
            value(y, p)?
        ));
    }
    let s = lines.join("\n");
    Ok(match positions.len() {
        1 => format!("Mismatch at index:\n{s}"),
        2..=5 => format!("Mismatch at indices:\n{s}"),
        _ => format!("First 5 mismatches are at indices:\n{s}"),
    })
}

/// The "Max absolute/relative difference among violations" remarks, computed in the dtypes NumPy
/// uses; none when `x - y` has no loop (bool arrays), as in NumPy.
fn differences(x: &Array, y: &Array, invalid: &[bool]) -> Result<Vec<String>> {
    // NumPy computes these under `errstate(all='ignore')`.
    errstate::errstate(ErrState::all(ErrMode::Ignore), || {
        differences_inner(x, y, invalid)
    })
}

fn differences_inner(x: &Array, y: &Array, invalid: &[bool]) -> Result<Vec<String>> {
    let Ok(d) = binary(BinaryOp::Subtract, x, y) else {
        return Ok(Vec::new());
    };
    let mut error = unary(UnaryOp::Absolute, &d)?;
    if x.dtype().is_unsigned() {
        let back = unary(UnaryOp::Absolute, &binary(BinaryOp::Subtract, y, x)?)?;
        error = binary(BinaryOp::Minimum, &error, &back)?.astype(error.dtype());
    }
    let max_abs = nan_max(&compress(&error, invalid));
    let mut out = vec![format!(
        "Max absolute difference among violations: {}",
        scalar_str(max_abs)
    )];
    let nonzero = Mask::of_binary(BinaryOp::NotEqual, y, 0)?;
    let nz_invalid: Vec<bool> = invalid
        .iter()
        .enumerate()
        .map(|(i, &bad)| bad && nonzero.at(i))
        .collect();
    let rel = if nz_invalid.iter().any(|&b| b) {
        let err = compress(&error, &nz_invalid);
        let yb = y.broadcast_to(error.shape())?;
        let abs_y = unary(UnaryOp::Absolute, &compress(&yb, &nz_invalid))?;
        // NumPy divides integers in float64.
        let (err, abs_y) = if !err.dtype().is_float() && !abs_y.dtype().is_float() {
            (err.astype(DType::F64), abs_y.astype(DType::F64))
        } else {
            (err, abs_y)
        };
        scalar_str(nan_max(&binary(BinaryOp::TrueDivide, &err, &abs_y)?))
    } else {
        "inf".to_string()
    };
    out.push(format!("Max relative difference among violations: {rel}"));
    Ok(out)
}

impl Mask {
    /// A comparison ufunc applied to `a` and a weak scalar.
    fn of_binary(op: BinaryOp, a: &Array, b: i64) -> Result<Mask> {
        let r = binary(op, a, b)?;
        Ok(Mask {
            shape: r.shape().to_vec(),
            v: r.to_vec::<bool>()?,
        })
    }

    /// Element `i` of the mask broadcast to a longer array (a 0-d mask repeats).
    fn at(&self, i: usize) -> bool {
        if self.shape.is_empty() {
            self.v[0]
        } else {
            self.v[i]
        }
    }
}

/// The largest element of a non-empty 1-D array, NaN if any is NaN (`np.max`).
fn nan_max(a: &Array) -> Scalar {
    fn is_nan<T: Element>(x: T) -> bool {
        T::DTYPE.is_float() && x.to_f64().is_nan()
    }
    crate::dispatch!(a.dtype(), T => {
        let mut best: Option<T> = None;
        if let Ok(v) = a.view::<T>() {
            for x in v.iter() {
                best = match best {
                    Some(b) if is_nan(b) || (!is_nan(x) && b >= x) => Some(b),
                    _ => Some(x),
                };
            }
        }
        best.unwrap_or_default().into_scalar()
    })
}

/// A scalar as NumPy's `array2string` prints it (`1.`, `0.33333333`, `1.e-10`, `5`).
fn scalar_str(s: Scalar) -> String {
    let r = Array::scalar(s).to_string();
    let inner = r
        .strip_prefix("array(")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(&r);
    match inner.find(", dtype=") {
        Some(i) => inner[..i].to_string(),
        None => inner.to_string(),
    }
}

/// `repr(a)` with NumPy's `precision` (numfuse's repr uses NumPy's default, 8): float values are
/// rounded to what that precision shows, in the notation NumPy would choose, then printed.
///
/// Exact when `precision <= 8`, the array has at most 1000 elements (NumPy decides the notation
/// from the printed edge items of larger ones) and rounding does not move a value across
/// NumPy's notation thresholds (1e8, 1e-4, a ratio of 1000).
fn repr_with_precision(a: &Array, precision: usize) -> String {
    if !a.dtype().is_float() || precision >= 8 {
        return a.to_string();
    }
    let values: Vec<f64> = a.astype(DType::F64).to_vec::<f64>().unwrap_or_default();
    let nonzero: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite() && **v != 0.0)
        .map(|v| v.abs())
        .collect();
    let scientific = !nonzero.is_empty() && {
        let max = nonzero.iter().copied().fold(f64::MIN, f64::max);
        let min = nonzero.iter().copied().fold(f64::MAX, f64::min);
        max >= 1e8 || min < 1e-4 || max / min > 1e3
    };
    let p = precision;
    let rounded = crate::dispatch!(a.dtype(), T => {
        let v: Vec<T> = a.view::<T>().map(|v| v.to_vec()).unwrap_or_default();
        let v: Vec<T> = v
            .into_iter()
            .map(|x| {
                let f = x.to_f64();
                if !f.is_finite() {
                    return x;
                }
                let s = match (a.dtype() == DType::F32, scientific) {
                    (true, true) => format!("{:.p$e}", f as f32),
                    (true, false) => format!("{:.p$}", f as f32),
                    (false, true) => format!("{f:.p$e}"),
                    (false, false) => format!("{f:.p$}"),
                };
                T::from_f64(if a.dtype() == DType::F32 {
                    f64::from(s.parse::<f32>().unwrap_or(f as f32))
                } else {
                    s.parse::<f64>().unwrap_or(f)
                })
            })
            .collect();
        Array::from_vec(v, a.shape())
    });
    rounded.map_or_else(|_| a.to_string(), |r| r.to_string())
}

/// Python's `format(v, f".{precision}g")`: `precision` significant digits, trailing zeros
/// dropped, scientific (`1e-07`) below 1e-4 or from `10^precision` up.
fn format_g(v: f64, precision: usize) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-inf".into() } else { "inf".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let p = precision.max(1);
    let sci = format!("{:.*e}", p - 1, v);
    let (mant, exp) = sci.split_once('e').expect("scientific format");
    let exp: i32 = exp.parse().expect("exponent");
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if exp < -4 || exp >= p as i32 {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mant), exp.unsigned_abs())
    } else {
        let decimals = (p as i32 - 1 - exp) as usize;
        trim(&format!("{v:.decimals$}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array;

    #[test]
    fn python_g_format() {
        assert_eq!(format_g(1e-7, 6), "1e-07");
        assert_eq!(format_g(0.0, 6), "0");
        assert_eq!(format_g(0.001, 6), "0.001");
        assert_eq!(format_g(1e-5, 6), "1e-05");
        assert_eq!(format_g(100.0 / 3.0, 3), "33.3");
        assert_eq!(format_g(100.0, 3), "100");
        assert_eq!(format_g(99.95, 3), "100");
        assert_eq!(format_g(50.0, 3), "50");
        assert_eq!(format_g(1.234e-5, 3), "1.23e-05");
        assert_eq!(format_g(1234567.0, 6), "1.23457e+06");
        assert_eq!(format_g(0.125, 2), "0.12");
    }

    #[test]
    fn scalars_print_like_array2string() {
        assert_eq!(scalar_str(Scalar::F64(1.0)), "1.");
        assert_eq!(scalar_str(Scalar::F64(1e-10)), "1.e-10");
        assert_eq!(scalar_str(Scalar::F32(0.5)), "0.5");
        assert_eq!(scalar_str(Scalar::I8(5)), "5");
        assert_eq!(scalar_str(Scalar::F64(f64::INFINITY)), "inf");
    }

    #[test]
    fn precision_rounds_before_printing() {
        let a = array![1.0, 2.33333333];
        assert_eq!(repr_with_precision(&a, 6), "array([1.      , 2.333333])");
        assert_eq!(
            repr_with_precision(&array![1.0, 2.34], 6),
            "array([1.  , 2.34])"
        );
        let e = array![0.0, 1.2246467991473532e-16, -2.4492935982947064e-16];
        assert_eq!(
            repr_with_precision(&e, 6),
            "array([ 0.000000e+00,  1.224647e-16, -2.449294e-16])"
        );
    }

    #[test]
    fn nan_max_propagates() {
        assert!(nan_max(&array![1.0, f64::NAN, 3.0]).to_f64().is_nan());
        assert_eq!(nan_max(&array![1i64, 7, 3]), Scalar::I64(7));
    }

    #[test]
    #[should_panic(expected = "Mismatched elements: 1 / 2 (50%)")]
    fn assertion_panics() {
        assert_allclose(&array![1.0, 2.0], &array![1.0, 2.5], 1e-7, 0.0);
    }
}
