"""The exception hierarchy: every expected failure is a Problem with a place and a message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, reported as `path:line: key: message`."""

    path: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
        return one_line(text)


def one_line(text: str) -> str:
    """Text safe to print on one terminal line: line breaks, control and format characters
    (escape sequences, bidirectional overrides) shown as escapes, never acted on."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


class ExplainerError(Exception):
    """Base class of every error the generator reports without a traceback."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = sorted(set(problems))


class InputError(ExplainerError):
    """Seeds, data files or curated pages are invalid."""


class OutputError(ExplainerError):
    """The generator refuses to write, e.g. over a hand-edited generated file."""


class Collector:
    """Gathers problems so that a run reports all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(path, line, key, message))

    def absorb(self, error: ExplainerError) -> None:
        """Keeps the problems of an error raised by a step, so that the run goes on to find more."""
        self.problems.extend(error.problems)

    def raise_if_any(self, cls: type[ExplainerError] = InputError) -> None:
        if self.problems:
            raise cls(self.problems)
