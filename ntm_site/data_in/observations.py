"""The long observation tables of every package, read as one, with context.

Context is what makes a figure about one place readable: how it ranks among
the places the report lists for the same indicator, and what share it is of
the provincial total the report prints.
"""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..common.i18n import Localiser
from .catalogue import Catalogue

PROVINCE = 42
# Rows compared with each other: the same indicator, breakdown, kind and date.
SERIES = ["indicator_id", "breakdown_id", "kind", "as_of"]


def all_observations(catalogue: Catalogue) -> pd.DataFrame:
    """Every package's observations table as one frame (shared: do not modify)."""
    def concatenate() -> pd.DataFrame:
        frames = [
            table.frame.assign(package=name)
            for name, package in catalogue.packages.items()
            for table_name, table in package.tables.items()
            if table_name == "observations"
        ]
        if not frames:
            return pd.DataFrame(columns=["package", *SERIES, "unit_code", "value"])
        return pd.concat(frames, ignore_index=True)
    return catalogue.derived("observations", concatenate)


def unit_observations(catalogue: Catalogue, unit_code: int) -> pd.DataFrame:
    """One unit's observations with their context (rank, share), from a
    grouping made once, so that a page per unit costs its own rows only."""
    frame = catalogue.derived("observations_in_context", lambda: with_context(all_observations(catalogue)))
    by_unit = catalogue.derived("observations_by_unit", lambda: {code: rows for code, rows in frame.groupby("unit_code")})
    return by_unit.get(unit_code, frame.iloc[0:0])


def series_units(catalogue: Catalogue) -> dict[tuple, set]:
    """For each series (indicator, breakdown, kind, date), the units it has rows for."""
    return catalogue.derived("series_units", lambda: {
        key: set(codes) for key, codes in all_observations(catalogue).groupby(SERIES, dropna=False)["unit_code"]})


def with_context(observations: pd.DataFrame) -> pd.DataFrame:
    """Add rank among units (largest first), units compared, share of the province total,
    and, for a series naming units, how many it names (`one_of`)."""
    frame = observations.copy()
    units = frame[frame["unit_code"] != PROVINCE]
    ranked = units[units["value"].notna()]
    frame["rank"] = ranked.groupby(SERIES, dropna=False)["value"].rank(method="min", ascending=False).astype("Int64")
    groups = ranked.groupby(SERIES, dropna=False)["value"]
    frame["ranked_among"] = groups.transform("count").astype("Int64")
    frame["distinct_values"] = groups.transform("nunique").astype("Int64")
    frame["tied"] = ranked.groupby(SERIES + ["value"], dropna=False)["value"].transform("count").gt(1)
    frame["tied"] = frame["tied"].fillna(False).astype(bool)
    totals = frame[frame["unit_code"] == PROVINCE].set_index(SERIES)["value"]
    keys = pd.MultiIndex.from_frame(frame[SERIES])
    province_total = pd.Series(totals.reindex(keys).to_numpy(), index=frame.index)
    frame["share_of_province"] = (frame["value"] / province_total * 100).where(frame["unit_code"] != PROVINCE)
    # A series that names units rather than measures them: each unit named counts 1 and the
    # province's figure is how many are named ("5 huyện ký liên kết", Hương Khê among them).
    # Its unit's 1 says "one of the 5", not a share of 20%.
    named = ranked.groupby(SERIES, dropna=False)["value"].agg(lambda values: len(values) if (values == 1).all() else 0)
    named = named[named > 1]  # "1 of 1" would say nothing
    lists_units = named.where(lambda count: count == totals.reindex(named.index))
    frame["one_of"] = pd.Series(lists_units.reindex(keys).to_numpy(), index=frame.index).where(
        frame["unit_code"] != PROVINCE).astype("Int64")
    frame.loc[frame["one_of"].notna(), "share_of_province"] = float("nan")
    return frame


def comparable_series(observations: pd.DataFrame, minimum_units: int = 3) -> list[tuple]:
    """Series the report gives for at least `minimum_units` district-level units."""
    units = observations[(observations["unit_code"] != PROVINCE) & observations["value"].notna()]
    counts = units.groupby(SERIES, dropna=False).size()
    return [key for key, count in counts.items() if count >= minimum_units]


def district_comparable_series(catalogue: Catalogue, minimum_units: int = 3) -> list[tuple]:
    """`comparable_series` among district-level units only: after the 2025
    reorganisation a report gives figures by commune, which the district pages
    and their comparisons must not mix with the districts."""
    def compute() -> list[tuple]:
        units = catalogue.reference.tables["admin_units"].frame
        places = set(units.loc[units["level"] == "district", "unit_code"]) | {PROVINCE}
        observations = all_observations(catalogue)
        return comparable_series(observations[observations["unit_code"].isin(places)], minimum_units)
    return catalogue.derived("district_comparable_series", compute)


def uniform_series(catalogue: Catalogue) -> set[tuple]:
    """District series in which every unit has the same figure, as when the report counts
    1 for each district it names ("signed a linkage with Dong Giao"). A chart of equal
    bars tells nothing the comparison's column and map do not: it is not drawn."""
    def compute() -> set[tuple]:
        observations = all_observations(catalogue)
        units = observations[(observations["unit_code"] != PROVINCE) & observations["value"].notna()]
        distinct = units.groupby(SERIES, dropna=False)["value"].nunique()
        return {key for key, count in distinct.items() if count == 1}
    return catalogue.derived("uniform_series", compute)


def unbroken(text: str) -> str:
    """`text` as one phrase no line end parts (no-break spaces): in a narrow column
    "15,78" ended one line and its "người/km²" began the next."""
    return text.replace(" ", "\u00a0")


def value_text(row, loc: Localiser, symbols: pd.DataFrame) -> str:
    """A figure as a reader says it: 'trên 1.897 ha', '5.800–6.300 đồng/kg'. A unit that
    is a multiple without a word in the page's language (vạn tấn, "× 10,000 tonnes" in
    English) is said in its base unit: 'more than 363,000 tonnes' (`printed_as` gives the
    report's own figure, to say beside it)."""
    scale, symbol = display_unit(row["unit"], loc, symbols)
    values = {name: scaled(row[name], scale) for name in ("value", "value_lower", "value_upper")}
    if row["unit"] == "percent":
        number = loc.percent(values["value"]) if not pd.isna(values["value"]) else \
            f"{loc.number(values['value_lower'])}–{loc.percent(values['value_upper'])}"
        symbol = None
    else:
        number = _number_text(values, loc)
    qualifier = row.get("qualifier")
    words = [loc.code("qualifier", qualifier)] if isinstance(qualifier, str) and qualifier else []
    words.append(number)
    if symbol and not pd.isna(symbol):
        words.append(symbol)
    return unbroken(" ".join(words))  # "trên" kept with its number, the number with its unit


def _said_in_base_unit(unit, loc: Localiser, symbols: pd.DataFrame) -> bool:
    symbol = unit[f"symbol_{loc.lang}"] if unit is not None else None
    return isinstance(symbol, str) and symbol.startswith("×") and unit["base"] in symbols.index


def display_unit(unit_id, loc: Localiser, symbols: pd.DataFrame) -> tuple[Decimal, str | None]:
    """(what a figure in `unit_id` is multiplied by, the unit's symbol) as the page's language
    says it: (10000, "tonnes") for vạn tấn in English, (1, "vạn tấn") in Vietnamese. Every
    figure, difference and sort key of a page goes through it, so that they agree."""
    unit = symbols.loc[unit_id] if unit_id in symbols.index else None
    if _said_in_base_unit(unit, loc, symbols):
        return Decimal(str(unit["multiplier_to_base"])), symbols.loc[unit["base"], f"symbol_{loc.lang}"]
    symbol = unit[f"symbol_{loc.lang}"] if unit is not None else None
    return Decimal(1), symbol if isinstance(symbol, str) else None


def scaled(value, scale: Decimal):
    """`value` times `scale`, exactly as printed (36.3 x 10000 = 363000, not 362999.99...)."""
    return value if pd.isna(value) or scale == 1 else float(Decimal(str(value)) * scale)


def printed_as(row, loc: Localiser, symbols: pd.DataFrame) -> str | None:
    """For a figure `value_text` says in another unit than the report's, the report's own
    figure, as it prints it, to find in its text: 'The report prints "36,3 vạn tấn" ...'."""
    unit = symbols.loc[row["unit"]] if row["unit"] in symbols.index else None
    if not _said_in_base_unit(unit, loc, symbols):
        return None
    report = Localiser("vi", loc.messages)  # the report's language, its decimal comma
    values = {name: row[name] for name in ("value", "value_lower", "value_upper")}
    return loc.t("observations.printed_as", figure=f"{_number_text(values, report)} {unit['symbol_vi']}",
                 unit=unit["symbol_vi"], multiple=loc.number(unit["multiplier_to_base"]),
                 base=symbols.loc[unit["base"], f"symbol_{loc.lang}"])


def _number_text(values: dict, loc: Localiser) -> str:
    if not pd.isna(values["value"]):
        return loc.number(values["value"])
    return f"{loc.number(values['value_lower'])}–{loc.number(values['value_upper'])}"


def breakdown_series(observations: pd.DataFrame, minimum_parts: int = 3) -> list[tuple]:
    """Provincial series the report splits into at least `minimum_parts` parts (crops, levels...)."""
    parts = observations[(observations["unit_code"] == PROVINCE) & (observations["breakdown_id"] != "total")
                         & observations["value"].notna()]
    counts = parts.groupby(["indicator_id", "kind", "as_of"]).size()
    return [key for key, count in counts.items() if count >= minimum_parts]
