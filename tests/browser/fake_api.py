#!/usr/bin/env python3
"""A stand-in for `safetynet serve`'s API, to develop and test the director's page.

Usage: fake_api.py --page PAGE.html --token-file FILE [--port N] [--port-file FILE]
                   [--refuse-urban VALUE] [--slow-urban VALUE]

Serves PAGE.html at / (no token needed: the page holds no data) and answers
GET /v1/standards, POST /v1/what-if and POST /v1/sweep with JSON shaped as
proto/safetynet/api.proto's messages (proto field names), and any other path
with 404. Every /v1/ call needs "Authorization: Bearer TOKEN" with the token
in FILE (read on every request), else 401 with an ErrorResponse body. Binds
127.0.0.1; --port 0 (the default) picks a free port, written to --port-file.
--refuse-urban: a what-if setting dibao.urban to VALUE is answered 400
BAD_REQUEST, as the real service answers a request it cannot take (to see
the page show an error). --slow-urban: a what-if setting dibao.urban to VALUE
is answered after 2 seconds (to see a newer request supersede it).

The figures come from a fixed, hand-made city: per district a few kinds of
household (how many alike, persons, urban or rural, the household's monthly
income in yuan). A household is covered when its income is below
standard x persons, and then costs standard x persons - income a month.
Today: dibao.urban 890, dibao.rural 850. Worked by hand at today's
standards, 环翠区 (371002): 1,200 urban households of 2 with 1,234.57 yuan
(covered: 1,780 - 1,234.57 = 545.43 each), 800 urban of 3 with 2,500.00
(covered: 170.00), 350 rural of 1 with 612.34 (covered: 237.66), 90 urban of
4 with 3,700.00 (not covered: 3,560 < 3,700) -> 2,350 households, 5,150
persons, 654,516.00 + 136,000.00 + 83,181.00 = 873,697.00 yuan a month.
"""
import argparse
import hmac
import http.server
import json
import os
import time
from decimal import Decimal, InvalidOperation

TODAY = {"dibao.urban": Decimal("890.00"), "dibao.rural": Decimal("850.00")}
AS_OF = "2025-06-30"
# district -> (name, [(households alike, persons, "urban"/"rural", monthly income yuan)])
CITY = {
    "371002": ("环翠区", [(1200, 2, "urban", "1234.57"), (800, 3, "urban", "2500.00"),
                         (350, 1, "rural", "612.34"), (90, 4, "urban", "3700.00")]),
    "371003": ("文登区", [(640, 2, "rural", "1015.55"), (1130, 1, "rural", "420.00"),
                         (215, 3, "urban", "2710.10"), (77, 5, "rural", "4300.01")]),
    "371071": ("高新技术产业开发区", [(95, 2, "urban", "1700.00"), (33, 1, "urban", "0.00")]),
    "371072": ("经济技术开发区", [(140, 3, "urban", "2600.99"), (61, 2, "rural", "1299.99")]),
    "371073": ("临港经济技术开发区", [(48, 2, "rural", "1650.00"), (25, 1, "rural", "800.00")]),
    "371082": ("荣成市", [(1510, 2, "rural", "1100.11"), (420, 4, "rural", "3333.33"),
                         (260, 1, "urban", "860.00")]),
    "371083": ("乳山市", [(980, 3, "rural", "2400.00"), (305, 2, "urban", "1500.50"),
                         (44, 6, "rural", "5000.00")]),
}
MAX_BODY = 64 * 1024
MAX_POINTS = 1000
REFUSED_URBAN = None  # --refuse-urban
SLOW_URBAN = None  # --slow-urban


class BadRequest(Exception):
    pass


def money(value):
    return f"{value.quantize(Decimal('0.01'))}"


def parse_value(name, text):
    if name not in TODAY:
        raise BadRequest(f"unknown parameter {name}")
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        raise BadRequest(f"{name}: not a number of yuan") from None
    if not value.is_finite() or value < 0 or value > 100000:
        raise BadRequest(f"{name}: out of range")
    return value


def figures(standards):
    """Per district and CITY: (households, persons, monthly cost) under standards."""
    out = {}
    total = [0, 0, Decimal(0)]
    for code, (_, kinds) in CITY.items():
        households, persons, cost = 0, 0, Decimal(0)
        for alike, size, area, income in kinds:
            line = standards["dibao." + area] * size
            if Decimal(income) < line:
                households += alike
                persons += alike * size
                cost += (line - Decimal(income)) * alike
        out[code] = (households, persons, cost)
        total = [total[0] + households, total[1] + persons, total[2] + cost]
    out["CITY"] = tuple(total)
    return out


def standards_with(changes):
    standards = dict(TODAY)
    for name, text in changes.items():
        standards[name] = parse_value(name, text)
    return standards


def what_if(body):
    if set(body) - {"set", "to", "changes", "as_of"}:
        raise BadRequest("unknown field")
    if body.get("to"):
        raise BadRequest("the fake API answers `set` only")
    after_standards = standards_with(body.get("set") or {})
    if REFUSED_URBAN is not None and after_standards["dibao.urban"] == REFUSED_URBAN:
        raise BadRequest(f"dibao.urban {REFUSED_URBAN} refused (fake_api.py --refuse-urban)")
    if SLOW_URBAN is not None and after_standards["dibao.urban"] == SLOW_URBAN:
        time.sleep(2)
    before, after = figures(TODAY), figures(after_standards)
    districts = []
    for code in list(CITY) + ["CITY"]:
        h, p, c = after[code]
        hb, pb, cb = before[code]
        districts.append({
            "district": code, "name": CITY[code][0] if code in CITY else "全市",
            "households_covered": h, "persons_covered": p,
            "monthly_cost": money(c), "yearly_cost": money(12 * c),
            "households_covered_before": hb, "persons_covered_before": pb,
            "monthly_cost_before": money(cb),
            "households_affected": abs(h - hb), "persons_affected": abs(p - pb),
            "monthly_delta": money(c - cb), "yearly_delta": money(12 * (c - cb)),
        })
    parameters = [{"name": n, "old_value": money(TODAY[n]), "new_value": money(after_standards[n]),
                   "set": n in (body.get("set") or {})} for n in TODAY]
    return {"as_of": AS_OF, "parameters": parameters, "districts": districts, "seconds": 0.01}


def sweep(body):
    if set(body) - {"param", "from", "to", "step", "set", "as_of"}:
        raise BadRequest("unknown field")
    param = body.get("param", "")
    if param not in TODAY:
        raise BadRequest(f"unknown parameter {param}")
    low, high, step = (parse_value(param, body.get(k, "")) for k in ("from", "to", "step"))
    if step <= 0 or high < low or (high - low) / step >= MAX_POINTS:
        raise BadRequest("from, to and step give no values or too many")
    others = body.get("set") or {}
    if param in others:
        raise BadRequest(f"{param} is both swept and set")
    points, value = [], low
    while value <= high:
        h, p, c = figures(standards_with({**others, param: value}))["CITY"]
        points.append({"value": money(value), "households_covered": h, "persons_covered": p,
                       "monthly_cost": money(c), "yearly_cost": money(12 * c)})
        value += step
    return {"param": param, "points": points,
            "marks": [{"label": "今日", "value": money(TODAY[param])}], "seconds": 0.02}


def standards():
    return {"as_of": AS_OF,
            "standards": [{"name": n, "value": money(v), "type": "money"} for n, v in TODAY.items()],
            "districts": [{"district": c, "name": n} for c, (n, _) in CITY.items()]}


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "fake-safetynet"

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/json; charset=utf-8"):
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page cancelled the request (a newer one superseded it)

    def error(self, status, code, message):
        self.send(status, {"error": code, "message": message})

    def authorized(self):
        with open(self.server.token_file, encoding="utf-8") as f:
            token = f.read().strip()
        given = self.headers.get("Authorization", "")
        if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
        self.error(401, "UNAUTHORIZED", "a valid bearer token is required")
        return False

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/":
            with open(self.server.page, "rb") as f:
                self.send(200, f.read(), "text/html; charset=utf-8")
        elif path == "/v1/standards":
            if self.authorized():
                self.send(200, standards())
        else:
            self.error(404, "NOT_FOUND", "no such path")

    def do_POST(self):
        path = self.path.split("?", 1)[0]
        calls = {"/v1/what-if": what_if, "/v1/sweep": sweep}
        if path not in calls:
            self.error(404, "NOT_FOUND", "no such path")
            return
        if not self.authorized():
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.error(413, "TOO_LARGE", "the body is too large")
            return
        try:
            body = json.loads(self.rfile.read(length) or b"null")
            if not isinstance(body, dict):
                raise BadRequest("the body is not a JSON object")
            self.send(200, calls[path](body))
        except json.JSONDecodeError:
            self.error(400, "BAD_JSON", "the body is not JSON")
        except BadRequest as e:
            self.error(400, "BAD_REQUEST", str(e))


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--page", required=True)
    args.add_argument("--token-file", required=True)
    args.add_argument("--port", type=int, default=0)
    args.add_argument("--port-file")
    args.add_argument("--refuse-urban", type=Decimal)
    args.add_argument("--slow-urban", type=Decimal)
    options = args.parse_args()
    global REFUSED_URBAN, SLOW_URBAN
    REFUSED_URBAN, SLOW_URBAN = options.refuse_urban, options.slow_urban
    server = http.server.ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
    server.page, server.token_file = options.page, options.token_file
    if options.port_file:
        with open(options.port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(options.port_file + ".tmp", options.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
