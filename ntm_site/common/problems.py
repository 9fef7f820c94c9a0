"""A problem found in the data, said in Vietnamese and English.

Every stage that can reject input reports `Problem`s rather than raising on the
first one, so a maintainer sees every mistake of a run at once. A fault that is
not in the data (an output folder the build must not touch, a FIFO, a full
disk) is a `Stopped`: one bilingual line.

Text printed to a terminal comes from files anyone can edit, so control
characters are printed escaped (`\\x1b`, `\\u2028`): a value cannot move the
cursor, clear the screen, set the window title, reorder the line (bidi
controls) or start a line that looks like one of ours.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Unicode format characters that reorder or hide text (bidi embeddings,
# overrides and isolates, and the marks); other format characters (e.g. the
# zero-width joiner of some scripts) are harmless in a terminal.
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escaped(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: object) -> str:
    """`text` with every control, line or paragraph separator and bidi control written as an escape."""
    return "".join(_escaped(ch) if unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs") or ch in _BIDI_CONTROLS
                   else ch for ch in str(text))


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
        """For a terminal: three lines, whatever the data holds."""
        label = "LỖI/ERROR" if self.is_error else "CẢNH BÁO/WARNING"
        return (
            f"{label} [{terminal_safe(self.rule)}] {terminal_safe(self.place())}\n"
            f"  vi: {terminal_safe(self.message_vi)}\n"
            f"  en: {terminal_safe(self.message_en)}"
        )


class ValidationFailed(Exception):
    """Raised by stages that cannot go on; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{sum(p.is_error for p in problems)} error(s) in the data")


class Stopped(Exception):
    """A fault outside the data that ends the command with one bilingual line."""

    def __init__(self, message_vi: str, message_en: str):
        self.message_vi, self.message_en = message_vi, message_en
        super().__init__(message_en)

    def render(self) -> str:
        return f"LỖI/ERROR: {terminal_safe(self.message_vi)} / {terminal_safe(self.message_en)}"
