"""Named errors of the analysis; layer errors come from layers.errors and are re-exported here."""

from __future__ import annotations

from layers.errors import (
    CatalogueError,
    ColumnError,
    EmptyLayerError,
    EncodingError,
    FileTooLargeError,
    GeometryTypeError,
    InvalidGeometryError,
    LayerError,
    MissingCRSError,
    OutsideGilanError,
    PolicyError,
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
    "InconsistentJudgementsError",
    "InvalidGeometryError",
    "LayerError",
    "MissingCRSError",
    "NoSuitableLandError",
    "OutsideGilanError",
    "PolicyError",
    "UnsafeArchiveError",
    "UnsupportedFormatError",
]


class InconsistentJudgementsError(ValueError):
    """An AHP pairwise matrix is malformed or too inconsistent (CR >= 0.10)."""

    def __init__(self, problem: str, *, cr: float | None = None, judgements: list | None = None) -> None:
        self.cr, self.judgements = cr, judgements or []
        super().__init__(f"AHP pairwise matrix: {problem}")


class NoSuitableLandError(ValueError):
    """Every cell is excluded or scores below the minimum: there is no site to rank."""
