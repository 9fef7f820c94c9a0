"""The data says what the report says: every figure can be found in the source text."""
import re
from decimal import Decimal

import pytest

from conftest import SOURCE_REPORT
from ntm_site.common.i18n import format_number

# Columns that hold codes, keys or references rather than figures from the report.
NOT_FIGURES = {"unit_code", "parent_code", "footnote", "plan_year"}
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@pytest.fixture(scope="module")
def report_text():
    if not SOURCE_REPORT.exists():
        pytest.fail(f"the source report is expected at {SOURCE_REPORT}")
    return SOURCE_REPORT.read_text(encoding="utf-8")


def figures(catalogue):
    """Every figure of the rows that cite the report (other packages cite web
    pages, resolutions and unit lists: their own tests check them)."""
    sources = catalogue.reference.tables["sources"].frame
    report = sources[sources["file"] == SOURCE_REPORT.name]["source_id"].iloc[0]
    for name, package in catalogue.packages.items():
        if name == "reference":
            continue
        for table in package.tables.values():
            rows = table.frame[table.frame["source_id"] == report] if "source_id" in table.frame else table.frame
            for spec in table.fields:
                if spec["type"] in ("integer", "number") and spec["name"] not in NOT_FIGURES:
                    for value in rows[spec["name"]].dropna():
                        yield (f"{name}/{table.name}.{spec['name']}", Decimal(str(value)).normalize(), spec.get("unit"))


def spellings(value: Decimal, unit: str | None) -> set[str]:
    """How the report may print a number: 1.234,5 style, "05" with a zero pad, or ungrouped.

    Money held in million VND may be printed in billions (tỷ đồng) with three
    decimals, as the report does for sponsorship: 16918 -> "16,918".
    """
    plain = format_number(value, "vi")
    found = {plain, f"0{plain}", str(value).replace(".", ",")}  # "1627": some figures lack the separator
    if unit == "million_vnd":
        found.add(format_number(value / 1000, "vi", 3))
    return found


def test_every_figure_in_the_fact_tables_is_printed_in_the_report(catalogue, report_text):
    figures_found = list(figures(catalogue))
    assert len(figures_found) > 60
    numbers_in_text = set(re.findall(r"(?<![\d.,])\d[\d.]*(?:,\d+)?", report_text))
    missing = [(where, str(v)) for where, v, unit in figures_found if not spellings(v, unit) & numbers_in_text]
    assert missing == []


def test_footnotes_cited_exist_in_the_report(catalogue, report_text):
    printed = set()
    for mark in re.findall(f"[{SUPERSCRIPTS}]+", report_text):
        printed.add(int(mark.translate(str.maketrans(SUPERSCRIPTS, "0123456789"))))
    for name, package in catalogue.packages.items():
        for table in package.tables.values():
            if "footnote" in table.frame:
                assert set(table.frame["footnote"].dropna().astype(int)) <= printed, table.name


def test_decision_numbers_are_printed_in_the_report(catalogue, report_text):
    refs = catalogue.table("criteria", "unit_recognition")["decision_ref"].dropna()
    assert len(refs) >= 1
    for ref in refs:
        assert ref in report_text
