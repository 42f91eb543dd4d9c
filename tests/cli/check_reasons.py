#!/usr/bin/env python3
"""Checks the reason sentences of alerts.jsonl against the rules' templates.

Usage: check_reasons.py RULES_DIR ALERTS_JSONL MIN_RULES

An independent reading of docs/rule-language.md "Labels and reasons": the
`reason "..."` of each alert and the `label NAME "..." ...` words are read
from the rules files here (not from the engine), each `{name}` filled from
the alert's typed evidence (money and ratios as numbers, bools, dates and
codes) by the documented formatting: money with two decimals, whole numbers
as they are, bools and codes by their words (else true/false and the code),
an empty value (null) by its `empty` word (else nothing). Every alert whose
template names only values it shows (or its score) is checked, and its label
too; at least MIN_RULES rules must be checked. Exit 1 naming the first
differences.
"""
import json
import os
import re
import sys

STRING = r'"((?:[^"\\]|\\.)*)"'


def unescape(text):
    return re.sub(r'\\(.)', r'\1', text)


def read_rules(folder):
    alerts = {}  # rule id -> (entity block, label, reason template)
    words = {}   # (block, value) -> {"empty": w, "true": w, "false": w, CODE: w}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".rules"):
            continue
        block = None
        statement = []
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        # Statements start with a keyword at the start of a line; join continuation lines.
        lines = [re.sub(r'#[^"]*$', "", line) for line in text.split("\n")]
        joined = []
        for line in lines:
            stripped = line.strip()
            if not stripped:
                continue
            if re.match(r'(for|let|alert|entitlement|eligibility|deceased)\b', stripped) or \
                    re.match(r'label [a-z_]+ "', stripped):
                joined.append(stripped)
            elif joined:
                joined[-1] += " " + stripped
        for statement in joined:
            m = re.match(r'for (\w+):', statement)
            if m:
                block = m.group(1)
                continue
            m = re.match(r'label ([a-z_]\w*) ' + STRING + r'(.*)', statement)
            if m:
                entry = {}
                for key, word in re.findall(r'(\w+) ' + STRING, m.group(3)):
                    entry[key] = unescape(word)
                words[(block, m.group(1))] = entry
                continue
            m = re.match(r'alert (\w+) ', statement)
            if m:
                label = re.search(r'\blabel ' + STRING, statement)
                reason = re.search(r'\breason ' + STRING, statement)
                alerts[m.group(1)] = (block, unescape(label.group(1)) if label else "",
                                      reason.group(1) if reason else "")
    return alerts, words


def shown(value, word):
    if value is None:
        return word.get("empty", "")
    if isinstance(value, bool):
        return word.get("true" if value else "false", "true" if value else "false")
    if isinstance(value, float):
        return "%.2f" % value
    if isinstance(value, int):
        return str(value)
    return word.get(value, value)  # a date or a code


def main(folder, alerts_path, min_rules):
    alerts, words = read_rules(folder)
    checked_rules, checked, failures = set(), 0, []
    for line in open(alerts_path, encoding="utf-8"):
        alert = json.loads(line)
        block, label, template = alerts[alert["rule_id"]]
        if alert["label"] != label:
            failures.append("%s: label %r, the rules say %r" % (alert["rule_id"], alert["label"], label))
        names = re.findall(r'\{(\w+)\}', template.replace("{{", "").replace("}}", ""))
        values = dict(alert["evidence"])
        if alert["score"] is not None:
            values.setdefault("risk_score", alert["score"])
        if not template or any(n not in values for n in names):
            continue
        expected = re.sub(r'\{(\w+)\}', lambda m: shown(values[m.group(1)], words.get((block, m.group(1)), {})),
                          unescape(template))
        if alert["reason"] != expected:
            failures.append("%s %s: reason %r, expected %r" % (alert["rule_id"], alert["subject_id"],
                                                                alert["reason"], expected))
        checked += 1
        checked_rules.add(alert["rule_id"])
    if len(checked_rules) < min_rules:
        failures.append("only %d rules checked (%s), expected at least %d" %
                        (len(checked_rules), ", ".join(sorted(checked_rules)), min_rules))
    for failure in failures[:10]:
        print(failure)
    if failures:
        sys.exit(1)
    print("%d reasons of %d rules as the templates say" % (checked, len(checked_rules)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
