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
    "InvalidGeometryError",
    "LayerError",
    "MissingCRSError",
    "OutsideGilanError",
    "PolicyError",
    "UnsafeArchiveError",
    "UnsupportedFormatError",
]
