#!/usr/bin/env python3
"""Compares one night's monitoring outputs of two implementations, for tests.

  compare_monitor_outputs.py EXPECTED_DIR ACTUAL_DIR [--skip COLS] [--worklist ids|rows]
                             [--rejected lines|pairs] [--label TEXT]

- cases.csv: row by row on the EXPECTED file's columns (by name) less --skip
  (comma-separated); the actual file must have those columns.
- worklist.csv: --worklist ids compares the order of case_id; rows compares
  whole rows on the expected file's columns less --skip.
- rejected_dispositions.csv: --rejected lines compares the set of `line`;
  pairs the set of (line, reason).
A byte-order mark is stripped from every file. Prints the first difference
(night label, file, case, column, expected vs actual) and exits 1; exits 0
when they agree.
"""

import argparse
import csv
import os
import sys


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
        return rows


def header_of(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f))


def differ(label, message):
    print(f"DIFFERENCE {label}: {message}", file=sys.stderr)
    sys.exit(1)


def compare_rows(label, name, expected_dir, actual_dir, skip):
    expected_path, actual_path = os.path.join(expected_dir, name), os.path.join(actual_dir, name)
    columns = [c for c in header_of(expected_path) if c not in skip]
    missing = [c for c in columns if c not in header_of(actual_path)]
    if missing:
        differ(label, f"{name}: actual lacks columns {missing}")
    expected, actual = read(expected_path), read(actual_path)
    for index, (e, a) in enumerate(zip(expected, actual)):
        for column in columns:
            if e[column] != a[column]:
                differ(label, f"{name} row {index + 2} case {e.get('case_id')}: column {column}: "
                              f"expected '{e[column]}', actual '{a[column]}' (actual case {a.get('case_id')})")
    if len(expected) != len(actual):
        extra = (expected if len(expected) > len(actual) else actual)[min(len(expected), len(actual))]
        differ(label, f"{name}: expected {len(expected)} rows, actual {len(actual)}; "
                      f"first unmatched: {extra.get('case_id')}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("expected")
    parser.add_argument("actual")
    parser.add_argument("--skip", default="")
    parser.add_argument("--worklist", choices=["ids", "rows"], default="rows")
    parser.add_argument("--rejected", choices=["lines", "pairs"], default="pairs")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    compare_rows(args.label, "cases.csv", args.expected, args.actual, skip)
    if args.worklist == "rows":
        compare_rows(args.label, "worklist.csv", args.expected, args.actual, skip)
    else:
        expected = [r["case_id"] for r in read(os.path.join(args.expected, "worklist.csv"))]
        actual = [r["case_id"] for r in read(os.path.join(args.actual, "worklist.csv"))]
        for index, (e, a) in enumerate(zip(expected, actual)):
            if e != a:
                differ(args.label, f"worklist.csv position {index + 1}: expected {e}, actual {a}")
        if len(expected) != len(actual):
            differ(args.label, f"worklist.csv: expected {len(expected)} cases, actual {len(actual)}")

    def rejected(folder):
        rows = read(os.path.join(folder, "rejected_dispositions.csv"))
        if args.rejected == "lines":
            return {r["line"] for r in rows}
        # The reason's code: the words after "CODE: " are each implementation's own.
        return {(r["line"], r["reason"].split(":")[0]) for r in rows}

    expected, actual = rejected(args.expected), rejected(args.actual)
    if expected != actual:
        differ(args.label, f"rejected_dispositions.csv: only expected {sorted(expected - actual)}, "
                           f"only actual {sorted(actual - expected)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
