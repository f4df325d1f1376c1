#!/usr/bin/env python3
"""Near-minimax polynomial fits for jit/src/vmath (Chebyshev interpolation in 60-digit
arithmetic with mpmath), rounded to f64 or f32.

Usage: python3 fit.py NAME:DEGREE:KIND ...   (KIND is f64 or f32), e.g.

    python3 fit.py EXP:10:f64 EXP:5:f32 LOG:7:f64 SIN:6:f64 ATAN:11:f64 ASIN:13:f64

prints each fit's Chebyshev error, the relative error of the rounded coefficients on a grid,
and a Rust `const NAME_KIND: [f64; DEGREE + 1]` table (lowest degree first) for the module
named in the comment of each entry below. The degree of each table in the Rust sources is its
length minus one. CBRT_0 (pow.rs) is a first guess refined by Newton steps, not a fit from here.
"""
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 60


def lim(f, v0):
    """f with its limit v0 at 0 (the fitted functions are removable singularities there)."""
    return lambda x: v0 if abs(x) < mp.mpf('1e-30') else f(x)


SQ2 = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)
FNS = {
    # exp.rs: exp(r) = 1 + r + r^2 P(r), |r| <= ln2/2
    'EXP': (lim(lambda r: (mp.exp(r) - 1 - r) / r**2, mp.mpf(1) / 2),
            [-mp.log(2) / 2 * 1.01, mp.log(2) / 2 * 1.01]),
    # exp.rs: 2^r = 1 + r P(r), |r| <= 1/2
    'EXP2': (lim(lambda r: (mp.power(2, r) - 1) / r, mp.log(2)), [-0.505, 0.505]),
    # log.rs: 2 atanh(s) = 2s + s z R(z), z = s^2, s <= (sqrt2-1)/(sqrt2+1)
    'LOG': (lim(lambda z: (2 * mp.atanh(mp.sqrt(z)) / mp.sqrt(z) - 2) / z, mp.mpf(2) / 3),
            [0, SQ2**2 * 1.02]),
    # log.rs: 2 atanh(s) = 2s + s z (2/3 + z R2(z)) (the double-word log of pow)
    'LOG2': (lim(lambda z: ((2 * mp.atanh(mp.sqrt(z)) / mp.sqrt(z) - 2) / z - mp.mpf(2) / 3) / z,
                 mp.mpf(2) / 5),
             [0, SQ2**2 * 1.02]),
    # trig.rs: sin(r) = r + r z S(z), z = r^2, |r| <= pi/4
    'SIN': (lim(lambda z: (mp.sin(mp.sqrt(z)) / mp.sqrt(z) - 1) / z, -mp.mpf(1) / 6),
            [0, (mp.pi / 4)**2 * 1.02]),
    # trig.rs: cos(r) = 1 - z/2 + z^2 C(z)
    'COS': (lim(lambda z: (mp.cos(mp.sqrt(z)) - 1 + z / 2) / z**2, mp.mpf(1) / 24),
            [0, (mp.pi / 4)**2 * 1.02]),
    # inverse_trig.rs: atan(t) = t + t z A(z), |t| <= tan(pi/8)
    'ATAN': (lim(lambda z: (mp.atan(mp.sqrt(z)) / mp.sqrt(z) - 1) / z, -mp.mpf(1) / 3),
             [0, mp.tan(mp.pi / 8)**2 * 1.02]),
    # inverse_trig.rs: asin(t) = t + t z B(z), |t| <= 1/2
    'ASIN': (lim(lambda z: (mp.asin(mp.sqrt(z)) / mp.sqrt(z) - 1) / z, mp.mpf(1) / 6),
             [0, mp.mpf(0.25)]),
}


def fit(name, deg, kind):
    """Coefficients (low to high), Chebyshev error, max relative error after rounding."""
    f, iv = FNS[name]
    poly, err = mp.chebyfit(f, iv, deg + 1, error=True)
    if kind == 'f64':
        rnd = float
    else:
        def rnd(c):
            return float(np.float32(float(c)))
    cs = [rnd(c) for c in reversed(poly)]
    worst = 0
    for k in range(401):
        x = mp.mpf(iv[0] + (iv[1] - iv[0]) * k / 400)
        v = sum(mp.mpf(c) * x**i for i, c in enumerate(cs))
        t = f(x)
        worst = max(worst, abs((v - t) / t))
    return cs, float(err), float(worst)


if __name__ == '__main__':
    for spec in sys.argv[1:]:
        name, deg, kind = spec.split(':')
        cs, e, m = fit(name, int(deg), kind)
        print(f"// {name} deg {deg} {kind}: cheb err {e:.3g}, rounded rel err {m:.3g}")
        print(f"const {name}_{kind.upper()}: [f64; {len(cs)}] = ["
              + ", ".join(repr(c) for c in cs) + "];")
