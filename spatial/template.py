"""A data request for a provincial GIS unit: one empty layer per role the bundled data lacks, and its check.

The planner sends the request GeoPackage, the GIS unit fills the layers in QGIS (columns and types
as each rule needs them) and sends it back; checking it validates every filled layer against its role
and says which rules and criteria it unlocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from layers.catalogue import Catalogue, LayerSpec
from spatial.policy import Profile


@dataclass(frozen=True)
class Unlocks:
    """What a role's layer makes possible under a profile."""

    rules: tuple[str, ...]
    criteria: tuple[str, ...]

    def describe(self) -> str:
        """The rules and criteria in words."""
        parts = []
        if self.rules:
            parts.append("rules " + ", ".join(self.rules))
        if self.criteria:
            parts.append("criteria " + ", ".join(self.criteria))
        return "; ".join(parts) or "no rule or criterion of this profile (reference only)"


def unlocks(role: str, profile: Profile) -> Unlocks:
    """The profile's rules and criteria that need the layer of ``role``."""
    return Unlocks(
        tuple(r.id for r in profile.constraints if role in r.layers),
        tuple(c.id for c in profile.criteria if c.layer == role),
    )


def requested_roles(catalogue: Catalogue) -> list[LayerSpec]:
    """The vector roles the bundled data lacks (the planner's own candidate parcels and plot table excepted)."""
    return [
        s
        for s in catalogue
        if s.status == "missing" and s.geometry != "Raster" and not s.derived and s.id not in ("plots", "parcels")
    ]


def request_readme(catalogue: Catalogue, profile: Profile) -> pd.DataFrame:
    """The readme table of the request: per role, what to draw, which columns, and what it unlocks."""
    rows = []
    for spec in [*requested_roles(catalogue), *(s for s in catalogue if s.id == "dem" and s.status == "missing")]:
        columns = ", ".join(f"{c} ({t})" for c, t in {**spec.columns, **spec.optional_columns}.items())
        rows.append(
            {
                "layer": spec.id,
                "title_en": spec.title_en,
                "title_fa": spec.title_fa,
                "geometry": "GeoTIFF, send as a separate file" if spec.geometry == "Raster" else spec.geometry_label,
                "columns": columns or "none needed",
                "purpose": spec.purpose,
                "purpose_fa": spec.purpose_in("fa"),
                "unlocks": unlocks(spec.id, profile).describe(),
                "how_to_supply": spec.supply,
                "how_to_supply_fa": spec.supply_in("fa"),
                "crs": "any (EPSG:32639, UTM 39N, preferred); it is reprojected on loading",
            }
        )
    return pd.DataFrame(rows)
