#!/usr/bin/env python3
"""Write the NumPy reference archives for numfuse's `.npz` reader (tests/io_npz.rs).

Run from the repository root:

    python3 scripts/gen_numpy_npz.py

It writes, under tests/data/npz/:

    dtypes.npz / dtypes_compressed.npz     np.savez / np.savez_compressed, keyword names: one
                                           member per dtype (`bool`, `int8`, ... `float64`) of
                                           edge values, plus `scalar_f64` (0-d), `empty_i32`
                                           (shape (0, 3)), `fortran_i16` (F-ordered (2, 3, 4))
                                           and `be_<dtype>` (big-endian) members
    positional.npz / positional_compressed.npz
                                           np.savez(f, a, b, c): members arr_0, arr_1, arr_2
    expected/<archive>/<name>.npy          each member again as np.save writes it, so the test
                                           compares the archive's arrays with the .npy reader's
    manifest.json                          {archive: [member names in archive order]}

Python's zipfile stamps members that NumPy writes with the zip epoch (1980-01-01), so running the
script again writes the same bytes.
"""

import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_numpy_reference import DTYPES, edge_values, report_written, require_numpy_2  # noqa: E402
import gen_numpy_reference as ref  # noqa: E402


def dtype_members():
    members = {}
    for dt in DTYPES:
        members[dt] = edge_values(dt)
    members["scalar_f64"] = np.array(-2.5)
    members["empty_i32"] = np.zeros((0, 3), dtype=np.int32)
    members["fortran_i16"] = np.asfortranarray(np.arange(24, dtype=np.int16).reshape(2, 3, 4))
    for dt in ["int16", "uint32", "int64", "float32", "float64"]:
        x = edge_values(dt)
        members[f"be_{dt}"] = x.astype(x.dtype.newbyteorder(">"))
    return members


def positional_members():
    return [
        np.arange(10, dtype=np.uint8),
        np.linspace(-1.0, 1.0, 7, dtype=np.float32).reshape(7, 1),
        np.array([[True, False], [False, True]]),
    ]


def write_archive(rel, save, *args, **kwargs):
    with open(ref.path(f"npz/{rel}"), "wb") as f:
        save(f, *args, **kwargs)
    ref.written.append(f"npz/{rel}")


def main():
    require_numpy_2()
    manifest = {}
    named = dtype_members()
    positional = positional_members()
    for save, suffix in [(np.savez, ""), (np.savez_compressed, "_compressed")]:
        write_archive(f"dtypes{suffix}.npz", save, **named)
        write_archive(f"positional{suffix}.npz", save, *positional)
        for archive, members in [
            (f"dtypes{suffix}", named),
            (f"positional{suffix}", {f"arr_{i}": a for i, a in enumerate(positional)}),
        ]:
            with np.load(ref.path(f"npz/{archive}.npz")) as npz:
                manifest[archive] = list(npz.files)
            for name, a in members.items():
                ref.save_npy(f"npz/expected/{archive}/{name}.npy", a)
    ref.save_json("npz/manifest.json", manifest)
    report_written()


if __name__ == "__main__":
    main()
