"""Named errors for planning layers: each names the layer, the problem and the fix."""

from __future__ import annotations


class LayerError(ValueError):
    """A layer cannot be used as it is; ``str(err)`` is a one-line message for the planner."""

    def __init__(self, layer: str, problem: str, fix: str) -> None:
        self.layer, self.problem, self.fix = layer, problem, fix
        super().__init__(f"layer '{layer}': {problem}. Fix: {fix}")


class EmptyLayerError(LayerError):
    """The layer has no features (or no cells)."""


class MissingCRSError(LayerError):
    """The layer says nothing about its coordinate reference system."""


class OutsideGilanError(LayerError):
    """After reprojection the layer does not overlap Gilan: usually a wrong or missing CRS."""


class InvalidGeometryError(LayerError):
    """Some features have invalid, empty or missing geometry."""


class GeometryTypeError(LayerError):
    """The geometry type is not the one the layer's role needs."""


class ColumnError(LayerError):
    """A required column is missing or has values of the wrong type."""


class EncodingError(LayerError):
    """Attribute text is not UTF-8 and no code page is declared."""


class UnsafeArchiveError(LayerError):
    """A zip archive is corrupt, hostile (paths escaping the folder) or expands past the size limit."""


class FileTooLargeError(LayerError):
    """The file is larger than the upload limit."""


class UnsupportedFormatError(LayerError):
    """The file is not a GeoPackage, GeoJSON, zipped Shapefile or GeoTIFF, or cannot be read."""


class CatalogueError(LayerError):
    """The layer catalogue itself is malformed (unknown key, missing field, unknown layer id)."""


class PolicyError(ValueError):
    """A policy profile is missing or malformed: names the profile, the key and the fix."""

    def __init__(self, profile: str, key: str, problem: str, fix: str) -> None:
        self.profile, self.key, self.problem, self.fix = profile, key, problem, fix
        where = f", key '{key}'" if key else ""
        super().__init__(f"policy '{profile}'{where}: {problem}. Fix: {fix}")
