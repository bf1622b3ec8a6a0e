#!/usr/bin/env python3
"""Generate reference values for LossKit's regression losses.

Writes Tests/LossKitTests/Fixtures/losses/losses.json. Run from the repository
root:  python3 scripts/generate_loss_fixtures.py

Reference implementations (never LossKit itself):
  squared_error    torch.nn.functional.mse_loss (+ autograd), sklearn mean_squared_error
  absolute_error   torch.nn.functional.l1_loss (+ autograd), sklearn mean_absolute_error
  huber            torch.nn.functional.huber_loss (+ autograd)
  smooth_l1        torch.nn.functional.smooth_l1_loss (+ autograd)
  pinball          sklearn.metrics.mean_pinball_loss (reduced values); the
                   per-element values and derivatives from the formula in
                   sklearn's source (alpha*sign*diff - (1-alpha)*(1-sign)*diff)
  epsilon_insensitive, squared_epsilon_insensitive
                   sklearn.linear_model._sgd_fast.{EpsilonInsensitive,
                   SquaredEpsilonInsensitive}.py_loss / py_dloss (SGDRegressor's)
  log_cosh         mpmath at 50 digits (no library ships it with this meaning)

Weighted reductions follow scikit-learn's sample_weight meaning:
sum = Σ wᵢℓᵢ, mean = Σ wᵢℓᵢ / Σ wᵢ. For the PyTorch losses the weighted values
and gradients come from autograd on (w * loss(reduction='none')).sum() / w.sum().

All inputs are dyadic rationals exactly representable in float32, so y − ŷ is
exact in Float and Double and a Float test differs from the float64 reference
only by the loss's own Float arithmetic. The residuals include the kinks
exactly (0, ±delta, ±beta, ±epsilon) and points 2⁻¹⁰ and 2⁻²⁰ on either side,
negative residuals below −beta (the smooth-L1 signed-residual bug), and large
residuals (±50, ±200, ±1000) for log-cosh.
"""
import json
import math
import os
import platform
import sys

import numpy as np
import sklearn
from sklearn.metrics import mean_absolute_error, mean_pinball_loss, mean_squared_error
from sklearn.linear_model import _sgd_fast

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover - the fixture records which source was used
    sys.exit("PyTorch is required: pip install torch")

import mpmath

mpmath.mp.dps = 50

DELTA = 1.0
BETA = 0.5
EPSILON = 0.25


def build_inputs():
    rng = np.random.default_rng(20261126)
    n_random = 96
    pred = np.round(rng.normal(0.0, 2.0, n_random) * 64) / 64
    resid = np.round(rng.standard_t(3, n_random) * 256) / 256
    special = []
    for k in (DELTA, BETA, EPSILON):
        for s in (1.0, -1.0):
            for off in (0.0, 2.0**-10, -(2.0**-10), 2.0**-20, -(2.0**-20)):
                special.append(s * (k + off))
    special += [0.0, 2.0**-20, -(2.0**-20), 1.5, -1.5, -0.75, -3.0, 50.0, -50.0, 200.0, -200.0, 1000.0, -1000.0]
    sp_pred = np.round(rng.uniform(-4, 4, len(special)) * 64) / 64
    pred = np.concatenate([pred, sp_pred])
    resid = np.concatenate([resid, np.array(special)])
    target = pred + resid
    # Everything exact in float32, and the residual exact in float32 too.
    for a in (pred, target):
        assert np.all(a.astype(np.float32).astype(np.float64) == a)
    r32 = target.astype(np.float32) - pred.astype(np.float32)
    assert np.all(r32.astype(np.float64) == resid)
    weights = np.round(rng.uniform(0, 3, len(pred)) * 16) / 16
    weights[::11] = 0.0
    return pred, target, weights


def torch_case(name, params, fn, pred, target, w, source):
    p = torch.tensor(pred, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(target, dtype=torch.float64)
    wt = torch.tensor(w, dtype=torch.float64)
    values = fn(p, y, "none")
    out = {"loss": name, "parameters": params, "source": source, "values": values.detach().tolist()}
    for label, reduce in (("sum", "sum"), ("mean", "mean")):
        p.grad = None
        v = fn(p, y, reduce)
        v.backward()
        out[label] = v.item()
        out["gradient_" + label] = p.grad.tolist()
    # Derivative of each element's loss w.r.t. its prediction: gradient of the sum.
    out["derivatives"] = out["gradient_sum"]
    for label in ("sum", "mean"):
        p.grad = None
        v = (wt * fn(p, y, "none")).sum()
        if label == "mean":
            v = v / wt.sum()
        v.backward()
        out["weighted_" + label] = v.item()
        out["gradient_weighted_" + label] = p.grad.tolist()
    return out


def formula_case(name, params, value_fn, deriv_fn, pred, target, w, source):
    values = [value_fn(a, b) for a, b in zip(pred, target)]
    derivs = [deriv_fn(a, b) for a, b in zip(pred, target)]
    n = len(values)
    wsum = math.fsum(w)
    out = {"loss": name, "parameters": params, "source": source, "values": values, "derivatives": derivs}
    out["sum"] = math.fsum(values)
    out["mean"] = out["sum"] / n
    out["gradient_sum"] = list(derivs)
    out["gradient_mean"] = [d / n for d in derivs]
    out["weighted_sum"] = math.fsum(wi * v for wi, v in zip(w, values))
    out["weighted_mean"] = out["weighted_sum"] / wsum
    out["gradient_weighted_sum"] = [wi * d for wi, d in zip(w, derivs)]
    out["gradient_weighted_mean"] = [wi * d / wsum for wi, d in zip(w, derivs)]
    return out


def log_cosh_value(p, y):
    return float(mpmath.log(mpmath.cosh(mpmath.mpf(y) - mpmath.mpf(p))))


def log_cosh_derivative(p, y):  # d/dŷ log cosh(y − ŷ) = −tanh(y − ŷ)
    return float(-mpmath.tanh(mpmath.mpf(y) - mpmath.mpf(p)))


def pinball_value(tau):
    def f(p, y):
        diff = y - p
        sign = 1.0 if diff >= 0 else 0.0
        return tau * sign * diff - (1 - tau) * (1 - sign) * diff
    return f


def pinball_derivative(tau):  # w.r.t. ŷ; subgradient 0 at diff = 0
    def f(p, y):
        diff = y - p
        return -tau if diff > 0 else ((1 - tau) if diff < 0 else 0.0)
    return f


def main():
    pred, target, w = build_inputs()
    cases = []
    cases.append(torch_case("squared_error", {}, lambda p, y, r: F.mse_loss(p, y, reduction=r),
                            pred, target, w, "torch.nn.functional.mse_loss"))
    cases.append(torch_case("absolute_error", {}, lambda p, y, r: F.l1_loss(p, y, reduction=r),
                            pred, target, w, "torch.nn.functional.l1_loss"))
    for delta in (DELTA, 0.25):
        cases.append(torch_case("huber", {"delta": delta},
                                lambda p, y, r, d=delta: F.huber_loss(p, y, reduction=r, delta=d),
                                pred, target, w, "torch.nn.functional.huber_loss"))
    for beta in (BETA, 0.0):
        cases.append(torch_case("smooth_l1", {"beta": beta},
                                lambda p, y, r, b=beta: F.smooth_l1_loss(p, y, reduction=r, beta=b),
                                pred, target, w, "torch.nn.functional.smooth_l1_loss"))
    cases.append(formula_case("log_cosh", {}, log_cosh_value, log_cosh_derivative, pred, target, w,
                              "mpmath log(cosh(y - p)) and -tanh(y - p) at 50 digits"))
    for tau in (0.3, 0.9):
        case = formula_case("pinball", {"quantile": tau}, pinball_value(tau), pinball_derivative(tau),
                            pred, target, w, "sklearn.metrics.mean_pinball_loss (+ its per-element formula)")
        # The reduced values straight from scikit-learn.
        case["mean"] = float(mean_pinball_loss(target, pred, alpha=tau))
        case["weighted_mean"] = float(mean_pinball_loss(target, pred, alpha=tau, sample_weight=w))
        cases.append(case)
    for cls, name in ((_sgd_fast.EpsilonInsensitive, "epsilon_insensitive"),
                      (_sgd_fast.SquaredEpsilonInsensitive, "squared_epsilon_insensitive")):
        obj = cls(EPSILON)
        cases.append(formula_case(name, {"epsilon": EPSILON},
                                  lambda p, y, o=obj: float(o.py_loss(p, y)),
                                  lambda p, y, o=obj: float(o.py_dloss(p, y)),
                                  pred, target, w, f"sklearn.linear_model._sgd_fast.{cls.__name__}.py_loss/py_dloss"))
    # Cross-check the PyTorch means against scikit-learn's metrics.
    by_name = {c["loss"]: c for c in cases}
    checks = {
        "squared_error": (mean_squared_error(target, pred), mean_squared_error(target, pred, sample_weight=w)),
        "absolute_error": (mean_absolute_error(target, pred), mean_absolute_error(target, pred, sample_weight=w)),
    }
    for name, (m, wm) in checks.items():
        c = by_name[name]
        assert math.isclose(c["mean"], m, rel_tol=1e-14), (name, c["mean"], m)
        assert math.isclose(c["weighted_mean"], wm, rel_tol=1e-14), (name, c["weighted_mean"], wm)
        c["sklearn_mean"] = float(m)
        c["sklearn_weighted_mean"] = float(wm)

    doc = {
        "generated_by": "scripts/generate_loss_fixtures.py",
        "do_not_edit": "generated; rerun the script to change",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
            "torch": torch.__version__,
            "mpmath": mpmath.__version__,
        },
        "conventions": "residual r = target - prediction; derivatives and gradients are w.r.t. predictions; "
                       "weighted mean = sum(w*l)/sum(w)",
        "predictions": pred.tolist(),
        "targets": target.tolist(),
        "weights": w.tolist(),
        "cases": cases,
    }
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    path = os.path.join(root, "Tests", "LossKitTests", "Fixtures", "losses", "losses.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases x {len(pred)} samples")


if __name__ == "__main__":
    main()
