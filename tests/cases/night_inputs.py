#!/usr/bin/env python3
"""Seeded inputs for generated_nights_test.sh: a night's data and dispositions.

  night_inputs.py remove --seed N --from FOLDER --out FOLDER --groups A,B,W
      Copies an exchange CSV folder less the subjects of the named groups. Every
      household and every elderly record falls in group A, B, C1, C2 (6% each)
      or none, by the seed; a removed household takes its persons.csv rows
      along; signals.csv is kept whole. Group W (another 16% of the elderly)
      is not removed but worsened: ability_level 3, so that their E1 alerts
      turn from LOW to MEDIUM (ESCALATED).

  night_inputs.py dispositions --seed N --as-of D --cases CASES_CSV
      [--previous FILE] [--later-nights D1,D2,...] --out FILE
      A dispositions file for night D, written from the cases of the night
      before (its cases.csv): mostly valid rows for open cases dated between
      opened and D, same-date rows with other actions, snoozes dated D on LOW
      cases (which may escalate on D), snoozes that end exactly on a later night, repeats of rows of this file and of the previous
      night's file, a quoted worker with a comma, and bad rows of every
      reason, some with several faults at once.
"""

import argparse
import csv
import datetime
import os
import random
import sys

ACTIONS = ["ACKNOWLEDGED", "VISITED", "ASSISTANCE_STARTED", "NO_ACTION_NEEDED"]
SNOOZE = {"ACKNOWLEDGED": 0, "VISITED": 30, "ASSISTANCE_STARTED": 60, "NO_ACTION_NEEDED": 90}
GROUPS = ["A", "B", "C1", "C2"]
WORSENED = "W"


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, list(reader)


def write(path, header, rows, bom=False, crlf=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(header)
        writer.writerows(rows)


def group_of(rng_seed, ids):
    rng = random.Random(rng_seed)
    groups = {}
    for subject_id in sorted(ids):
        draw = rng.random()
        index = int(draw / 0.06)
        groups[subject_id] = GROUPS[index] if index < len(GROUPS) else WORSENED if draw < 0.4 else None
    return groups


def remove(args):
    removed = set(args.groups.split(",")) if args.groups else set()
    unknown = removed - set(GROUPS) - {WORSENED}
    if unknown:
        sys.exit(f"night_inputs: unknown groups {sorted(unknown)}")
    os.makedirs(args.out, exist_ok=True)
    header, households = read(os.path.join(args.source, "households.csv"))
    hid = header.index("household_id")
    household_groups = group_of(args.seed, [row[hid] for row in households])
    gone = {h for h, g in household_groups.items() if g in removed}
    write(os.path.join(args.out, "households.csv"), header, [r for r in households if r[hid] not in gone])
    header, persons = read(os.path.join(args.source, "persons.csv"))
    phid = header.index("household_id")
    write(os.path.join(args.out, "persons.csv"), header, [r for r in persons if r[phid] not in gone])
    header, elderly = read(os.path.join(args.source, "elderly.csv"))
    pid = header.index("person_id")
    elderly_groups = group_of(args.seed + 1, [row[pid] for row in elderly])
    ability = header.index("ability_level")
    kept = []
    for row in elderly:
        group = elderly_groups[row[pid]]
        if group == WORSENED and group in removed:
            row[ability] = "3"
        elif group in removed:
            continue
        kept.append(row)
    write(os.path.join(args.out, "elderly.csv"), header, kept)
    header, signals = read(os.path.join(args.source, "signals.csv"))
    write(os.path.join(args.out, "signals.csv"), header, signals)


def day(text):
    return datetime.date.fromisoformat(text)


def dispositions(args):
    rng = random.Random(args.seed)
    night = day(args.as_of)
    header, rows = read(args.cases)
    cases = [dict(zip(header, r)) for r in rows]
    still_open = [c for c in cases if not c["closed"]]
    closed = [c for c in cases if c["closed"]]
    later = [day(d) for d in filter(None, (args.later_nights or "").split(","))]
    out = []

    def worker():
        return f"worker{rng.randrange(8)}"

    def date_in(case):
        first = day(case["opened"])
        return (first + datetime.timedelta(days=rng.randrange((night - first).days + 1))).isoformat()

    # valid rows: about one open case in four, some with a second row on the same date.
    for case in rng.sample(still_open, len(still_open) // 4):
        date = date_in(case)
        out.append([case["case_id"], date, rng.choice(ACTIONS), worker()])
        if rng.random() < 0.15:
            out.append([case["case_id"], date, rng.choice(ACTIONS), worker()])
    # snoozes dated tonight on LOW cases, some of which escalate tonight.
    for case in [c for c in still_open if c["severity"] == "LOW"]:
        if rng.random() < 0.3:
            out.append([case["case_id"], args.as_of, rng.choice(ACTIONS[1:]), worker()])
    # snoozes that end exactly on a later night.
    for case in rng.sample(still_open, min(len(still_open), 12)):
        action = rng.choice(["VISITED", "ASSISTANCE_STARTED", "NO_ACTION_NEEDED"])
        for end in later:
            start = end - datetime.timedelta(days=SNOOZE[action])
            if day(case["opened"]) <= start <= night:
                out.append([case["case_id"], start.isoformat(), action, worker()])
                break
    # repeats: of this file (another worker) and of the previous night's file.
    for row in rng.sample(out, min(len(out), 6)):
        out.append([row[0], row[1], row[2], worker()])
    if args.previous:
        _, previous = read(args.previous)
        previous = [r for r in previous if len(r) == 4 and r[0] and r[3]]
        out.extend(rng.sample(previous, min(len(previous), 5)))
    # a quoted worker with a comma (a valid row).
    if still_open:
        case = rng.choice(still_open)
        out.append([case["case_id"], date_in(case), "VISITED", "Li, Wei"])
    rng.shuffle(out)

    # bad rows of every kind, some with several faults at once.
    some = rng.choice(still_open or cases) if cases else None
    known = some["case_id"] if some else "H4_DIBAO_CANDIDATE:HH37100200000080:20250630"
    opened = some["opened"] if some else args.as_of
    future = (night + datetime.timedelta(days=1)).isoformat()
    unknown_case = "H4_DIBAO_CANDIDATE:HH99999999999999:20250630"
    bad = [
        [known, args.as_of, "VISITED"],                     # BAD_ROW: 3 fields
        [known, args.as_of, "VISITED", "w1", "extra"],      # BAD_ROW: 5 fields
        ["", args.as_of, "VISITED", "w1"],                  # BAD_ROW: empty case_id
        [known, args.as_of, "VISITED", ""],                 # BAD_ROW: empty worker
        ["", "2025-13-01", "CALLED", ""],                   # BAD_ROW and more
        [known, "2025-13-01", "VISITED", "w1"],             # BAD_DATE
        [known, "2025-02-29", "VISITED", "w1"],             # BAD_DATE
        [known, opened.replace("-", ""), "VISITED", "w1"],  # BAD_DATE
        [known, "", "VISITED", "w1"],                       # BAD_DATE
        [unknown_case, "2025-13-01", "CALLED", "w1"],       # BAD_DATE and more
        [known, future, "VISITED", "w1"],                   # FUTURE_DATE
        [unknown_case, future, "CALLED", "w1"],             # FUTURE_DATE and more
        [known, args.as_of, "CALLED", "w1"],                # UNKNOWN_ACTION
        [known, args.as_of, "VISITS", "w1"],                # UNKNOWN_ACTION
        [known, args.as_of, "visited", "w1"],               # taken: any case
        [unknown_case, args.as_of, "", "w1"],               # UNKNOWN_ACTION and more
        [unknown_case, args.as_of, "VISITED", "w1"],        # UNKNOWN_CASE
        [known.lower(), args.as_of, "VISITED", "w1"],       # UNKNOWN_CASE
    ]
    if some and day(opened) > datetime.date(2000, 1, 2):
        bad.append([known, (day(opened) - datetime.timedelta(days=1)).isoformat(), "VISITED", "w1"])
    for case in rng.sample(closed, min(len(closed), 3)):       # CASE_NOT_OPEN
        bad.append([case["case_id"], case["closed"], "VISITED", "w1"])
    for row in bad:
        out.insert(rng.randrange(len(out) + 1), row)
    write(args.out, ["case_id", "date", "action", "worker"], out,
          bom=rng.random() < 0.5, crlf=rng.random() < 0.5)


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("remove")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--from", dest="source", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--groups", default="")
    p = commands.add_parser("dispositions")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--as-of", required=True)
    p.add_argument("--cases", required=True)
    p.add_argument("--previous")
    p.add_argument("--later-nights")
    p.add_argument("--out", required=True)
    args = parser.parse_args()
    remove(args) if args.command == "remove" else dispositions(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
