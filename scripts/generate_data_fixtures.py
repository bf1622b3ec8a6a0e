#!/usr/bin/env python3
"""Generate the data-reader fixtures in Tests/LossKitTests/Fixtures/data/.

NumPy writes the .npy files and the text files; expected.json records, for
each file, the column names and every value as the hex of its IEEE-754
float64 bit pattern (so the test compares bits, not decimal text). The tests
check that LossKit reads back exactly what NumPy wrote.

Usage: python3 scripts/generate_data_fixtures.py
"""
import json
import os
import struct
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "data")


def bits(x: float) -> str:
    return struct.pack(">d", float(x)).hex()


def columns_of(a: np.ndarray):
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        a = a[:, None]
    return [[bits(v) for v in a[:, j]] for j in range(a.shape[1])]


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261126)
    expected = {}

    def record(name, array, names=None, **extra):
        cols = columns_of(array)
        expected[name] = {
            "columns": names or [f"c{j}" for j in range(len(cols))],
            "bits": cols,
            **extra,
        }

    # Values that stress float parsing and storage: wide magnitudes, subnormals, signed zero.
    hard = np.array([0.1, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                     1e23, 9007199254740993.0, 123456789.125, -7.038531e-26, 1e-320])
    c_order = np.column_stack([rng.standard_normal(60) * 10.0 ** rng.integers(-30, 30, 60),
                               rng.standard_normal(60),
                               rng.uniform(-1e6, 1e6, 60)])
    c_order[:10, 0] = hard

    np.save(os.path.join(OUT, "c_order_f8.npy"), c_order)
    record("c_order_f8.npy", c_order)

    f4 = rng.standard_normal((25, 4)).astype("<f4")
    np.save(os.path.join(OUT, "c_order_f4.npy"), f4)
    record("c_order_f4.npy", f4.astype(np.float64))

    big_endian = c_order.astype(">f8")
    np.save(os.path.join(OUT, "big_endian_f8.npy"), big_endian)
    record("big_endian_f8.npy", c_order)

    fortran = np.asfortranarray(rng.standard_normal((17, 3)))
    np.save(os.path.join(OUT, "fortran_f8.npy"), fortran)
    record("fortran_f8.npy", fortran)

    one_d = rng.standard_normal(33)
    np.save(os.path.join(OUT, "one_d_f8.npy"), one_d)
    record("one_d_f8.npy", one_d)

    with open(os.path.join(OUT, "version2_f8.npy"), "wb") as f:
        np.lib.format.write_array(f, c_order[:7], version=(2, 0))
    record("version2_f8.npy", c_order[:7])

    with open(os.path.join(OUT, "version3_f8.npy"), "wb") as f:
        np.lib.format.write_array(f, c_order[:5], version=(3, 0))
    record("version3_f8.npy", c_order[:5])

    with_nan = rng.standard_normal((6, 2))
    with_nan[2, 1] = np.nan
    with_nan[4, 0] = np.nan
    np.save(os.path.join(OUT, "with_nan_f8.npy"), with_nan)
    kept = with_nan[~np.isnan(with_nan).any(axis=1)]
    record("with_nan_f8.npy", kept, dropped=2, first_nan_row=3, first_nan_column="c1")

    np.save(os.path.join(OUT, "int64.npy"), np.arange(6, dtype="<i8").reshape(3, 2))
    np.save(os.path.join(OUT, "three_d.npy"), np.zeros((2, 2, 2)))
    with open(os.path.join(OUT, "c_order_f8.npy"), "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "truncated_f8.npy"), "wb") as f:
        f.write(whole[:-20])

    # The same values as text, the way NumPy (repr, shortest round trip) and
    # '%.17g' write them: the text reader must give back the very bits.
    names = ["x", "y", "z"]
    with open(os.path.join(OUT, "c_order_repr.csv"), "w") as f:
        f.write(",".join(names) + "\n")
        for row in c_order:
            f.write(",".join(repr(float(v)) for v in row) + "\n")
    record("c_order_repr.csv", c_order, names)
    np.savetxt(os.path.join(OUT, "c_order_17g.tsv"), c_order, delimiter="\t", fmt="%.17g",
               header="\t".join(names), comments="")
    record("c_order_17g.tsv", c_order, names)

    expected["_generated"] = {
        "script": "scripts/generate_data_fixtures.py",
        "numpy": np.__version__,
        "python": sys.version.split()[0],
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
