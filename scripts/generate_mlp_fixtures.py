#!/usr/bin/env python3
"""Reference training losses for LossKit's MLPRegressor from scikit-learn's.

Writes Tests/LossKitTests/Fixtures/mlp/<name>.json: a seeded data set (the raw
x and y), the settings, and what scikit-learn's MLPRegressor reaches with them
(median over five random_state values, and the spread): the final training MSE
in units of y and the last entry of loss_curve_.

scikit-learn does not standardize; LossKit's network standardizes inputs and
targets internally. So that both minimize the same objective, scikit-learn is
fitted here on x and y standardized exactly as LossKit does (StandardScaler:
mean and population standard deviation), and its predictions are mapped back
to y units for the MSE. scikit-learn's squared loss is r^2/2 and LossKit's r^2,
so LossKit's alpha is twice scikit-learn's for the same minimizer (the fixture
stores both).

Usage:  pip install scikit-learn numpy
        python3 scripts/generate_mlp_fixtures.py
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "mlp")

CASES = [
    # name, hidden, activation, solver, learning_rate_init, batch, epochs, alpha (sklearn)
    ("tanh-adam", [32], "tanh", "adam", 1e-2, 50, 150, 1e-4),
    ("relu-adam", [32, 16], "relu", "adam", 3e-3, 32, 100, 1e-3),
    ("relu-sgd", [32], "relu", "sgd", 1e-2, 20, 150, 1e-4),
]


def data(seed=12, n=400):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, size=(n, 2))
    y = np.sin(2 * x[:, 0]) + 0.5 * x[:, 1] ** 2 + 0.1 * rng.normal(size=n)
    return x, y


def main():
    os.makedirs(OUT, exist_ok=True)
    x, y = data()
    xs = StandardScaler().fit_transform(x)
    y_mean, y_sd = y.mean(), y.std()
    ys = (y - y_mean) / y_sd
    for name, hidden, activation, solver, rate, batch, epochs, alpha in CASES:
        mses, losses = [], []
        for state in range(5):
            model = MLPRegressor(hidden_layer_sizes=hidden, activation=activation, solver=solver,
                                 learning_rate_init=rate, batch_size=batch, max_iter=epochs, alpha=alpha,
                                 tol=0.0, n_iter_no_change=epochs + 1, momentum=0.9, nesterovs_momentum=True,
                                 shuffle=True, random_state=state)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model.fit(xs, ys)
            prediction = model.predict(xs) * y_sd + y_mean
            mses.append(float(np.mean((prediction - y) ** 2)))
            losses.append(float(model.loss_curve_[-1]))
        fixture = {
            "_generated": "by scripts/generate_mlp_fixtures.py with scikit-learn %s, numpy %s; do not edit" % (sklearn.__version__, np.__version__),
            "settings": {"hidden": hidden, "activation": activation, "solver": solver, "learning_rate": rate,
                         "batch_size": batch, "epochs": epochs, "alpha_sklearn": alpha, "alpha_losskit": 2 * alpha,
                         "momentum": 0.9, "nesterov": True},
            "x1": x[:, 0].tolist(), "x2": x[:, 1].tolist(), "y": y.tolist(),
            "sklearn": {"training_mse_median": float(np.median(mses)), "training_mse": mses,
                        "final_loss_curve": losses},
        }
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(fixture, f, indent=1)
        print(name, "median MSE", np.median(mses), "range", min(mses), max(mses))


if __name__ == "__main__":
    main()
