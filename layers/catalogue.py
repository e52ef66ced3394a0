"""The layer catalogue: what each planning layer is, where it came from and how far to trust it."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from layers.errors import CatalogueError

ANALYSIS_CRS = "EPSG:32639"  # UTM 39N: Gilan's metric CRS for every analysis
PROJECT_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_DIR / "data" / "gilan"
CATALOGUE_FILE = DATA_DIR / "catalogue.toml"
GEOPACKAGE = DATA_DIR / "gilan.gpkg"

# "supplied": the planner's own file; "screening": real data in kilometre cells, for province and county totals only
Status = Literal["approximate", "illustrative", "screening", "missing", "supplied"]
Kind = Literal["boundary", "estates", "zones", "constraint", "infrastructure", "settlement"]
GeometryKind = Literal["Point", "LineString", "Polygon", "Raster"]
STATUSES: tuple[str, ...] = ("approximate", "illustrative", "screening", "missing")
KINDS: tuple[str, ...] = ("boundary", "estates", "zones", "constraint", "infrastructure", "settlement")
GEOMETRIES: tuple[str, ...] = ("Point", "LineString", "Polygon", "Raster")
COLUMN_TYPES: tuple[str, ...] = ("str", "int", "float", "bool")
SUPPLIED_ACCURACY_FA = "همان‌گونه که برنامه‌ریز داده است"  # "as supplied by the planner"


@dataclass(frozen=True)
class LayerSpec:
    """One catalogue entry."""

    id: str
    title_en: str
    title_fa: str
    kind: Kind
    geometry: GeometryKind
    source: str
    licence: str
    scale: str
    accuracy: str
    status: Status
    columns: dict[str, str] = field(default_factory=dict)
    optional_columns: dict[str, str] = field(default_factory=dict)
    constraint_class: str = ""
    purpose: str = ""
    supply: str = ""
    derived: bool = False
    scale_fa: str = ""  # the scale and the accuracy in Persian, for Persian pages and reports
    accuracy_fa: str = ""
    purpose_fa: str = ""  # why the layer matters and how to supply one's own, in Persian
    supply_fa: str = ""
    # A Point role that also takes areas (a village's or a school's polygon): setbacks and distances are then
    # measured from the area's edge, as the law measures them, instead of from one point inside it.
    areas_too: bool = False

    @property
    def geometry_label(self) -> str:
        """The geometry the role takes, as a planner reads it ('Point or Polygon' when it takes areas too)."""
        return f"{self.geometry} or Polygon" if self.areas_too else self.geometry

    def title(self, lang: str) -> str:
        """The layer's title in 'en' or 'fa'."""
        return self.title_fa if lang == "fa" else self.title_en

    def scale_in(self, lang: str) -> str:
        """The scale in 'en' or 'fa' (English only when no Persian text is given)."""
        return self.scale_fa if lang == "fa" and self.scale_fa else self.scale

    def accuracy_in(self, lang: str) -> str:
        """How far to trust the layer, in 'en' or 'fa' (English only when no Persian text is given)."""
        return self.accuracy_fa if lang == "fa" and self.accuracy_fa else self.accuracy

    def purpose_in(self, lang: str) -> str:
        """Why the layer matters, in 'en' or 'fa' (English only when no Persian text is given)."""
        return self.purpose_fa if lang == "fa" and self.purpose_fa else self.purpose

    def supply_in(self, lang: str) -> str:
        """How a planner supplies their own file, in 'en' or 'fa' (English only when no Persian text is given)."""
        return self.supply_fa if lang == "fa" and self.supply_fa else self.supply

    @property
    def bundled(self) -> bool:
        """True when the layer is stored in the bundled GeoPackage."""
        return self.status != "missing" and not self.derived


@dataclass(frozen=True)
class Catalogue:
    """All catalogue entries, in file order."""

    layers: tuple[LayerSpec, ...]
    analysis_crs: str = ANALYSIS_CRS

    def __getitem__(self, layer_id: str) -> LayerSpec:
        for spec in self.layers:
            if spec.id == layer_id:
                return spec
        known = ", ".join(s.id for s in self.layers)
        raise CatalogueError(layer_id, "no such layer in the catalogue", f"use one of: {known}")

    def __iter__(self) -> Iterator[LayerSpec]:
        return iter(self.layers)

    @property
    def illustrative(self) -> frozenset[str]:
        """Ids of the layers whose geometry is not real (every result that uses one must say so)."""
        return frozenset(s.id for s in self.layers if s.status == "illustrative")

    def with_supplied(self, layer_ids: frozenset[str]) -> Catalogue:
        """The catalogue as it stands once the planner's own files replace these layers."""
        return replace(
            self,
            layers=tuple(
                replace(
                    s,
                    status="supplied",
                    source="the planner's own file (checked on upload)",
                    licence="the planner's",
                    accuracy="as supplied by the planner",
                    accuracy_fa=SUPPLIED_ACCURACY_FA,
                )
                if s.id in layer_ids
                else s
                for s in self.layers
            ),
        )

    def constraint_gaps(self, supplied: frozenset[str] = frozenset()) -> list[ConstraintGap]:
        """Constraint classes that no trustworthy layer covers, worst first.

        A class is 'missing' when none of its layers is there and 'partial' when its layers are
        only approximate or illustrative; layer ids in ``supplied`` (the planner's own files)
        count as complete. Land figures computed with any gap overstate the land available.
        """
        by_class: dict[str, list[LayerSpec]] = {}
        for spec in self.layers:
            if spec.constraint_class:
                by_class.setdefault(spec.constraint_class, []).append(spec)
        gaps = []
        for name, specs in by_class.items():
            if any(s.id in supplied for s in specs):
                continue
            missing = all(s.status == "missing" for s in specs)
            gaps.append(ConstraintGap(name, "missing" if missing else "partial", tuple(specs)))
        return sorted(gaps, key=lambda g: (g.state != "missing", g.constraint_class))


@dataclass(frozen=True)
class ConstraintGap:
    """A constraint class the data does not fully cover."""

    constraint_class: str
    state: Literal["missing", "partial"]
    layers: tuple[LayerSpec, ...]


_REQUIRED = ("id", "title_en", "title_fa", "kind", "geometry", "source", "licence", "scale", "accuracy", "status")
_OPTIONAL = (
    "columns",
    "optional_columns",
    "constraint_class",
    "purpose",
    "supply",
    "derived",
    "scale_fa",
    "accuracy_fa",
    "purpose_fa",
    "supply_fa",
    "areas_too",
)


def parse_catalogue(doc: dict[str, object], *, origin: str = "catalogue") -> Catalogue:
    """Check a parsed catalogue document and turn it into typed entries."""
    unknown_top = set(doc) - {"analysis_crs", "layer"}
    if unknown_top:
        raise CatalogueError(origin, f"unknown key(s) {sorted(unknown_top)}", "remove them or fix the spelling")
    entries = doc.get("layer")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(origin, "no [[layer]] entries", "add one [[layer]] table per layer")
    specs: list[LayerSpec] = []
    for i, entry in enumerate(entries):
        name = str(entry.get("id", f"#{i + 1}"))
        unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
        if unknown:
            raise CatalogueError(name, f"unknown catalogue key(s) {sorted(unknown)}", "remove them or fix the spelling")
        missing = [k for k in _REQUIRED if k not in entry]
        if missing:
            raise CatalogueError(name, f"catalogue entry lacks {missing}", "add the missing field(s)")
        for key, allowed in (("status", STATUSES), ("kind", KINDS), ("geometry", GEOMETRIES)):
            if entry[key] not in allowed:
                raise CatalogueError(name, f"{key} '{entry[key]}' is not allowed", f"use one of {list(allowed)}")
        typed = {**entry.get("columns", {}), **entry.get("optional_columns", {})}
        bad_types = {c: t for c, t in typed.items() if t not in COLUMN_TYPES}
        if bad_types:
            raise CatalogueError(name, f"column types {bad_types} are not known", f"use {list(COLUMN_TYPES)}")
        specs.append(LayerSpec(**entry))
    ids = [s.id for s in specs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CatalogueError(origin, f"duplicate layer id(s) {dupes}", "give each layer its own id")
    return Catalogue(tuple(specs), str(doc.get("analysis_crs", ANALYSIS_CRS)))


@functools.cache
def known_layer_ids() -> frozenset[str]:
    """The ids of every layer the bundled catalogue defines (bundled, derived or missing)."""
    return frozenset(spec.id for spec in load_catalogue())


def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    """Read and check the catalogue TOML file."""
    try:
        with path.open("rb") as f:
            doc = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise CatalogueError(
            path.name, f"cannot read the catalogue ({err})", "restore data/gilan/catalogue.toml"
        ) from err
    return parse_catalogue(doc, origin=path.name)
