# Near-minimax polynomial fits (Chebyshev interpolation via mpmath), rounded to f64/f32.
import mpmath as mp, numpy as np, sys
mp.mp.dps = 60
def lim(f, v0):
    return lambda x: v0 if abs(x) < mp.mpf('1e-30') else f(x)
fns = {
 # exp(r) = 1 + r + r^2 P(r), |r| <= ln2/2
 'EXP': (lim(lambda r: (mp.exp(r)-1-r)/r**2, mp.mpf(1)/2), [-mp.log(2)/2*1.01, mp.log(2)/2*1.01]),
 # 2^r = 1 + r P(r), |r| <= 1/2
 'EXP2': (lim(lambda r: (mp.power(2,r)-1)/r, mp.log(2)), [-0.505, 0.505]),
 # 2 atanh(s) = 2s + s z R(z), z = s^2, s <= (sqrt2-1)/(sqrt2+1)
 'LOG': (lim(lambda z: (2*mp.atanh(mp.sqrt(z))/mp.sqrt(z)-2)/z, mp.mpf(2)/3), [0, ((mp.sqrt(2)-1)/(mp.sqrt(2)+1))**2*1.02]),
 # sin(r) = r + r z S(z)
 'SIN': (lim(lambda z: (mp.sin(mp.sqrt(z))/mp.sqrt(z)-1)/z, -mp.mpf(1)/6), [0, (mp.pi/4)**2*1.02]),
 # cos(r) = 1 - z/2 + z^2 C(z)
 'COS': (lim(lambda z: (mp.cos(mp.sqrt(z))-1+z/2)/z**2, mp.mpf(1)/24), [0, (mp.pi/4)**2*1.02]),
 # atan(t) = t + t z A(z), |t| <= tan(pi/8)
 'ATAN': (lim(lambda z: (mp.atan(mp.sqrt(z))/mp.sqrt(z)-1)/z, -mp.mpf(1)/3), [0, mp.tan(mp.pi/8)**2*1.02]),
 # asin(t) = t + t z B(z), |t| <= 1/2
 'ASIN': (lim(lambda z: (mp.asin(mp.sqrt(z))/mp.sqrt(z)-1)/z, mp.mpf(1)/6), [0, mp.mpf(0.25)*1.0]),
}
def fit(name, deg, kind):
    f, iv = fns[name]
    poly, err = mp.chebyfit(f, iv, deg+1, error=True)
    rnd = (lambda c: float(c)) if kind == 'f64' else (lambda c: float(np.float32(float(c))))
    cs = [rnd(c) for c in reversed(poly)]  # low to high
    # evaluate error of rounded coeffs relative to f over grid
    xs = [iv[0] + (iv[1]-iv[0])*k/400 for k in range(401)]
    m = 0
    for x in xs:
        x = mp.mpf(x); v = sum(mp.mpf(c)*x**i for i,c in enumerate(cs)); t = f(x)
        m = max(m, abs((v-t)/t))
    return cs, float(err), float(m)
if __name__ == '__main__':
    for spec in sys.argv[1:]:
        name, deg, kind = spec.split(':')
        cs, e, m = fit(name, int(deg), kind)
        print(f"// {name} deg {deg} {kind}: cheb err {e:.3g}, rounded rel err {m:.3g}")
        ty = 'f64' if kind=='f64' else 'f32'
        print(f"const {name}_{kind.upper()}: [f64; {len(cs)}] = [" + ", ".join(repr(c) for c in cs) + "];")
fns['LOG2'] = (lim(lambda z: ((2*mp.atanh(mp.sqrt(z))/mp.sqrt(z)-2)/z - mp.mpf(2)/3)/z, mp.mpf(2)/5), [0, ((mp.sqrt(2)-1)/(mp.sqrt(2)+1))**2*1.02])
if __name__ == '__main__':
    for spec in sys.argv[1:]:
        name, deg, kind = spec.split(':')
        if name != 'LOG2': continue
        cs, e, m = fit(name, int(deg), kind)
        print(f"// {name} deg {deg} {kind}: cheb err {e:.3g}, rounded rel err {m:.3g}")
        print(f"const {name}_{kind.upper()}: [f64; {len(cs)}] = [" + ", ".join(repr(c) for c in cs) + "];")
