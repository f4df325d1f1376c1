//! The seed's section 11 (financial analysis), as `examples/finance.rs` computes it, on NumPy's
//! own random draws, against NumPy running the seed's code (`scripts/seed_ref/finance.py`, data
//! under `tests/data/seed/finance/`).
//!
//! Tolerances: the price paths go through `cumsum` and `exp` (libm's last bit may differ from
//! NumPy's loop; errors of a few ulps grow by at most the 252 additions): rtol 1e-13. Returns,
//! means, standard deviations, `corrcoef`/`cov` and the `@` products reorder sums of up to 252
//! terms: rtol 1e-12 (1e-11 for the Sharpe ratios and the correlation, quotients of those).
//! Percentiles interpolate between the same two sorted values: rtol 1e-12 after the sums that
//! made them. The drawdowns subtract nearly equal cumulative products: absolute 1e-13.
//! The Monte Carlo argmax/argmin must be the same portfolio: exact.

mod common;

mod seed_lib {
    include!("../examples/seed_lib/finance.rs");
}

use common::{assert_array_eq, assert_close_to, load_npy};
use numfuse::prelude::*;
use seed_lib::*;

fn expected(name: &str) -> Array {
    load_npy(&format!("seed/finance/{name}.npy"))
}

/// Same dtype and shape as NumPy's result `name`, elements within the tolerances.
fn assert_close(got: &Array, name: &str, rtol: f64, atol: f64) {
    assert_close_to(got, &expected(name), name, rtol, atol);
}

fn close(got: f64, want: f64, rtol: f64, what: &str) {
    assert!(
        (got - want).abs() <= rtol * want.abs(),
        "{what}: {got} vs NumPy's {want}"
    );
}

fn s0() -> Array {
    // `np.array([100, 150, 200, 75, 120])` is int64 in the seed: the product promotes to f64.
    array![100i64, 150, 200, 75, 120]
}

#[test]
fn price_paths_and_returns_match_numpy() {
    let paths = price_paths(&s0(), &expected("returns")).unwrap();
    assert_close(&paths, "price_paths", 1e-13, 0.0);
    let r = returns_analysis(&expected("price_paths")).unwrap();
    assert_close(&r.daily_returns, "daily_returns", 1e-12, 0.0);
    assert_close(&r.log_returns, "log_returns", 1e-12, 1e-16);
    assert_close(&r.annual_return, "annual_return", 1e-12, 0.0);
    assert_close(&r.annual_vol, "annual_vol", 1e-12, 0.0);
    assert_close(&r.sharpe_ratio, "sharpe_ratio", 1e-11, 0.0);
}

#[test]
fn portfolio_and_risk_match_numpy() {
    let weights = Array::ones(&[5], DType::F64).try_div(5.0).unwrap();
    let p = portfolio(&expected("daily_returns"), &weights).unwrap();
    assert_close(&p.returns, "portfolio_returns", 1e-12, 1e-17);
    assert_close(&p.corr_matrix, "corr_matrix", 1e-11, 1e-14);
    assert_close(&p.cov_matrix, "cov_matrix", 1e-12, 1e-19);
    let want = expected("scalars").to_vec::<f64>().unwrap();
    close(p.annual_return, want[0], 1e-11, "portfolio annual return");
    close(p.annual_vol, want[1], 1e-12, "portfolio annual vol");
    close(p.sharpe, want[2], 1e-11, "portfolio Sharpe");
    close(p.variance, want[3], 1e-12, "portfolio variance");
    close(p.vol_matrix, want[8], 1e-12, "portfolio vol (matrix)");

    let risk = risk_metrics(&expected("portfolio_returns")).unwrap();
    close(risk.var_95, want[4], 1e-12, "VaR 95");
    close(risk.var_99, want[5], 1e-12, "VaR 99");
    close(risk.es_95, want[6], 1e-12, "ES 95");
    // The tail is the 5% of 252 returns at or below the 5th percentile.
    assert_eq!(risk.tail.size(), 13);
    close(risk.max_drawdown, want[7], 1e-12, "max drawdown");
    assert_close(&risk.drawdowns, "drawdowns", 0.0, 1e-13);
}

#[test]
fn monte_carlo_matches_numpy() {
    let mc = monte_carlo(
        &expected("sim_weights"),
        &expected("annual_return"),
        &expected("cov_matrix"),
    )
    .unwrap();
    assert_close(&mc.returns, "sim_returns", 1e-12, 1e-16);
    assert_close(&mc.vols, "sim_vols", 1e-12, 0.0);
    assert_close(&mc.sharpes, "sim_sharpes", 1e-11, 1e-15);
    let best =
        Array::from_vec(vec![mc.max_sharpe_idx as i64, mc.min_vol_idx as i64], &[2]).unwrap();
    assert_array_eq(&best, &expected("argbest"), "argmax sharpe, argmin vol");
    let lazy = monte_carlo_vols_lazy(&expected("sim_weights"), &expected("cov_matrix")).unwrap();
    assert_close(&lazy, "sim_vols", 1e-12, 0.0);
}
