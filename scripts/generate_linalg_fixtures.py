#!/usr/bin/env python3
"""Generate reference values for LossKit's linear-algebra tests.

Writes Tests/LossKitTests/Fixtures/linalg/lstsq.json with small fixed matrices
and numpy.linalg results (lstsq solutions, pseudo-inverse solutions, singular
values, symmetric eigenvalues, ranks). Run from the repository root:

    python3 scripts/generate_linalg_fixtures.py
"""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/LossKitTests/Fixtures/linalg/lstsq.json"


def case(name, a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    x, _, rank, sv = np.linalg.lstsq(a, b, rcond=None)
    sym = a.T @ a
    return {
        "name": name,
        "rows": a.shape[0],
        "columns": a.shape[1],
        "rowMajor": a.tolist(),
        "b": b.tolist(),
        # numpy.linalg.lstsq: the minimum-norm least-squares solution (SVD based).
        "lstsq": x.tolist(),
        "pinvTimesB": (np.linalg.pinv(a) @ b).tolist(),
        "rank": int(rank),
        "singularValues": sv.tolist(),
        # eigenvalues (ascending) of the symmetric matrix AᵀA
        "gramEigenvalues": np.linalg.eigvalsh(sym).tolist(),
    }


def main():
    rng = np.random.default_rng(20261126)
    cases = []
    # Full rank, well conditioned, 7 × 3.
    a1 = rng.standard_normal((7, 3))
    cases.append(case("fullRank7x3", a1, rng.standard_normal(7)))
    # Longley-like scaling: columns of very different magnitude, 10 × 4.
    t = np.arange(1, 11, dtype=np.float64)
    a2 = np.column_stack([np.ones(10), t * 1e3, t**2, np.sin(t)])
    cases.append(case("scaledColumns10x4", a2, 3.0 + 0.5 * t + rng.standard_normal(10) * 0.1))
    # Exactly collinear: column 2 = column 0 + 2·column 1 (small integers: exact), 6 × 4.
    c0 = np.array([1, 2, 3, 4, 5, 6], dtype=np.float64)
    c1 = np.array([1, -1, 2, 0, 1, 3], dtype=np.float64)
    c3 = np.array([2, 0, 1, 1, -2, 1], dtype=np.float64)
    a3 = np.column_stack([c0, c1, c0 + 2 * c1, c3])
    cases.append(case("collinear6x4", a3, np.array([1, 0, 2, -1, 3, 1], dtype=np.float64)))
    # Wide (underdetermined) 3 × 5, full row rank.
    a4 = rng.standard_normal((3, 5))
    cases.append(case("wide3x5", a4, rng.standard_normal(3)))
    doc = {
        "generatedBy": "scripts/generate_linalg_fixtures.py",
        "numpy": np.__version__,
        "note": "GENERATED FILE - do not edit; rerun the script.",
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
