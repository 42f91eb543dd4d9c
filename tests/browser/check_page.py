#!/usr/bin/env python3
"""Checks the DOM of a rendered page (render_page.sh's output).

Usage: check_page.py DOM.html [--charts N] [--text TEXT ...] [--svg-text TEXT ...]
                     [--row CELL|CELL|... ...]

Always: the page is self-contained (no script, no external stylesheet,
image or frame, no url() in its style); every chart (svg.chart) has its
two axis titles, 4 to 6 ticks on its value axis including a tick at zero,
a <title> and a <desc>, and its data table (table.chart-data) in its
figure. --charts: exactly N charts. --text: TEXT appears in the page's
text (blanks collapsed). --svg-text: a <text> of a chart is exactly TEXT
(a marker's label, say). --row: a table row whose cells' texts are exactly
these, in order. Exit 1 naming each check that failed.
"""
import argparse
import html.parser
import re
import sys


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, predicate):
        for c in self.children:
            if isinstance(c, Node):
                if predicate(c):
                    yield c
                yield from c.find_all(predicate)

    def classes(self):
        return self.attrs.get("class", "").split()


VOID = {"meta", "link", "br", "img", "input", "hr", "col", "source", "area", "base", "wbr"}


class Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.at = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_startendtag(self, tag, attrs):
        self.at.children.append(Node(tag, attrs, self.at))

    def handle_endtag(self, tag):
        node = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.at = node.parent

    def handle_data(self, data):
        self.at.children.append(data)


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def main():
    args = argparse.ArgumentParser()
    args.add_argument("dom")
    args.add_argument("--charts", type=int)
    args.add_argument("--text", action="append", default=[])
    args.add_argument("--svg-text", action="append", default=[])
    args.add_argument("--row", action="append", default=[])
    options = args.parse_args()
    parser = Parser()
    with open(options.dom, encoding="utf-8") as f:
        parser.feed(f.read())
    root = parser.root
    failures = []

    for node in root.find_all(lambda n: n.tag in ("script", "iframe", "object", "embed")):
        failures.append(f"a <{node.tag}> element: the page must be self-contained")
    for node in root.find_all(lambda n: any(a in n.attrs for a in ("src", "href"))):
        failures.append(f"<{node.tag}> refers to {node.attrs.get('src') or node.attrs.get('href')}")
    for node in root.find_all(lambda n: n.tag == "style"):
        if "url(" in node.text() or "@import" in node.text():
            failures.append("the style refers to a file (url() or @import)")

    charts = list(root.find_all(lambda n: n.tag == "svg" and "chart" in n.classes()))
    if options.charts is not None and len(charts) != options.charts:
        failures.append(f"{len(charts)} charts, not {options.charts}")
    for svg in charts:
        figure = svg.parent
        name = figure.attrs.get("id", "?")
        texts = list(svg.find_all(lambda n: n.tag == "text"))
        for axis in ("x-title", "y-title"):
            titles = [squash(t.text()) for t in texts if axis in t.classes()]
            if len(titles) != 1 or not titles[0]:
                failures.append(f"chart {name}: no {axis} axis label")
        y_ticks = [number(squash(t.text())) for t in texts if "y-tick" in t.classes()]
        if not 4 <= len(y_ticks) <= 6:
            failures.append(f"chart {name}: {len(y_ticks)} ticks on the y axis, not 4 to 6")
        if 0.0 not in y_ticks:
            failures.append(f"chart {name}: no zero tick on the y axis ({y_ticks})")
        if not any(n.tag == "title" and squash(n.text()) for n in svg.children if isinstance(n, Node)):
            failures.append(f"chart {name}: no <title>")
        if not any(n.tag == "desc" and squash(n.text()) for n in svg.children if isinstance(n, Node)):
            failures.append(f"chart {name}: no <desc>")
        if not list(figure.find_all(lambda n: n.tag == "table" and "chart-data" in n.classes())):
            failures.append(f"chart {name}: no data table")

    svg_texts = {squash(t.text()) for svg in charts for t in svg.find_all(lambda n: n.tag == "text")}
    for text in options.svg_text:
        if text not in svg_texts:
            failures.append(f"no chart shows the text {text}")
    page_text = squash(root.text())
    for text in options.text:
        if squash(text) not in page_text:
            failures.append(f"text not shown: {text}")
    rows = set()
    for tr in root.find_all(lambda n: n.tag == "tr"):
        cells = [squash(c.text()) for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
        rows.add("|".join(cells))
    for row in options.row:
        if row not in rows:
            failures.append(f"no table row {row}")

    for failure in failures:
        print(f"check_page: {options.dom}: {failure}", file=sys.stderr)
    if not failures:
        print(f"check_page: {options.dom}: {len(charts)} charts, {len(options.text)} texts, "
              f"{len(options.row)} rows: all as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
