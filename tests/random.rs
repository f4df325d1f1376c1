//! The random `Generator`: reproducibility, independent spawned streams, and statistical tests
//! that each sampler draws from the distribution it names.
//!
//! The tests are deterministic (fixed seeds), so none is flaky; the thresholds are the
//! significance-0.001 critical values, so a correct sampler passes them for all but about one
//! seed in a thousand, and a wrong one (a shifted mean, a wrong variance, a biased choice)
//! fails by a wide margin at these sample sizes.
//!
//! - Continuous samplers: the Kolmogorov–Smirnov statistic against the exact CDF must be below
//!   1.95 / sqrt(n).
//! - Discrete samplers: Pearson's chi-square against the exact pmf (cells pooled until each
//!   expects at least 5) must be below the 0.999 quantile of chi-square.

use numfuse::prelude::*;
use numfuse::random::{Generator, default_rng};

const N: usize = 100_000;

fn f64s(a: &Array) -> Vec<f64> {
    a.astype(DType::F64).to_vec::<f64>().unwrap()
}

fn i64s(a: &Array) -> Vec<i64> {
    a.to_vec::<i64>().unwrap()
}

/// The standard normal CDF, via erfc (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7,
/// far below the KS resolution of 1e-3 used here).
fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    if x >= 0.0 {
        1.0 - 0.5 * erfc
    } else {
        0.5 * erfc
    }
}

/// The Kolmogorov–Smirnov statistic of `sample` against `cdf`.
fn ks(mut sample: Vec<f64>, cdf: impl Fn(f64) -> f64) -> f64 {
    sample.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = sample.len() as f64;
    sample
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(x);
            (f - i as f64 / n).abs().max((f - (i + 1) as f64 / n).abs())
        })
        .fold(0.0, f64::max)
}

fn assert_ks(what: &str, sample: Vec<f64>, cdf: impl Fn(f64) -> f64) {
    let n = sample.len();
    let d = ks(sample, cdf);
    let crit = 1.95 / (n as f64).sqrt();
    assert!(
        d < crit,
        "{what}: KS statistic {d:.5} ≥ {crit:.5} (n = {n})"
    );
}

/// Pearson's chi-square of observed `counts` against expected `probs` (same length); cells are
/// pooled left to right until each expects at least 5. Returns (statistic, degrees of freedom).
fn chi_square(counts: &[u64], probs: &[f64]) -> (f64, usize) {
    let n: u64 = counts.iter().sum();
    let mut cells: Vec<(f64, f64)> = Vec::new();
    let (mut obs, mut exp) = (0.0, 0.0);
    for (&c, &p) in counts.iter().zip(probs) {
        obs += c as f64;
        exp += p * n as f64;
        if exp >= 5.0 {
            cells.push((obs, exp));
            (obs, exp) = (0.0, 0.0);
        }
    }
    if let Some(last) = cells.last_mut() {
        last.0 += obs;
        last.1 += exp;
    }
    let stat = cells.iter().map(|(o, e)| (o - e) * (o - e) / e).sum();
    (stat, cells.len() - 1)
}

/// The 0.999 quantile of chi-square with `df` degrees of freedom (Wilson–Hilferty).
fn chi2_crit(df: usize) -> f64 {
    let k = df as f64;
    let z = 3.090_232;
    k * (1.0 - 2.0 / (9.0 * k) + z * (2.0 / (9.0 * k)).sqrt()).powi(3)
}

fn assert_chi2(what: &str, counts: &[u64], probs: &[f64]) {
    let (stat, df) = chi_square(counts, probs);
    let crit = chi2_crit(df);
    assert!(
        stat < crit,
        "{what}: chi-square {stat:.1} ≥ {crit:.1} (df {df})"
    );
}

fn histogram(values: &[i64], cells: usize) -> Vec<u64> {
    let mut counts = vec![0u64; cells];
    for &v in values {
        counts[(v as usize).min(cells - 1)] += 1;
    }
    counts
}

fn ln_factorial(k: u64) -> f64 {
    (1..=k).map(|i| (i as f64).ln()).sum()
}

fn poisson_pmf(lam: f64, cells: usize) -> Vec<f64> {
    let mut p: Vec<f64> = (0..cells as u64)
        .map(|k| (k as f64 * lam.ln() - lam - ln_factorial(k)).exp())
        .collect();
    let tail = 1.0 - p.iter().sum::<f64>();
    *p.last_mut().unwrap() += tail.max(0.0);
    p
}

fn binomial_pmf(n: u64, p: f64) -> Vec<f64> {
    (0..=n)
        .map(|k| {
            let ln_choose = ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k);
            (ln_choose + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()).exp()
        })
        .collect()
}

#[test]
fn a_seed_fixes_every_stream() {
    fn draws(rng: &mut Generator) -> Vec<Vec<f64>> {
        vec![
            f64s(&rng.random(&[5])),
            f64s(&rng.random_dtype(&[5], DType::F32).unwrap()),
            f64s(&rng.uniform(-2.0, 3.0, &[5]).unwrap()),
            f64s(&rng.standard_normal(&[5])),
            f64s(&rng.normal(array![1.0, 2.0], 0.5, &[3, 2]).unwrap()),
            f64s(&rng.exponential(2.0, &[5]).unwrap()),
            f64s(&rng.integers(-5, 5, &[5]).unwrap()),
            f64s(&rng.choice(10, &[4], false, None).unwrap()),
            f64s(&rng.permutation(6).unwrap()),
            f64s(&rng.binomial(20, 0.3, &[5]).unwrap()),
            f64s(&rng.poisson(4.0, &[5]).unwrap()),
            f64s(&rng.dirichlet(&[1.0, 2.0, 3.0], &[2]).unwrap()),
        ]
    }
    let a = draws(&mut default_rng(2024));
    let b = draws(&mut default_rng(2024));
    let c = draws(&mut default_rng(2025));
    assert_eq!(a, b);
    for (x, y) in a.iter().zip(&c) {
        assert_ne!(x, y);
    }
}

#[test]
fn spawned_streams_are_independent_and_reproducible() {
    let mut root = default_rng(11);
    let kids = root.spawn(3);
    let more = root.spawn(2);
    let mut streams: Vec<Vec<f64>> = kids
        .into_iter()
        .chain(more)
        .map(|mut g| f64s(&g.random(&[N])))
        .collect();
    streams.push(f64s(&root.random(&[N])));
    // Every pair of streams differs and is uncorrelated: |r| < 3.3 / sqrt(n) at 0.001.
    for i in 0..streams.len() {
        for j in i + 1..streams.len() {
            let (x, y) = (&streams[i], &streams[j]);
            assert_ne!(x[..8], y[..8]);
            let mx = x.iter().sum::<f64>() / N as f64;
            let my = y.iter().sum::<f64>() / N as f64;
            let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
            let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
            let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
            let r = cov / (vx * vy).sqrt();
            assert!(
                r.abs() < 3.3 / (N as f64).sqrt(),
                "streams {i}, {j}: r = {r}"
            );
        }
    }
    // The same seed spawns the same children; grandchildren differ from children.
    let mut again = default_rng(11);
    let mut first = again.spawn(1).remove(0);
    assert_eq!(f64s(&first.random(&[N])), streams[0]);
    let mut grandchild = first.spawn(1).remove(0);
    assert_ne!(f64s(&grandchild.random(&[8])), streams[1][..8]);
}

#[test]
fn continuous_samplers_follow_their_distributions() {
    let mut rng = default_rng(5);
    assert_ks("random", f64s(&rng.random(&[N])), |x| x.clamp(0.0, 1.0));
    let u = f64s(&rng.random_dtype(&[N], DType::F32).unwrap());
    assert!(u.iter().all(|&x| (0.0..1.0).contains(&x)));
    assert_ks("random f32", u, |x| x.clamp(0.0, 1.0));
    assert_ks(
        "uniform(-3, 5)",
        f64s(&rng.uniform(-3.0, 5.0, &[N]).unwrap()),
        |x| ((x + 3.0) / 8.0).clamp(0.0, 1.0),
    );
    assert_ks(
        "standard_normal",
        f64s(&rng.standard_normal(&[N])),
        normal_cdf,
    );
    let z32 = rng.standard_normal_dtype(&[N], DType::F32).unwrap();
    assert_eq!(z32.dtype(), DType::F32);
    assert_ks("standard_normal f32", f64s(&z32), normal_cdf);
    assert_ks(
        "normal(10, 3)",
        f64s(&rng.normal(10.0, 3.0, &[N]).unwrap()),
        |x| normal_cdf((x - 10.0) / 3.0),
    );
    let exp_cdf = |scale: f64| {
        move |x: f64| {
            if x < 0.0 {
                0.0
            } else {
                1.0 - (-x / scale).exp()
            }
        }
    };
    assert_ks(
        "standard_exponential",
        f64s(&rng.standard_exponential(&[N])),
        exp_cdf(1.0),
    );
    let e32 = rng.standard_exponential_dtype(&[N], DType::F32).unwrap();
    assert_eq!(e32.dtype(), DType::F32);
    assert_ks("standard_exponential f32", f64s(&e32), exp_cdf(1.0));
    assert_ks(
        "exponential(2.5)",
        f64s(&rng.exponential(2.5, &[N]).unwrap()),
        exp_cdf(2.5),
    );
}

#[test]
fn array_parameters_broadcast_per_position() {
    let mut rng = default_rng(8);
    // The seed's GBM returns: one (mu, sigma) per stock, one row per day.
    let mu = array![0.1, -5.0, 40.0];
    let sigma = array![1.0, 0.1, 7.0];
    let x = rng.normal(&mu, &sigma, &[N, 3]).unwrap();
    assert_eq!(x.shape(), &[N, 3]);
    let cols = f64s(&x.t().to_owned());
    for (j, col) in cols.chunks(N).enumerate() {
        let (m, s) = (f64s(&mu)[j], f64s(&sigma)[j]);
        assert_ks(&format!("normal column {j}"), col.to_vec(), |v| {
            normal_cdf((v - m) / s)
        });
    }
    // A column of scales against a row of lows: (2, 1) and (3,) broadcast to (2, 3).
    let lo = array![0.0, 10.0, 20.0];
    let hi = array![[1.0], [100.0]];
    let u = f64s(&rng.uniform(&lo, &hi, &[2, 3]).unwrap());
    for (i, v) in u.iter().enumerate() {
        let (l, h): (f64, f64) = ([0.0, 10.0, 20.0][i % 3], [1.0, 100.0][i / 3]);
        assert!(
            (l.min(h)..=l.max(h)).contains(v),
            "{i}: {v} not between {l} and {h}"
        );
    }
    let scales = array![1.0, 10.0];
    let e = rng.exponential(&scales, &[N, 2]).unwrap();
    let means = f64s(&e.mean(0).unwrap());
    assert!(
        (means[0] - 1.0).abs() < 0.02 && (means[1] - 10.0).abs() < 0.2,
        "{means:?}"
    );
    let lam = array![[0.5], [30.0]];
    let k = rng.poisson(&lam, &[2, N]).unwrap();
    let means = f64s(&k.mean(1).unwrap());
    assert!(
        (means[0] - 0.5).abs() < 0.02 && (means[1] - 30.0).abs() < 0.1,
        "{means:?}"
    );
    let n = array![5, 500];
    let b = rng.binomial(&n, 0.5, &[N, 2]).unwrap();
    let means = f64s(&b.mean(0).unwrap());
    assert!(
        (means[0] - 2.5).abs() < 0.03 && (means[1] - 250.0).abs() < 0.3,
        "{means:?}"
    );
}

#[test]
fn discrete_samplers_follow_their_distributions() {
    let mut rng = default_rng(13);
    let k = i64s(&rng.integers(-3, 4, &[N]).unwrap());
    assert!(k.iter().all(|v| (-3..4).contains(v)));
    let shifted: Vec<i64> = k.iter().map(|v| v + 3).collect();
    assert_chi2("integers(-3, 4)", &histogram(&shifted, 7), &[1.0 / 7.0; 7]);
    let wide = i64s(&rng.integers(i64::MIN, i64::MAX, &[1000]).unwrap());
    assert!(wide.iter().any(|&v| v < 0) && wide.iter().any(|&v| v > 0));

    for lam in [0.7, 3.5, 40.0] {
        let cells = (lam * 3.0 + 20.0) as usize;
        let k = i64s(&rng.poisson(lam, &[N]).unwrap());
        assert!(k.iter().all(|&v| v >= 0));
        assert_chi2(
            &format!("poisson({lam})"),
            &histogram(&k, cells),
            &poisson_pmf(lam, cells),
        );
    }
    assert_eq!(i64s(&rng.poisson(0.0, &[4]).unwrap()), [0; 4]);

    for (n, p) in [(10u64, 0.3), (1000, 0.4), (7, 0.95), (3, 0.0), (3, 1.0)] {
        let k = i64s(&rng.binomial(n as i64, p, &[N]).unwrap());
        assert!(k.iter().all(|&v| (0..=n as i64).contains(&v)));
        if p == 0.0 || p == 1.0 {
            assert!(k.iter().all(|&v| v == (p * n as f64) as i64));
            continue;
        }
        let pmf = binomial_pmf(n, p);
        assert_chi2(
            &format!("binomial({n}, {p})"),
            &histogram(&k, pmf.len()),
            &pmf,
        );
    }
    // n is truncated like NumPy's cast to int64.
    let k = i64s(&rng.binomial(2.9, 1.0, &[3]).unwrap());
    assert_eq!(k, [2, 2, 2]);
}

#[test]
fn choice_draws_as_numpy_describes() {
    let mut rng = default_rng(21);
    // With replacement, uniform and weighted.
    let u = i64s(&rng.choice(6, &[N], true, None).unwrap());
    assert_chi2("choice(6)", &histogram(&u, 6), &[1.0 / 6.0; 6]);
    let p = [0.1, 0.0, 0.5, 0.15, 0.25];
    let pa = Array::from_vec(p.to_vec(), &[5]).unwrap();
    let w = i64s(&rng.choice(5, &[N], true, Some(&pa)).unwrap());
    assert!(!w.contains(&1), "a zero-probability position was drawn");
    assert_chi2("choice(p)", &histogram(&w, 5), &p);

    // Without replacement: distinct, and uniform over positions.
    for _ in 0..50 {
        let mut d = i64s(&rng.choice(30, &[30], false, None).unwrap());
        d.sort();
        assert_eq!(d, (0..30).collect::<Vec<_>>());
    }
    let firsts: Vec<i64> = (0..20_000)
        .map(|_| i64s(&rng.choice(8, &[3], false, None).unwrap())[2])
        .collect();
    assert_chi2(
        "choice without replacement, third pick",
        &histogram(&firsts, 8),
        &[0.125; 8],
    );

    // Without replacement with p: the first pick follows p, the second follows
    // sum_i p_i p_j / (1 - p_i) over i != j (drawn from the weights left).
    let pairs: Vec<Vec<i64>> = (0..30_000)
        .map(|_| i64s(&rng.choice(5, &[2], false, Some(&pa)).unwrap()))
        .collect();
    assert!(pairs.iter().all(|v| v[0] != v[1] && !v.contains(&1)));
    let first: Vec<i64> = pairs.iter().map(|v| v[0]).collect();
    assert_chi2("weighted first pick", &histogram(&first, 5), &p);
    let second_p: Vec<f64> = (0..5)
        .map(|j| {
            (0..5)
                .filter(|&i| i != j)
                .map(|i| p[i] * p[j] / (1.0 - p[i]))
                .sum()
        })
        .collect();
    let second: Vec<i64> = pairs.iter().map(|v| v[1]).collect();
    assert_chi2("weighted second pick", &histogram(&second, 5), &second_p);

    // Rows of an array, with the population's trailing shape.
    let a = Array::arange(12.0, DType::F32).reshape(&[4, 3]).unwrap();
    let rows = rng.choice(&a, &[2, 5], true, None).unwrap();
    assert_eq!((rows.shape(), rows.dtype()), (&[2, 5, 3][..], DType::F32));
    assert!(
        f64s(&rows)
            .chunks(3)
            .all(|r| r[0] % 3.0 == 0.0 && r[1] == r[0] + 1.0)
    );
    // A 0-d integer array is a count, as in NumPy.
    let n = Array::scalar(4i64);
    assert!(
        i64s(&rng.choice(&n, &[10], true, None).unwrap())
            .iter()
            .all(|v| (0..4).contains(v))
    );
    assert_eq!(rng.choice(0, &[0], true, None).unwrap().shape(), &[0]);
}

#[test]
fn permutations_are_uniform() {
    let mut rng = default_rng(34);
    // All 6 orders of 3 elements equally likely.
    let orders: Vec<i64> = (0..30_000)
        .map(|_| {
            let p = i64s(&rng.permutation(3).unwrap());
            match p[..] {
                [0, 1, 2] => 0,
                [0, 2, 1] => 1,
                [1, 0, 2] => 2,
                [1, 2, 0] => 3,
                [2, 0, 1] => 4,
                _ => 5,
            }
        })
        .collect();
    assert_chi2("permutation(3)", &histogram(&orders, 6), &[1.0 / 6.0; 6]);
    // permutation and shuffle move whole rows along axis 0 and keep the dtype.
    let a = Array::arange(20.0, DType::I32).reshape(&[10, 2]).unwrap();
    let p = rng.permutation(&a).unwrap();
    assert_eq!((p.shape(), p.dtype()), (&[10, 2][..], DType::I32));
    let mut b = a.clone();
    rng.shuffle(&mut b).unwrap();
    for q in [&p, &b] {
        let v = f64s(q);
        assert!(v.chunks(2).all(|r| r[1] == r[0] + 1.0));
        let mut firsts: Vec<i64> = v.chunks(2).map(|r| r[0] as i64).collect();
        firsts.sort();
        assert_eq!(firsts, (0..20).step_by(2).collect::<Vec<_>>());
    }
    assert_eq!(
        i64s(&a.reshape(&[-1]).unwrap().astype(DType::I64))[..4],
        [0, 1, 2, 3]
    );
    assert_eq!(rng.permutation(0).unwrap().shape(), &[0]);
}

#[test]
fn dirichlet_has_the_right_marginals() {
    let mut rng = default_rng(55);
    // alpha = 1s: each component is Beta(1, k - 1), CDF 1 - (1 - x)^(k - 1).
    let w = rng.dirichlet(&[1.0; 5], &[N]).unwrap();
    assert_eq!(w.shape(), &[N, 5]);
    let v = f64s(&w);
    assert!(
        v.chunks(5)
            .all(|r| (r.iter().sum::<f64>() - 1.0).abs() < 1e-12)
    );
    let first: Vec<f64> = v.chunks(5).map(|r| r[0]).collect();
    assert_ks("dirichlet(1s) marginal", first, |x| {
        1.0 - (1.0 - x.clamp(0.0, 1.0)).powi(4)
    });
    // Unequal and tiny alphas (the latter take the Beta stick-breaking path): means
    // alpha_j / alpha_0 and variances alpha_j (alpha_0 - alpha_j) / (alpha_0^2 (alpha_0 + 1)).
    for alpha in [
        vec![0.5, 2.0, 7.5],
        vec![0.05, 0.02, 0.08],
        vec![3.0, 0.0, 1.0],
    ] {
        let a0: f64 = alpha.iter().sum();
        let v = f64s(&rng.dirichlet(&alpha, &[N]).unwrap());
        let k = alpha.len();
        for (j, &aj) in alpha.iter().enumerate() {
            let col: Vec<f64> = v.chunks(k).map(|r| r[j]).collect();
            let mean = col.iter().sum::<f64>() / N as f64;
            let var = col.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / N as f64;
            let (m, s2) = (aj / a0, aj * (a0 - aj) / (a0 * a0 * (a0 + 1.0)));
            assert!(
                (mean - m).abs() < 4.0 * (s2 / N as f64).sqrt() + 1e-12,
                "{alpha:?}[{j}]"
            );
            assert!(
                (var - s2).abs() < 0.05 * s2 + 1e-12,
                "{alpha:?}[{j}]: var {var} vs {s2}"
            );
        }
    }
    assert_eq!(f64s(&rng.dirichlet(&[2.0], &[2]).unwrap()), [1.0, 1.0]);
    assert_eq!(f64s(&rng.dirichlet(&[0.0, 0.0], &[1]).unwrap()), [0.0, 0.0]);
    assert_eq!(rng.dirichlet(&[], &[3]).unwrap().shape(), &[3, 0]);
}

#[test]
fn bad_parameters_are_errors_with_numpys_words() {
    let mut rng = default_rng(0);
    let msg = |r: numfuse::Result<Array>| match r {
        Err(e) => e.to_string(),
        Ok(a) => panic!("expected an error, got {a:?}"),
    };
    let has = |m: String, want: &str| assert!(m.contains(want), "{m:?} lacks {want:?}");
    has(msg(rng.normal(0.0, -1.0, &[3])), "scale < 0");
    has(msg(rng.normal(0.0, -0.0, &[3])), "scale < 0");
    has(
        msg(rng.normal(array![0.0, 1.0], array![1.0, 2.0, 3.0], &[3])),
        "shape mismatch",
    );
    has(
        msg(rng.normal(array![0.0, 1.0], 1.0, &[3])),
        "shape mismatch",
    );
    has(
        msg(rng.uniform(0.0, f64::INFINITY, &[3])),
        "high - low range exceeds valid bounds",
    );
    has(
        msg(rng.uniform(f64::NAN, 1.0, &[3])),
        "high - low range exceeds valid bounds",
    );
    has(msg(rng.exponential(-1.0, &[3])), "scale < 0");
    has(msg(rng.integers(5, 5, &[3])), "low >= high");
    has(msg(rng.poisson(-1.0, &[3])), "lam < 0 or lam is NaN");
    has(msg(rng.poisson(f64::NAN, &[3])), "lam < 0 or lam is NaN");
    has(msg(rng.poisson(1e20, &[3])), "lam value too large");
    has(msg(rng.binomial(-1, 0.5, &[3])), "n < 0");
    has(msg(rng.binomial(3, 1.5, &[3])), "p < 0, p > 1 or p is NaN");
    has(
        msg(rng.binomial(3, f64::NAN, &[3])),
        "p < 0, p > 1 or p is NaN",
    );
    has(msg(rng.dirichlet(&[-1.0, 1.0], &[3])), "alpha < 0");
    has(msg(rng.dirichlet(&[f64::NAN, 1.0], &[3])), "alpha < 0");
    has(
        msg(rng.random_dtype(&[3], DType::I32)),
        "float32 or float64",
    );
    let p = |v: Vec<f64>| Array::from_vec(v.clone(), &[v.len()]).unwrap();
    has(
        msg(rng.choice(5, &[3], true, Some(&p(vec![0.5, 0.5, 0.0, 0.0, 0.1])))),
        "Probabilities do not sum to 1",
    );
    has(
        msg(rng.choice(5, &[3], true, Some(&p(vec![0.5, 0.5, 0.0, 0.0, -1e-4])))),
        "Probabilities are not non-negative",
    );
    has(
        msg(rng.choice(3, &[2], true, Some(&p(vec![0.5, f64::NAN, 0.5])))),
        "Probabilities contain NaN",
    );
    has(
        msg(rng.choice(5, &[3], true, Some(&p(vec![0.5, 0.5])))),
        "a and p must have same size",
    );
    has(
        msg(rng.choice(5, &[6], false, None)),
        "Cannot take a larger sample than population when replace is False",
    );
    has(
        msg(rng.choice(3, &[2], false, Some(&p(vec![1.0, 0.0, 0.0])))),
        "Fewer non-zero entries in p than size",
    );
    has(
        msg(rng.choice(0, &[3], true, None)),
        "a must be a positive integer",
    );
    has(
        msg(rng.choice(-2, &[3], true, None)),
        "a must be a positive integer",
    );
    let empty = Array::zeros(&[0], DType::F64);
    has(
        msg(rng.choice(&empty, &[1], true, None)),
        "a cannot be empty",
    );
    let p2 = Array::full(&[2, 2], 0.25, DType::F64);
    has(
        msg(rng.choice(4, &[1], true, Some(&p2))),
        "p must be 1-dimensional",
    );
    let mut zero_d = Array::scalar(1.0);
    assert!(rng.shuffle(&mut zero_d).is_err());
}
