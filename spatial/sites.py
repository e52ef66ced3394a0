"""Candidate sites: contiguous suitable land of a minimum area, ranked, explained, stress-tested."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio.features
import shapely
import shapely.prepared
from affine import Affine
from exactextract import exact_extract
from exactextract.raster import NumPyRasterSource

from spatial.aggregate import owa, topsis
from spatial.carving import CarvingRules, candidate_sites
from spatial.criteria import standardise
from spatial.errors import NoSuitableLandError, OutsideGilanError
from spatial.model import SuitabilityModel
from spatial.policy import SiteRules

SCREENING_CELL_M = 5_560.0  # one MODIS 0.05 degree cell, north to south: the screening layer's own accuracy
CANDIDATE_POOL = 3  # TOPSIS ranks up to this many times max_sites candidates


@dataclass(frozen=True)
class Sites:
    """Ranked sites and, per site, the mean raw and standardised value of every criterion."""

    table: gpd.GeoDataFrame  # one row per site, in rank order
    standardised: np.ndarray  # (sites, criteria)
    raw: np.ndarray  # (sites, criteria)
    weights: np.ndarray  # criteria weights used, in model.criteria order


def _compactness(region: np.ndarray) -> float:
    """Polsby-Popper 4πA/P² of the cells' outline (holes included), counted on the raster itself."""
    padded = np.pad(region, 1)
    edges = np.count_nonzero(padded[1:, :] != padded[:-1, :]) + np.count_nonzero(padded[:, 1:] != padded[:, :-1])
    return 4 * math.pi * int(region.sum()) / edges**2


def _polygon(region: np.ndarray, transform: Affine) -> shapely.Geometry:
    shapes = rasterio.features.shapes(region.astype("uint8"), mask=region, transform=transform, connectivity=8)
    return shapely.union_all([shapely.geometry.shape(geom) for geom, _ in shapes])


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of a clipped geometry (an intersection may add stray lines or points on the edge)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def locate_sites(
    model: SuitabilityModel,
    score: np.ndarray,
    *,
    weights: dict[str, float] | None = None,
    method: str | None = None,
    min_score: float | None = None,
    rules: SiteRules | None = None,
) -> Sites:
    """Contiguous (8-connected) regions of suitable cells of at least the minimum area, ranked.

    A region larger than ``sites.max_area_ha`` is cut into estate-sized cores of its best cells, kept
    ``sites.min_spacing_m`` apart, so a site is always an estate-sized piece of land and one large area
    can hold several. Sites are clipped to the province's land; ties are ordered by area. ``rules``: a
    scenario's site rules on the same model (the profile's [sites] by default).
    """
    rules = model.profile.sites if rules is None else rules
    method = method or model.profile.aggregation.method
    threshold = rules.min_score if min_score is None else min_score
    grid = model.grid
    pool = rules.max_sites * (CANDIDATE_POOL if method == "topsis" else 1)
    min_cells = math.ceil(rules.min_area_ha / grid.cell_area_ha - 1e-9)
    carving = CarvingRules(
        min_cells=min_cells,
        max_cells=max(min_cells, math.floor(rules.max_area_ha / grid.cell_area_ha + 1e-9)),
        spacing=math.ceil(rules.min_spacing_m / grid.cell_m),
        wanted=pool,
        tie_decimals=rules.tie_decimals,
    )
    study = model.study_scores(score)  # the same score of the study-area cells alone, when the model has it
    candidates = candidate_sites(score, model.eligible, threshold, carving, study)  # best first, carved as needed
    land = shapely.prepared.prep(model.land) if model.land is not None else None
    rows, std_means, raw_means = [], [], []
    seen = 0
    for candidate in candidates:
        window, region, mean = candidate.window, candidate.region, candidate.mean
        seen += 1
        compactness = _compactness(region)
        if compactness < rules.min_compactness:
            continue
        r0, c0 = window[0].start, window[1].start
        polygon = _polygon(region, grid.transform @ Affine.translation(c0, r0))
        if land is not None and not land.contains(polygon):
            assert model.land is not None
            polygon = _polygonal(shapely.intersection(polygon, model.land))  # a site is on the province's land only
            if polygon.area / 10_000 < rules.min_area_ha:
                continue
        county_cells = np.bincount(model.county_ids[window][region], minlength=len(model.county_names) + 1)
        county = model.county_names[int(county_cells[1:].argmax())] if county_cells[1:].any() else ""
        rows.append(
            {
                "area_ha": float(polygon.area / 10_000),
                "mean_score": mean,
                "min_score": float(score[window][region].min()),
                "compactness": compactness,
                "county": county,
                "rural_share": float(model.rural[window][region].mean()),
                "deprived_share": float(model.deprived[window][region].mean()),
                "geometry": polygon,
            }
        )
        rows_in, cols_in = np.nonzero(region)
        raw_cells = list(model.raw_at(rows_in + r0, cols_in + c0))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a criterion unknown over a whole site: NaN, said below
            std_means.append(
                [np.nanmean(standardise(v, c.standardise)) for v, c in zip(raw_cells, model.criteria, strict=True)]
            )
            raw_means.append([np.nanmean(v) for v in raw_cells])
        rows[-1]["incomplete_criteria"] = ", ".join(
            c.id for c, v in zip(model.criteria, raw_cells, strict=True) if np.isnan(v).any()
        )
        if len(rows) == pool:
            break
    if not seen:
        with np.errstate(invalid="ignore"):
            suitable = model.eligible & (score >= threshold)
        if not suitable.any():
            share = model.mask.excluded[model.study_area].mean() * 100
            raise NoSuitableLandError(
                f"no suitable land: {share:.0f} % of the province is excluded by the constraints and no remaining "
                f"cell scores {threshold:g} or more; lower the minimum score or review the constraints"
            )
        raise NoSuitableLandError(
            f"no contiguous area scoring {threshold:g} or more reaches {rules.min_area_ha:g} ha; "
            "lower the minimum score or sites.min_area_ha"
        )
    if not rows:
        raise NoSuitableLandError(
            f"every area of {rules.min_area_ha:g} ha or more is less compact than {rules.min_compactness}; "
            "lower sites.min_compactness"
        )
    table = gpd.GeoDataFrame(rows, geometry="geometry", crs=grid.crs)
    table["screening_forest"] = _screening_flags(table.geometry, model.screening_forest)
    std, raw = np.array(std_means, dtype=float), np.array(raw_means, dtype=float)
    w = model.weight_vector(weights)
    table["site_score"] = site_scores(std, w, method, model.profile.aggregation.owa_order_weights)
    if table["site_score"].isna().any():
        raise NoSuitableLandError(
            "the OWA score of some sites is undefined (every criterion weight falls on a zero order weight); "
            "change aggregation.owa_order_weights"
        )
    # Ties are ties: equal scores (to tie_decimals) keep the same score rank, ordered by area (larger first).
    tied_score = table["site_score"].round(rules.tie_decimals).to_numpy()
    order = np.lexsort((-table["area_ha"].to_numpy(), -tied_score))[: rules.max_sites]
    table = table.iloc[order].reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    tied_score = tied_score[order]
    table["score_rank"] = [1 + int((tied_score > v).sum()) for v in tied_score]
    ranks = table["rank"].to_numpy()
    table["tied_with"] = [
        ", ".join(str(r) for r in ranks[(tied_score == v) & (ranks != rank)])
        for v, rank in zip(tied_score, ranks, strict=True)
    ]
    centroids = table.geometry.centroid.to_crs(4326)
    table["lon"], table["lat"] = centroids.x.round(5), centroids.y.round(5)
    return Sites(table, std[order], raw[order], w)


def _screening_flags(sites: gpd.GeoSeries, forest: shapely.Geometry | None) -> list[str]:
    """Per site: 'inside' or 'within one cell' of the screening forest, or ''; the forest's 5 km cells may
    hold forest the maps do not show, so a committee must check those sites on the ground."""
    if forest is None:
        return [""] * len(sites)
    return [
        "inside"
        if site.intersection(forest).area > 0
        else "within one cell"
        if site.distance(forest) <= SCREENING_CELL_M
        else ""
        for site in sites
    ]


def site_scores(std: np.ndarray, w: np.ndarray, method: str, order_weights: tuple[float, ...] = ()) -> np.ndarray:
    """One score per site from its mean standardised criteria (sites, criteria); NaN: unknown over the site.

    An unknown criterion passes its weight to the site's known ones (WLC, OWA), as in the cell scores;
    TOPSIS compares the site with the others on the mean of the known sites for that criterion.
    """
    gaps = np.isnan(std)
    if method == "topsis":
        fill = np.where(gaps.all(axis=0), 0.0, np.nanmean(np.where(gaps, np.nan, std), axis=0)) if gaps.any() else 0
        return topsis(np.where(gaps, fill, std), w)
    if method == "owa" and order_weights:
        unknown = {j: gaps[:, j] for j in range(std.shape[1]) if gaps[:, j].any()}
        stack = np.nan_to_num(std).T[:, :, None].astype("float32")
        return owa(stack, w, np.asarray(order_weights), unknown={j: g[:, None] for j, g in unknown.items()})[:, 0]
    known_weight = (~gaps * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(known_weight > 0, np.nan_to_num(std) @ w / known_weight, np.nan)


def explain_sites(model: SuitabilityModel, sites: Sites) -> pd.DataFrame:
    """For each site and criterion: raw value, standardised value, weight and contribution to the score."""
    records = []
    for i, rank in enumerate(sites.table["rank"]):
        for j, criterion in enumerate(model.criteria):
            records.append(
                {
                    "rank": int(rank),
                    "criterion": criterion.id,
                    "title_en": criterion.title_en,
                    "title_fa": criterion.title_fa,
                    "measure": criterion.measure,
                    "raw_mean": float(sites.raw[i, j]),
                    "standardised": float(sites.standardised[i, j]),
                    "weight": float(sites.weights[j]),
                    "contribution": float(sites.weights[j] * sites.standardised[i, j]),
                    "basis": criterion.basis,
                    "basis_fa": criterion.basis_fa,
                }
            )
    return pd.DataFrame.from_records(records)


def tie_aware_ranks(scores: np.ndarray, decimals: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For score rows (draws, sites): (best rank, worst rank, number of sites strictly better).

    Sites whose scores are equal to ``decimals`` tie: each spans the ranks from 1 + (number strictly
    better) to (number better or equal).
    """
    s = np.round(scores, decimals)
    better = (s[:, None, :] > s[:, :, None]).sum(axis=2)  # [draw, i] = number of sites j scoring above i
    equal = (s[:, None, :] == s[:, :, None]).sum(axis=2)  # includes the site itself
    return better + 1, better + equal, better


def top_k_share(better: np.ndarray, high: np.ndarray, k: int) -> np.ndarray:
    """Per draw and site: the share of its tied group's ranks that fall in the top k; a draw's shares add up to k."""
    equal = high - better
    return np.clip((k - better) / equal, 0.0, 1.0)


def rank_stability(
    model: SuitabilityModel,
    sites: Sites,
    *,
    draws: int | None = None,
    seed: int = 0,
    method: str | None = None,
    rules: SiteRules | None = None,
) -> pd.DataFrame:
    """Monte Carlo weights (Dirichlet around the chosen ones): P(stays in top k) and 5-95 % rank interval.

    Ties count as ties in every draw (see ``tie_aware_ranks``): P(top k) of all sites adds up to k, and
    never depends on the order the sites are listed in. ``rules`` as in ``locate_sites``.
    """
    rules = model.profile.sites if rules is None else rules
    draws = draws or rules.draws
    method = method or model.profile.aggregation.method
    w = sites.weights
    active = w > 0
    rng = np.random.default_rng(seed)
    samples = np.zeros((draws, len(w)))
    samples[:, active] = rng.dirichlet(rules.concentration * w[active] / w[active].sum(), size=draws)
    order_weights = model.profile.aggregation.owa_order_weights
    scores = np.stack([site_scores(sites.standardised, s, method, order_weights) for s in samples])
    low, high, better = tie_aware_ranks(scores, rules.tie_decimals)
    k = min(rules.top_k, len(sites.table))
    return pd.DataFrame(
        {
            "rank": sites.table["rank"].to_numpy(),
            "p_top_k": top_k_share(better, high, k).mean(axis=0),
            "rank_p05": np.percentile(low, 5, axis=0, method="lower").astype(int),
            "rank_p95": np.percentile(high, 95, axis=0, method="higher").astype(int),
            "top_k": k,
            "draws": draws,
        }
    )


def check_parcels_inside(polygons: gpd.GeoDataFrame, province: shapely.Geometry, *, layer: str = "parcels") -> None:
    """Refuse candidate parcels that do not lie in the province: they have no score to give."""
    outside = polygons.index[~polygons.geometry.intersects(province)]
    if len(outside):
        names = polygons["name_en"] if "name_en" in polygons else pd.Series(polygons.index.astype(str), polygons.index)
        shown = ", ".join(f"'{n}'" for n in names.loc[outside][:5])
        raise OutsideGilanError(
            layer,
            f"{len(outside)} of {len(polygons)} parcel(s) lie outside Gilan ({shown})",
            "remove them, or check the file's CRS",
        )


def score_polygons(model: SuitabilityModel, score: np.ndarray, polygons: gpd.GeoDataFrame) -> pd.DataFrame:
    """Zonal statistics (exactextract, cell-fraction weighted) of given polygons: score and excluded share."""
    if model.land is not None:
        check_parcels_inside(polygons.to_crs(model.grid.crs), model.land)
    west, south, east, north = model.grid.bounds
    wkt = model.grid.crs
    score_src = NumPyRasterSource(np.nan_to_num(score, nan=0.0), west, south, east, north, name="score", srs_wkt=wkt)
    excluded_src = NumPyRasterSource(
        model.mask.excluded.astype("float32"), west, south, east, north, name="excluded", srs_wkt=wkt
    )
    stats = exact_extract(
        [score_src, excluded_src],
        polygons.to_crs(model.grid.crs).reset_index(drop=True),
        ["mean", "min"],
        output="pandas",
    )
    return pd.DataFrame(
        {
            "mean_score": stats["score_mean"],
            "min_score": stats["score_min"],
            "excluded_share": stats["excluded_mean"],
        },
        index=polygons.index,
    )


def match_sites(first: gpd.GeoDataFrame, second: gpd.GeoDataFrame) -> pd.Series:
    """For each site of ``first``, the rank of the ``second`` site it overlaps most (NA when none)."""
    ranks = []
    for geom in first.geometry:
        overlap = second.geometry.intersection(geom).area
        ranks.append(int(second["rank"].iloc[int(overlap.argmax())]) if len(overlap) and overlap.max() > 0 else None)
    return pd.Series(ranks, index=first.index, dtype="Int64")
