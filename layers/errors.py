"""Named errors for planning layers: each names the layer, the problem and the fix."""

from __future__ import annotations

from typing import ClassVar


def _one_line(text: str) -> str:
    """Library text and file names may hold newlines; a planner's message is one line."""
    return " ".join(str(text).split())


def _then_fix(problem: str, fix: str) -> str:
    return f"{problem}{' ' if problem.endswith(('?', '.', '!')) else '. '}Fix: {fix}"


class GilanInputError(ValueError):
    """An expected failure caused by the input (a file, a table, a name, a number, an output path).

    ``str(err)`` is one line naming the input, the problem and the fix; the command line turns it
    into exit code 2 and the app into a red box, never a traceback.
    """


class LayerError(GilanInputError):
    """A layer cannot be used as it is; ``str(err)`` is a one-line message for the planner."""

    noun: ClassVar[str] = "layer"

    def __init__(self, layer: str, problem: str, fix: str) -> None:
        self.layer, self.problem, self.fix = _one_line(layer), _one_line(problem), _one_line(fix)
        super().__init__(f"{self.noun} '{self.layer}': {_then_fix(self.problem, self.fix)}")


class EmptyLayerError(LayerError):
    """The layer has no features (or no cells)."""


class MissingFileError(LayerError):
    """The file does not exist, or the path is a folder."""


class MissingCRSError(LayerError):
    """The layer says nothing usable about its coordinate reference system (or the CRS picked is unknown)."""


class OutsideGilanError(LayerError):
    """After reprojection the layer does not overlap Gilan: usually a wrong or missing CRS."""


class InvalidGeometryError(LayerError):
    """Some features have invalid, empty or missing geometry, or coordinates that are not numbers."""


class GeometryTypeError(LayerError):
    """The geometry type is not the one the layer's role needs, or a file mixes several types."""


class ColumnError(LayerError):
    """A required column is missing, or has values of the wrong type or outside what they may be."""


class TableError(LayerError):
    """A table (CSV) cannot be read as rows and columns: ragged rows, unclear separator, not square."""


class EncodingError(LayerError):
    """Attribute text is not UTF-8 and no code page is declared."""


class UnsafeArchiveError(LayerError):
    """A zip archive is corrupt, hostile (paths escaping the folder) or expands past the size limit."""


class FileTooLargeError(LayerError):
    """The file is larger than the upload limit, or would need more memory than the stated bound."""


class UnsupportedFormatError(LayerError):
    """The file is not a GeoPackage, GeoJSON, zipped Shapefile or GeoTIFF, or cannot be read."""


class CatalogueError(LayerError):
    """The layer catalogue itself is malformed (unknown key, missing field, unknown layer id)."""


class OutputPathError(LayerError):
    """An output cannot be written where asked: missing or read-only folder, a folder, a wrong suffix."""

    noun: ClassVar[str] = "output"


class PolicyError(GilanInputError):
    """A policy profile is missing or malformed: names the profile, the key and the fix."""

    def __init__(self, profile: str, key: str, problem: str, fix: str) -> None:
        self.profile, self.key, self.problem, self.fix = _one_line(profile), key, _one_line(problem), _one_line(fix)
        where = f", key '{key}'" if key else ""
        super().__init__(f"policy '{self.profile}'{where}: {_then_fix(self.problem, self.fix)}")


class ProjectError(GilanInputError):
    """A planner's project cannot be found, created, renamed, exported or imported as asked."""

    def __init__(self, project: str, problem: str, fix: str) -> None:
        self.project, self.problem, self.fix = _one_line(project), _one_line(problem), _one_line(fix)
        super().__init__(f"project '{self.project}': {_then_fix(self.problem, self.fix)}")
