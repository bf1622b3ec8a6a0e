#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/corpus/<target>/ (committed; rerun to regenerate).

CSV seeds are the edge cases of Tests/LossKitTests/Data/DataReaderTests.swift
plus the shipped data/anscombe.csv and small fixtures; float seeds are hard
decimal cases; .npy seeds are the numpy-written fixtures of
Tests/LossKitTests/Fixtures/data plus a few hand-built headers (no numpy
needed); model seeds are the v1 model files of Tests/LossKitTests/Fixtures/model-files.
"""
import hashlib, os, shutil, struct, sys

FUZZ = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(FUZZ)
FIX = os.path.join(ROOT, "Tests", "LossKitTests", "Fixtures")


def put(target, data, name=None):
    d = os.path.join(FUZZ, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


CSV = [
    "a,b,c\n1,2,3\n4,5.5,-6e2\n", "a,b\n1,2\n3,4", "\ufeffa,b\n1,2\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\r\n1,2\r\n3,4",
    "\"x, first\",\"say \"\"hi\"\"\",note,\"multi\nline\"\n\"1.5\",2,\"a, b\nc \"\"d\"\"\",3\n4,\" 5 \",plain,6\n",
    "n,x\n\"a\",1\n\"b\nb\",2\nc,oops\n", "\n\na,b\n\n1,2\n\r\n\n3,4\n\n\n", "a,b\n\n1,2\n\nx,4\n",
    "a,b,\n1,2,\n3,4,\n", "a,b\n1,2,\n3,4\n", "a,b\n1,\n", "a,b\n1,2,,\n",
    "# produced by a tool\n#\na,b\n1,2\n# middle, not data\n3,4\n#end", "// c\na\n1\n//x\n2\n", "a,b\n# note\n1,2\n",
    "a\n1\nna\u00efve\n", "a,b,c\n1,2,3\n4,5\n", "a,b\n1,2\n3,4\n5,6,7,8\n", "", "\ufeff", "\n\n", "\r\n",
    "# only\n# comments\n", "a,b\n", "a,b", "x,y\n1,2\nNA,3\n4,\n5,6\n,\n\"NaN\",1\n7,null\n8,9\n", "x\nNA\nNA\nbad\n",
    "x,y\n1,NA\n2,3\n", "x\n1\n?\n\n2\n", "a,b\n1,2\n3,4\n5,1.2.3\n",
    "v\n+1\n.5\n5.\n-0\n1E+3\n 7 \ninf\n-Infinity\n+INF\n1e400\n1e-400\n4.9406564584124654e-324\n",
    "a\tb\n1\t2\n", "a;b;c\n1,5;2;3\n", "\"a,b,c\";d\n1;2\n", "a|b\n1|2\n", "1,2\n3,4\n",
    "name,y,x,comment\nalpha,1,10,\"ok, fine\"\nbeta,2,20,n/a\n", ",  a , b\n1,2,3\n", "a,b,a\n1,2,3\n",
    "\ufeff# exported\n\r\nx,y\r\n1,2\r\n3,NA\r\n", "y;x\n1;2\n-;3\n?;4\n", "y\tx\n1\t2\nNA\t3\n",
    "x,y\r1,2\r3,4\r", "\"unterminated,1\n2,3\n", "a,\"b\"c\n1,2\n", "x\n" + "9" * 400 + "\n",
    "x,y\n" + "".join(f"{i}.{i % 7}e{i % 5 - 2},{-i * 0.25}\n" for i in range(60)),
]
for text in CSV:
    put("csv", text)
put("csv", b"a,b\n1,2\n" + bytes([0x61, 0xC3, 0x28, 0x2C, 0x34, 0x0A]))
put("csv", bytes([0x61, 0xFE, 0x2C, 0x62, 0x0A]) + b"1,2\n")
for rel in ["data/anscombe.csv"]:
    shutil.copy(os.path.join(ROOT, rel), os.path.join(FUZZ, "corpus", "csv", "anscombe.csv"))
for rel in ["nist/Norris.csv", "nist/NoInt1.csv"]:
    shutil.copy(os.path.join(FIX, rel), os.path.join(FUZZ, "corpus", "csv", os.path.basename(rel)))

FLOATS = [
    "0", "-0", "+0", "1", "1.5", ".5", "5.", "-.5e-3", "1e23", "8.98846567431158e307", "1.7976931348623157e308",
    "1.7976931348623158e308", "1.7976931348623159e308", "2.2250738585072011e-308", "2.2250738585072014e-308",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "1e400",
    "9007199254740993", "9007199254740992.0000000000000000001", "0.1", "0.30000000000000004", "123456789012345678901234567890",
    "7.2057594037927933e16", "3.0517578125e-05", "1" + "0" * 30 + "e-30", "0." + "0" * 340 + "1", "1e", "1e+", "--1", "+-1",
    "1.2.3", ".", "e5", "00000000000000000000000000000001.5", "4503599627370496.5", "4503599627370497.5",
    "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
    "1.00000000000000011102230246251565404236316680908203126", "2.225073858507201136057409796709131975934819546351645648e-308",
    "1e22", "1e-22", "123456789e-22", "9999999999999999999", "18446744073709551615", "18446744073709551616",
    "1E+0000000000000000000000000000000000000000010", "1e-99999999999999999999", "1e99999999999999999999",
]
for text in FLOATS:
    put("float", text)


def npy(descr, shape, payload, fortran=False, version=(1, 0), extra=""):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, %s}" % (
        descr, "True" if fortran else "False", shape, extra)
    lenbytes = 2 if version[0] == 1 else 4
    total = 6 + 2 + lenbytes + len(header) + 1
    header += " " * ((64 - total % 64) % 64) + "\n"
    fmt = "<H" if lenbytes == 2 else "<I"
    return b"\x93NUMPY" + bytes(version) + struct.pack(fmt, len(header)) + header.encode("latin1") + payload


for t in ["csv", "float", "npy", "model-file"]:
    os.makedirs(os.path.join(FUZZ, "corpus", t), exist_ok=True)
for name in sorted(os.listdir(os.path.join(FIX, "data"))):
    if name.endswith(".npy"):
        shutil.copy(os.path.join(FIX, "data", name), os.path.join(FUZZ, "corpus", "npy", name))
put("npy", npy("<f8", "(3, 2)", struct.pack("<6d", 1, 2, 3, float("nan"), 5, 6)), "small_nan_f8.npy")
put("npy", npy(">f4", "(2, 2)", struct.pack(">4f", 1, 2, 3, 4)), "big_endian_f4.npy")
put("npy", npy("<f8", "(2, 3)", struct.pack("<6d", *range(6)), fortran=True), "fortran_small.npy")
put("npy", npy("<f8", "(0, 2)", b""), "empty_rows.npy")
put("npy", npy("<f8", "(4,)", struct.pack("<4d", 1, -1, 1e308, 5e-324), version=(2, 0)), "v2_1d.npy")
put("npy", npy("<f8", "(1000000000000, 2)", struct.pack("<2d", 1, 2)), "huge_shape.npy")

for name in sorted(os.listdir(os.path.join(FIX, "model-files"))):
    if name.endswith(".json"):
        shutil.copy(os.path.join(FIX, "model-files", name), os.path.join(FUZZ, "corpus", "model-file", name))
print("seeds written under", os.path.join(FUZZ, "corpus"))
