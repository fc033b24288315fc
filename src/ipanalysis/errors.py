"""The library's own error types, so callers can tell a data problem from a bug."""

from __future__ import annotations

from dataclasses import dataclass


class IpanalysisError(Exception):
    """Base class for every error the library raises on purpose."""


class LiteralError(IpanalysisError, ValueError):
    """A literal such as "over 4,800" could not be read as a number with unit and qualifier."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as a person sees it in an editor.

    >>> str(Problem("data/raw/figures.csv", 7, "value", "not a number", got="abc"))
    'data/raw/figures.csv:7: value: not a number (got abc)'
    """

    file: str
    line: int
    column: str
    message: str
    got: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        detail = ""
        if self.got is not None or self.expected is not None:
            parts = []
            if self.got is not None:
                parts.append(f"got {_excerpt(self.got)}")
            if self.expected is not None:
                parts.append(f"expected {_excerpt(self.expected)}")
            detail = f" ({', '.join(parts)})"
        return f"{self.file}:{self.line}: {self.column}: {self.message}{detail}"


def _excerpt(text: str, keep: int = 60) -> str:
    """A value as an error line quotes it: at most ``keep`` characters and a count.

    >>> _excerpt("x" * 200)
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (200 characters)'
    """
    text = str(text)
    return text if len(text) <= keep + 20 else f"{text[:keep]}... ({len(text):,} characters)"


class DataError(IpanalysisError):
    """Raised with every problem found in the raw data, one per line when printed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
