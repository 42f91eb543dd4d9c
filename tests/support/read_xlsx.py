#!/usr/bin/env python3
"""Prints the first sheet of an .xlsx file, for tests (standard library only).

    read_xlsx.py FILE.xlsx

One line per cell, in the sheet's order: ROW<TAB>COL<TAB>TYPE<TAB>VALUE, where
ROW is 1-based, COL a letter (A, B, ..., AA), TYPE
  s        a string (shared or inline): VALUE is the text as stored
  n        a number with no number format
  n:FMT    a number shown with the format FMT (0.00, yyyy-mm-dd, ...)
  f        a cell holding a formula: VALUE is the formula
  b / e    a boolean / an error
and then lines about the sheet, starting with '#':
  # sheet NAME
  # frozen ROWS COLS      (a frozen pane: rows and columns held; absent if none)
  # autofilter REF        (absent if none)
  # width COL WIDTH       (each column width set)
Text is printed with \\, tab and line breaks escaped as \\\\, \\t, \\n, \\r.
Exit 1 with a message if the file is not an xlsx workbook."""
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
# Excel's built-in number formats that tests meet.
BUILTIN_FORMATS = {0: None, 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 14: "m/d/yyyy",
                   49: "@"}


def text_of(element):
    """The text of a string item: <t>, or the <t>s of its rich-text runs."""
    return "".join(t.text or "" for t in element.iter("{%s}t" % NS["m"]))


def escape(value):
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def split_ref(ref):
    letters = "".join(ch for ch in ref if ch.isalpha())
    return ref[len(letters):], letters


def main(path):
    with zipfile.ZipFile(path) as book:
        names = set(book.namelist())
        workbook = ET.fromstring(book.read("xl/workbook.xml"))
        sheet = workbook.find("m:sheets/m:sheet", NS)
        rel_id = sheet.get("{%s}id" % NS["r"])
        rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels.findall("rel:Relationship", NS)
                      if r.get("Id") == rel_id)
        sheet_path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        shared = []
        if "xl/sharedStrings.xml" in names:
            strings = ET.fromstring(book.read("xl/sharedStrings.xml"))
            shared = [text_of(si) for si in strings.findall("m:si", NS)]
        formats = []  # per cell style index: the format code, or None
        if "xl/styles.xml" in names:
            styles = ET.fromstring(book.read("xl/styles.xml"))
            custom = {int(f.get("numFmtId")): f.get("formatCode")
                      for f in styles.findall("m:numFmts/m:numFmt", NS)}
            for xf in styles.findall("m:cellXfs/m:xf", NS):
                fmt_id = int(xf.get("numFmtId", "0"))
                formats.append(custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "id%d" % fmt_id)))
        data = ET.fromstring(book.read(sheet_path))

    out = []
    for cell in data.iter("{%s}c" % NS["m"]):
        row, col = split_ref(cell.get("r"))
        kind = cell.get("t", "n")
        formula = cell.find("m:f", NS)
        value = cell.find("m:v", NS)
        if formula is not None:
            out.append((row, col, "f", formula.text or ""))
        elif kind == "s":
            out.append((row, col, "s", shared[int(value.text)]))
        elif kind == "inlineStr":
            out.append((row, col, "s", text_of(cell.find("m:is", NS))))
        elif kind == "str":
            out.append((row, col, "s", value.text or ""))
        elif kind in ("b", "e"):
            out.append((row, col, kind, value.text or ""))
        elif value is None:
            continue  # a blank cell with a style
        else:
            style = int(cell.get("s", "0"))
            fmt = formats[style] if style < len(formats) else None
            out.append((row, col, "n:" + fmt if fmt else "n", value.text))
    for row, col, kind, value in out:
        print("%s\t%s\t%s\t%s" % (row, col, kind, escape(value)))
    print("# sheet %s" % sheet.get("name"))
    pane = data.find("m:sheetViews/m:sheetView/m:pane", NS)
    if pane is not None and pane.get("state") in ("frozen", "frozenSplit"):
        print("# frozen %s %s" % (pane.get("ySplit", "0"), pane.get("xSplit", "0")))
    autofilter = data.find("m:autoFilter", NS)
    if autofilter is not None:
        print("# autofilter %s" % autofilter.get("ref"))
    for column in data.findall("m:cols/m:col", NS):
        if column.get("width") is not None:
            print("# width %s %s" % (column.get("min"), column.get("width")))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        main(sys.argv[1])
    except (zipfile.BadZipFile, KeyError, ET.ParseError, StopIteration) as error:
        sys.exit("read_xlsx.py: %s is not an xlsx workbook: %s" % (sys.argv[1], error))
