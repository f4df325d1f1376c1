// The seed's section 11, "NumPy for Financial Analysis": each block as a function, shared by
// `examples/finance.rs` and `tests/seed_finance.rs`.

use numfuse::ir::BinaryOp;
use numfuse::ops::accumulate;
use numfuse::prelude::*;
use numfuse::{CovOptions, QuantileMethod, corrcoef, cov, einsum, percentile, vstack};

/// The value of a 0-d (or one-element) array, as f64.
pub fn scalar(a: &Array) -> Result<f64> {
    Ok(a.astype(DType::F64).reshape(&[-1])?.to_vec::<f64>()?[0])
}

/// Simulate price paths: `S0 * exp(cumsum(returns, axis=0))`, with `S0` stacked on top
/// (`n_days + 1` rows).
pub fn price_paths(s0: &Array, returns: &Array) -> Result<Array> {
    let paths = s0.try_mul(&returns.cumsum(Some(0))?.exp()?)?; // (252, 5)
    vstack(&[s0, &paths]) // Add initial prices
}

/// --- RETURNS ANALYSIS ---
pub struct ReturnsAnalysis {
    pub daily_returns: Array,
    pub log_returns: Array,
    pub annual_return: Array,
    pub annual_vol: Array,
    pub sharpe_ratio: Array,
}

pub fn returns_analysis(price_paths: &Array) -> Result<ReturnsAnalysis> {
    let daily_returns = price_paths
        .diff(1, 0)?
        .try_div(&price_paths.slice(s![..-1])?)?;
    let log_returns = price_paths.log()?.diff(1, 0)?;
    // Annualized statistics
    let annual_return = daily_returns.mean(0)?.try_mul(252.0)?;
    let annual_vol = daily_returns.std(0, 1)?.try_mul(252f64.sqrt())?;
    let sharpe_ratio = annual_return.try_div(&annual_vol)?;
    Ok(ReturnsAnalysis {
        daily_returns,
        log_returns,
        annual_return,
        annual_vol,
        sharpe_ratio,
    })
}

/// --- PORTFOLIO ANALYSIS ---
pub struct Portfolio {
    /// `daily_returns @ weights`.
    pub returns: Array,
    pub annual_return: f64,
    pub annual_vol: f64,
    pub sharpe: f64,
    /// `np.corrcoef(daily_returns.T)`.
    pub corr_matrix: Array,
    /// `np.cov(daily_returns.T)`.
    pub cov_matrix: Array,
    /// `weights @ cov_matrix @ weights * 252`.
    pub variance: f64,
    /// `sqrt(variance)`.
    pub vol_matrix: f64,
}

pub fn portfolio(daily_returns: &Array, weights: &Array) -> Result<Portfolio> {
    // Portfolio returns
    let returns = daily_returns.matmul(weights)?;
    let annual_return = scalar(&returns.mean(None)?)? * 252.0;
    let annual_vol = scalar(&returns.std(None, 1)?)? * 252f64.sqrt();
    // Correlation matrix
    let corr_matrix = corrcoef(&daily_returns.t(), None, true)?;
    let cov_matrix = cov(&daily_returns.t(), None, &CovOptions::new())?;
    // Portfolio variance (using matrix algebra)
    let variance = scalar(&weights.matmul(&cov_matrix)?.matmul(weights)?)? * 252.0;
    Ok(Portfolio {
        returns,
        annual_return,
        annual_vol,
        sharpe: annual_return / annual_vol,
        corr_matrix,
        cov_matrix,
        variance,
        vol_matrix: variance.sqrt(),
    })
}

/// --- RISK METRICS ---
pub struct Risk {
    /// `np.percentile(portfolio_returns, 5)`.
    pub var_95: f64,
    /// `np.percentile(portfolio_returns, 1)`.
    pub var_99: f64,
    /// The mean of the returns at or below `var_95`.
    pub es_95: f64,
    /// The returns at or below `var_95`.
    pub tail: Array,
    /// `(cumulative - running_max) / running_max`.
    pub drawdowns: Array,
    pub max_drawdown: f64,
}

pub fn risk_metrics(portfolio_returns: &Array) -> Result<Risk> {
    // Value at Risk (VaR) — 95% and 99%
    let var_95 = scalar(&percentile(
        portfolio_returns,
        5.0,
        None,
        QuantileMethod::Linear,
    )?)?;
    let var_99 = scalar(&percentile(
        portfolio_returns,
        1.0,
        None,
        QuantileMethod::Linear,
    )?)?;
    // Expected Shortfall (CVaR) — average loss beyond VaR
    let tail = portfolio_returns.mask_select(&portfolio_returns.less_equal(var_95)?)?;
    let es_95 = scalar(&tail.mean(None)?)?;
    // Maximum Drawdown: `np.maximum.accumulate` is `accumulate(Maximum, ..)`.
    let cumulative = portfolio_returns.try_add(1.0)?.cumprod(None)?;
    let running_max = accumulate(BinaryOp::Maximum, &cumulative, 0)?;
    let drawdowns = cumulative.try_sub(&running_max)?.try_div(&running_max)?;
    let max_drawdown = scalar(&drawdowns.min(None)?)?;
    Ok(Risk {
        var_95,
        var_99,
        es_95,
        tail,
        drawdowns,
        max_drawdown,
    })
}

/// --- MONTE CARLO PORTFOLIO SIMULATION ---
pub struct MonteCarlo {
    pub returns: Array,
    pub vols: Array,
    pub sharpes: Array,
    pub max_sharpe_idx: isize,
    pub min_vol_idx: isize,
}

/// Returns and risks of each row of `sim_weights` (portfolios on the simplex), the seed's
/// `np.einsum('ij,jk,ik->i', w, cov * 252, w)` for the variances.
pub fn monte_carlo(
    sim_weights: &Array,
    annual_return: &Array,
    cov_matrix: &Array,
) -> Result<MonteCarlo> {
    let returns = sim_weights.matmul(annual_return)?;
    let annual_cov = cov_matrix.try_mul(252.0)?;
    let vols = einsum("ij,jk,ik->i", &[sim_weights, &annual_cov, sim_weights])?.sqrt()?;
    let sharpes = returns.try_div(&vols)?;
    // Find optimal portfolios
    let max_sharpe_idx = scalar(&sharpes.argmax(None)?)? as isize;
    let min_vol_idx = scalar(&vols.argmin(None)?)? as isize;
    Ok(MonteCarlo {
        returns,
        vols,
        sharpes,
        max_sharpe_idx,
        min_vol_idx,
    })
}

/// The same volatilities as one lazy expression: `sqrt(sum((W @ C) * W, axis=1))`, the
/// product and the row reduction in one graph.
pub fn monte_carlo_vols_lazy(sim_weights: &Array, cov_matrix: &Array) -> Result<Array> {
    let w = sim_weights.lazy();
    let annual_cov = cov_matrix.lazy() * 252.0;
    (w.matmul(&annual_cov) * &w).sum(1).sqrt().eval()
}
