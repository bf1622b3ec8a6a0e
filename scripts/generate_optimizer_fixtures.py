#!/usr/bin/env python3
"""Reference runs of SciPy's L-BFGS-B for LossKit's L-BFGS.

Writes Tests/LossKitTests/Fixtures/optimization/lbfgs-scipy.json: for each test
function (the Moré–Garbow–Hillstrom classics and ill-conditioned quadratics,
written exactly as Tests/LossKitTests/Optimization/OptimizationTestFunctions.swift
writes them, with analytic gradients, from the same starting points)
scipy.optimize.minimize(fun, x0, jac=True, method="L-BFGS-B") is run

- with the default settings (maxcor=10, gtol=1e-5, ftol=2.220446049250313e-09), and
- with tight settings (gtol=1e-8, ftol=1e-15) that LossKit's test uses too,

and x*, f*, nfev, nit and SciPy's message are stored. The file is generated:
do not edit it by hand.

Usage:  pip install scipy numpy
        python3 scripts/generate_optimizer_fixtures.py
"""
import json
import os

import numpy as np
import scipy
from scipy.optimize import minimize


def diagonal_quadratic(p, kappa):
    lam = np.array([kappa ** (i / max(p - 1, 1)) for i in range(p)])

    def f(x):
        return 0.5 * float(np.sum(lam * x * x)), lam * x

    return f, np.ones(p)


def extended_rosenbrock(p):
    def f(x):
        g = np.zeros(p)
        a, b = x[0::2], x[1::2]
        t1, t2 = b - a * a, 1 - a
        g[0::2] = -400 * a * t1 - 2 * t2
        g[1::2] = 200 * t1
        return float(np.sum(100 * t1 * t1 + t2 * t2)), g

    return f, np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(p)])


def powell_singular(p):
    def f(x):
        g = np.zeros(p)
        x1, x2, x3, x4 = x[0::4], x[1::4], x[2::4], x[3::4]
        a, b, c, d = x1 + 10 * x2, x3 - x4, x2 - 2 * x3, x1 - x4
        g[0::4] = 2 * a + 40 * d ** 3
        g[1::4] = 20 * a + 4 * c ** 3
        g[2::4] = 10 * b - 8 * c ** 3
        g[3::4] = -10 * b - 40 * d ** 3
        return float(np.sum(a * a + 5 * b * b + c ** 4 + 10 * d ** 4)), g

    return f, np.array([[3.0, -1.0, 0.0, 1.0][i % 4] for i in range(p)])


def wood():
    def f(x):
        t1, t2, t3, t4 = x[1] - x[0] ** 2, 1 - x[0], x[3] - x[2] ** 2, 1 - x[2]
        t5, t6 = x[1] + x[3] - 2, x[1] - x[3]
        g = np.array([
            -400 * x[0] * t1 - 2 * t2,
            200 * t1 + 20 * t5 + 0.2 * t6,
            -360 * x[2] * t3 - 2 * t4,
            180 * t3 + 20 * t5 - 0.2 * t6,
        ])
        return float(100 * t1 * t1 + t2 * t2 + 90 * t3 * t3 + t4 * t4 + 10 * t5 * t5 + 0.1 * t6 * t6), g

    return f, np.array([-3.0, -1.0, -3.0, -1.0])


def beale():
    c = [1.5, 2.25, 2.625]

    def f(x):
        val, g = 0.0, np.zeros(2)
        for i in range(3):
            k = i + 1
            yk = x[1] ** k
            t = c[i] - x[0] * (1 - yk)
            val += t * t
            g[0] += 2 * t * -(1 - yk)
            g[1] += 2 * t * x[0] * k * x[1] ** (k - 1)
        return val, g

    return f, np.array([1.0, 1.0])


def helical_valley():
    def f(x):
        theta = np.arctan2(x[1], x[0]) / (2 * np.pi)
        r2 = x[0] ** 2 + x[1] ** 2
        r = np.sqrt(r2)
        f1, f2, f3 = 10 * (x[2] - 10 * theta), 10 * (r - 1), x[2]
        dt0, dt1 = -x[1] / (2 * np.pi * r2), x[0] / (2 * np.pi * r2)
        g = np.array([
            2 * f1 * (-100 * dt0) + 2 * f2 * 10 * x[0] / r,
            2 * f1 * (-100 * dt1) + 2 * f2 * 10 * x[1] / r,
            2 * f1 * 10 + 2 * f3,
        ])
        return float(f1 * f1 + f2 * f2 + f3 * f3), g

    return f, np.array([-1.0, 0.0, 0.0])


FUNCTIONS = {
    "rosenbrock-2": lambda: extended_rosenbrock(2),
    "rosenbrock-100": lambda: extended_rosenbrock(100),
    "powell-singular-4": lambda: powell_singular(4),
    "powell-singular-100": lambda: powell_singular(100),
    "wood-4": wood,
    "beale-2": beale,
    "helical-valley-3": helical_valley,
    "quadratic-100-kappa-1e2": lambda: diagonal_quadratic(100, 1e2),
    "quadratic-100-kappa-1e4": lambda: diagonal_quadratic(100, 1e4),
    "quadratic-100-kappa-1e6": lambda: diagonal_quadratic(100, 1e6),
}

SETTINGS = {
    "default": {"gtol": 1e-5, "ftol": 2.220446049250313e-09},
    "tight": {"gtol": 1e-8, "ftol": 1e-15},
}


def check_gradient(name, fun, x0):
    """Central differences at a perturbed start: the analytic gradients must be right."""
    x = x0 + 0.1 * np.random.default_rng(0).standard_normal(x0.size)
    _, g = fun(x)
    h = 1e-6
    num = np.array([(fun(x + h * e)[0] - fun(x - h * e)[0]) / (2 * h) for e in np.eye(x.size)])
    err = np.max(np.abs(num - g)) / max(1.0, np.max(np.abs(g)))
    assert err < 1e-6, f"{name}: gradient check failed ({err:.2e})"


def main():
    cases = []
    for name, make in FUNCTIONS.items():
        fun, x0 = make()
        check_gradient(name, fun, x0)
        for setting, opts in SETTINGS.items():
            res = minimize(fun, x0, jac=True, method="L-BFGS-B",
                           options={"maxcor": 10, "maxiter": 15000, "maxfun": 15000, **opts})
            cases.append({
                "function": name,
                "settings": setting,
                "gtol": opts["gtol"],
                "ftol": opts["ftol"],
                "start": x0.tolist(),
                "x": res.x.tolist(),
                "f": float(res.fun),
                "gradient_inf_norm": float(np.max(np.abs(res.jac))),
                "nfev": int(res.nfev),
                "nit": int(res.nit),
                "message": str(res.message),
            })
            print(f"{name:26s} {setting:8s} nfev={res.nfev:5d} nit={res.nit:5d} f={res.fun:.3e}  {res.message}")
    out = {
        "generated_by": "scripts/generate_optimizer_fixtures.py (do not edit)",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "method": "L-BFGS-B, maxcor=10, jac=True (analytic gradients), no bounds",
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "optimization", "lbfgs-scipy.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
