#!/usr/bin/env python3
"""Reference values for LossKit's gradient-trained objectives.

Writes Tests/LossKitTests/Fixtures/training/huber-regressor.json: a small data
set with outliers (numpy default_rng(20261205); columns on different scales),
scikit-learn's HuberRegressor(epsilon=1.35, alpha=1e-4) fitted to its optimum
(tol=1e-12, max_iter=10000) — coef_, intercept_, scale_ — and the value and
gradient of sklearn.linear_model._huber._huber_loss_and_gradient at a probe
point (w, b, sigma), in scikit-learn's parametrization [coef, intercept, scale].
The file is generated: do not edit it by hand.

Usage:  pip install scikit-learn numpy
        python3 scripts/generate_training_fixtures.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import HuberRegressor
from sklearn.linear_model._huber import _huber_loss_and_gradient


def main():
    rng = np.random.default_rng(20261205)
    n, p = 200, 3
    x = rng.standard_normal((n, p)) * np.array([1.0, 10.0, 0.1]) + np.array([0.0, 50.0, -3.0])
    y = 2.0 + x @ np.array([1.5, -0.2, 8.0]) + 0.5 * rng.standard_normal(n)
    out_rows = rng.choice(n, 10, replace=False)
    y[out_rows] += 20 * np.sign(rng.standard_normal(10))
    model = HuberRegressor(epsilon=1.35, alpha=1e-4, max_iter=10000, tol=1e-12).fit(x, y)
    theta = np.concatenate([model.coef_, [model.intercept_, model.scale_]])
    f_opt, _ = _huber_loss_and_gradient(theta, x, y, 1.35, 1e-4, np.ones(n))
    probe = np.array([1.0, -0.1, 5.0, 1.0, 2.0])
    f_probe, g_probe = _huber_loss_and_gradient(probe, x, y, 1.35, 1e-4, np.ones(n))
    out = {
        "generated_by": "scripts/generate_training_fixtures.py (do not edit)",
        "sklearn": sklearn.__version__,
        "epsilon": 1.35,
        "alpha": 1e-4,
        "columns": x.T.tolist(),
        "y": y.tolist(),
        "coef": model.coef_.tolist(),
        "intercept": float(model.intercept_),
        "scale": float(model.scale_),
        "objective": float(f_opt),
        "n_iter": int(model.n_iter_),
        "probe": probe.tolist(),
        "probe_objective": float(f_probe),
        "probe_gradient": g_probe.tolist(),
    }
    path = os.path.join(os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "training", "huber-regressor.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print(f"coef {model.coef_} intercept {model.intercept_} scale {model.scale_} objective {f_opt} n_iter {model.n_iter_}")


if __name__ == "__main__":
    main()
