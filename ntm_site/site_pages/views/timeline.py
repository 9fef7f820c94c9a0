"""A district's dated milestones, before and after the June 2024 report.

`milestones` is a pure function of the loaded data: recognitions (from the
history package and from the report's own rows that carry a decision), the
commune counts sources give for the unit, what each report says of the unit,
its advanced-standard progress, and the last day the unit existed (its
`valid_to`). Every milestone names its source: a web page's address, the
report's section, or the reference table a date comes from.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from ...common.i18n import Localiser
from ...common.safe_text import plain_url
from ...data_in.catalogue import Catalogue
from ...data_in.targets import end_of, start_of
from .common import SourceRef, locator, present

# Within one date, the order a reader expects: what was decided, then what the
# report said, then the counts and progress it gave, then the unit's end.
KIND_ORDER = ("recognition", "report", "advanced", "commune_counts", "reorganisation")
# The report's goals as the history package names the same standards.
GOAL_STANDARD = {"ntm_standard": "ntm", "ntm_task_completed": "task_completed", "ntm_advanced": "ntm_advanced"}
ADVANCED_SET = "huyen-ntm-nang-cao"
REFERENCE_PAGE = "du-lieu/reference/"  # where valid_to is published, relative to the site root


@dataclass(frozen=True)
class Sections:
    """Where in a report a milestone's figures are ("mục A.II.1.1, chú thích 10"), each
    section and footnote a link to its sentence on the report's page, as the district's
    tables link theirs (`refs` take no part in comparing milestones' sources)."""
    text: str
    refs: tuple[SourceRef, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return self.text

    def link(self, root: str) -> Markup:
        return Markup("; ").join(ref.link(root) for ref in self.refs)


def _sections(rows, loc: Localiser, locate=locator) -> Sections | None:
    """The distinct places in their source of `rows` (each with source_id, section, footnote),
    said once: "mục A.II.1.1; B.I; C.II.4, chú thích 10" rather than each row's in turn."""
    refs = [locate(r, loc) for r in rows]
    if not refs:
        return None
    footnotes = {r.footnote for r in refs if r.footnote is not None}
    if len({r.source_id for r in refs}) == 1 and len(footnotes) <= 1:
        sections = tuple(dict.fromkeys(s for r in refs for s in r.sections))
        landings = tuple(dict(landing for r in refs for landing in r.landings).items())
        refs = [SourceRef(refs[0].source_id, sections, next(iter(footnotes), None), loc, landings)]
    unique = {str(ref): ref for ref in refs}
    return Sections("; ".join(unique), tuple(unique.values()))


@dataclass(frozen=True)
class Source:
    label: str
    url: str | None = None  # a public web page (http/https only)
    page: str | None = None  # a page of this site, relative to its root
    where: Sections | None = None  # the sections of a report
    # What the data says of this source's account ("the page gives no date of the decision"):
    # a reader weighing the milestone needs it on the page, under the milestone, not only in the CSV.
    note: str | None = None


@dataclass(frozen=True)
class Milestone:
    date: str  # ISO 8601 of the precision the source gives
    kind: str
    text: str
    sources: tuple[Source, ...] = field(default_factory=tuple)
    date_is_publication: bool = False  # the source gives no date of the event itself

    def sort_key(self) -> tuple:
        return (start_of(self.date), end_of(self.date), KIND_ORDER.index(self.kind))


def _cell(row, column):
    value = row.get(column)
    return value if present(value) else None


def _web_source(sources: pd.DataFrame, source_id: str, loc: Localiser, where: Sections | None = None,
                note: str | None = None) -> Source:
    source = sources.loc[source_id]
    url = source.get("url")
    safe_url = plain_url(url)  # http(s) only, refused whole if anything could read it otherwise
    label = source[f"issuer_{loc.lang}"] if safe_url else source[f"short_citation_{loc.lang}"]
    if present(source.get("date")):
        label = loc.t("timeline.source_dated", source=label, date=loc.date(source["date"]))
    return Source(label=label, url=safe_url, where=where, note=note)


def _recognition_rows(catalogue: Catalogue, code: int, lang: str) -> list[dict]:
    """Recognition rows of the history package and of the report, in one shape (`note`: the
    history row's note in `lang`)."""
    rows = []
    history = catalogue.table("history", "recognitions")
    for _, r in history[history["unit_code"] == code].iterrows():
        rows.append({"standard": r["standard"], "stage": r["stage"], "for_year": _cell(r, "for_year"),
                     "number": _cell(r, "decision_number"), "issuer": _cell(r, "decision_issuer"),
                     "date": _cell(r, "decision_date"), "printed": _cell(r, "decision_date_printed"),
                     "source_id": r["source_id"], "where": None,
                     "note": _cell(r, f"note_{lang}")})
    report = catalogue.table("criteria", "unit_recognition")
    # Only the report's rows that carry a decision are dated milestones; the
    # others are what the report says at its own date (see _report_entries).
    carrying = report[(report["unit_code"] == code) & report["decision_ref"].map(present)]
    for _, r in carrying.iterrows():
        rows.append({"standard": GOAL_STANDARD.get(r["goal"], r["goal"]),
                     "stage": "recognised" if r["status"] == "recognised" else "submitted",
                     "for_year": None, "number": r["decision_ref"], "issuer": None,
                     "date": _cell(r, "decision_date"), "printed": None, "source_id": r["source_id"], "row": r})
    return rows


def _agrees(group: list[dict], row: dict) -> bool:
    """Rows tell of the same recognition when nothing they state differs."""
    return all(g["standard"] == row["standard"] and g["stage"] == row["stage"]
               and all(g[k] is None or row[k] is None or g[k] == row[k] for k in ("for_year", "number", "date"))
               for g in group)


def _recognitions(catalogue: Catalogue, code: int, loc: Localiser, sources: pd.DataFrame, locate) -> list[Milestone]:
    groups: list[list[dict]] = []
    # Rows with a decision first, so sources that omit it join the row that has it.
    for row in sorted(_recognition_rows(catalogue, code, loc.lang), key=lambda r: (r["number"] is None, r["date"] is None)):
        group = next((g for g in groups if _agrees(g, row)), None)
        if group is None:
            groups.append([row])
        else:
            group.append(row)
    out = []
    for group in groups:
        first = lambda key: next((r[key] for r in group if r[key] is not None), None)  # noqa: E731
        what = loc.t(f"timeline.recognition.{first('stage')}.{first('standard')}")
        year = first("for_year")
        parts = [loc.t("timeline.recognition.for_year", what=what, year=int(year)) if year is not None else what]
        if first("number") is not None:
            issuer = first("issuer")
            parts.append(loc.t("timeline.recognition.document", number=first("number"), issuer=loc.t(f"timeline.issuer.{issuer}"))
                         if issuer else loc.t("timeline.recognition.document_plain", number=first("number")))
        if first("printed") is not None:
            parts.append(loc.t("timeline.recognition.printed", printed=first("printed")))
        date = first("date")
        by_publication = date is None
        cited = []
        for r in group:
            where = _sections([r["row"]], loc, locate) if "row" in r else None
            cited.append(_web_source(sources, r["source_id"], loc, where, r.get("note")))
        if by_publication:
            # No date of the decision: place it at the earliest page that reports it.
            date = min((str(sources.loc[r["source_id"], "date"]) for r in group), key=start_of)
            parts.append(loc.t("timeline.recognition.no_date"))
        out.append(Milestone(date=str(date), kind="recognition", text=". ".join(parts) + ".",
                             sources=tuple(dict.fromkeys(cited)), date_is_publication=by_publication))
    return out


def _report_sources(catalogue: Catalogue) -> list[str]:
    """Each report the criteria package transcribes (usually one)."""
    frame = catalogue.table("criteria", "unit_recognition")
    return list(dict.fromkeys(frame["source_id"]))


def _report_entries(catalogue: Catalogue, code: int, loc: Localiser, sources: pd.DataFrame, locate) -> list[Milestone]:
    """What each report says of the unit at its own date: status, then advanced-standard progress."""
    recognition = catalogue.table("criteria", "unit_recognition")
    summary = catalogue.table("criteria", "district_criteria_summary")
    sets = catalogue.indexed("reference", "criteria_sets", "set_id")
    out = []
    for source_id in _report_sources(catalogue):
        source = sources.loc[source_id]
        mine = recognition[(recognition["unit_code"] == code) & (recognition["source_id"] == source_id)]
        own = summary[(summary["unit_code"] == code) & (summary["source_id"] == source_id)]
        status = mine[mine["goal"] != "ntm_advanced"]
        said = own[own["set_id"] != ADVANCED_SET]
        lines = [_status_text(r, loc) for _, r in status.iterrows()]
        lines += [_summary_text(r, sets, loc) for _, r in said.iterrows()]
        heading = loc.t("timeline.report.said", report=source[f"short_citation_{loc.lang}"])
        text = heading + " " + ("; ".join(lines) if lines else loc.t("timeline.report.silent")) + "."
        where = _sections([r for _, r in pd.concat([status, said]).iterrows()], loc, locate)
        out.append(Milestone(date=str(source["date"]), kind="report", text=text,
                             sources=(Source(label=source[f"short_citation_{loc.lang}"], where=where),)))
        advanced = [_summary_text(r, sets, loc) for _, r in own[own["set_id"] == ADVANCED_SET].iterrows()]
        advanced_rows = mine[mine["goal"] == "ntm_advanced"]
        advanced += [_status_text(r, loc) for _, r in advanced_rows.iterrows()]
        if advanced:
            rows = pd.concat([own[own["set_id"] == ADVANCED_SET], advanced_rows])
            out.append(Milestone(
                date=str(rows["as_of"].max()), kind="advanced",
                text=loc.t("timeline.advanced", facts="; ".join(advanced)) + ".",
                sources=(Source(label=source[f"short_citation_{loc.lang}"],
                                where=_sections([r for _, r in rows.iterrows()], loc, locate)),)))
    return out


def _status_text(row, loc: Localiser) -> str:
    """'Huyện đạt chuẩn NTM: Đã đạt/hoàn thành', saying so where the report's counts imply it
    rather than the report stating it (as the district's recognition table does)."""
    text = loc.t("timeline.report.status", goal=loc.code("goal", row["goal"]),
                 status=loc.code("recognition_status", row["status"]))
    return loc.t("timeline.report.inferred", status=text) if row.get("basis") == "implied" else text


def _summary_text(row, sets: pd.DataFrame, loc: Localiser) -> str:
    """'Huyện NTM nâng cao: 3 đạt, 6 chưa đạt trên 9 tiêu chí; khoảng 45–50% yêu cầu', saying only what is given."""
    parts = []
    if present(row.get("met_count")):
        parts.append(loc.t("timeline.criteria.met", met=int(row["met_count"]), total=int(row["criteria_total"])))
    if present(row.get("basically_met_count")) and row["basically_met_count"] > 0:  # its own status, never "met"
        parts.append(loc.t("timeline.criteria.basically_met", basically=int(row["basically_met_count"]),
                           total=int(row["criteria_total"])))
    if present(row.get("not_met_count")):
        parts.append(loc.t("timeline.criteria.not_met", not_met=int(row["not_met_count"]), total=int(row["criteria_total"])))
    if present(row.get("progress_lower")) and present(row.get("progress_upper")):
        parts.append(loc.t("timeline.criteria.progress", lower=loc.number(row["progress_lower"]),
                           upper=loc.number(row["progress_upper"])))
    facts = ", ".join(parts) if parts else loc.t("timeline.criteria.none")
    return loc.t("timeline.criteria.line", set=sets.loc[row["set_id"], f"name_{loc.lang}"], facts=facts)


def _commune_counts(catalogue: Catalogue, code: int, loc: Localiser, sources: pd.DataFrame) -> list[Milestone]:
    counts = catalogue.table("history", "commune_counts")
    mine = counts[counts["unit_code"] == code]
    out = []
    for (as_of, source_id), rows in mine.groupby(["as_of", "source_id"], sort=False):
        facts = []
        for _, r in rows.iterrows():
            key = "timeline.counts.out_of" if present(r.get("out_of")) else "timeline.counts.value"
            facts.append(loc.t(key, value=loc.number(r["value"]), out_of=loc.number(r["out_of"]) if present(r.get("out_of")) else "",
                               level=loc.t(f"timeline.level.{r['level']}")))
        printed = rows["as_of_printed"].dropna()
        text = loc.t("timeline.counts.text", facts="; ".join(facts))
        if not printed.empty:
            text += " " + loc.t("timeline.counts.printed", printed=printed.iloc[0])
        out.append(Milestone(date=str(as_of), kind="commune_counts", text=text,
                             sources=(_web_source(sources, source_id, loc),)))
    return out


def _reorganisation(catalogue: Catalogue, code: int, loc: Localiser) -> list[Milestone]:
    unit = catalogue.indexed("reference", "admin_units", "unit_code").loc[code]
    valid_to = unit.get("valid_to")
    if not present(valid_to):
        return []
    return [Milestone(date=str(valid_to), kind="reorganisation",
                      text=loc.t("timeline.reorganisation", name=unit[f"name_{loc.lang}"]),
                      sources=(Source(label=loc.t("timeline.admin_units_source"), page=REFERENCE_PAGE),))]


def milestones(catalogue: Catalogue, code: int, loc: Localiser, locate=locator) -> list[Milestone]:
    """The unit's dated milestones, oldest first; `locate` places a report's rows in it
    (`locator`, or UnitParagraphs.locate for links that land on the unit's paragraph)."""
    sources = catalogue.indexed("reference", "sources", "source_id")
    entries = (_recognitions(catalogue, code, loc, sources, locate) + _report_entries(catalogue, code, loc, sources, locate)
               + _commune_counts(catalogue, code, loc, sources) + _reorganisation(catalogue, code, loc))
    return sorted(entries, key=Milestone.sort_key)
