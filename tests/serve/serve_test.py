#!/usr/bin/env python3
"""End to end: `safetynet serve` on the tiny data and a store after one night.

Usage: serve_test.py SAFETYNET DATA_DIR RULES_DIR [--store postgresql://...]

Checks, as a caller would over HTTP: the token (401), a hospital stay of an
elder living alone opening an E2 case before the answer, bad signals named by
place and field while the good ones are taken, duplicates refused, the case
read back, explain, what-if and its errors, dispositions checked and kept,
the worklist now and the report, a kill -9 at random moments while signals
stream in losing no acknowledged signal (replayed from the journal), a
reload, and the next night seeing the live case as NEW, keeping open the
case of a signal posted after its import and taking the posted disposition.
"""
import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

SAFETYNET, DATA, RULES = sys.argv[1], sys.argv[2], sys.argv[3]
STORE_URL = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--store" else None
work = tempfile.mkdtemp(prefix="serve_test.")
failures = []


running = []  # services started, killed on a failure


def fail(message):
    print("FAILED: " + message, file=sys.stderr)
    for proc in running:
        if proc.poll() is None:
            proc.kill()
    print(f"(the scratch folder {work} is kept)", file=sys.stderr)
    sys.stderr.flush()
    os._exit(1)


def run(*args, ok=True):
    p = subprocess.run([SAFETYNET, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        fail(f"safetynet {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return p


snapshot = os.path.join(work, "tiny.snap")
run("import", "--csv", DATA, "--out", snapshot, "--rejects", os.path.join(work, "rejects.csv"),
    "--as-of", "2025-06-30")
store = STORE_URL or os.path.join(work, "cases.db")
journal = os.path.join(work, "signals.journal")
run("run", "--snapshot", snapshot, "--rules", RULES, "--as-of", "2025-06-30", "--store", store,
    "--out", os.path.join(work, "night1"), "--no-workbooks")
token = "tok-" + "x" * 28
token_file = os.path.join(work, "token")
with open(token_file, "w") as f:
    f.write(token + "\n")
os.chmod(token_file, 0o600)

# An elder living alone without E2 tonight.
with open(os.path.join(work, "night1", "alerts.csv"), encoding="utf-8-sig") as f:
    e2_tonight = {r["subject_id"] for r in csv.DictReader(f) if r["rule_id"] == "E2_HOSPITALIZED_ALONE"}
with open(os.path.join(DATA, "signals.csv"), encoding="utf-8-sig") as f:
    dead = {r["person_id"] for r in csv.DictReader(f) if r["type"] == "DEATH"}
with open(os.path.join(DATA, "elderly.csv"), encoding="utf-8-sig") as f:
    alone = [r["person_id"] for r in csv.DictReader(f)
             if r["living"] == "ALONE" and r["person_id"] not in e2_tonight | dead]
if len(alone) < 5:
    fail("the tiny data has too few elders alone without E2")
elder = alone[0]


class Service:
    def __init__(self):
        self.log = open(os.path.join(work, "serve.log"), "a")
        self.proc = subprocess.Popen(
            [SAFETYNET, "serve", "--snapshot", snapshot, "--rules", RULES, "--store", store,
             "--journal", journal, "--token-file", token_file, "--listen", "127.0.0.1:0",
             "--as-of", "2025-07-01"],
            stderr=subprocess.PIPE, text=True)
        running.append(self.proc)
        self.port = None
        lines = []
        for line in self.proc.stderr:
            lines.append(line)
            self.log.write(line)
            m = re.search(r"\(port (\d+)\)", line)
            if m:
                self.port = int(m.group(1))
                break
        self.log.flush()
        if self.port is None:
            fail("the service did not start:\n" + "".join(lines))
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stderr:
            self.log.write(line)
            self.log.flush()

    def call(self, method, path, body=None, auth=True, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method)
        if auth:
            req.add_header("Authorization", "Bearer " + token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def json(self, method, path, body=None, expect=200):
        status, text = self.call(method, path, body)
        if status != expect:
            fail(f"{method} {path}: expected {expect}, got {status}: {text[:500]}")
        return json.loads(text)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        if self.proc.wait(timeout=30) != 0:
            fail(f"the service ended with {self.proc.returncode} on SIGTERM")


def signal_row(sid, person, date="2025-07-01", kind="MEDICAL", amount="800", inpatient="1"):
    return {"signal_id": sid, "source": "MEDICAL_INSURANCE", "type": kind, "person_id": person,
            "event_date": date, "amount": amount, "inpatient": inpatient, "detail": ""}


s = Service()
# The token.
status, _ = s.call("GET", "/v1/status", auth=False)
if status != 401:
    fail(f"no token: expected 401, got {status}")
status, page = s.call("GET", "/", auth=False)
if status != 200 or "<html" not in page.lower():
    fail(f"the page without a token: {status}")

# A hospital stay of an elder alone: an open E2 case before the answer.
answer = s.json("POST", "/v1/signals", {"signals": [signal_row("LIVE-1", elder)]})
if answer["accepted"] != 1 or answer["rejected"]:
    fail(f"LIVE-1 not taken: {answer}")
e2 = [c for c in answer["cases"] if c["rule_id"] == "E2_HOSPITALIZED_ALONE" and c["subject_id"] == elder]
if not e2 or e2[0]["status"] != "NEW" or e2[0]["case_id"] != f"E2_HOSPITALIZED_ALONE:{elder}:20250701":
    fail(f"no NEW E2 case for the elder: {answer['cases']}")
if e2[0]["label"] != "独居老人住院" or "2025-07-01" not in e2[0]["reason"]:
    fail(f"the case's label or reason: {e2[0]}")

# Bad ones named by place and field; the good one in the same request taken.
status, text = s.call("POST", "/v1/signals", {"signals": [
    signal_row("LIVE-2", alone[1], date="2025-02-30"),
    signal_row("LIVE-3", alone[1]),
    signal_row("LIVE-1", elder),
    signal_row("LIVE-4", alone[1], kind="SALARY")]})
answer = json.loads(text)
if status != 422 or answer["accepted"] != 1:
    fail(f"a mixed request: {status} {text[:400]}")
got = [(r["index"], r["column"], r["kind"]) for r in answer["rejected"]]
if got != [(0, "event_date", "BAD_DATE"), (2, "signal_id", "DUPLICATE_KEY"), (3, "type", "UNKNOWN_CODE")]:
    fail(f"rejected: {got}")

# A list element that is not an object is named by its place (protobuf's
# parser would skip or flatten it, and the places would move).
for raw, place in [(b'{"signals": [null, [], {"signal_id": "X"}]}', "signals[0]"),
                   (b'{"signals": [{"signal_id": "A"}, [{"signal_id": "B"}]]}', "signals[1]"),
                   (b'{"signals": {"signal_id": "A"}}', "signals is not a list")]:
    status, text = s.call("POST", "/v1/signals", raw=raw)
    if status != 400 or place not in text:
        fail(f"body {raw!r}: expected 400 naming {place}, got {status}: {text[:200]}")
status, text = s.call("POST", "/v1/signals", {"signals": [signal_row("LIVE-1", elder)]})
if status != 422 or json.loads(text)["date"] != "2025-07-01":
    fail(f"an answer with nothing taken has no date: {status} {text[:200]}")
for path in ["/v1/status?x=1", "/v1/report?x=1"]:
    s.json("GET", path, expect=400)

# Bad JSON, wrong types, unknown fields, empty lists, too many signals.
for raw, code in [(b"{not json", 400), (b'{"signals": 5}', 400), (b'{"signal": []}', 400),
                  (b'{"signals": []}', 400),
                  (json.dumps({"signals": [signal_row(f"M{i}", elder) for i in range(1001)]}).encode(), 413)]:
    status, text = s.call("POST", "/v1/signals", raw=raw)
    if status != code:
        fail(f"body {raw[:30]!r}: expected {code}, got {status}: {text[:200]}")

# The case read back, with its live firing; explain sees the signal.
cases = s.json("GET", f"/v1/cases?subject={elder}")["cases"]
mine = [c for c in cases if c["case_id"] == e2[0]["case_id"]]
if not mine or not mine[0]["firings"] or not mine[0]["firings"][-1]["live"]:
    fail(f"the case read back: {cases}")
if elder[6:8] == "19":  # the old 15-digit form finds the same cases
    old_form = s.json("GET", f"/v1/cases?subject={elder[:6] + elder[8:17]}")["cases"]
    if [c["case_id"] for c in old_form] != [c["case_id"] for c in cases]:
        fail(f"the 15-digit id's cases: {old_form}")
explained = s.json("GET", f"/v1/explain?subject={elder}")
if "E2_HOSPITALIZED_ALONE" not in explained["text"]:
    fail("explain")
s.json("GET", "/v1/explain?subject=110101199003074514", expect=404)
s.json("GET", "/v1/cases", expect=400)

# What-if.
w = s.json("POST", "/v1/what-if", {"set": {"dibao.urban": "950"}})
if w["districts"][-1]["district"] != "CITY":
    fail(f"what-if: {w}")
if w["signals_not_counted"] < 1:
    fail(f"the what-if does not say the signals taken are not counted: {w['signals_not_counted']}")
s.json("POST", "/v1/what-if", {"to": "1900-01-01"}, expect=400)
s.json("POST", "/v1/what-if", {"set": {"dibao.urban": "950"}, "as_of": "1900-01-01"}, expect=400)
status, text = s.call("POST", "/v1/sweep", {"param": "dibao.urban", "from": "800", "to": "1000", "step": "0"})
if status != 400 or "--" in text or "step must be above 0" not in text:
    fail(f"a sweep's error names the command's options, not the request's fields: {status} {text[:300]}")
s.json("POST", "/v1/what-if", {"set": {"dibao.urbn": "950"}}, expect=400)
s.json("POST", "/v1/what-if", {"set": {"dibao.urban": "lots"}}, expect=400)
s.json("POST", "/v1/what-if", {}, expect=400)

# Dispositions: checked now as a night would (docs/monitoring.md section 3),
# kept for the next night; the worklist now counts them.
with open(os.path.join(work, "night1", "cases.csv"), encoding="utf-8-sig") as f:
    night1_cases = list(csv.DictReader(f))
visited = next(r for r in night1_cases if r["on_worklist"] == "1" and r["subject_id"] != elder)
status, text = s.call("POST", "/v1/dispositions", {"dispositions": [
    {"case_id": visited["case_id"], "date": "2025-07-01", "action": "VISITED", "worker": "w1"},
    {"case_id": visited["case_id"], "date": "2025-07-01", "action": "visited", "worker": "w2"},
    {"case_id": "H4_DIBAO_CANDIDATE:NOBODY:20250630", "date": "2025-07-01", "action": "VISITED", "worker": "w1"},
    {"case_id": visited["case_id"], "date": "2025-07-02", "action": "VISITED", "worker": "w1"},
    {"case_id": visited["case_id"], "date": "2025-07-01", "action": "CALLED", "worker": "w1"}]})
answer = json.loads(text)
if status != 422 or answer["accepted"] != 1 or answer["repeated"] != 1 or answer["last_night"] != "2025-06-30":
    fail(f"dispositions: {status} {text[:400]}")
got = [(r["index"], r["kind"]) for r in answer["rejected"]]
if got != [(2, "UNKNOWN_CASE"), (3, "FUTURE_DATE"), (4, "UNKNOWN_ACTION")]:
    fail(f"rejected dispositions: {got}")
s.json("POST", "/v1/dispositions", {"dispositions": []}, expect=400)
s.json("POST", "/v1/dispositions", {"dispositions": [{"case": "x"}]}, expect=400)
s.json("POST", "/v1/dispositions", {"dispositions": {"case_id": visited["case_id"]}}, expect=400)
work_now = s.json("GET", "/v1/worklist")
# Section 4's order: the live case among the HIGH new ones (oldest first), before any other.
at = [i for i, c in enumerate(work_now["cases"]) if c["case_id"] == e2[0]["case_id"]]
if not at or work_now["cases"][at[0]]["status"] != "NEW" or not work_now["cases"][at[0]]["live"] \
        or any(c["severity"] != "HIGH" or c["status"] == "ONGOING" for c in work_now["cases"][:at[0] + 1]):
    fail(f"the live E2 case is not in its place on the worklist: {at} {work_now['cases'][:5]}")
listed = {c["case_id"] for c in work_now["cases"]}
if visited["case_id"] in listed or work_now["dispositions_waiting"] != 1:
    fail(f"the visited case is still on the worklist, or the disposition is not counted: {work_now['dispositions_waiting']}")
town = visited["town"]
of_town = s.json("GET", "/v1/worklist?town=" + urllib.parse.quote(town) + "&limit=2")
if len(of_town["cases"]) > 2 or any(c["town"] != town for c in of_town["cases"]):
    fail(f"the town's worklist: {of_town}")
nowhere = s.json("GET", "/v1/worklist?town=" + urllib.parse.quote(town + "x"))
if nowhere["cases"] or "did you mean" not in nowhere["note"]:
    fail(f"a misspelt town: {nowhere}")
s.json("GET", "/v1/worklist?limit=lots", expect=400)
report = s.json("GET", "/v1/report")
if report["last_night"] != "2025-06-30" or len(report["nights"]) != 1 \
        or report["nights"][0]["cases"] != len([r for r in night1_cases if not r["closed"]]) \
        or report["live_since_last_night"].get("NEW", 0) < 1 or report["dispositions_waiting"] != 1:
    fail(f"the report: {report}")

# kill -9 while signals stream in: every acknowledged one survives.
acked = ["LIVE-1", "LIVE-3"]
lock = threading.Lock()
for round_ in range(4):
    stop = threading.Event()

    def stream(worker):
        n = 0
        while not stop.is_set():
            sid = f"K{round_}-{worker}-{n}"
            n += 1
            try:
                st, _ = s.call("POST", "/v1/signals", {"signals": [signal_row(sid, alone[2], kind="INCOME", amount="100", inpatient="")]})
            except Exception:
                return
            if st == 200:
                with lock:
                    acked.append(sid)
    threads = [threading.Thread(target=stream, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    time.sleep(random.uniform(0.2, 1.0))
    s.kill()
    stop.set()
    for t in threads:
        t.join()
    s = Service()
    status = s.json("GET", "/v1/status")
    if status["signals_taken"] < len(acked):
        fail(f"round {round_}: {len(acked)} acknowledged, {status['signals_taken']} taken after the restart")
# Each acknowledged id is known: posting it again is a duplicate.
for sid in random.sample(acked, min(40, len(acked))):
    st, text = s.call("POST", "/v1/signals", {"signals": [signal_row(sid, alone[2], kind="INCOME", amount="100", inpatient="")]})
    if st != 422 or json.loads(text)["rejected"][0]["kind"] != "DUPLICATE_KEY":
        fail(f"{sid} acknowledged before the kill is not known after it: {st} {text[:200]}")
# The E2 case is still there, once.
cases = s.json("GET", f"/v1/cases?subject={elder}")["cases"]
if len([c for c in cases if c["rule_id"] == "E2_HOSPITALIZED_ALONE"]) != 1:
    fail(f"the E2 case after restarts: {cases}")

# The night's import folds the journal's signals in; a reload does not take
# them again (the snapshot holds them now); the journal keeps them.
before = s.json("GET", "/v1/status")
imported = run("import", "--csv", DATA, "--out", snapshot, "--rejects", os.path.join(work, "rejects2.csv"),
               "--as-of", "2025-07-01", "--journal", journal)
if "0 of its" in imported.stdout + imported.stderr:
    fail(f"a warning that no journal signal was in signals.csv: {imported.stdout}")
after = s.json("POST", "/v1/reload")
if after["folded"] != before["signals_taken"] or after["signals_taken"] != 0 \
        or after["journal_records"] != before["journal_records"]:
    fail(f"reload after the import with the journal: {before} -> {after}")
if after["signals"] != before["signals"] + before["signals_taken"]:
    fail(f"the new snapshot does not hold the journal's signals: {before} -> {after}")
if after["warning"]:
    fail(f"a warning for a newer snapshot: {after['warning']}")
# An older night's snapshot reloaded is said to be older; then tonight's again.
for as_of, older in (("2025-06-29", True), ("2025-07-01", False)):
    run("import", "--csv", DATA, "--out", snapshot, "--rejects", os.path.join(work, "rejects3.csv"),
        "--as-of", as_of, "--journal", journal)
    said = s.json("POST", "/v1/reload")["warning"]
    if ("older than the one it replaced" in said) != older:
        fail(f"the reload of the snapshot as of {as_of}: warning {said!r}")
# Still answering, and the signals still known.
st, text = s.call("POST", "/v1/signals", {"signals": [signal_row("LIVE-1", elder)]})
if st != 422 or json.loads(text)["rejected"][0]["kind"] != "DUPLICATE_KEY":
    fail(f"LIVE-1 after the reload: {st} {text[:200]}")

# A hospital stay posted after the night's import: its case stays open
# that night (the snapshot could not hold it).
late = s.json("POST", "/v1/signals", {"signals": [signal_row("LIVE-LATE", alone[3])]})
late_e2 = [c["case_id"] for c in late["cases"] if c["rule_id"] == "E2_HOSPITALIZED_ALONE"]
if not late_e2:
    fail(f"no E2 case for the late signal: {late}")

# The log holds no resident id.
s.stop()
with open(os.path.join(work, "serve.log")) as f:
    log = f.read()
if re.search(r"\d{17}[\dX]", log):
    fail("the service's log holds a resident id")

# The next night, on the snapshot with the journal's signals, sees the live case as NEW.
run("run", "--snapshot", snapshot, "--rules", RULES, "--as-of", "2025-07-01", "--store", store,
    "--out", os.path.join(work, "night2"), "--no-workbooks")
with open(os.path.join(work, "night2", "cases.csv"), encoding="utf-8-sig") as f:
    night2 = [r for r in csv.DictReader(f) if r["case_id"] == e2[0]["case_id"]]
if len(night2) != 1 or night2[0]["status"] != "NEW" or night2[0]["nights_fired"] != "1":
    fail(f"the live case on the next night: {night2}")
with open(os.path.join(work, "night2", "cases.csv"), encoding="utf-8-sig") as f:
    night2 = {r["case_id"]: r for r in csv.DictReader(f)}
if night2.get(late_e2[0], {}).get("status") != "NEW" or night2[late_e2[0]]["closed"]:
    fail(f"the case of the signal posted after the import closed: {night2.get(late_e2[0])}")
took = night2.get(visited["case_id"], {})
if took.get("last_action") != "VISITED" or took.get("on_worklist") != "0":
    fail(f"the night did not take the posted disposition: {took}")
# After the night of the service's date, cases open on the live date, the
# day after; a disposition may be dated then, the worklist counts its days
# from then, and the case reads as live everywhere.
with open(journal, "ab") as f:  # a write cut short by a stop: removed, and said
    f.write(b"\x01\x02\x03")
s = Service()
with open(os.path.join(work, "serve.log")) as f:
    if "cut short" not in f.read():
        fail("a torn journal tail removed at start is not reported")
after = s.json("POST", "/v1/signals", {"signals": [signal_row("LIVE-AFTER", alone[4])]})
if after["date"] != "2025-07-01" or after["cases_date"] != "2025-07-02":
    fail(f"the answer's dates after the night of 2025-07-01: {after}")
opened = [c["case_id"] for c in after["cases"] if c["rule_id"] == "E2_HOSPITALIZED_ALONE"]
if not opened or not opened[0].endswith(":20250702"):
    fail(f"the case opened after the night: {after['cases']}")
posted = s.json("POST", "/v1/dispositions", {"dispositions": [
    {"case_id": opened[0], "date": "2025-07-02", "action": "ACKNOWLEDGED", "worker": "w1"}]})
if posted["accepted"] != 1 or posted["date"] != "2025-07-02":
    fail(f"a disposition on the live date: {posted}")
status, text = s.call("POST", "/v1/dispositions", {"dispositions": [
    {"case_id": opened[0], "date": "2025-07-02", "action": "VISITED", "worker": "w1\nw2"}]})
if status != 422 or json.loads(text)["rejected"][0]["kind"] != "BAD_ROW":
    fail(f"a worker with a line break: {status} {text[:300]}")
listed = [c for c in s.json("GET", "/v1/worklist?limit=100000")["cases"] if c["case_id"] == opened[0]]
if not listed or listed[0]["days_open"] != 0 or not listed[0]["live"] \
        or listed[0]["last_action"] != "ACKNOWLEDGED" or not listed[0]["last_action_waiting"]:
    fail(f"the live case on the worklist: {listed}")
mine = [c for c in s.json("GET", f"/v1/cases?subject={alone[4]}")["cases"] if c["case_id"] == opened[0]]
if not mine or not mine[0]["live"] or mine[0]["last_action"] != "ACKNOWLEDGED" \
        or not mine[0]["last_action_waiting"] or mine[0]["days_open"] != listed[0]["days_open"]:
    fail(f"the live case read back: {mine}")
# Query keys: a misspelt one is refused, naming the right one; a part of a
# town's name is answered with the towns that hold it.
status, text = s.call("GET", "/v1/worklist?twon=x")
if status != 400 or "did you mean 'town'" not in text:
    fail(f"a misspelt query key: {status} {text[:300]}")
part = s.json("GET", "/v1/cases?town=" + urllib.parse.quote(town[:2]))
if part["cases"] or town not in part["note"]:
    fail(f"part of a town's name: {part}")
with open(os.path.join(DATA, "households.csv"), encoding="utf-8-sig") as f:
    household = next(csv.DictReader(f))["household_id"]
if household.lower() != household:
    status, text = s.call("GET", "/v1/explain?subject=" + household.lower())
    if status != 404 or f"did you mean {household}" not in text:
        fail(f"a household id in lower case: {status} {text[:300]}")
with open(os.path.join(work, "night2", "cases.csv"), encoding="utf-8-sig") as f:
    with_case = next(r["household_id"] for r in csv.DictReader(f) if r["household_id"] and not r["closed"])
read = s.json("GET", "/v1/cases?subject=" + with_case.lower())
if read["cases"] or f"did you mean {with_case}" not in read["note"]:
    fail(f"the cases of a household id in lower case: {read}")
s.stop()

# Under a file size limit (ulimit -f) the journal refuses signals (503) and
# the service lives on.
import resource
limit = os.path.getsize(journal) + 2000
limited = subprocess.Popen(
    [SAFETYNET, "serve", "--snapshot", snapshot, "--rules", RULES, "--store", store,
     "--journal", journal, "--token-file", token_file, "--listen", "127.0.0.1:0", "--as-of", "2025-07-01"],
    stderr=subprocess.PIPE, text=True,
    preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
running.append(limited)
for line in limited.stderr:
    m = re.search(r"\(port (\d+)\)", line)
    if m:
        break
threading.Thread(target=lambda: [None for _ in limited.stderr], daemon=True).start()
s.port, refused = int(m.group(1)), None
for i in range(200):
    st, text = s.call("POST", "/v1/signals", {"signals": [signal_row(f"FSIZE-{i}", alone[0], kind="INCOME", amount="100", inpatient="")]})
    if st == 503:
        refused = json.loads(text)
        break
if refused is None or refused["error"] != "JOURNAL_FAILED" or limited.poll() is not None:
    fail(f"a full file size limit: {refused}, the service {'ended' if limited.poll() is not None else 'runs'}")
limited.kill()
limited.wait()

# Listening beyond loopback is said to be plain HTTP.
p = subprocess.Popen([SAFETYNET, "serve", "--snapshot", snapshot, "--rules", RULES, "--store", store,
                      "--journal", journal, "--token-file", token_file, "--listen", "0.0.0.0:0",
                      "--as-of", "2025-09-01"], stderr=subprocess.PIPE, text=True)
running.append(p)
said = ""
for line in p.stderr:
    said += line
    if "listening on" in line:
        break
time.sleep(0.5)
p.kill()
said += p.communicate()[1]
if "plain HTTP" not in said:
    fail(f"no warning for a listen address beyond loopback: {said}")
if "days from the snapshot's" not in said:
    fail(f"no warning for a service date far from the snapshot's: {said}")
print("serve_test: all checks passed", file=sys.stderr)
subprocess.run(["rm", "-rf", work])
