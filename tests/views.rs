//! Views, checked two ways.
//!
//! (a) Property tests: random chains of view operations on small `arange` arrays are compared
//! with a naive reference model: a `Vec<f64>` in C order and a shape, where every operation is
//! plain index arithmetic following NumPy's rules (Python's slice clipping included). Besides
//! the values, each step checks the flags against brute-force definitions, that views share
//! memory with their source, and that `reshape` returns a view exactly when some strides can
//! express the new shape over the old elements.
//!
//! (b) Copy-on-write and borrows: mutating a clone or a view leaves the original alone, while
//! `slice_mut` writes into its parent; copies, memory orders and `astype`.

use numfuse::SliceElem;
use numfuse::prelude::*;
use proptest::prelude::*;

const ISZ: isize = 8; // every property test works on float64

// =============================================================================================
// The reference model

/// Elements in C order and a shape: the whole model of an array's contents.
#[derive(Clone, Debug, PartialEq)]
struct Model {
    shape: Vec<usize>,
    data: Vec<f64>,
}

/// The model's verdict on an operation that NumPy refuses.
#[derive(Debug)]
struct Refused;

type MResult = Result<Model, Refused>;

/// The multi-index of the `flat`-th element in C order.
fn unravel_c(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for ax in (0..shape.len()).rev() {
        idx[ax] = flat % shape[ax];
        flat /= shape[ax];
    }
    idx
}

/// The multi-index of the `flat`-th element in F order.
fn unravel_f(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for ax in 0..shape.len() {
        idx[ax] = flat % shape[ax];
        flat /= shape[ax];
    }
    idx
}

fn ravel_c(idx: &[usize], shape: &[usize]) -> usize {
    idx.iter().zip(shape).fold(0, |acc, (&i, &n)| acc * n + i)
}

fn ravel_f(idx: &[usize], shape: &[usize]) -> usize {
    idx.iter()
        .zip(shape)
        .rev()
        .fold(0, |acc, (&i, &n)| acc * n + i)
}

/// Every multi-index of `shape`, in C order.
fn indices_c(shape: &[usize]) -> Vec<Vec<usize>> {
    let n: usize = shape.iter().product();
    (0..n).map(|k| unravel_c(k, shape)).collect()
}

/// Python's `range(*slice(start, stop, step).indices(len))`, from CPython's definition.
fn py_slice(start: Option<isize>, stop: Option<isize>, step: isize, len: usize) -> Vec<usize> {
    let (len, step) = (len as i128, step as i128);
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clip = |v: Option<isize>, default: i128| match v {
        None => default,
        Some(v) => {
            let mut v = v as i128;
            if v < 0 {
                v += len;
                if v < lower {
                    v = lower;
                }
            } else if v > upper {
                v = upper;
            }
            v
        }
    };
    let start = clip(start, if step < 0 { upper } else { lower });
    let stop = clip(stop, if step < 0 { lower } else { upper });
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    out
}

/// Python's axis normalisation: `-ndim <= axis < ndim`.
fn norm_axis(axis: isize, ndim: usize) -> Result<usize, Refused> {
    let n = ndim as isize;
    if (-n..n).contains(&axis) {
        Ok(axis.rem_euclid(n.max(1)) as usize)
    } else {
        Err(Refused)
    }
}

/// How one source axis (or none) is read by a basic index.
enum Sel {
    Fixed(usize),
    Range(Vec<usize>),
    New,
}

impl Model {
    fn arange(shape: &[usize]) -> Model {
        let n: usize = shape.iter().product();
        Model {
            shape: shape.to_vec(),
            data: (0..n).map(|k| k as f64).collect(),
        }
    }

    fn size(&self) -> usize {
        self.shape.iter().product()
    }

    fn at(&self, idx: &[usize]) -> f64 {
        self.data[ravel_c(idx, &self.shape)]
    }

    /// A model of `shape` whose element at `o` is `self.at(&src(o))`.
    fn gather(&self, shape: Vec<usize>, src: impl Fn(&[usize]) -> Vec<usize>) -> Model {
        let data = indices_c(&shape).iter().map(|o| self.at(&src(o))).collect();
        Model { shape, data }
    }

    /// NumPy's basic indexing.
    fn slice(&self, index: &[SliceElem]) -> MResult {
        let ndim = self.shape.len();
        let consumed = index
            .iter()
            .filter(|e| matches!(e, SliceElem::Index(_) | SliceElem::Slice { .. }))
            .count();
        let ellipses = index
            .iter()
            .filter(|e| matches!(e, SliceElem::Ellipsis))
            .count();
        if consumed > ndim || ellipses > 1 {
            return Err(Refused);
        }
        let mut sels = Vec::new();
        let mut axis = 0;
        let full = |axis: usize| Sel::Range((0..self.shape[axis]).collect());
        for e in index {
            match *e {
                SliceElem::Index(i) => {
                    let len = self.shape[axis] as isize;
                    if !(-len..len).contains(&i) {
                        return Err(Refused);
                    }
                    sels.push(Sel::Fixed(i.rem_euclid(len.max(1)) as usize));
                    axis += 1;
                }
                SliceElem::Slice { start, stop, step } => {
                    if step == 0 {
                        return Err(Refused);
                    }
                    sels.push(Sel::Range(py_slice(start, stop, step, self.shape[axis])));
                    axis += 1;
                }
                SliceElem::NewAxis => sels.push(Sel::New),
                SliceElem::Ellipsis => {
                    for _ in 0..ndim - consumed {
                        sels.push(full(axis));
                        axis += 1;
                    }
                }
                _ => return Err(Refused),
            }
        }
        while axis < ndim {
            sels.push(full(axis));
            axis += 1;
        }
        let shape: Vec<usize> = sels
            .iter()
            .filter_map(|s| match s {
                Sel::Fixed(_) => None,
                Sel::Range(r) => Some(r.len()),
                Sel::New => Some(1),
            })
            .collect();
        Ok(self.gather(shape, |o| {
            let mut src = Vec::with_capacity(ndim);
            let mut k = 0;
            for s in &sels {
                match s {
                    Sel::Fixed(i) => src.push(*i),
                    Sel::Range(r) => {
                        src.push(r[o[k]]);
                        k += 1;
                    }
                    Sel::New => k += 1,
                }
            }
            src
        }))
    }

    /// `np.transpose(a, axes)`: output axis `i` is input axis `axes[i]`.
    fn permute(&self, axes: &[isize]) -> MResult {
        let n = self.shape.len();
        if axes.len() != n {
            return Err(Refused);
        }
        let perm: Vec<usize> = axes
            .iter()
            .map(|&a| norm_axis(a, n))
            .collect::<Result<_, _>>()?;
        let mut seen = vec![false; n];
        for &p in &perm {
            if std::mem::replace(&mut seen[p], true) {
                return Err(Refused);
            }
        }
        let shape = perm.iter().map(|&p| self.shape[p]).collect();
        Ok(self.gather(shape, |o| {
            let mut src = vec![0; n];
            for (i, &p) in perm.iter().enumerate() {
                src[p] = o[i];
            }
            src
        }))
    }

    fn transpose(&self) -> MResult {
        let n = self.shape.len() as isize;
        self.permute(&(0..n).rev().collect::<Vec<_>>())
    }

    fn swapaxes(&self, a: isize, b: isize) -> MResult {
        let n = self.shape.len();
        let (a, b) = (norm_axis(a, n)?, norm_axis(b, n)?);
        let mut perm: Vec<isize> = (0..n as isize).collect();
        perm.swap(a, b);
        self.permute(&perm)
    }

    fn moveaxis(&self, src: isize, dst: isize) -> MResult {
        let n = self.shape.len();
        let (src, dst) = (norm_axis(src, n)?, norm_axis(dst, n)?);
        let mut order: Vec<isize> = (0..n as isize).filter(|&a| a != src as isize).collect();
        order.insert(dst, src as isize);
        self.permute(&order)
    }

    fn expand_dims(&self, axis: isize) -> MResult {
        let ax = norm_axis(axis, self.shape.len() + 1)?;
        let mut m = self.clone();
        m.shape.insert(ax, 1);
        Ok(m)
    }

    fn squeeze(&self, axes: Option<&[isize]>) -> MResult {
        let n = self.shape.len();
        let drop: Vec<bool> = match axes {
            None => self.shape.iter().map(|&l| l == 1).collect(),
            Some(axes) => {
                let mut d = vec![false; n];
                for &a in axes {
                    let a = norm_axis(a, n)?;
                    // NumPy: "duplicate value in 'axis'" (also for `[0, -n]`).
                    if d[a] || self.shape[a] != 1 {
                        return Err(Refused);
                    }
                    d[a] = true;
                }
                d
            }
        };
        let shape = (0..n)
            .filter(|&i| !drop[i])
            .map(|i| self.shape[i])
            .collect();
        Ok(Model {
            shape,
            data: self.data.clone(),
        })
    }

    /// The requested shape with `-1` resolved, as NumPy resolves it.
    fn resolve_shape(&self, shape: &[isize]) -> Result<Vec<usize>, Refused> {
        let unknown: Vec<usize> = (0..shape.len()).filter(|&i| shape[i] == -1).collect();
        if unknown.len() > 1 || shape.iter().any(|&d| d < -1) {
            return Err(Refused);
        }
        let known: usize = shape
            .iter()
            .filter(|&&d| d >= 0)
            .map(|&d| d as usize)
            .product();
        let mut out: Vec<usize> = shape.iter().map(|&d| d.max(0) as usize).collect();
        match unknown.first() {
            Some(&i) if known != 0 && self.size().is_multiple_of(known) => {
                out[i] = self.size() / known
            }
            Some(_) => return Err(Refused),
            None if known != self.size() => return Err(Refused),
            None => {}
        }
        Ok(out)
    }

    /// `reshape(shape, order)`: elements read and written in C or F order.
    fn reshape(&self, shape: &[isize], order: Order) -> MResult {
        let new = self.resolve_shape(shape)?;
        if order == Order::F {
            let seq: Vec<f64> = (0..self.size())
                .map(|k| self.at(&unravel_f(k, &self.shape)))
                .collect();
            let data = indices_c(&new)
                .iter()
                .map(|o| seq[ravel_f(o, &new)])
                .collect();
            Ok(Model { shape: new, data })
        } else {
            Ok(Model {
                shape: new,
                data: self.data.clone(),
            })
        }
    }

    /// NumPy's broadcasting of one array to a shape.
    fn broadcast_to(&self, shape: &[usize]) -> MResult {
        let (n, m) = (self.shape.len(), shape.len());
        if n > m {
            return Err(Refused);
        }
        let lead = m - n;
        for (i, &len) in self.shape.iter().enumerate() {
            if len != shape[lead + i] && len != 1 {
                return Err(Refused);
            }
        }
        Ok(self.gather(shape.to_vec(), |o| {
            (0..n)
                .map(|i| if self.shape[i] == 1 { 0 } else { o[lead + i] })
                .collect()
        }))
    }

    fn apply(&self, op: &Op) -> MResult {
        match op {
            Op::Slice(index) => self.slice(index),
            Op::Transpose => self.transpose(),
            Op::Permute(axes) => self.permute(axes),
            Op::SwapAxes(a, b) => self.swapaxes(*a, *b),
            Op::MoveAxis(a, b) => self.moveaxis(*a, *b),
            Op::ExpandDims(a) => self.expand_dims(*a),
            Op::Squeeze(axes) => self.squeeze(axes.as_deref()),
            Op::Reshape(shape, order) => self.reshape(shape, *order),
            Op::BroadcastTo(shape) => self.broadcast_to(shape),
        }
    }
}

// =============================================================================================
// Operations and their generation

#[derive(Clone, Debug)]
enum Op {
    Slice(Vec<SliceElem>),
    Transpose,
    Permute(Vec<isize>),
    SwapAxes(isize, isize),
    MoveAxis(isize, isize),
    ExpandDims(isize),
    Squeeze(Option<Vec<isize>>),
    Reshape(Vec<isize>, Order),
    BroadcastTo(Vec<usize>),
}

impl Op {
    fn run(&self, a: &Array) -> Result<Array> {
        match self {
            Op::Slice(index) => a.slice(index),
            Op::Transpose => Ok(a.t()),
            Op::Permute(axes) => a.permute_axes(axes),
            Op::SwapAxes(x, y) => a.swapaxes(*x, *y),
            Op::MoveAxis(x, y) => a.moveaxis(*x, *y),
            Op::ExpandDims(x) => a.expand_dims(*x),
            Op::Squeeze(axes) => a.squeeze(axes.as_deref()),
            Op::Reshape(shape, order) => a.reshape_order(shape, *order),
            Op::BroadcastTo(shape) => a.broadcast_to(shape),
        }
    }
}

/// Raw random numbers that [`make_op`] turns into an operation valid (mostly) for a shape.
type OpSeed = (u8, Vec<u32>);

fn op_seed() -> impl Strategy<Value = OpSeed> {
    (0u8..11, prop::collection::vec(any::<u32>(), 48))
}

/// A stream of the seed's numbers (zeros once exhausted).
struct Draw<'a>(std::slice::Iter<'a, u32>);

impl Draw<'_> {
    fn next(&mut self) -> usize {
        self.0.next().copied().unwrap_or(0) as usize
    }

    /// A value in `lo..=hi` (`lo` when that is empty).
    fn range(&mut self, lo: isize, hi: isize) -> isize {
        lo + (self.next() % (hi - lo + 1).max(1) as usize) as isize
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.next().is_multiple_of(n)
    }
}

/// A basic index for `shape`: mostly valid, sometimes out of range, too long, with a zero step,
/// two ellipses or a step on an integer.
fn make_index(shape: &[usize], d: &mut Draw) -> Vec<SliceElem> {
    let n = shape.len();
    let k = if d.one_in(15) {
        n + 1
    } else {
        d.next() % (n + 1)
    };
    let ellipsis = if d.one_in(3) {
        Some(d.next() % (k + 1))
    } else {
        None
    };
    let mut out = Vec::new();
    for j in 0..k {
        if ellipsis == Some(j) {
            out.push(SliceElem::Ellipsis);
        }
        let axis = match ellipsis {
            Some(e) if j >= e && k <= n => n - (k - j),
            _ => j,
        };
        let len = shape.get(axis).copied().unwrap_or(3) as isize;
        if d.one_in(4) {
            let i = if len == 0 || d.one_in(10) {
                if d.one_in(2) { len } else { -len - 1 }
            } else {
                d.range(-len, len - 1)
            };
            out.push(SliceElem::Index(i));
        } else {
            let bound = |d: &mut Draw| {
                if d.one_in(3) {
                    None
                } else {
                    Some(d.range(-8, 8))
                }
            };
            let start = bound(d);
            let stop = bound(d);
            let step = match d.next() % 24 {
                0 => 0,
                1 => 7,
                2 => -7,
                3..=10 => 1,
                11..=14 => -1,
                15..=17 => 2,
                18..=20 => -2,
                21 => 3,
                _ => -3,
            };
            out.push(SliceElem::Slice { start, stop, step });
        }
    }
    if ellipsis == Some(k) {
        out.push(SliceElem::Ellipsis);
    }
    for _ in 0..d.next() % 3 {
        let at = d.next() % (out.len() + 1);
        out.insert(at, SliceElem::NewAxis);
    }
    if d.one_in(40) {
        let at = d.next() % (out.len() + 1);
        out.insert(at, SliceElem::Ellipsis);
    }
    if d.one_in(40) {
        let at = d.next() % (out.len() + 1);
        out.insert(at, SliceElem::from(1).step(2));
    }
    out
}

/// A random permutation of `0..n`, with negative axis numbers half the time.
fn make_perm(n: usize, d: &mut Draw) -> Vec<isize> {
    let mut p: Vec<isize> = (0..n as isize).collect();
    for i in (1..n).rev() {
        p.swap(i, d.next() % (i + 1));
    }
    if d.one_in(2) {
        for a in &mut p {
            if d.one_in(2) {
                *a -= n as isize;
            }
        }
    }
    p
}

/// A shape with `size` elements and 0 to 4 axes (at least one when `size != 1`).
fn make_shape_of_size(size: usize, d: &mut Draw) -> Vec<usize> {
    let mut ndim = d.next() % 5;
    if size == 0 {
        ndim = ndim.max(1);
        let mut s: Vec<usize> = (0..ndim).map(|_| d.next() % 4).collect();
        let z = d.next() % ndim;
        s[z] = 0;
        return s;
    }
    if ndim == 0 && size != 1 {
        ndim = 1;
    }
    let mut s = Vec::new();
    let mut rem = size;
    for _ in 1..ndim {
        let divisors: Vec<usize> = (1..=rem).filter(|x| rem.is_multiple_of(*x)).collect();
        let div = divisors[d.next() % divisors.len()];
        s.push(div);
        rem /= div;
    }
    if ndim > 0 {
        s.push(rem);
    }
    s
}

fn make_op(seed: &OpSeed, shape: &[usize]) -> Op {
    let (kind, nums) = seed;
    let d = &mut Draw(nums.iter());
    let n = shape.len() as isize;
    // An axis argument: in range, and out of range one time in ten.
    let axis = |d: &mut Draw, n: isize| {
        if n == 0 || d.one_in(10) {
            if d.one_in(2) { n } else { -n - 1 }
        } else {
            d.range(-n, n - 1)
        }
    };
    match kind {
        0..=2 => Op::Slice(make_index(shape, d)),
        3 => {
            if d.one_in(2) {
                Op::Transpose
            } else {
                let mut p = make_perm(shape.len(), d);
                if d.one_in(20) && !p.is_empty() {
                    p[0] = p[p.len() - 1]; // a repeated axis
                }
                Op::Permute(p)
            }
        }
        4 => Op::SwapAxes(axis(d, n), axis(d, n)),
        5 => Op::MoveAxis(axis(d, n), axis(d, n)),
        6 => Op::ExpandDims(axis(d, n + 1)),
        7 => {
            if d.one_in(2) {
                Op::Squeeze(None)
            } else {
                let mut axes = Vec::new();
                for a in 0..n {
                    if shape[a as usize] == 1 && d.one_in(2) {
                        axes.push(if d.one_in(2) { a - n } else { a });
                    }
                }
                if d.one_in(8) {
                    axes.push(d.range(-n - 1, n)); // maybe not length 1, maybe out of range
                }
                Op::Squeeze(Some(axes))
            }
        }
        8 | 9 => {
            let size = shape.iter().product();
            let mut s: Vec<isize> = make_shape_of_size(size, d)
                .into_iter()
                .map(|x| x as isize)
                .collect();
            if !s.is_empty() && d.one_in(3) {
                let at = d.next() % s.len();
                s[at] = -1;
            }
            let order = if d.one_in(4) { Order::F } else { Order::C };
            Op::Reshape(s, order)
        }
        _ => {
            // New lengths are 1 to 3, and 0 one time in eight.
            let new_len = |d: &mut Draw| if d.one_in(8) { 0 } else { 1 + d.next() % 3 };
            let mut target: Vec<usize> = (0..d.next() % 3).map(|_| new_len(d)).collect();
            for &len in shape {
                target.push(if len == 1 && d.one_in(2) {
                    new_len(d)
                } else {
                    len
                });
            }
            if d.one_in(15)
                && let Some(t) = target.iter_mut().rev().find(|t| **t > 1)
            {
                *t += 1; // incompatible
            }
            Op::BroadcastTo(target)
        }
    }
}

/// 0 to 4 axes of lengths 0 to 5 (0 rarely, so that most arrays have elements).
fn small_shape() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(prop_oneof![1 => Just(0usize), 12 => 1usize..=5], 0..=4)
}

fn arange_of(shape: &[usize]) -> Array {
    let n: usize = shape.iter().product();
    let s: Vec<isize> = shape.iter().map(|&x| x as isize).collect();
    Array::arange(n as f64, DType::F64).reshape(&s).unwrap()
}

// =============================================================================================
// Brute-force definitions the array must agree with

/// Byte offset (relative to element 0) of every element, in C order.
fn offsets_c(a: &Array) -> Vec<isize> {
    indices_c(a.shape())
        .iter()
        .map(|idx| {
            idx.iter()
                .zip(a.strides())
                .map(|(&i, &s)| i as isize * s)
                .sum()
        })
        .collect()
}

/// Byte offset of every element, in F order.
fn offsets_f(a: &Array) -> Vec<isize> {
    (0..a.size())
        .map(|k| {
            let idx = unravel_f(k, a.shape());
            idx.iter()
                .zip(a.strides())
                .map(|(&i, &s)| i as isize * s)
                .sum()
        })
        .collect()
}

/// Contiguous in an order: the k-th element in that order is k items after the first.
fn consecutive(offs: &[isize]) -> bool {
    offs.iter().enumerate().all(|(k, &o)| o == k as isize * ISZ)
}

/// Strides that make `new` (read in `order`) an affine view of `src`'s elements read in the same
/// order, if any exist: try the one candidate per axis and check every element.
fn affine_reshape(src: &Array, new: &[usize], order: Order) -> Option<Vec<isize>> {
    let offs = if order == Order::F {
        offsets_f(src)
    } else {
        offsets_c(src)
    };
    let pos = |idx: &[usize]| {
        if order == Order::F {
            ravel_f(idx, new)
        } else {
            ravel_c(idx, new)
        }
    };
    let strides: Vec<isize> = (0..new.len())
        .map(|ax| {
            if new[ax] > 1 {
                let mut e = vec![0; new.len()];
                e[ax] = 1;
                offs[pos(&e)]
            } else {
                0
            }
        })
        .collect();
    let ok = indices_c(new).iter().all(|idx| {
        let o: isize = idx
            .iter()
            .zip(&strides)
            .map(|(&i, &s)| i as isize * s)
            .sum();
        offs[pos(idx)] == o
    });
    ok.then_some(strides)
}

/// Checks one array against its model: shape, values three ways, and the contiguity flags
/// against their brute-force definitions.
fn check_against_model(a: &Array, m: &Model, trace: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.shape(), &m.shape[..], "shape after {}", trace);
    prop_assert_eq!(a.size(), m.size());
    prop_assert_eq!(
        &a.to_vec::<f64>().unwrap(),
        &m.data,
        "to_vec after {}",
        trace
    );
    prop_assert_eq!(
        &a.view::<f64>().unwrap().to_vec(),
        &m.data,
        "view after {}",
        trace
    );
    for (k, idx) in indices_c(a.shape()).iter().enumerate() {
        let i: Vec<isize> = idx.iter().map(|&x| x as isize).collect();
        prop_assert_eq!(a.get(&i).unwrap(), Scalar::F64(m.data[k]), "get {:?}", idx);
    }
    let c = consecutive(&offsets_c(a));
    let f = consecutive(&offsets_f(a));
    prop_assert_eq!(a.flags().c_contiguous, c, "C_CONTIGUOUS after {}", trace);
    prop_assert_eq!(a.flags().f_contiguous, f, "F_CONTIGUOUS after {}", trace);
    prop_assert_eq!(a.as_slice::<f64>().is_ok(), c);
    if c {
        prop_assert_eq!(a.as_slice::<f64>().unwrap(), &m.data[..]);
    }
    prop_assert!(a.flags().aligned);
    Ok(())
}

// =============================================================================================
// (a) Properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A chain of 1-4 view operations gives what the model says, shares memory with its source,
    /// and `reshape` copies exactly when no strides could express the result.
    #[test]
    fn view_chains_match_the_model(
        shape in small_shape(),
        seeds in prop::collection::vec(op_seed(), 1..=4),
    ) {
        let base = arange_of(&shape);
        let mut a = base.clone();
        let mut m = Model::arange(&shape);
        let mut writeable = true;
        let mut trace = format!("arange{shape:?}");
        for seed in &seeds {
            let op = make_op(seed, a.shape());
            trace.push_str(&format!(" -> {op:?}"));
            let expected = m.apply(&op);
            let got = op.run(&a);
            let (next, next_m) = match (got, expected) {
                (Err(_), Err(Refused)) => break,
                (Ok(r), Ok(e)) => (r, e),
                (got, expected) => {
                    return Err(TestCaseError::fail(format!(
                        "{trace}: numfuse gave {:?}, the model {expected:?}",
                        got.map(|r| r.shape().to_vec()),
                    )));
                }
            };
            check_against_model(&next, &next_m, &trace)?;
            let non_empty = next.size() > 0 && a.size() > 0;
            let shares = next.shares_memory(&a);
            prop_assert_eq!(shares, next.may_share_memory(&a) && shares);
            let mut copied = false;
            if let Op::Reshape(_, order) = &op {
                if non_empty {
                    let affine = affine_reshape(&a, next.shape(), *order);
                    prop_assert_eq!(
                        shares, affine.is_some(),
                        "reshape view iff affine after {}: strides {:?} -> {:?}",
                        trace, a.strides(), next.strides()
                    );
                    if let Some(strides) = affine {
                        for (ax, &len) in next.shape().iter().enumerate() {
                            if len > 1 {
                                prop_assert_eq!(next.strides()[ax], strides[ax], "{}", trace);
                            }
                        }
                    } else {
                        copied = true;
                        let f = next.flags();
                        prop_assert!(f.owndata);
                        let in_order = if *order == Order::F { f.f_contiguous } else { f.c_contiguous };
                        prop_assert!(in_order, "reshape copy not in {:?} order", order);
                    }
                }
            } else if non_empty {
                prop_assert!(shares, "view does not share memory after {}", trace);
            }
            if !copied {
                prop_assert!(!next.flags().owndata, "a view owns its data after {}", trace);
            }
            if copied {
                writeable = true;
            }
            if matches!(op, Op::BroadcastTo(_)) {
                writeable = false;
            }
            prop_assert_eq!(next.flags().writeable, writeable, "WRITEABLE after {}", trace);
            a = next;
            m = next_m;
        }
        // No view operation changed the source.
        prop_assert_eq!(base.to_vec::<f64>().unwrap(), Model::arange(&shape).data);
    }

    /// `slice_mut(index).fill(x)` writes exactly the elements the model's index selects, through
    /// any permutation of the axes; a clone held elsewhere never changes.
    #[test]
    fn slice_mut_fill_writes_the_selected_elements(
        shape in small_shape(),
        perm_seed in prop::collection::vec(any::<u32>(), 8),
        index_seed in prop::collection::vec(any::<u32>(), 48),
        keep_clone in any::<bool>(),
    ) {
        let perm = make_perm(shape.len(), &mut Draw(perm_seed.iter()));
        let mut a = arange_of(&shape).permute_axes(&perm).unwrap();
        let m = Model::arange(&shape).permute(&perm).unwrap();
        let index = make_index(a.shape(), &mut Draw(index_seed.iter()));
        let kept = keep_clone.then(|| a.clone());
        // The model of positions: which C-order elements of `a` the index selects.
        let positions = Model { shape: m.shape.clone(), data: (0..m.size()).map(|k| k as f64).collect() };
        let selected = positions.slice(&index);
        let view = a.slice_mut(&index);
        match (view, selected) {
            (Err(_), Err(Refused)) => {}
            (Ok(mut v), Ok(sel)) => {
                prop_assert_eq!(v.shape(), &sel.shape[..]);
                v.fill(-1.0).unwrap();
                let mut expected = m.data.clone();
                for &p in &sel.data {
                    expected[p as usize] = -1.0;
                }
                prop_assert_eq!(a.to_vec::<f64>().unwrap(), expected, "index {:?}", index);
                if let Some(kept) = &kept {
                    prop_assert_eq!(&kept.to_vec::<f64>().unwrap(), &m.data);
                    prop_assert!(!kept.shares_memory(&a));
                }
            }
            (v, sel) => {
                return Err(TestCaseError::fail(format!(
                    "{index:?} on {:?}: numfuse ok={}, model {sel:?}", m.shape, v.is_ok()
                )));
            }
        }
    }

    /// `slice_mut(index).assign(&src)` broadcasts `src` to the view and casts it (int32 into
    /// float64), writing exactly the selected elements.
    #[test]
    fn slice_mut_assign_broadcasts_and_casts(
        shape in small_shape(),
        index_seed in prop::collection::vec(any::<u32>(), 48),
        src_seed in prop::collection::vec(any::<u32>(), 8),
    ) {
        let mut a = arange_of(&shape);
        let m = Model::arange(&shape);
        let index = make_index(&shape, &mut Draw(index_seed.iter()));
        let Ok(sel) = m.slice(&index) else { return Ok(()) };
        // A source that broadcasts to the view: a suffix of its shape with some lengths 1.
        let d = &mut Draw(src_seed.iter());
        let drop = d.next() % (sel.shape.len() + 1);
        let src_shape: Vec<usize> = sel.shape[drop..]
            .iter()
            .map(|&n| if d.one_in(3) { 1 } else { n })
            .collect();
        let n: usize = src_shape.iter().product();
        let src_vals: Vec<i32> = (0..n as i32).map(|k| 1000 + k).collect();
        let src = Array::from_vec(src_vals.clone(), &src_shape).unwrap();
        let src_m = Model { shape: src_shape.clone(), data: src_vals.iter().map(|&x| f64::from(x)).collect() };
        let b = src_m.broadcast_to(&sel.shape).unwrap();
        a.slice_mut(&index).unwrap().assign(&src).unwrap();
        let mut expected = m.data.clone();
        for (k, &p) in sel.data.iter().enumerate() {
            expected[p as usize] = b.data[k];
        }
        prop_assert_eq!(a.to_vec::<f64>().unwrap(), expected, "{:?} <- {:?}", index, src_shape);
        prop_assert_eq!(src.to_vec::<i32>().unwrap(), src_vals);
    }

    /// Copies of random views: every order gives the same values, the requested layout, an
    /// owned buffer; `astype` keeps the memory order (order K).
    #[test]
    fn copies_of_views(
        shape in small_shape(),
        seeds in prop::collection::vec(op_seed(), 1..=3),
    ) {
        let mut a = arange_of(&shape);
        for seed in &seeds {
            match make_op(seed, a.shape()).run(&a) {
                Ok(next) => a = next,
                Err(_) => break,
            }
        }
        let values = a.to_vec::<f64>().unwrap();
        for order in [Order::C, Order::F, Order::A, Order::K] {
            let c = a.copy_order(order);
            prop_assert_eq!(&c.to_vec::<f64>().unwrap(), &values);
            prop_assert!(c.flags().owndata && c.flags().writeable);
            prop_assert!(!c.shares_memory(&a));
            // Every copy is contiguous in some axis order: its offsets are a permutation.
            let mut offs = offsets_c(&c);
            offs.sort_unstable();
            prop_assert!(consecutive(&offs), "{:?} copy strides {:?}", order, c.strides());
            match order {
                Order::C => prop_assert!(c.flags().c_contiguous),
                Order::F => prop_assert!(c.flags().f_contiguous),
                Order::A if a.is_f_contiguous() && !a.is_c_contiguous() => {
                    prop_assert!(c.flags().f_contiguous)
                }
                Order::A => prop_assert!(c.flags().c_contiguous),
                Order::K => {
                    prop_assert!(!a.is_c_contiguous() || c.flags().c_contiguous);
                    prop_assert!(!a.is_f_contiguous() || c.flags().f_contiguous);
                }
            }
        }
        let f32s = a.astype(DType::F32);
        prop_assert_eq!(f32s.dtype(), DType::F32);
        let back: Vec<f64> = f32s.to_vec::<f32>().unwrap().into_iter().map(f64::from).collect();
        prop_assert_eq!(&back, &values);
        let k = a.copy_order(Order::K);
        let ratio = |x: &Array| x.strides().iter().map(|s| s / x.itemsize() as isize).collect::<Vec<_>>();
        prop_assert_eq!(ratio(&f32s), ratio(&k), "astype keeps order K");
        let c = a.ascontiguousarray();
        prop_assert!(c.flags().c_contiguous);
        prop_assert_eq!(c.shares_memory(&a), a.is_c_contiguous() && a.size() > 0);
        let f = a.asfortranarray();
        prop_assert!(f.flags().f_contiguous);
        prop_assert_eq!(f.shares_memory(&a), a.is_f_contiguous() && a.size() > 0);
        let r = a.ravel();
        prop_assert_eq!(&r.to_vec::<f64>().unwrap(), &values);
        let fl = a.flatten();
        prop_assert_eq!(&fl.to_vec::<f64>().unwrap(), &values);
        prop_assert!(!fl.shares_memory(&a) && fl.flags().owndata);
    }
}

// =============================================================================================
// The reference model itself

#[test]
fn model_slices_like_python() {
    assert_eq!(py_slice(None, None, -1, 5), vec![4, 3, 2, 1, 0]);
    assert_eq!(py_slice(Some(-2), None, 1, 5), vec![3, 4]);
    assert_eq!(py_slice(Some(10), Some(20), 1, 5), Vec::<usize>::new());
    assert_eq!(py_slice(Some(-10), Some(3), 1, 5), vec![0, 1, 2]);
    assert_eq!(py_slice(Some(3), Some(0), -2, 5), vec![3, 1]);
    assert_eq!(py_slice(None, Some(-10), -1, 5), vec![4, 3, 2, 1, 0]);
    assert_eq!(py_slice(Some(8), Some(-8), -3, 5), vec![4, 1]);
    assert_eq!(py_slice(None, None, 2, 0), Vec::<usize>::new());
    let m = Model::arange(&[3, 4]);
    let s = m.slice(&numfuse::s![.., 1, NewAxis]).unwrap();
    assert_eq!(s.shape, vec![3, 1]);
    assert_eq!(s.data, vec![1.0, 5.0, 9.0]);
    let r = m.reshape(&[2, -1], Order::F).unwrap();
    // np.arange(12).reshape(3, 4).reshape(2, 6, order='F')
    assert_eq!(
        r.data,
        vec![0., 8., 5., 2., 10., 7., 4., 1., 9., 6., 3., 11.]
    );
}

#[test]
fn affine_reshape_agrees_with_the_seed() {
    let arr = arange_of(&[3, 4]);
    assert_eq!(affine_reshape(&arr, &[2, 6], Order::C), Some(vec![48, 8]));
    assert_eq!(affine_reshape(&arr.t(), &[2, 6], Order::C), None);
    assert_eq!(
        affine_reshape(&arr.t(), &[2, 6], Order::F),
        Some(vec![8, 16])
    );
}

// =============================================================================================
// (b) Copy-on-write and borrows

#[test]
fn mutating_a_clone_leaves_the_original_unchanged() {
    let a = arange_of(&[3, 4]);
    let orig = a.to_vec::<f64>().unwrap();

    let mut b = a.clone();
    b.set(&[1, 1], 100.0).unwrap();
    assert_eq!(b.get(&[1, 1]).unwrap(), Scalar::F64(100.0));
    assert_eq!(a.to_vec::<f64>().unwrap(), orig);
    assert!(!a.shares_memory(&b));

    let mut c = a.clone();
    c.fill(7.0).unwrap();
    assert!(c.to_vec::<f64>().unwrap().iter().all(|&x| x == 7.0));
    assert_eq!(a.to_vec::<f64>().unwrap(), orig);

    let mut d = a.clone();
    d.as_slice_mut::<f64>().unwrap()[0] = -5.0;
    assert_eq!(d.get(&[0, 0]).unwrap(), Scalar::F64(-5.0));
    assert_eq!(a.to_vec::<f64>().unwrap(), orig);

    let mut e = a.clone();
    e.slice_mut(s![.., 0]).unwrap().fill(0.5).unwrap();
    assert_eq!(e.get(&[2, 0]).unwrap(), Scalar::F64(0.5));
    assert_eq!(a.to_vec::<f64>().unwrap(), orig);
}

#[test]
fn mutating_a_view_leaves_the_original_unchanged() {
    // Unlike NumPy, a view is a value: writing to it copies the shared buffer first.
    let a = arange_of(&[3, 4]);
    let orig = a.to_vec::<f64>().unwrap();

    let mut row = a.slice(s![1]).unwrap();
    row.set(&[0], 40.0).unwrap();
    assert_eq!(row.to_vec::<f64>().unwrap(), vec![40.0, 5.0, 6.0, 7.0]);
    assert!(row.flags().owndata);

    let mut t = a.t();
    t.fill(1.0).unwrap();
    // The copy keeps the view's memory order (F here), so it stays a cheap copy.
    assert!(t.flags().f_contiguous);
    assert_eq!(t.shape(), &[4, 3]);

    let mut r = a.reshape(&[12]).unwrap();
    r.as_slice_mut::<f64>().unwrap().fill(3.0);
    assert_eq!(r.to_vec::<f64>().unwrap(), vec![3.0; 12]);

    let mut rev = a.slice(s![..;-1, ..;-2]).unwrap();
    rev.set(&[0, 0], -1.0).unwrap();
    assert_eq!(
        rev.to_vec::<f64>().unwrap(),
        vec![-1.0, 9.0, 7.0, 5.0, 3.0, 1.0]
    );

    assert_eq!(a.to_vec::<f64>().unwrap(), orig);
}

#[test]
fn a_view_whose_parent_is_gone_writes_in_place() {
    // Copy-on-write copies only when the buffer is shared.
    let a = arange_of(&[3, 4]);
    let mut col = a.slice(s![.., 2]).unwrap();
    drop(a);
    col.set(&[1], 60.0).unwrap();
    assert!(!col.flags().owndata, "no copy was needed");
    assert_eq!(col.strides(), &[32]);
    assert_eq!(col.to_vec::<f64>().unwrap(), vec![2.0, 60.0, 10.0]);
}

#[test]
fn a_clone_in_another_thread_never_sees_writes() {
    let mut a = arange_of(&[1000]);
    let b = a.clone();
    let reader = std::thread::spawn(move || b.to_vec::<f64>().unwrap().iter().sum::<f64>());
    a.fill(1.0).unwrap();
    assert_eq!(reader.join().unwrap(), 499_500.0);
    assert_eq!(a.to_vec::<f64>().unwrap().iter().sum::<f64>(), 1000.0);
}

#[test]
fn slice_mut_fill_changes_the_parent() {
    let mut a = arange_of(&[6]);
    a.slice_mut(s![2..5]).unwrap().fill(99).unwrap();
    assert_eq!(
        a.to_vec::<f64>().unwrap(),
        vec![0.0, 1.0, 99.0, 99.0, 99.0, 5.0]
    );
    // The parent (a reshape view of a buffer nobody else holds) was written in place.
    assert!(!a.flags().owndata);

    let mut m = arange_of(&[3, 4]);
    m.slice_mut(s![.., 1..;2]).unwrap().fill(-1.0).unwrap();
    m.slice_mut(s![-1, ..;-3]).unwrap().fill(50u8).unwrap();
    assert_eq!(
        m.to_vec::<f64>().unwrap(),
        vec![
            0.0, -1.0, 2.0, -1.0, 4.0, -1.0, 6.0, -1.0, 50.0, -1.0, 10.0, 50.0
        ]
    );
}

#[test]
fn slice_mut_through_a_transposed_array() {
    let mut t = arange_of(&[3, 4]).t();
    // `t` is a view of a buffer nobody else holds once the temporary is gone.
    t.slice_mut(s![1]).unwrap().fill(0.0).unwrap();
    assert_eq!(t.get(&[1, 2]).unwrap(), Scalar::F64(0.0));
    assert_eq!(t.get(&[2, 2]).unwrap(), Scalar::F64(10.0));
    assert_eq!(
        t.t().to_vec::<f64>().unwrap(),
        vec![0.0, 0.0, 2.0, 3.0, 4.0, 0.0, 6.0, 7.0, 8.0, 0.0, 10.0, 11.0]
    );
}

#[test]
fn slice_mut_of_a_shared_array_copies_first() {
    let mut a = arange_of(&[6]);
    let b = a.clone();
    a.slice_mut(s![..2]).unwrap().fill(9.0).unwrap();
    assert_eq!(
        a.to_vec::<f64>().unwrap(),
        vec![9.0, 9.0, 2.0, 3.0, 4.0, 5.0]
    );
    assert_eq!(
        b.to_vec::<f64>().unwrap(),
        vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    );
    assert!(!a.shares_memory(&b));
}

#[test]
fn assign_broadcasts_and_casts_into_the_parent() {
    let mut a = Array::zeros(&[3, 4], DType::F64);
    // A row of int32 broadcast down the columns 1..3.
    let row = Array::from_vec(vec![7i32, 8], &[2]).unwrap();
    a.slice_mut(s![.., 1..3]).unwrap().assign(&row).unwrap();
    // A column of uint8 broadcast along the last row.
    let col = Array::from_vec(vec![200u8], &[1]).unwrap();
    a.slice_mut(s![-1]).unwrap().assign(&col).unwrap();
    // A 0-d bool.
    a.slice_mut(s![0, 0])
        .unwrap()
        .assign(&Array::scalar(true))
        .unwrap();
    assert_eq!(
        a.to_vec::<f64>().unwrap(),
        vec![
            1.0, 7.0, 8.0, 0.0, 0.0, 7.0, 8.0, 0.0, 200.0, 200.0, 200.0, 200.0
        ]
    );

    // Float into int truncates toward zero; a negative-stride source lands reversed.
    let mut i = Array::zeros(&[5], DType::I16);
    let src = Array::from_vec(vec![1.9f64, -2.7, 3.5], &[3]).unwrap();
    let rev = src.slice(s![..;-1]).unwrap();
    i.slice_mut(s![1..4]).unwrap().assign(&rev).unwrap();
    assert_eq!(i.to_vec::<i16>().unwrap(), vec![0, 3, -2, 1, 0]);

    // The source may be a view of another array; that array is unchanged.
    let other = arange_of(&[2, 3]);
    let mut dst = Array::zeros(&[3, 2], DType::F32);
    dst.view_mut().unwrap().assign(&other.t()).unwrap();
    assert_eq!(
        dst.to_vec::<f32>().unwrap(),
        vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]
    );
    assert_eq!(
        other.to_vec::<f64>().unwrap(),
        vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    );
}

#[test]
fn nested_and_typed_mutable_views() {
    let mut a = arange_of(&[4, 4]);
    {
        let mut inner = a.slice_mut(s![1..3, 1..3]).unwrap();
        inner.slice_mut(s![.., 0]).unwrap().fill(-1.0).unwrap();
        inner.set(&[1, 1], -2.0).unwrap();
        assert_eq!(inner.get(&[0, 1]).unwrap(), Scalar::F64(6.0));
        let mut typed = inner.typed::<f64>().unwrap();
        typed[[0, 1]] += 100.0;
        typed.map_inplace(|x| x * 2.0);
    }
    assert_eq!(
        a.to_vec::<f64>().unwrap(),
        vec![
            0.0, 1.0, 2.0, 3.0, 4.0, -2.0, 212.0, 7.0, 8.0, -2.0, -4.0, 11.0, 12.0, 13.0, 14.0,
            15.0
        ]
    );
}

#[test]
fn copy_order_f_gives_f_strides() {
    let a = arange_of(&[3, 4]);
    let f = a.copy_order(Order::F);
    assert_eq!(f.strides(), &[8, 24]);
    assert!(f.flags().f_contiguous && !f.flags().c_contiguous);
    assert!(f.flags().owndata);
    assert_eq!(f.to_vec::<f64>().unwrap(), a.to_vec::<f64>().unwrap());
    let f3 = arange_of(&[2, 3, 4]).copy_order(Order::F);
    assert_eq!(f3.strides(), &[8, 16, 48]);
    // Order A copies F-contiguous arrays as F, everything else as C.
    assert_eq!(a.t().copy_order(Order::A).strides(), &[8, 32]);
    assert_eq!(a.copy_order(Order::A).strides(), &[32, 8]);
    assert_eq!(a.t().copy().strides(), &[24, 8]);
}

#[test]
fn ascontiguousarray_and_asfortranarray_view_when_already_in_order() {
    let a = arange_of(&[3, 4]);
    let c = a.ascontiguousarray();
    assert!(c.shares_memory(&a) && !c.flags().owndata);
    let f = a.asfortranarray();
    assert!(!f.shares_memory(&a) && f.flags().owndata);
    assert_eq!(f.strides(), &[8, 24]);

    let t = a.t();
    let tf = t.asfortranarray();
    assert!(tf.shares_memory(&a));
    assert_eq!(tf.strides(), &[8, 32]);
    let tc = t.ascontiguousarray();
    assert!(!tc.shares_memory(&a));
    assert_eq!(tc.strides(), &[24, 8]);

    // 1-d contiguous arrays are both; a strided one is neither.
    let v = arange_of(&[5]);
    assert!(v.asfortranarray().shares_memory(&v));
    let odd = v.slice(s![..;2]).unwrap();
    assert!(!odd.ascontiguousarray().shares_memory(&v));
    assert!(!odd.asfortranarray().shares_memory(&v));
    assert_eq!(
        odd.ascontiguousarray().to_vec::<f64>().unwrap(),
        vec![0.0, 2.0, 4.0]
    );
}

#[test]
fn ravel_views_and_flatten_copies() {
    let a = arange_of(&[3, 4]);
    let r = a.ravel();
    assert!(r.shares_memory(&a));
    assert_eq!(r.shape(), &[12]);
    let f = a.flatten();
    assert!(!f.shares_memory(&a));
    assert!(f.flags().owndata);
    assert_eq!(r.to_vec::<f64>().unwrap(), f.to_vec::<f64>().unwrap());

    // The transpose cannot be read in C order without a copy: ravel copies.
    let rt = a.t().ravel();
    assert!(!rt.shares_memory(&a));
    assert_eq!(
        rt.to_vec::<f64>().unwrap(),
        vec![0.0, 4.0, 8.0, 1.0, 5.0, 9.0, 2.0, 6.0, 10.0, 3.0, 7.0, 11.0]
    );
    // Rows taken with a step still ravel as a view (rows are contiguous, the step is uniform).
    let every_other = a.slice(s![..;2, ..]).unwrap();
    let rv = every_other.reshape(&[2, 2, 2]).unwrap();
    assert!(rv.shares_memory(&a));
    // A reversed 1-d array ravels as a view with a negative stride.
    let rev = arange_of(&[5]).slice(s![..;-1]).unwrap();
    let rr = rev.ravel();
    assert!(rr.shares_memory(&rev));
    assert_eq!(rr.strides(), &[-8]);
    // A broadcast array ravels as a copy, which is writeable.
    let b = arange_of(&[3]).broadcast_to(&[2, 3]).unwrap();
    let mut br = b.ravel();
    assert!(!br.shares_memory(&b));
    assert!(br.flags().writeable);
    br.fill(0.0).unwrap();
}

#[test]
#[expect(
    clippy::reversed_empty_ranges,
    reason = "s![3..0;-2] is NumPy's a[3:0:-2], not an empty Rust range"
)]
fn negative_stride_views_copy_correctly() {
    let a = arange_of(&[3, 4]);
    let v = a.slice(s![..;-1, ..;-1]).unwrap();
    assert_eq!(v.strides(), &[-32, -8]);
    let expected: Vec<f64> = (0..12).rev().map(f64::from).collect();
    assert_eq!(v.to_vec::<f64>().unwrap(), expected);
    for order in [Order::C, Order::F, Order::A, Order::K] {
        let c = v.copy_order(order);
        assert_eq!(c.to_vec::<f64>().unwrap(), expected, "{order:?}");
        assert!(c.strides().iter().all(|&s| s > 0), "{order:?}");
    }
    let k = v.copy_order(Order::K);
    assert_eq!(k.strides(), &[32, 8]);
    let odd = a.slice(s![1..;-1, 3..0;-2]).unwrap();
    assert_eq!(odd.shape(), &[2, 2]);
    assert_eq!(odd.to_vec::<f64>().unwrap(), vec![7.0, 5.0, 3.0, 1.0]);
    assert_eq!(
        odd.copy().to_vec::<f64>().unwrap(),
        vec![7.0, 5.0, 3.0, 1.0]
    );
    assert_eq!(
        odd.astype(DType::I32).to_vec::<i32>().unwrap(),
        vec![7, 5, 3, 1]
    );
    assert_eq!(
        odd.t().flatten().to_vec::<f64>().unwrap(),
        vec![7.0, 3.0, 5.0, 1.0]
    );
}

#[test]
fn astype_keeps_the_memory_order() {
    let a = arange_of(&[2, 3, 4]);
    let c = a.astype(DType::I32);
    assert_eq!(c.strides(), &[48, 16, 4]);
    let t = a.t().astype(DType::F32);
    assert_eq!(t.shape(), &[4, 3, 2]);
    assert_eq!(t.strides(), &[4, 16, 48]);
    assert!(t.flags().f_contiguous);
    let p = a.permute_axes(&[1, 0, 2]).unwrap().astype(DType::I64);
    assert_eq!(p.strides(), &[32, 96, 8]);
    assert_eq!(
        p.to_vec::<i64>().unwrap(),
        a.permute_axes(&[1, 0, 2])
            .unwrap()
            .to_vec::<f64>()
            .unwrap()
            .iter()
            .map(|&x| x as i64)
            .collect::<Vec<_>>()
    );
    // A reversed axis comes out forwards in memory, in the same axis order.
    let r = a.slice(s![.., ..;-1]).unwrap().astype(DType::U8);
    assert_eq!(r.strides(), &[12, 4, 1]);
    assert_eq!(r.get(&[0, 0, 0]).unwrap(), Scalar::U8(8));
}
