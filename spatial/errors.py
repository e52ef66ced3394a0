"""Named errors of the analysis; layer errors come from layers.errors and are re-exported here."""

from __future__ import annotations

from layers.errors import (
    CatalogueError,
    ColumnError,
    EmptyLayerError,
    EncodingError,
    FileTooLargeError,
    GeometryTypeError,
    GilanInputError,
    InvalidGeometryError,
    LayerError,
    MissingCRSError,
    MissingFileError,
    OutputPathError,
    OutsideGilanError,
    PolicyError,
    TableError,
    UnsafeArchiveError,
    UnsupportedFormatError,
)

__all__ = [
    "CatalogueError",
    "ColumnError",
    "EmptyLayerError",
    "EncodingError",
    "FileTooLargeError",
    "GeometryTypeError",
    "GilanInputError",
    "InconsistentJudgementsError",
    "InvalidGeometryError",
    "LayerError",
    "MissingCRSError",
    "MissingFileError",
    "NoSuitableLandError",
    "OutputPathError",
    "OutsideGilanError",
    "PolicyError",
    "ScenarioError",
    "TableError",
    "UnsafeArchiveError",
    "UnsupportedFormatError",
]


class InconsistentJudgementsError(GilanInputError):
    """An AHP pairwise matrix is malformed or too inconsistent (CR >= 0.10)."""

    def __init__(self, problem: str, *, cr: float | None = None, judgements: list | None = None) -> None:
        self.cr, self.judgements = cr, judgements or []
        super().__init__(f"AHP pairwise matrix: {problem}")


class NoSuitableLandError(GilanInputError):
    """Every cell is excluded or scores below the minimum: there is no site to rank."""


class ScenarioError(GilanInputError):
    """A setting of the run (cell size, location, a count, an output path) cannot be used: names it and the fix."""

    def __init__(self, name: str, problem: str, fix: str) -> None:
        self.name, self.problem, self.fix = name, problem, fix
        super().__init__(f"{name}: {problem}. Fix: {fix}")
