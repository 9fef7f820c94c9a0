"""A problem found in the data, said in Vietnamese and English.

Every stage that can reject input reports `Problem`s rather than raising on the
first one, so a maintainer sees every mistake of a run at once.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    package: str
    file: str
    rule: str
    message_vi: str
    message_en: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    # "error" stops the build; "warning" is reported (e.g. a discrepancy the
    # source report itself contains) but publishing goes on.
    severity: str = "error"
    # A discrepancy the source report itself contains, declared in
    # config/rules.yml and published on the data-quality page: already known,
    # so the command line counts these rather than repeating each one.
    known: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def place(self) -> str:
        parts = [f"gói/package '{self.package}'", f"tệp/file {self.file}"]
        if self.row is not None:
            parts.append(f"dòng/row {self.row}")
        if self.column is not None:
            parts.append(f"cột/column '{self.column}'")
        if self.value is not None:
            parts.append(f"giá trị/value '{self.value}'")
        return ", ".join(parts)

    def render(self) -> str:
        label = "LỖI/ERROR" if self.is_error else "CẢNH BÁO/WARNING"
        return (
            f"{label} [{self.rule}] {self.place()}\n"
            f"  vi: {self.message_vi}\n"
            f"  en: {self.message_en}"
        )


class ValidationFailed(Exception):
    """Raised by stages that cannot go on; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{sum(p.is_error for p in problems)} error(s) in the data")
