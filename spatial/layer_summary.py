"""One row per catalogue layer: what it is, how much of it there is, and how far to trust it."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from layers.catalogue import Catalogue


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


def summarise_catalogue(catalogue: Catalogue, layers: dict[str, gpd.GeoDataFrame]) -> list[LayerRow]:
    """Rows for every catalogue layer; layers not in ``layers`` show as '-' (missing or derived)."""
    rows = []
    for spec in catalogue:
        gdf = layers.get(spec.id)
        rows.append(
            LayerRow(
                id=spec.id,
                title_en=spec.title_en,
                title_fa=spec.title_fa,
                kind=spec.kind,
                features=len(gdf) if gdf is not None else "-",
                crs=gdf.crs.to_string() if gdf is not None and gdf.crs else "-",
                status=("derived, " if spec.derived else "") + spec.status,
                source=spec.source,
                licence=spec.licence or "-",
                scale=spec.scale or "-",
                accuracy=spec.accuracy,
            )
        )
    return rows
