//! Sorting and searching against NumPy: `tests/data/sort/cases.json`, written by
//! `scripts/gen_numpy_sort.py` (every dtype, every axis and `None`, views with negative
//! strides and F order, NaN, ±inf and -0.0, ties, empty arrays and lanes, 0-d, and NumPy's
//! errors). Index results match exactly (argsort against NumPy's `kind="stable"`, ties
//! included); sorted values match with `-0.0 == 0.0` (NumPy leaves the order of equal zeros
//! unspecified); partitions are checked for the partition property against NumPy's sorted
//! lanes. Then property tests on random data, and long lanes that take the parallel paths.

mod common;

use common::cases::{array_from_json, check, parse_scalar};
use common::{Json, load_cases, splitmix};
use numfuse::prelude::*;
use numfuse::{Side, SortKind, UniqueOptions};
use proptest::prelude::*;

fn axis(j: &Json) -> Option<isize> {
    j.opt().map(|a| a.int() as isize)
}

fn kths(j: &Json) -> Vec<isize> {
    match j {
        Json::Arr(_) => j.ints().iter().map(|&k| k as isize).collect(),
        _ => vec![j.int() as isize],
    }
}

fn cases() -> Vec<Json> {
    load_cases("sort/cases.json")
}

fn is_error(expect: &Json) -> bool {
    matches!(expect, Json::Obj(m) if m.iter().any(|(k, _)| k == "error"))
}

/// True when numfuse's error is the variant that stands for NumPy's exception, with NumPy's
/// text where numfuse uses it.
fn same_kind(e: &Error, numpy: &str, msg: &str) -> bool {
    match numpy {
        "AxisError" => matches!(e, Error::AxisOutOfRange { .. }) && e.to_string() == msg,
        "ValueError" => {
            matches!(e, Error::Value { .. }) && e.to_string().ends_with(msg)
                || matches!(e, Error::Shape { .. })
        }
        "TypeError" => {
            matches!(e, Error::DType { .. }) && e.to_string().contains(msg)
                || matches!(e, Error::Value { .. }) && e.to_string().ends_with(msg)
        }
        _ => false,
    }
}

/// An order key for f64 in NumPy's order with -0.0 == 0.0 and one NaN.
fn canon(x: f64) -> u64 {
    if x.is_nan() {
        u64::MAX
    } else {
        (x + 0.0).to_bits()
    }
}

/// Compares a float array with expected values up to the sign of zero; other dtypes exactly.
fn check_values(got: numfuse::Result<Array>, expect: &Json) -> Option<String> {
    let t = common::dtype(expect.get("dtype").str());
    if !t.is_float() {
        return check(got, expect);
    }
    let a = match got {
        Ok(a) => a,
        Err(e) => return Some(format!("numfuse failed: {e}")),
    };
    let (t, shape) = common::cases::expected_header(expect);
    if let Some(m) = common::cases::header_mismatch("", &a, t, &shape) {
        return Some(m);
    }
    let got = a.astype(DType::F64).to_vec::<f64>().unwrap();
    let want: Vec<f64> = expect
        .get("values")
        .arr()
        .iter()
        .map(|v| parse_scalar(v.str(), DType::F64).to_f64())
        .collect();
    let bad: Vec<String> = got
        .iter()
        .zip(&want)
        .enumerate()
        .filter(|&(_, (g, w))| canon(*g) != canon(*w))
        .take(5)
        .map(|(i, (g, w))| format!("[{i}] {g} vs numpy {w}"))
        .collect();
    (!bad.is_empty()).then(|| format!("values differ: {}", bad.join(", ")))
}

/// The values of a partition result (values or the input taken along the indices) in lanes
/// along `axis`, checked against NumPy's sorted lanes at every kth and on both sides.
fn check_partition(
    a: &Array,
    got: &Array,
    indices: bool,
    ks: &[isize],
    ax: Option<isize>,
) -> Option<String> {
    let (src, axis) = match ax {
        None => (a.reshape(&[-1]).unwrap(), 0),
        Some(_) if a.ndim() == 0 => (a.reshape(&[1]).unwrap(), 0),
        Some(x) => (a.clone(), x.rem_euclid(a.ndim() as isize) as usize),
    };
    if got.shape() != src.shape() {
        return Some(format!("shape {:?}, want {:?}", got.shape(), src.shape()));
    }
    let vals = if indices {
        if got.dtype() != DType::I64 {
            return Some(format!("dtype {}", got.dtype()));
        }
        src.take_along_axis(got, Some(axis as isize)).unwrap()
    } else {
        got.clone()
    };
    let lanes = |x: &Array| {
        x.astype(DType::F64)
            .moveaxis(axis as isize, -1)
            .unwrap()
            .to_vec::<f64>()
            .unwrap()
    };
    let (v, s) = (lanes(&vals), lanes(&src.sort(Some(axis as isize)).unwrap()));
    let n = src.shape()[axis];
    for (lane, (v, s)) in v.chunks(n).zip(s.chunks(n)).enumerate() {
        let mut sorted_v: Vec<u64> = v.iter().map(|&x| canon(x)).collect();
        let keyed = |x: f64| if x.is_nan() { f64::INFINITY } else { x };
        sorted_v.sort_by(|&p, &q| {
            let (x, y) = (f64::from_bits(p), f64::from_bits(q));
            keyed(x).total_cmp(&keyed(y)).then(p.cmp(&q))
        });
        for &k in ks {
            let k = k.rem_euclid(n as isize) as usize;
            if canon(v[k]) != canon(s[k]) {
                return Some(format!("lane {lane}: kth {k} is {}, want {}", v[k], s[k]));
            }
            let le = |x: f64, y: f64| y.is_nan() || (!x.is_nan() && x <= y);
            if !v[..k].iter().all(|&x| le(x, v[k])) || !v[k + 1..].iter().all(|&x| le(v[k], x)) {
                return Some(format!("lane {lane}: not partitioned at {k}: {v:?}"));
            }
        }
    }
    None
}

/// Runs one case against its expectation; `None` when they agree.
fn run(c: &Json) -> Option<String> {
    let arr = |k: &str| array_from_json(c.get(k));
    let expect = c.get("expect");
    let func = c.get("func").str();
    let got: numfuse::Result<Vec<Array>> = match func {
        "sort" => arr("a").sort(axis(c.get("axis"))).map(|a| vec![a]),
        "argsort" => {
            let a = arr("a");
            let ax = axis(c.get("axis"));
            // Both kinds give NumPy's stable order (SortKind's doc).
            let d = a.argsort(ax, SortKind::Default);
            let s = numfuse::argsort(&a, ax, SortKind::Stable);
            if let (Ok(d), Ok(s)) = (&d, &s)
                && d.to_vec::<i64>().unwrap() != s.to_vec::<i64>().unwrap()
            {
                return Some("Default and Stable differ".into());
            }
            s.map(|a| vec![a])
        }
        "partition" | "argpartition" => {
            let a = arr("a");
            let ks = kths(c.get("kth"));
            let ax = axis(c.get("axis"));
            let got = if func == "partition" {
                a.partition_many(&ks, ax)
            } else if ks.len() == 1 {
                a.argpartition(ks[0], ax)
            } else {
                a.argpartition_many(&ks, ax)
            };
            if is_error(expect) {
                got.map(|a| vec![a])
            } else {
                return match got {
                    Err(e) => Some(format!("numfuse failed: {e}")),
                    Ok(p) if p.is_empty() => (p.shape() != [0]).then(|| "not empty".into()),
                    Ok(p) => check_partition(&a, &p, func == "argpartition", &ks, ax),
                };
            }
        }
        "searchsorted" => {
            let side = if c.get("side").str() == "left" {
                Side::Left
            } else {
                Side::Right
            };
            let sorter = c.get("sorter").opt().map(array_from_json);
            numfuse::searchsorted(&arr("a"), &arr("v"), side, sorter.as_ref()).map(|a| vec![a])
        }
        "unique" => {
            let opts = UniqueOptions::new()
                .index()
                .inverse()
                .counts()
                .equal_nan(c.get("equal_nan") == &Json::Bool(true));
            let opts = match c.members().iter().find(|(k, _)| k == "axis") {
                Some((_, ax)) => opts.axis(ax.int() as isize),
                None => opts,
            };
            arr("a").unique_with(opts).map(|u| {
                vec![
                    u.values,
                    u.index.unwrap(),
                    u.inverse.unwrap(),
                    u.counts.unwrap(),
                ]
            })
        }
        "lexsort" => {
            let keys: Vec<Array> = c.get("keys").arr().iter().map(array_from_json).collect();
            let refs: Vec<&Array> = keys.iter().collect();
            numfuse::lexsort(&refs, c.get("axis").int() as isize).map(|a| vec![a])
        }
        "argwhere" => arr("a").argwhere().map(|a| vec![a]),
        "count_nonzero" => {
            let a = arr("a");
            let axes = match c.get("axis") {
                Json::Null => numfuse::Axes::all(),
                Json::Arr(_) => {
                    let v: Vec<isize> = c.get("axis").ints().iter().map(|&x| x as isize).collect();
                    numfuse::Axes::list(&v)
                }
                j => numfuse::Axes::from(Some(j.int() as isize)),
            };
            let keep = c.get("keepdims") == &Json::Bool(true);
            a.count_nonzero(axes.with_keepdims(keep)).map(|a| vec![a])
        }
        other => panic!("unknown func {other}"),
    };
    if is_error(expect) {
        return match got {
            Err(e) if same_kind(&e, expect.get("error").str(), expect.get("msg").str()) => None,
            Err(e) => Some(format!(
                "numpy {}: {}, numfuse {e:?}: {e}",
                expect.get("error").str(),
                expect.get("msg").str()
            )),
            Ok(a) => Some(format!(
                "numpy raised {}, numfuse returned {}",
                expect.get("msg").str(),
                a[0]
            )),
        };
    }
    let got = match got {
        Ok(v) => v,
        Err(e) => return Some(format!("numfuse failed: {e}")),
    };
    if let Json::Obj(m) = expect
        && m.iter().any(|(k, _)| k == "arrays")
    {
        let want = expect.get("arrays").arr();
        return got
            .into_iter()
            .zip(want)
            .enumerate()
            .find_map(|(i, (a, w))| {
                if i == 0 {
                    check_values(Ok(a), w)
                } else {
                    check(Ok(a), w)
                }
            });
    }
    let a = got.into_iter().next().unwrap();
    if func == "sort" {
        check_values(Ok(a), expect)
    } else {
        check(Ok(a), expect)
    }
}

/// Checks every case of the given functions; returns how many ran.
fn run_cases(funcs: &[&str]) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases() {
        if !funcs.contains(&case.get("func").str()) {
            continue;
        }
        checked += 1;
        if let Some(why) = run(&case) {
            failures.push(format!("  {}: {why}", case.get("name").str()));
        }
    }
    common::assert_agree(&failures, checked);
    checked
}

#[test]
fn sort_matches_numpy() {
    assert!(run_cases(&["sort"]) >= 70);
}

#[test]
fn argsort_matches_numpys_stable_order() {
    assert!(run_cases(&["argsort"]) >= 70);
}

#[test]
fn partitions_match_numpys_sorted_lanes() {
    assert!(run_cases(&["partition", "argpartition"]) >= 50);
}

#[test]
fn searchsorted_matches_numpy() {
    assert!(run_cases(&["searchsorted"]) >= 40);
}

#[test]
fn unique_matches_numpy() {
    assert!(run_cases(&["unique"]) >= 25);
}

#[test]
fn lexsort_argwhere_count_nonzero_match_numpy() {
    assert!(run_cases(&["lexsort", "argwhere", "count_nonzero"]) >= 40);
}

/// A deterministic stream of f64 with many ties, NaN and signed zeros (SplitMix64).
fn stream(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            let z = splitmix(&mut s);
            match z % 1000 {
                0 => f64::NAN,
                1 => -0.0,
                2 => f64::NEG_INFINITY,
                _ => ((z >> 16) % 100_000) as f64 - 50_000.0,
            }
        })
        .collect()
}

/// The plain sort of a lane in NumPy's order, by `canon` keys' float order.
fn reference_order(v: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    let key = |x: f64| if x.is_nan() { f64::INFINITY } else { x + 0.0 };
    idx.sort_by(|&i, &j| {
        key(v[i])
            .partial_cmp(&key(v[j]))
            .unwrap()
            .then(v[i].is_nan().cmp(&v[j].is_nan()))
    });
    idx
}

#[test]
fn long_lane_takes_the_parallel_path() {
    let n = 300_000;
    let v = stream(n, 7);
    let a = Array::from_vec(v.clone(), &[n]).unwrap();
    let want = reference_order(&v);
    let idx = a.argsort(Some(0), SortKind::Stable).unwrap();
    assert_eq!(
        idx.to_vec::<i64>().unwrap(),
        want.iter().map(|&i| i as i64).collect::<Vec<_>>()
    );
    let s = a.sort(None).unwrap().to_vec::<f64>().unwrap();
    let ws: Vec<u64> = want.iter().map(|&i| canon(v[i])).collect();
    assert_eq!(s.iter().map(|&x| canon(x)).collect::<Vec<_>>(), ws);
    // unique on the parallel path: counts add up and inverse rebuilds the input
    let u = a
        .unique_with(UniqueOptions::new().inverse().counts())
        .unwrap();
    let back = u.values.take(&u.inverse.unwrap(), None).unwrap();
    let back = back.to_vec::<f64>().unwrap();
    assert!(back.iter().zip(&v).all(|(x, y)| canon(*x) == canon(*y)));
    let total: i64 = u.counts.unwrap().to_vec::<i64>().unwrap().iter().sum();
    assert_eq!(total, n as i64);
    // A few long lanes (each on the whole pool when there are fewer lanes than threads).
    let three = Array::from_vec(v[..3 * 100_000].to_vec(), &[3, 100_000]).unwrap();
    let idx3 = three.argsort(Some(-1), SortKind::Default).unwrap();
    let idx3 = idx3.to_vec::<i64>().unwrap();
    for (r, got) in idx3.chunks(100_000).enumerate() {
        let want = reference_order(&v[r * 100_000..(r + 1) * 100_000]);
        assert!(
            got.iter().zip(&want).all(|(&g, &w)| g as usize == w),
            "lane {r}"
        );
    }
    // searchsorted of many values, in parallel
    let sorted = Array::from_vec(s.clone(), &[n]).unwrap();
    let pos = sorted
        .searchsorted(&a, Side::Left, None)
        .unwrap()
        .to_vec::<i64>()
        .unwrap();
    for (p, x) in pos.iter().zip(&v) {
        assert_eq!(canon(s[*p as usize]), canon(*x));
    }
}

#[test]
fn many_lanes_take_the_parallel_path() {
    let (rows, cols) = (400, 700);
    let v = stream(rows * cols, 11);
    let a = Array::from_vec(v.clone(), &[rows, cols]).unwrap();
    // Along axis 0, so every lane is strided in the input.
    let idx = a.argsort(Some(0), SortKind::Stable).unwrap();
    let got = idx.to_vec::<i64>().unwrap();
    for c in (0..cols).step_by(97) {
        let lane: Vec<f64> = (0..rows).map(|r| v[r * cols + c]).collect();
        let want = reference_order(&lane);
        let col: Vec<i64> = (0..rows).map(|r| got[r * cols + c]).collect();
        assert_eq!(col, want.iter().map(|&i| i as i64).collect::<Vec<_>>());
    }
    let s = a.sort(Some(1)).unwrap().to_vec::<f64>().unwrap();
    for r in (0..rows).step_by(53) {
        let lane = &v[r * cols..(r + 1) * cols];
        let want: Vec<u64> = reference_order(lane)
            .iter()
            .map(|&i| canon(lane[i]))
            .collect();
        let row: Vec<u64> = s[r * cols..(r + 1) * cols]
            .iter()
            .map(|&x| canon(x))
            .collect();
        assert_eq!(row, want);
    }
}

#[test]
fn broadcast_and_inplace() {
    let b = array![3i64, 1, 2].broadcast_to(&[2, 3]).unwrap();
    assert_eq!(
        b.sort(Some(-1)).unwrap().to_vec::<i64>().unwrap(),
        [1, 2, 3, 1, 2, 3]
    );
    assert_eq!(
        b.argsort(Some(0), SortKind::Stable)
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        [0, 0, 0, 1, 1, 1]
    );
    let mut ro = b.clone();
    assert!(matches!(
        ro.sort_inplace(Some(-1)),
        Err(Error::ReadOnly { .. })
    ));
    // In place keeps an F-ordered layout and leaves clones alone.
    let mut f = array![[3.0, 1.0], [f64::NAN, -2.0]].asfortranarray();
    let before = f.clone();
    f.sort_inplace(Some(0)).unwrap();
    assert!(f.is_f_contiguous());
    assert_eq!(f.get(&[0, 1]).unwrap().to_f64(), -2.0);
    assert!(f.get(&[1, 0]).unwrap().to_f64().is_nan());
    assert_eq!(before.get(&[0, 0]).unwrap().to_f64(), 3.0);
    let mut flat = array![[4i64, 3], [2, 1]];
    flat.sort_inplace(None).unwrap();
    assert_eq!(flat.to_vec::<i64>().unwrap(), [1, 2, 3, 4]);
}

#[test]
fn searchsorted_rejects_bad_sorters() {
    let a = array![1, 2, 3];
    let v = array![2];
    for s in [array![0, 1, 5], array![0, 1, -1], array![[0, 1, 2]]] {
        assert!(matches!(
            a.searchsorted(&v, Side::Left, Some(&s)),
            Err(Error::Value { .. })
        ));
    }
}

fn small_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => (-4i32..4).prop_map(f64::from),
        1 => Just(f64::NAN),
        1 => Just(-0.0),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
    ]
}

/// A random array of 0-3 dims (lengths 0-5), as f64 or cast to another dtype.
fn random_array() -> impl Strategy<Value = Array> {
    (prop::collection::vec(0usize..5, 0..=3), 0usize..4).prop_flat_map(|(shape, t)| {
        let n: usize = shape.iter().product();
        prop::collection::vec(small_f64(), n).prop_map(move |v| {
            let a = Array::from_vec(v, &shape).unwrap();
            match t {
                0 => a,
                1 => a.astype(DType::F32),
                2 => a.astype(DType::I16),
                _ => a.astype(DType::U8),
            }
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// sort equals the lanes sorted in NumPy's order; argsort is a permutation that sorts; the
    /// partitions hold; nothing panics for any axis or kth.
    #[test]
    fn sort_argsort_partition_properties(a in random_array(), ax in -4isize..4, kth in -6isize..6) {
        let axis = if ax == 3 { None } else { Some(ax) };
        let s = a.sort(axis);
        let i = a.argsort(axis, SortKind::Stable);
        let _ = a.partition(kth, axis);
        let _ = a.argpartition_many(&[kth, 0], axis);
        if let (Ok(s), Ok(i)) = (s, i) {
            let (src, ax) = match axis {
                None => (a.reshape(&[-1]).unwrap(), 0isize),
                Some(x) => (a.clone(), x),
            };
            let taken = src.take_along_axis(&i, Some(ax)).unwrap();
            let x = |b: &Array| b.astype(DType::F64).to_vec::<f64>().unwrap()
                .into_iter().map(canon).collect::<Vec<_>>();
            prop_assert_eq!(x(&taken), x(&s));
            let lanes = src.astype(DType::F64).moveaxis(ax, -1).unwrap();
            let n = lanes.shape().last().copied().unwrap_or(1).max(1);
            let v = lanes.to_vec::<f64>().unwrap();
            let sv = s.astype(DType::F64).moveaxis(ax, -1).unwrap().to_vec::<f64>().unwrap();
            for (lane, got) in v.chunks(n).zip(sv.chunks(n)) {
                let want: Vec<u64> = reference_order(lane).iter().map(|&j| canon(lane[j])).collect();
                prop_assert_eq!(got.iter().map(|&y| canon(y)).collect::<Vec<_>>(), want);
            }
            if !a.is_empty()
                && let Ok(p) = a.partition(kth, axis)
            {
                let ks = [kth];
                prop_assert_eq!(check_partition(&a, &p, false, &ks, axis), None);
                let q = a.argpartition(kth, axis).unwrap();
                prop_assert_eq!(check_partition(&a, &q, true, &ks, axis), None);
            }
        }
    }

    /// unique round-trips: values are sorted and distinct, values[inverse] == a, the counts sum
    /// to the size, and index points at an element equal to its value.
    #[test]
    fn unique_round_trips(a in random_array()) {
        let u = a.unique_with(UniqueOptions::new().index().inverse().counts()).unwrap();
        let vals = u.values.astype(DType::F64).to_vec::<f64>().unwrap();
        let keys: Vec<u64> = vals.iter().map(|&x| canon(x)).collect();
        let mut dedup = keys.clone();
        dedup.dedup();
        prop_assert_eq!(&dedup, &keys);
        let inv = u.inverse.unwrap();
        prop_assert_eq!(inv.shape(), a.shape());
        let back = u.values.take(&inv.reshape(&[-1]).unwrap(), None).unwrap();
        let flat = a.astype(DType::F64).to_vec::<f64>().unwrap();
        let back = back.astype(DType::F64).to_vec::<f64>().unwrap();
        prop_assert!(back.iter().zip(&flat).all(|(x, y)| canon(*x) == canon(*y)));
        let counts = u.counts.unwrap().to_vec::<i64>().unwrap();
        prop_assert_eq!(counts.iter().sum::<i64>(), a.size() as i64);
        for (j, &i) in u.index.unwrap().to_vec::<i64>().unwrap().iter().enumerate() {
            prop_assert_eq!(canon(flat[i as usize]), keys[j]);
        }
    }

    /// lexsort on one key is the stable argsort; argwhere, count_nonzero and flatnonzero agree.
    #[test]
    fn lexsort_and_nonzero_agree(a in random_array(), b in random_array(), ax in -3isize..3) {
        if a.ndim() > 0 && let Ok(i) = numfuse::lexsort(&[&a], ax) {
            let s = a.argsort(Some(ax), SortKind::Stable).unwrap();
            prop_assert_eq!(i.to_vec::<i64>().unwrap(), s.to_vec::<i64>().unwrap());
            // A constant primary key leaves the secondary one in charge.
            let ones = Array::ones(a.shape(), DType::U8);
            let j = numfuse::lexsort(&[&a, &ones], ax).unwrap();
            prop_assert_eq!(j.to_vec::<i64>().unwrap(), s.to_vec::<i64>().unwrap());
        }
        let _ = numfuse::lexsort(&[&a, &b], ax);
        let w = a.argwhere().unwrap();
        let c = a.count_nonzero(None).unwrap().to_vec::<i64>().unwrap()[0];
        prop_assert_eq!(w.shape(), &[c as usize, a.ndim()]);
        prop_assert_eq!(numfuse::flatnonzero(&a).unwrap().size() as i64, c);
    }

    /// searchsorted brackets every value: a[i-1] < v <= a[i] (left), a[i-1] <= v < a[i] (right).
    #[test]
    fn searchsorted_brackets(a in random_array(), v in random_array()) {
        let s = a.reshape(&[-1]).unwrap().sort(None).unwrap();
        let sv = s.astype(DType::F64).to_vec::<f64>().unwrap();
        // Compare in the promoted dtype, as searchsorted does.
        let t = numfuse::promote_types(a.dtype(), v.dtype());
        let sv_t = s.astype(t).astype(DType::F64).to_vec::<f64>().unwrap();
        let vv = v.astype(t).astype(DType::F64).to_vec::<f64>().unwrap();
        /// `x < y` in NumPy's order.
        fn lt(x: f64, y: f64) -> bool {
            let key = |x: f64| if x.is_nan() { f64::INFINITY } else { x };
            (key(x), x.is_nan()) < (key(y), y.is_nan())
        }
        type Test = fn(f64, f64) -> bool;
        for side in [Side::Left, Side::Right] {
            let p = s.searchsorted(&v, side, None).unwrap();
            prop_assert_eq!(p.shape(), v.shape());
            for (&i, &x) in p.to_vec::<i64>().unwrap().iter().zip(&vv) {
                let i = i as usize;
                prop_assert!(i <= sv.len());
                let (before, at): (Test, Test) = match side {
                    Side::Left => (|b: f64, x: f64| lt(b, x), |x: f64, c: f64| !lt(c, x)),
                    Side::Right => (|b: f64, x: f64| !lt(x, b), |x: f64, c: f64| lt(x, c)),
                };
                if i > 0 { prop_assert!(before(sv_t[i - 1], x)); }
                if i < sv.len() { prop_assert!(at(x, sv_t[i])); }
            }
        }
    }
}
