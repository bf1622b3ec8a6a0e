#!/usr/bin/env python3
"""Generate numpy reference values for the HTML report's statistics.

Writes Tests/LossKitTests/Fixtures/report/report_reference.json. Run from the
repository root:

    pip install numpy
    python3 scripts/generate_report_fixtures.py

- "histograms": numpy.histogram_bin_edges(values, bins="fd") and the counts
  of numpy.histogram(values, bins=edges) (ResidualHistogram's bins).
- "concentration": with rows sorted by |r| descending (stable, so ties keep
  row order), the cumulative shares of sum(r**2) and sum(|r|) after the first
  k rows, k = 0..n (LossConcentration's curves), plus the summary numbers.

Floats are written with repr(), which round-trips exactly.
"""
import json
import math
import os
import platform

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "report",
                   "report_reference.json")


def floats(a):
    return [float(x) for x in a]


def histogram_case(name, values):
    values = np.asarray(values, dtype=np.float64)
    edges = np.histogram_bin_edges(values, bins="fd")
    counts, _ = np.histogram(values, bins=edges)
    return {"name": name, "values": floats(values), "edges": floats(edges), "counts": [int(c) for c in counts]}


def concentration_case(name, residuals):
    r = np.asarray(residuals, dtype=np.float64)
    order = np.argsort(-np.abs(r), kind="stable")
    a = np.abs(r[order])
    sq = np.concatenate([[0.0], np.cumsum(a * a) / np.sum(a * a)])
    ab = np.concatenate([[0.0], np.cumsum(a) / np.sum(a)])
    n = len(r)
    k = max(1, math.ceil(n * 0.01))
    half = int(np.argmax(sq >= 0.5))
    return {
        "name": name, "residuals": floats(r),
        "squared": floats(sq), "absolute": floats(ab),
        "largestRow": int(order[0]), "topOnePercentCount": k,
        "rowsForHalfSquaredShare": half / n,
    }


def main():
    rng = np.random.default_rng(20261126)
    normal = rng.normal(0.0, 1.0, 200)
    heavy = rng.standard_t(2.0, 500)
    outliers = np.concatenate([rng.normal(0.0, 0.5, 97), [12.0, -9.5, 30.0]])
    small = [0.3, -1.2, 2.5, 0.0, 0.7]
    doc = {
        "generated_by": "scripts/generate_report_fixtures.py",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "histograms": [
            histogram_case("normal-200", normal),
            histogram_case("student-t2-500", heavy),
            histogram_case("outliers-100", outliers),
            histogram_case("small-5", small),
        ],
        "concentration": [
            concentration_case("outliers-100", outliers),
            concentration_case("normal-200", normal),
            concentration_case("ties", [1.0, -2.0, 2.0, 0.5, -1.0, 0.0]),
        ],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
