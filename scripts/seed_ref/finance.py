#!/usr/bin/env python3
"""NumPy reference for examples/finance.rs: the seed's section 11, "NumPy for Financial Analysis".

Run from the repository root:

    python3 scripts/seed_ref/finance.py

The seed's code runs below verbatim (np.random.seed(42)), except that the Monte Carlo search
uses 1000 Dirichlet portfolios instead of 10000 to keep the data small. The random draws
(`returns`, `sim_weights`) are saved so numfuse computes on the same numbers. Everything goes to
tests/data/seed/finance/ (float64 unless noted):

    returns.npy           (252, 5)   the normal draws of the GBM
    price_paths.npy       (253, 5)   vstack([S0, S0 * exp(cumsum(returns))])
    daily_returns.npy     (252, 5)
    log_returns.npy       (252, 5)
    annual_return.npy, annual_vol.npy, sharpe_ratio.npy   (5,)
    portfolio_returns.npy (252,)
    corr_matrix.npy, cov_matrix.npy (5, 5)
    scalars.npy           (9,)  portfolio_annual_return, portfolio_annual_vol, portfolio_sharpe,
                                portfolio_variance, VaR_95, VaR_99, ES_95, max_drawdown,
                                portfolio_vol_matrix
    drawdowns.npy         (252,)
    sim_weights.npy       (1000, 5)
    sim_returns.npy, sim_vols.npy, sim_sharpes.npy (1000,)
    argbest.npy           int64 (2,)  max_sharpe_idx, min_vol_idx
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "finance")


def save(name, value):
    np.save(os.path.join(OUT, name + ".npy"), value)


def main():
    os.makedirs(OUT, exist_ok=True)
    # Simulate stock price data (Geometric Brownian Motion)
    np.random.seed(42)
    n_days = 252  # Trading days in a year
    n_stocks = 5
    # Parameters
    S0 = np.array([100, 150, 200, 75, 120])  # Initial prices
    mu = np.array([0.10, 0.12, 0.08, 0.15, 0.09]) / 252  # Daily drift
    sigma = np.array([0.20, 0.25, 0.15, 0.30, 0.18]) / np.sqrt(252)  # Daily vol
    # Simulate price paths
    returns = np.random.normal(mu, sigma, (n_days, n_stocks))
    save("returns", returns)
    price_paths = S0 * np.exp(np.cumsum(returns, axis=0))  # (252, 5)
    price_paths = np.vstack([S0, price_paths])  # Add initial prices
    save("price_paths", price_paths)
    # --- RETURNS ANALYSIS ---
    daily_returns = np.diff(price_paths, axis=0) / price_paths[:-1]
    log_returns = np.diff(np.log(price_paths), axis=0)
    save("daily_returns", daily_returns)
    save("log_returns", log_returns)
    # Annualized statistics
    annual_return = daily_returns.mean(axis=0) * 252
    annual_vol = daily_returns.std(axis=0, ddof=1) * np.sqrt(252)
    sharpe_ratio = annual_return / annual_vol
    save("annual_return", annual_return)
    save("annual_vol", annual_vol)
    save("sharpe_ratio", sharpe_ratio)
    # --- PORTFOLIO ANALYSIS ---
    n_assets = n_stocks
    weights = np.ones(n_assets) / n_assets
    portfolio_returns = daily_returns @ weights
    save("portfolio_returns", portfolio_returns)
    portfolio_annual_return = portfolio_returns.mean() * 252
    portfolio_annual_vol = portfolio_returns.std(ddof=1) * np.sqrt(252)
    portfolio_sharpe = portfolio_annual_return / portfolio_annual_vol
    corr_matrix = np.corrcoef(daily_returns.T)
    cov_matrix = np.cov(daily_returns.T)
    save("corr_matrix", corr_matrix)
    save("cov_matrix", cov_matrix)
    portfolio_variance = weights @ cov_matrix @ weights * 252
    portfolio_vol_matrix = np.sqrt(portfolio_variance)
    # --- RISK METRICS ---
    VaR_95 = np.percentile(portfolio_returns, 5)
    VaR_99 = np.percentile(portfolio_returns, 1)
    ES_95 = portfolio_returns[portfolio_returns <= VaR_95].mean()
    portfolio_cumulative = np.cumprod(1 + portfolio_returns)
    running_max = np.maximum.accumulate(portfolio_cumulative)
    drawdowns = (portfolio_cumulative - running_max) / running_max
    max_drawdown = drawdowns.min()
    save("drawdowns", drawdowns)
    save(
        "scalars",
        np.array(
            [
                portfolio_annual_return,
                portfolio_annual_vol,
                portfolio_sharpe,
                portfolio_variance,
                VaR_95,
                VaR_99,
                ES_95,
                max_drawdown,
                portfolio_vol_matrix,
            ]
        ),
    )
    # --- MONTE CARLO PORTFOLIO SIMULATION ---
    n_simulations = 1000
    sim_weights = np.random.dirichlet(np.ones(n_assets), n_simulations)
    save("sim_weights", sim_weights)
    sim_returns = sim_weights @ annual_return
    sim_vols = np.sqrt(np.einsum("ij,jk,ik->i", sim_weights, cov_matrix * 252, sim_weights))
    sim_sharpes = sim_returns / sim_vols
    save("sim_returns", sim_returns)
    save("sim_vols", sim_vols)
    save("sim_sharpes", sim_sharpes)
    save("argbest", np.array([np.argmax(sim_sharpes), np.argmin(sim_vols)], dtype=np.int64))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
