//! The reducers: what each reduction does to one element, one run and one pair of partial
//! results. Each states its [`Grouping`], which is what lets the executor split it across
//! threads without changing the result.
//!
//! The contiguous paths are written as independent lanes (eight accumulators, or a block loop
//! without early exit) so that rustc vectorises them without reassociating anything.

use super::nest::{Grouping, Reducer, Run};
use super::pairwise::{self, Real};
use crate::array::Element;
use crate::ir::DType;
use std::marker::PhantomData;

/// NumPy's float sum: pairwise over each run or buffer, then added in order.
pub(super) struct PairwiseSum<T, A, L> {
    lift: L,
    buffered: bool,
    _types: PhantomData<fn(T) -> A>,
}

impl<T: Element, A: Real, L: Fn(T) -> A + Sync + Copy> PairwiseSum<T, A, L> {
    /// `lift` converts each element (the identity for a float sum, a cast for `mean` of
    /// integers, NaN to zero for `nansum`); `buffered` says NumPy casts through its buffer.
    pub fn new(lift: L, buffered: bool) -> Self {
        PairwiseSum {
            lift,
            buffered,
            _types: PhantomData,
        }
    }
}

impl<T: Element, A: Real, L: Fn(T) -> A + Sync + Copy> Reducer for PairwiseSum<T, A, L> {
    type In = T;
    type Acc = A;
    fn grouping(&self) -> Grouping {
        Grouping::Pairwise
    }
    fn identity(&self) -> A {
        A::ZERO
    }
    #[inline(always)]
    fn lift(&self, x: T) -> A {
        (self.lift)(x)
    }
    #[inline(always)]
    fn combine(&self, acc: A, x: A) -> A {
        acc + x
    }
    fn buffered(&self) -> bool {
        self.buffered
    }
    fn partial(&self, run: Run<'_, T>) -> A {
        pairwise::sum_run(run, self.lift)
    }
    fn partial_buffer(&self, buf: &[A]) -> A {
        pairwise::sum_slice(buf, |x| x)
    }
}

/// `i64` and `u64`: what integer sums and products accumulate in (wrapping, like NumPy).
pub(super) trait Wide: Element {
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// Wrapping addition.
    fn wadd(self, other: Self) -> Self;
    /// Wrapping multiplication.
    fn wmul(self, other: Self) -> Self;
}

macro_rules! wide {
    ($($t:ty),*) => {$(
        impl Wide for $t {
            const ZERO: $t = 0;
            const ONE: $t = 1;
            #[inline(always)]
            fn wadd(self, other: $t) -> $t {
                self.wrapping_add(other)
            }
            #[inline(always)]
            fn wmul(self, other: $t) -> $t {
                self.wrapping_mul(other)
            }
        }
    )*};
}
wide!(i64, u64);

/// A wrapping integer sum (`PRODUCT == false`) or product of `lift(x)`: exact in any grouping.
pub(super) struct WrapFold<T, A, L, const PRODUCT: bool> {
    lift: L,
    _types: PhantomData<fn(T) -> A>,
}

impl<T: Element, A: Wide, L: Fn(T) -> A + Sync + Copy, const PRODUCT: bool>
    WrapFold<T, A, L, PRODUCT>
{
    /// A sum or product of `lift(x)`.
    pub fn new(lift: L) -> Self {
        WrapFold {
            lift,
            _types: PhantomData,
        }
    }
}

impl<T: Element, A: Wide, L: Fn(T) -> A + Sync + Copy, const PRODUCT: bool> Reducer
    for WrapFold<T, A, L, PRODUCT>
{
    type In = T;
    type Acc = A;
    fn grouping(&self) -> Grouping {
        Grouping::Any
    }
    fn identity(&self) -> A {
        if PRODUCT { A::ONE } else { A::ZERO }
    }
    #[inline(always)]
    fn lift(&self, x: T) -> A {
        (self.lift)(x)
    }
    #[inline(always)]
    fn combine(&self, acc: A, x: A) -> A {
        if PRODUCT { acc.wmul(x) } else { acc.wadd(x) }
    }
    fn partial(&self, run: Run<'_, T>) -> A {
        match run {
            Run::Contiguous(x) => x
                .iter()
                .fold(self.identity(), |acc, &v| self.combine(acc, self.lift(v))),
            run => self.fold(self.identity(), run),
        }
    }
}

/// A float product: NumPy multiplies into the output one element at a time, so only that order
/// reproduces its rounding.
pub(super) struct FloatProd<T>(PhantomData<fn(T) -> T>);

impl<T: Real> FloatProd<T> {
    /// The product reducer.
    pub fn new() -> Self {
        FloatProd(PhantomData)
    }
}

impl<T: Real> Reducer for FloatProd<T> {
    type In = T;
    type Acc = T;
    fn grouping(&self) -> Grouping {
        Grouping::Sequential
    }
    fn identity(&self) -> T {
        T::ONE
    }
    fn lift(&self, x: T) -> T {
        x
    }
    #[inline(always)]
    fn combine(&self, acc: T, x: T) -> T {
        acc * x
    }
}

/// The lowest value of a type: `-inf`, `MIN` or `false` (the identity of `max`).
pub(super) fn lowest<T: Element>() -> T {
    match T::DTYPE {
        DType::F32 | DType::F64 => T::from_f64(f64::NEG_INFINITY),
        DType::Bool => T::from_u64(0),
        DType::U8 | DType::U16 | DType::U32 | DType::U64 => T::from_u64(0),
        DType::I8 => T::from_i64(i8::MIN.into()),
        DType::I16 => T::from_i64(i16::MIN.into()),
        DType::I32 => T::from_i64(i32::MIN.into()),
        DType::I64 => T::from_i64(i64::MIN),
    }
}

/// The highest value of a type: `inf`, `MAX` or `true` (the identity of `min`).
pub(super) fn highest<T: Element>() -> T {
    match T::DTYPE {
        DType::F32 | DType::F64 => T::from_f64(f64::INFINITY),
        DType::Bool => T::from_u64(1),
        DType::U8 => T::from_u64(u8::MAX.into()),
        DType::U16 => T::from_u64(u16::MAX.into()),
        DType::U32 => T::from_u64(u32::MAX.into()),
        DType::U64 => T::from_u64(u64::MAX),
        DType::I8 => T::from_i64(i8::MAX.into()),
        DType::I16 => T::from_i64(i16::MAX.into()),
        DType::I32 => T::from_i64(i32::MAX.into()),
        DType::I64 => T::from_i64(i64::MAX),
    }
}

/// `maximum.reduce` (`MAX`, NaN-propagating), `minimum.reduce`, and with `PROPAGATE == false`
/// `fmax.reduce`/`fmin.reduce`, which skip NaN. Any grouping gives the same value (only the
/// sign of a zero among equal zeros may differ, as between NumPy's own SIMD paths).
pub(super) struct Extreme<T, const MAX: bool, const PROPAGATE: bool>(PhantomData<fn(T) -> T>);

impl<T: Element, const MAX: bool, const PROPAGATE: bool> Extreme<T, MAX, PROPAGATE> {
    /// The reducer.
    pub fn new() -> Self {
        Extreme(PhantomData)
    }

    /// `b` replaces `a` when it is at least as extreme, or when NaN decides (`x != x` is NaN).
    #[inline(always)]
    #[expect(
        clippy::eq_op,
        reason = "x != x is the NaN test, generic over every dtype"
    )]
    fn pick(a: T, b: T) -> T {
        let wins = if MAX { b >= a } else { b <= a };
        let nan = if PROPAGATE { b != b } else { a != a };
        if wins || nan { b } else { a }
    }
}

impl<T: Element, const MAX: bool, const PROPAGATE: bool> Reducer for Extreme<T, MAX, PROPAGATE> {
    type In = T;
    type Acc = T;
    fn grouping(&self) -> Grouping {
        Grouping::Any
    }
    fn identity(&self) -> T {
        match (MAX, PROPAGATE || !T::DTYPE.is_float()) {
            (true, true) => lowest(),
            (false, true) => highest(),
            // fmax/fmin start from NaN, which every number replaces: all-NaN stays NaN.
            (_, false) => T::from_f64(f64::NAN),
        }
    }
    fn lift(&self, x: T) -> T {
        x
    }
    #[inline(always)]
    fn combine(&self, acc: T, x: T) -> T {
        Self::pick(acc, x)
    }
    fn partial(&self, run: Run<'_, T>) -> T {
        match run {
            Run::Contiguous(x) => {
                let mut lanes = [self.identity(); 8];
                let chunks = x.chunks_exact(8);
                let tail = chunks.remainder();
                for c in chunks {
                    for k in 0..8 {
                        lanes[k] = Self::pick(lanes[k], c[k]);
                    }
                }
                let acc = lanes.into_iter().fold(self.identity(), Self::pick);
                tail.iter().fold(acc, |a, &b| Self::pick(a, b))
            }
            run => self.fold(self.identity(), run),
        }
    }
}

/// True for non-zero values (NaN included), as NumPy's truth test.
#[inline(always)]
pub(super) fn truthy<T: Element>(x: T) -> bool {
    x != T::default()
}

/// `logical_or.reduce` (`np.any`, `ALL == false`) and `logical_and.reduce` (`np.all`).
pub(super) struct Logical<T, const ALL: bool>(PhantomData<fn(T) -> bool>);

impl<T: Element, const ALL: bool> Logical<T, ALL> {
    /// The reducer.
    pub fn new() -> Self {
        Logical(PhantomData)
    }
}

impl<T: Element, const ALL: bool> Reducer for Logical<T, ALL> {
    type In = T;
    type Acc = bool;
    fn grouping(&self) -> Grouping {
        Grouping::Any
    }
    fn identity(&self) -> bool {
        ALL
    }
    #[inline(always)]
    fn lift(&self, x: T) -> bool {
        truthy(x)
    }
    #[inline(always)]
    fn combine(&self, acc: bool, x: bool) -> bool {
        if ALL { acc && x } else { acc || x }
    }
    fn partial(&self, run: Run<'_, T>) -> bool {
        match run {
            Run::Contiguous(x) => {
                // Blocks without early exit vectorise; stop after the block that decides.
                for block in x.chunks(64) {
                    let decided = block.iter().fold(false, |d, &v| d | (truthy(v) != ALL));
                    if decided {
                        return !ALL;
                    }
                }
                ALL
            }
            Run::Strided(x) => {
                if (0..x.len()).any(|i| truthy(x.get(i)) != ALL) {
                    !ALL
                } else {
                    ALL
                }
            }
        }
    }
}

/// A left fold with any binary function (the generic `ufunc.reduce`), starting from an
/// identity or, for ops without one, from the first element (the caller sets that up).
pub(super) struct OpFold<T> {
    /// The scalar function of the ufunc's loop.
    pub f: fn(T, T) -> T,
    /// Where every output starts.
    pub start: T,
    /// `Any` for exact associative ops (bitwise, logical), else `Sequential`.
    pub grouping: Grouping,
}

impl<T: Element> Reducer for OpFold<T> {
    type In = T;
    type Acc = T;
    fn grouping(&self) -> Grouping {
        self.grouping
    }
    fn identity(&self) -> T {
        self.start
    }
    fn lift(&self, x: T) -> T {
        x
    }
    fn combine(&self, acc: T, x: T) -> T {
        (self.f)(acc, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T: Copy>(x: &[T]) -> Run<'_, T> {
        // SAFETY: the run is exactly `x`.
        unsafe { Run::new(x.as_ptr(), x.len(), 1) }
    }

    #[test]
    fn extremes_and_nan() {
        let x = [3.0, -1.0, 7.0, 2.0, 0.5, 6.0, 6.5, 1.0, 9.0, -4.0, 8.0];
        assert_eq!(Extreme::<f64, true, true>::new().partial(run(&x)), 9.0);
        assert_eq!(Extreme::<f64, false, true>::new().partial(run(&x)), -4.0);
        let mut y = x;
        y[4] = f64::NAN;
        assert!(Extreme::<f64, true, true>::new().partial(run(&y)).is_nan());
        assert_eq!(Extreme::<f64, true, false>::new().partial(run(&y)), 9.0);
        assert!(
            Extreme::<f64, false, false>::new()
                .partial(run(&[f64::NAN; 3]))
                .is_nan()
        );
        assert_eq!(Extreme::<i8, true, true>::new().identity(), i8::MIN);
        assert_eq!(Extreme::<u16, false, true>::new().identity(), u16::MAX);
        assert!(!Extreme::<bool, true, false>::new().identity());
    }

    #[test]
    fn logical_short_circuits_by_block() {
        let mut x = vec![0u8; 1000];
        assert!(!Logical::<u8, false>::new().partial(run(&x)));
        assert!(!Logical::<u8, true>::new().partial(run(&x)));
        x[700] = 3;
        assert!(Logical::<u8, false>::new().partial(run(&x)));
        assert!(Logical::<f64, false>::new().partial(run(&[0.0, f64::NAN])));
        assert!(!Logical::<f64, false>::new().partial(run(&[0.0, -0.0])));
    }

    #[test]
    fn wrapping_sums() {
        let s = WrapFold::<i8, i64, _, false>::new(|x: i8| x.to_i64());
        assert_eq!(s.partial(run(&[i8::MAX, i8::MAX])), 254);
        let p = WrapFold::<u64, u64, _, true>::new(|x: u64| x);
        assert_eq!(p.partial(run(&[u64::MAX, 2])), u64::MAX - 1);
    }
}
