#!/usr/bin/env python3
"""Drives the director's page of a running `safetynet serve` in headless Chromium.

Usage: director_page_driver.py BASE_URL TOKEN_FILE [--screenshot PNG] [--refused-urban VALUE]
                               [--slow-urban VALUE]

Opens BASE_URL/ in Debian's Chromium through chromedriver (python3-selenium)
and acts as a user: a wrong token first (the page must say 401 and keep no
token), then the token of TOKEN_FILE; waits for the figures at today's
standards; types a new urban standard into its number field, then moves its
slider with the arrow keys, then types a new rural standard. After each step
it reads the city's figures and every district's row from the DOM and checks
them against the API's own answer (POST /v1/what-if, asked here directly)
for the same values, formatted as the page must (万元 with 2 decimals,
rounded half away from zero from the decimal text; counts with thousands
separators; changes signed). Checks the chart (axis titles, a zero tick,
today's and the chosen value marked, redrawn for the new rural value).
Fails on any console message but the network's report of the expected 401.
--refused-urban: the service answers a what-if at this urban standard with
an error (fake_api.py --refuse-urban): the page must show it in words.
Then a value typed while the previous one is still being computed: the page
must end showing the newer (--slow-urban: the older value, which
fake_api.py --slow-urban answers late; default 5 yuan below the newer).
--screenshot: saves the page as it stands after the last step (PNG, small).
Exit 0 when all passed, 1 naming what failed.
"""
import argparse
import base64
import json
import sys
import time
import urllib.error
import urllib.request
from decimal import ROUND_HALF_UP, Decimal

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT_SECONDS = 60


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Api:
    def __init__(self, base, token):
        self.base, self.token = base.rstrip("/"), token

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={
            "Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)


def wan(text):
    value = (Decimal(text) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # -0.004 shows as 0.00
    return f"{value:,.2f}"


def count(n):
    return f"{n:,}"


def signed(text):
    return text if text.startswith("-") or Decimal(text.replace(",", "")) == 0 else "+" + text


def expected_cells(d, name):
    return [name, count(d.get("households_covered", 0)), count(d.get("persons_covered", 0)),
            wan(d.get("monthly_cost", "0")), wan(d.get("yearly_cost", "0")),
            signed(count(d.get("households_covered", 0) - d.get("households_covered_before", 0))),
            signed(count(d.get("persons_covered", 0) - d.get("persons_covered_before", 0))),
            signed(wan(d.get("yearly_delta", "0")))]


def plain(text):
    """Yuan text as the page shows a standard: 890.00 -> 890, 890.50 -> 890.5."""
    return format(Decimal(text).normalize(), "f") if "." in text else text


class Page:
    def __init__(self, base, screenshot_size=(1100, 1500)):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={screenshot_size[0]},{screenshot_size[1]}", "--lang=zh-CN"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.base = base.rstrip("/")
        self.console = []

    def quit(self):
        self.driver.quit()

    def by_id(self, id_):
        return self.driver.find_element(By.ID, id_)

    def wait(self, what, predicate):
        try:
            return WebDriverWait(self.driver, WAIT_SECONDS, poll_frequency=0.1).until(
                lambda d: predicate())
        except TimeoutException:
            errors = self.driver.execute_script(
                "return document.getElementById('errors').innerText") if self.driver else ""
            raise Failure(f"timed out waiting for {what}; the page's errors: {errors!r}") from None

    def take_console(self, allow_401=False, allow_400=False):
        """Fails on any console entry (the network's report of a 401 or 400 when allowed)."""
        for entry in self.driver.get_log("browser"):
            message = entry.get("message", "")
            if entry.get("source") == "network" and (
                    (allow_401 and " 401 " in message) or (allow_400 and " 400 " in message)):
                continue
            self.console.append(f"{entry.get('level')} {entry.get('source')}: {message}")
        check(not self.console, "console messages:\n  " + "\n  ".join(self.console))

    def set_field(self, id_, text):
        field = self.by_id(id_)
        field.click()
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(text)

    def shown_for(self, urban, rural):
        return self.driver.execute_script(
            "const c = document.getElementById('city');"
            "return !c.classList.contains('stale') && c.dataset.urban === arguments[0] &&"
            " c.dataset.rural === arguments[1];", urban, rural)

    def rows(self):
        return self.driver.execute_script(
            "return [...document.querySelectorAll('#districts tbody tr, #districts tfoot tr')].map("
            "r => [r.dataset.district, [...r.cells].map(c => c.textContent.trim())]);")

    def text(self, id_):
        return self.by_id(id_).text.strip()


def check_figures(page, api, urban, rural):
    page.wait(f"the figures for urban {urban}, rural {rural}", lambda: page.shown_for(urban, rural))
    answer = api.call("POST", "/v1/what-if", {"set": {"dibao.urban": urban, "dibao.rural": rural}})
    by_code = {d["district"]: d for d in answer["districts"]}
    city = by_code["CITY"]
    shown = {
        "city-households": page.text("city-households"), "city-persons": page.text("city-persons"),
        "city-monthly": page.text("city-monthly"), "city-yearly": page.text("city-yearly")}
    want = {
        "city-households": count(city["households_covered"]),
        "city-persons": count(city["persons_covered"]),
        "city-monthly": wan(city["monthly_cost"]), "city-yearly": wan(city["yearly_cost"])}
    check(shown == want, f"urban {urban}, rural {rural}: city figures {shown}, the API's {want}")
    yearly_delta = page.text("city-yearly-delta")
    check(yearly_delta == f"较今日 {signed(wan(city.get('yearly_delta', '0')))} 万元",
          f"urban {urban}: the city's yearly change reads {yearly_delta!r}")
    rows = dict((code, cells) for code, cells in page.rows())
    districts = [d for d in answer["districts"] if d["district"] != "CITY"]
    check(len(rows) == len(districts) + 1,
          f"urban {urban}: {len(rows)} rows in the table, the API has {len(districts)} districts + CITY")
    for d in districts:
        want_cells = expected_cells(d, d["name"])
        check(rows.get(d["district"]) == want_cells,
              f"urban {urban}, rural {rural}: row of {d['district']} is {rows.get(d['district'])},"
              f" the API's {want_cells}")
    check(rows.get("CITY") == expected_cells(city, "全市"),
          f"urban {urban}: the table's 全市 row is {rows.get('CITY')}")
    return answer


def check_chart(page, today_urban, urban, rural):
    page.wait(f"the chart for rural {rural}", lambda: page.driver.execute_script(
        "const s = document.getElementById('chart');"
        "return s.dataset.rural === arguments[0] && s.dataset.urban === arguments[1];", rural, urban))
    texts = page.driver.execute_script(
        "return [...document.querySelectorAll('#chart text')].map(t => t.textContent);")
    for want in ("城市低保标准（元/月）", "年支出（万元）", "0", f"今日 {today_urban}", f"所选 {urban}"):
        check(want in texts, f"the chart has no text {want!r}: {texts}")
    points = page.driver.execute_script(
        "return document.querySelector('#chart polyline.curve').getAttribute('points')"
        ".trim().split(/\\s+/).length;")
    check(points >= 10, f"the curve has {points} points")


def save_screenshot(driver, path):
    """The whole page at 960 CSS pixels wide, scaled to 0.7 (a small PNG for docs/)."""
    driver.set_window_size(960, 1400)
    time.sleep(0.3)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": 960, "height": height, "scale": 0.7}})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def run(base, token, screenshot, refused_urban, slow_urban):
    api = Api(base, token)
    standards = api.call("GET", "/v1/standards")
    values = {s["name"]: s["value"] for s in standards["standards"]}
    today_urban, today_rural = plain(values["dibao.urban"]), plain(values["dibao.rural"])
    new_urban = str(int(Decimal(today_urban) / 5) * 5 + 60)
    new_rural = str(int(Decimal(today_rural) / 5) * 5 - 50)

    page = Page(base)
    try:
        page.driver.get(base.rstrip("/") + "/")
        page.driver.execute_script("sessionStorage.clear();")
        page.driver.refresh()
        page.wait("the token field", lambda: page.by_id("token").is_displayed())
        page.take_console()

        # A wrong token: the page says 401 and keeps nothing.
        page.set_field("token", "wrong-" + token)
        page.by_id("token").send_keys(Keys.ENTER)
        page.wait("the 401 message", lambda: "401" in page.text("login-message"))
        check("访问令牌" in page.text("login-message"), f"401 message: {page.text('login-message')!r}")
        check(page.by_id("token").is_displayed(), "after a 401 the token field is not shown")
        check(page.driver.execute_script("return sessionStorage.length") == 0,
              "after a 401 the page still keeps a token")
        page.take_console(allow_401=True)

        # The right token: today's figures.
        page.set_field("token", token)
        page.by_id("token").send_keys(Keys.ENTER)
        check_figures(page, api, today_urban, today_rural)
        check(page.driver.execute_script(
            "return sessionStorage.getItem('safetynet.token') === arguments[0] && localStorage.length === 0",
            token), "the token is not in sessionStorage only")
        check_chart(page, today_urban, today_urban, today_rural)

        # A user types a new urban standard into its field.
        page.set_field("urban-number", new_urban)
        check_figures(page, api, new_urban, today_rural)
        check(page.by_id("urban-range").get_attribute("value") == new_urban,
              "the urban slider did not follow its field")
        check_chart(page, today_urban, new_urban, today_rural)

        # ... then moves the slider four steps right with the keyboard.
        page.by_id("urban-range").send_keys(Keys.ARROW_RIGHT * 4)
        slid = str(int(new_urban) + 20)
        check_figures(page, api, slid, today_rural)
        check(page.by_id("urban-number").get_attribute("value") == slid,
              "the urban field did not follow its slider")

        # A value typed while the one before is still in flight: the newer wins.
        page.set_field("urban-number", slow_urban or str(int(slid) - 5))
        time.sleep(0.5)
        page.set_field("urban-number", slid)
        check_figures(page, api, slid, today_rural)
        time.sleep(2.5)
        check_figures(page, api, slid, today_rural)

        # ... then a new rural standard: figures and the curve follow.
        page.set_field("rural-number", new_rural)
        check_figures(page, api, slid, new_rural)
        check_chart(page, today_urban, slid, new_rural)

        # A value out of range is refused in words.
        page.set_field("urban-number", "5")
        page.wait("the out-of-range message", lambda: "之间" in page.text("errors"))
        page.set_field("urban-number", new_urban)
        check_figures(page, api, new_urban, new_rural)
        page.wait("the errors cleared", lambda: not page.by_id("errors").is_displayed())

        if refused_urban:
            page.set_field("urban-number", refused_urban)
            page.wait("the API's error in words", lambda: "HTTP 400" in page.text("errors"))
            check("测算失败" in page.text("errors"), f"the API's error reads {page.text('errors')!r}")
            page.take_console(allow_400=True)
            page.set_field("urban-number", new_urban)
            check_figures(page, api, new_urban, new_rural)
            page.wait("the errors cleared", lambda: not page.by_id("errors").is_displayed())

        page.take_console()
        if screenshot:
            save_screenshot(page.driver, screenshot)
    finally:
        page.quit()


def main():
    args = argparse.ArgumentParser()
    args.add_argument("base_url")
    args.add_argument("token_file")
    args.add_argument("--screenshot")
    args.add_argument("--refused-urban")
    args.add_argument("--slow-urban")
    options = args.parse_args()
    with open(options.token_file, encoding="utf-8") as f:
        token = f.read().strip()
    try:
        run(options.base_url, token, options.screenshot, options.refused_urban,
            options.slow_urban)
    except Failure as e:
        print(f"director page: FAILED: {e}", file=sys.stderr)
        return 1
    except urllib.error.URLError as e:
        print(f"director page: FAILED: the API at {options.base_url}: {e}", file=sys.stderr)
        return 1
    print("director page: token, figures, table, chart and 401 checked against the API")
    return 0


if __name__ == "__main__":
    sys.exit(main())
