"""One row per catalogue layer: what it is, how much of it there is, and how far to trust it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd

from layers.catalogue import SUPPLIED_ACCURACY_FA, Catalogue, ConstraintGap
from spatial.i18n import embed


@dataclass(frozen=True)
class LayerRow:
    """Provenance and size of one catalogue layer."""

    id: str
    title_en: str
    title_fa: str
    kind: str
    features: int | str
    crs: str
    status: str
    source: str
    licence: str
    scale: str
    accuracy: str
    scale_fa: str = ""  # the scale and the accuracy in Persian ('' when none is written: English is shown)
    accuracy_fa: str = ""

    def scale_in(self, lang: str) -> str:
        """The scale in 'en' or 'fa'."""
        return self.scale_fa if lang == "fa" and self.scale_fa else self.scale

    def accuracy_in(self, lang: str) -> str:
        """How far to trust the layer, in 'en' or 'fa'."""
        return self.accuracy_fa if lang == "fa" and self.accuracy_fa else self.accuracy


def summarise_catalogue(
    catalogue: Catalogue, layers: dict[str, gpd.GeoDataFrame], supplied: Mapping[str, str] | None = None
) -> list[LayerRow]:
    """Rows for every catalogue layer; layers not in ``layers`` show as '-' (missing or derived).

    ``supplied`` maps the ids of the planner's own layers to the file each came from: their rows say
    so instead of repeating the bundled layer's source.
    """
    rows = []
    supplied = supplied or {}
    for spec in catalogue:
        gdf = layers.get(spec.id)
        own = spec.id in supplied
        if own:
            file = supplied[spec.id] or "(name not recorded)"
            status, source, licence, scale = (
                "planner's own",
                f"the planner's file {file}",
                "the planner's",
                "as supplied",
            )
            accuracy = "as supplied by the planner; validated on loading"
            scale_fa, accuracy_fa = "همان‌گونه که داده شده است", f"{SUPPLIED_ACCURACY_FA}؛ هنگام بارگذاری بررسی شده است"
        else:
            status, source = ("derived, " if spec.derived else "") + spec.status, spec.source
            licence, scale, accuracy = spec.licence or "-", spec.scale or "-", spec.accuracy
            scale_fa, accuracy_fa = spec.scale_fa, spec.accuracy_fa
        rows.append(
            LayerRow(
                id=spec.id,
                title_en=spec.title_en,
                title_fa=spec.title_fa,
                kind=spec.kind,
                features=len(gdf) if gdf is not None else spec.geometry_label.lower() if own else "-",
                crs=gdf.crs.to_string() if gdf is not None and gdf.crs else "EPSG:32639" if own else "-",
                status=status,
                source=source,
                licence=licence,
                scale=scale,
                accuracy=accuracy,
                scale_fa=scale_fa,
                accuracy_fa=accuracy_fa,
            )
        )
    return rows


def how_to_supply(gap: ConstraintGap, lang: str) -> str:
    """How the planner fills a constraint gap, in 'en' or 'fa': each of its layers' supply text, in order.

    On a Persian page the text is isolated (it names file formats and columns in Latin); '' when no layer says.
    """
    text = " ".join(s.supply_in(lang) for s in gap.layers if s.supply)
    return embed(text, lang) if text else ""
