#!/usr/bin/env python3
"""Reference values for the end-to-end tests of `losskit evaluate`.

Writes Tests/losskitTests/Fixtures/evaluate-random.csv (seeded random data with a
few gross outliers and positive weights) and evaluate-random.json holding the
values computed by the reference implementations:
  - scikit-learn for the metrics (mse, rmse, mae, r2, explained_variance,
    max_error, median_absolute_error, mape, mean_pinball_loss);
  - PyTorch (torch.nn.functional) for huber, smooth_l1 and mse_loss where it has
    them; the losses PyTorch lacks (log-cosh, pinball, epsilon-insensitive) from
    their documented formulas in numpy float64.
Weighted loss values use LossKit's one meaning, sum(w*l)/sum(w) (np.average).
Generated file: do not edit by hand; rerun this script.
"""
import json
import pathlib
import sys

import numpy as np
import sklearn
from sklearn import metrics

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover
    torch = None

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "Tests" / "losskitTests" / "Fixtures"
out.mkdir(parents=True, exist_ok=True)

rng = np.random.default_rng(20261126)
n = 500
x = rng.normal(size=n)
y = 3.0 + 2.0 * x + rng.normal(scale=0.5, size=n)
yhat = 3.1 + 1.9 * x + rng.normal(scale=0.1, size=n)
y[[7, 123, 400]] += np.array([15.0, -22.0, 40.0])  # gross outliers
w = rng.uniform(0.5, 2.0, size=n)

delta, quantile, epsilon = 1.0, 0.5, 0.1

with open(out / "evaluate-random.csv", "w") as f:
    f.write("x,y,yhat,w\n")
    for row in zip(x, y, yhat, w):
        f.write(",".join(repr(float(v)) for v in row) + "\n")


def losses(weights):
    r = y - yhat
    avg = (lambda v: float(np.average(v, weights=weights))) if weights is not None else (lambda v: float(np.mean(v)))
    result = {}
    if torch is not None:
        t_y, t_p = torch.tensor(y, dtype=torch.float64), torch.tensor(yhat, dtype=torch.float64)
        result["huber"] = avg(F.huber_loss(t_p, t_y, reduction="none", delta=delta).numpy())
        result["smooth_l1"] = avg(F.smooth_l1_loss(t_p, t_y, reduction="none", beta=delta).numpy())
        result["squared_error"] = avg(F.mse_loss(t_p, t_y, reduction="none").numpy())
    a = np.abs(r)
    result["log_cosh"] = avg(a + np.log1p(np.exp(-2 * a)) - np.log(2.0))
    result["pinball"] = avg(np.maximum(quantile * r, (quantile - 1) * r))
    result["epsilon_insensitive"] = avg(np.maximum(0.0, a - epsilon))
    result["squared_epsilon_insensitive"] = avg(np.maximum(0.0, a - epsilon) ** 2)
    result["absolute_error"] = avg(a)
    return result


def metric_values(weights):
    kw = {"sample_weight": weights}
    values = {
        "n": n,
        "mse": metrics.mean_squared_error(y, yhat, **kw),
        "rmse": metrics.root_mean_squared_error(y, yhat, **kw),
        "mae": metrics.mean_absolute_error(y, yhat, **kw),
        "r2": metrics.r2_score(y, yhat, **kw),
        "explained_variance": metrics.explained_variance_score(y, yhat, **kw),
        "max_error": metrics.max_error(y, yhat),
        "median_absolute_error": metrics.median_absolute_error(y, yhat, **kw),
        "mape": metrics.mean_absolute_percentage_error(y, yhat, **kw),
        "mean_pinball_loss": metrics.mean_pinball_loss(y, yhat, alpha=quantile, **kw),
    }
    values.update(losses(weights))
    return {k: (float(v) if k != "n" else v) for k, v in values.items()}


fixture = {
    "generated_by": "scripts/generate_cli_fixtures.py",
    "versions": {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
        "torch": torch.__version__ if torch is not None else None,
    },
    "parameters": {"delta": delta, "quantile": quantile, "epsilon": epsilon},
    "unweighted": metric_values(None),
    "weighted": metric_values(w),
}
(out / "evaluate-random.json").write_text(json.dumps(fixture, indent=2) + "\n")
print("wrote", out / "evaluate-random.csv", "and", out / "evaluate-random.json")
