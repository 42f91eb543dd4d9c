#!/usr/bin/env python3
"""An independent reference model of docs/monitoring.md sections 1-5, for tests.

Written from the spec alone (standard library only). It processes one night:

  reference_monitor.py --state STATE.json --as-of D --alerts ALERTS.csv
      --data CSV_FOLDER [--dispositions FILE] --out DIR [parameters]

- STATE.json holds every case and disposition so far, the last night L and the
  state before L (so that night L can be processed again). Created if missing.
- ALERTS.csv is the night's alerts.csv of `safetynet run` (the findings).
- CSV_FOLDER is the night's exchange CSV folder: the subjects present tonight are
  households.csv household_id (HOUSEHOLD), persons.csv person_id (PERSON) and
  elderly.csv person_id (ELDERLY); ids normalised (a trailing x is X).
- Writes DIR/cases.csv, DIR/worklist.csv, DIR/rejected_dispositions.csv
  (UTF-8, no byte-order mark; a byte-order mark is stripped from every input).
- Parameters (section 6 defaults, constant since 2021-01-01): --reopen-days 30,
  --snooze-acknowledged 0, --snooze-visited 30, --snooze-assistance-started 60,
  --snooze-no-action-needed 90.
- Exit 0 on success; 1 when D is earlier than L (the message names L, the
  state is unchanged).

Readings of the spec this model takes (the tiny-nights expected files agree):
- A disposition row gets the first reason that applies, in this order:
  BAD_ROW (not 4 fields, or an empty case_id or worker), BAD_DATE (not a valid
  YYYY-MM-DD), FUTURE_DATE (date > D), UNKNOWN_ACTION, UNKNOWN_CASE (no case has
  that case_id, compared exactly), CASE_NOT_OPEN (date < opened, or closed and
  date >= closed, with closed as it stands after steps 2 and 3 of night D).
  tiny-nights has rows with one fault each; its reasons agree with this
  order, which needs BAD_DATE before a textual FUTURE_DATE test ("2025-13-01"
  is later than D as text). Blank lines are skipped, not rejected. The action
  is read in any case ("visited"), and a subject id's check character x in
  case_id as X (docs/cases.md).
- The same (case_id, date, action) as a kept disposition (this file or an
  earlier night) is skipped silently: the first one counts.
- last_action = the kept disposition with the latest date; on equal dates the
  later one (a later night's file after an earlier, a later line after an
  earlier).
- snoozed_until = max(date + snooze days) over the dispositions with snooze
  days > 0. Snoozed on D when D < snoozed_until and the case did not become
  ESCALATED on a night after the latest date among those dispositions.
  Escalation nights are kept for the case's life.
- REOPENED: previous_case is the most recently closed case of the key (its
  closed night C must satisfy D - C <= reopen_days); keys cannot have two open
  cases, so that is also the case closed last.
- SUBJECT_GONE when (subject kind, subject id) is not in tonight's CSV folder.
- Worklist order: severity (HIGH first), group (NEW/REOPENED/ESCALATED, then
  ONGOING), opened, rule_id, subject_id (byte order).
- days_open = D - opened, also for a case closed on D.
"""

import argparse
import copy
import csv
import datetime
import json
import os
import re
import sys

SEVERITY_RANK = {"LOW": 0, "MEDIUM": 1, "HIGH": 2}
CASE_COLUMNS = [
    "case_id", "rule_id", "severity", "highest_severity", "subject_kind", "subject_id",
    "household_id", "district", "town", "village", "status", "opened", "closed",
    "close_reason", "nights_fired", "days_open", "previous_case", "last_action",
    "last_action_date", "snoozed_until", "on_worklist", "score", "evidence"]
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text):
    """A datetime.date for a valid YYYY-MM-DD, else None."""
    if not DATE_RE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def days_between(later, earlier):
    return (datetime.date.fromisoformat(later) - datetime.date.fromisoformat(earlier)).days


def add_days(date, days):
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=days)).isoformat()


def normalise_id(subject_id):
    subject_id = subject_id.strip()
    if subject_id.endswith("x"):
        subject_id = subject_id[:-1] + "X"
    return subject_id


def read_csv_rows(path):
    """(header, [(line number, fields)]) of a CSV file, byte-order mark stripped.

    The line number is the physical line on which the record starts (header = 1).
    """
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        rows = []
        next_line = reader.line_num + 1
        for fields in reader:
            if fields:
                rows.append((next_line, fields))
            next_line = reader.line_num + 1
    return header, rows


def read_table(path):
    header, rows = read_csv_rows(path)
    return [dict(zip(header, fields)) for _, fields in rows]


def subjects_present(folder):
    present = set()
    for file_name, column, kind in (("households.csv", "household_id", "HOUSEHOLD"),
                                    ("persons.csv", "person_id", "PERSON"),
                                    ("elderly.csv", "person_id", "ELDERLY")):
        for row in read_table(os.path.join(folder, file_name)):
            present.add((kind, normalise_id(row.get(column, ""))))
    return present


def empty_state():
    return {"last": None, "before_last": None, "cases": {}, "dispositions": []}


def load_state(path):
    if not os.path.exists(path):
        return empty_state()
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save_state(path, state):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(state, f, ensure_ascii=False, sort_keys=True)
    os.replace(temporary, path)


def key_of(rule_id, kind, subject_id):
    return "\t".join((rule_id, kind, subject_id))


def fire_and_close(state, night, findings, present, params):
    """Steps 2 and 3: cases open, continue and close. Returns the touched case ids."""
    cases = state["cases"]
    open_by_key, last_closed_by_key = {}, {}
    for case in cases.values():
        key = key_of(case["rule_id"], case["subject_kind"], case["subject_id"])
        if case["closed"] is None:
            open_by_key[key] = case
        elif key not in last_closed_by_key or case["closed"] > last_closed_by_key[key]["closed"]:
            last_closed_by_key[key] = case
    touched = set()
    fired = set()
    for finding in findings:
        subject_id = normalise_id(finding["subject_id"])
        key = key_of(finding["rule_id"], finding["subject_kind"], subject_id)
        if key in fired:
            raise SystemExit(f"reference_monitor: key fires twice on {night}: {key}")
        fired.add(key)
        severity = finding["severity"]
        case = open_by_key.get(key)
        if case is None:
            case_id = f"{finding['rule_id']}:{subject_id}:{night.replace('-', '')}"
            previous = last_closed_by_key.get(key)
            reopened = previous is not None and days_between(night, previous["closed"]) <= params.reopen_days
            case = {
                "case_id": case_id, "rule_id": finding["rule_id"],
                "subject_kind": finding["subject_kind"], "subject_id": subject_id,
                "opened": night, "closed": None, "close_reason": "", "nights_fired": 0,
                "highest_severity": severity,
                "previous_case": previous["case_id"] if reopened else "",
                "status": "REOPENED" if reopened else "NEW", "escalated_nights": []}
            cases[case_id] = case
        else:
            if SEVERITY_RANK[severity] > SEVERITY_RANK[case["highest_severity"]]:
                case["status"] = "ESCALATED"
                case["escalated_nights"].append(night)
                case["highest_severity"] = severity
            else:
                case["status"] = "ONGOING"
        case["nights_fired"] += 1
        case["severity"] = severity
        for column in ("household_id", "district", "town", "village", "score", "evidence"):
            case[column] = finding.get(column, "")
        touched.add(case["case_id"])
    for key, case in open_by_key.items():
        if key in fired:
            continue
        case["closed"] = night
        case["status"] = "RESOLVED"
        gone = (case["subject_kind"], case["subject_id"]) not in present
        case["close_reason"] = "SUBJECT_GONE" if gone else "CLEARED"
        touched.add(case["case_id"])
    return touched


def check_dispositions(state, night, path, params):
    """Section 3: checks the rows of one file in order; keeps the good ones.

    Returns the rejected rows as (file name, line, reason).
    """
    snooze = {"ACKNOWLEDGED": params.snooze_acknowledged, "VISITED": params.snooze_visited,
              "ASSISTANCE_STARTED": params.snooze_assistance_started,
              "NO_ACTION_NEEDED": params.snooze_no_action_needed}
    header, rows = read_csv_rows(path)
    header = [name.strip() for name in header or []]
    columns = ["case_id", "date", "action", "worker"]
    if sorted(header) != sorted(columns):
        raise SystemExit(f"reference_monitor: {path}: header must be {','.join(columns)}")
    name = os.path.basename(path)
    kept = {(d["case_id"], d["date"], d["action"]) for d in state["dispositions"]}
    rejected = []
    for line, fields in rows:
        reason = None
        row = dict(zip(header, fields))
        if len(fields) == len(header):
            # docs/cases.md: the action in any case; a subject id's check
            # character x read as X (monitoring.md section 1).
            row["action"] = row["action"].upper()
            parts = row["case_id"].rsplit(":", 1)
            if len(parts) == 2 and parts[0].endswith("x"):
                row["case_id"] = parts[0][:-1] + "X:" + parts[1]
        if len(fields) != len(header) or not row["case_id"] or not row["worker"]:
            reason = "BAD_ROW"
        elif parse_date(row["date"]) is None:
            reason = "BAD_DATE"
        elif row["date"] > night:
            reason = "FUTURE_DATE"
        elif row["action"] not in snooze:
            reason = "UNKNOWN_ACTION"
        elif row["case_id"] not in state["cases"]:
            reason = "UNKNOWN_CASE"
        else:
            case = state["cases"][row["case_id"]]
            if row["date"] < case["opened"] or (case["closed"] is not None and row["date"] >= case["closed"]):
                reason = "CASE_NOT_OPEN"
        if reason:
            rejected.append((name, line, reason))
            continue
        identity = (row["case_id"], row["date"], row["action"])
        if identity in kept:
            continue
        kept.add(identity)
        state["dispositions"].append({
            "case_id": row["case_id"], "date": row["date"], "action": row["action"],
            "worker": row["worker"], "snooze_days": snooze[row["action"]], "night": night})
    return rejected


def case_rows(state, night):
    """Rows of cases.csv (sorted) and the worklist (in order) of night D."""
    last_action, snoozed_until, last_snooze_date = {}, {}, {}
    for d in state["dispositions"]:  # in night order, then line order
        case_id = d["case_id"]
        if case_id not in last_action or d["date"] >= last_action[case_id]["date"]:
            last_action[case_id] = d
        if d["snooze_days"] > 0:
            until = add_days(d["date"], d["snooze_days"])
            snoozed_until[case_id] = max(snoozed_until.get(case_id, until), until)
            last_snooze_date[case_id] = max(last_snooze_date.get(case_id, d["date"]), d["date"])
    rows, worklist = [], []
    for case in state["cases"].values():
        if case["closed"] is not None and case["closed"] != night:
            continue
        case_id = case["case_id"]
        on_worklist = False
        if case["closed"] is None:
            until = snoozed_until.get(case_id)
            snoozed = until is not None and night < until and not any(
                e > last_snooze_date[case_id] for e in case["escalated_nights"])
            on_worklist = not snoozed
        action = last_action.get(case_id)
        row = {
            "case_id": case_id, "rule_id": case["rule_id"], "severity": case["severity"],
            "highest_severity": case["highest_severity"], "subject_kind": case["subject_kind"],
            "subject_id": case["subject_id"], "household_id": case["household_id"],
            "district": case["district"], "town": case["town"], "village": case["village"],
            "status": case["status"], "opened": case["opened"], "closed": case["closed"] or "",
            "close_reason": case["close_reason"], "nights_fired": str(case["nights_fired"]),
            "days_open": str(days_between(night, case["opened"])),
            "previous_case": case["previous_case"],
            "last_action": action["action"] if action else "",
            "last_action_date": action["date"] if action else "",
            "snoozed_until": snoozed_until.get(case_id, ""),
            "on_worklist": "1" if on_worklist else "0",
            "score": case["score"], "evidence": case["evidence"]}
        rows.append(row)
        if on_worklist:
            worklist.append(row)
    rows.sort(key=lambda r: (r["rule_id"].encode(), r["subject_id"].encode()))
    worklist.sort(key=lambda r: (-SEVERITY_RANK[r["severity"]], r["status"] == "ONGOING",
                                 r["opened"], r["rule_id"].encode(), r["subject_id"].encode()))
    return rows, worklist


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--alerts", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--dispositions")
    parser.add_argument("--out", required=True)
    parser.add_argument("--reopen-days", type=int, default=30)
    parser.add_argument("--snooze-acknowledged", type=int, default=0)
    parser.add_argument("--snooze-visited", type=int, default=30)
    parser.add_argument("--snooze-assistance-started", type=int, default=60)
    parser.add_argument("--snooze-no-action-needed", type=int, default=90)
    params = parser.parse_args()
    night = params.as_of
    if parse_date(night) is None:
        parser.error(f"--as-of {night} is not a YYYY-MM-DD date")

    stored = load_state(params.state)
    if stored["last"] is not None and night < stored["last"]:
        print(f"reference_monitor: night {night} is earlier than the last night {stored['last']}",
              file=sys.stderr)
        return 1
    before = stored["before_last"] if night == stored["last"] else stored
    before = {"last": before["last"], "before_last": None,
              "cases": before["cases"], "dispositions": before["dispositions"]}
    state = copy.deepcopy(before)

    findings = read_table(params.alerts)
    fire_and_close(state, night, findings, subjects_present(params.data), params)
    rejected = []
    if params.dispositions:
        rejected = check_dispositions(state, night, params.dispositions, params)
    rows, worklist = case_rows(state, night)

    os.makedirs(params.out, exist_ok=True)
    write_csv(os.path.join(params.out, "cases.csv"), CASE_COLUMNS,
              [[r[c] for c in CASE_COLUMNS] for r in rows])
    write_csv(os.path.join(params.out, "worklist.csv"), CASE_COLUMNS,
              [[r[c] for c in CASE_COLUMNS] for r in worklist])
    write_csv(os.path.join(params.out, "rejected_dispositions.csv"), ["file", "line", "reason"],
              [[name, str(line), reason] for name, line, reason in rejected])

    state["last"] = night
    state["before_last"] = before
    save_state(params.state, state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
