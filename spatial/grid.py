"""The analysis grid: cells of a fixed size in EPSG:32639, aligned to multiples of the cell size.

Aligned grids are reproducible: the same area and resolution always give the same cells, so two
runs, two planners, or our result and GRASS GIS's, compare cell by cell.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass

import edt
import numpy as np
import rasterio.features
from affine import Affine
from shapely.geometry.base import BaseGeometry

from layers.catalogue import ANALYSIS_CRS
from spatial.errors import ScenarioError
from spatial.memory import kept_free_bytes

THREADS = 2  # the distance transform's threads; the target machine has 2 cores
# Peak memory of a model per grid cell, estimated high on purpose: constraint bits, study area, zones, county
# ids and score (~12 bytes) plus a raw and a standardised float32 per criterion of the profile (8 bytes each,
# 68 bytes for gilan-industrial's 7). Measured on the bundled data (whole `suitability` process, max RSS):
# 2.0 GB at 30 m (estimate 2.8 GiB), 4.3 GB at 20 m (estimate 6.2 GiB) and 4.9 GB at 18 m (estimate 7.9 GiB),
# the smallest cell size under the default bound of 8 GiB.
BYTES_PER_CELL_BASE = 12
BYTES_PER_CELL_PER_CRITERION = 8
MAX_MODEL_BYTES = int(float(os.environ.get("GILAN_MAX_MODEL_GB", "8")) * 1024**3)  # the bound we promise


@dataclass(frozen=True)
class Grid:
    """A north-up raster grid: ``height`` rows by ``width`` columns of ``cell_m`` metres."""

    west: float
    north: float
    cell_m: float
    width: int
    height: int
    crs: str = ANALYSIS_CRS

    @property
    def transform(self) -> Affine:
        """The affine transform from (col, row) to (x, y) of the cell corner."""
        return Affine(self.cell_m, 0.0, self.west, 0.0, -self.cell_m, self.north)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return (self.height, self.width)

    @property
    def cell_area_ha(self) -> float:
        """Area of one cell in hectares."""
        return self.cell_m * self.cell_m / 10_000

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) in metres."""
        return (self.west, self.north - self.height * self.cell_m, self.west + self.width * self.cell_m, self.north)

    def rowcol(self, x: float, y: float) -> tuple[int, int]:
        """The (row, col) of the cell holding point (x, y); may lie outside the grid."""
        return (math.floor((self.north - y) / self.cell_m), math.floor((x - self.west) / self.cell_m))

    def contains(self, row: int, col: int) -> bool:
        """True when (row, col) is a cell of this grid."""
        return 0 <= row < self.height and 0 <= col < self.width

    def centre(self, row: int, col: int) -> tuple[float, float]:
        """(x, y) of a cell's centre."""
        return (self.west + (col + 0.5) * self.cell_m, self.north - (row + 0.5) * self.cell_m)


def analysis_grid(area: BaseGeometry, resolution_m: float) -> Grid:
    """The grid covering ``area`` with cell edges on multiples of ``resolution_m``."""
    minx, miny, maxx, maxy = area.bounds
    west = math.floor(minx / resolution_m) * resolution_m
    north = math.ceil(maxy / resolution_m) * resolution_m
    width = math.ceil((maxx - west) / resolution_m)
    height = math.ceil((north - miny) / resolution_m)
    return Grid(west, north, float(resolution_m), int(width), int(height))


def available_memory_bytes() -> int:
    """What this process may use for a model: MAX_MODEL_BYTES, or less when the machine has less free (what the
    system has available, and what the process freed and keeps; see spatial.memory)."""
    try:
        with open("/proc/meminfo") as f:
            free = next(int(line.split()[1]) * 1024 for line in f if line.startswith("MemAvailable:"))
    except (OSError, StopIteration, ValueError):
        return MAX_MODEL_BYTES
    return min(MAX_MODEL_BYTES, int((free + kept_free_bytes()) * 0.8))


def check_cell_size(resolution_m: object) -> float:
    """A cell size in metres: a positive finite number, or a ScenarioError naming it."""
    if isinstance(resolution_m, bool) or not isinstance(resolution_m, int | float) or not math.isfinite(resolution_m):
        raise ScenarioError("cell size", f"'{resolution_m}' is not a finite number of metres", "give e.g. 100 or 30")
    if resolution_m <= 0:
        raise ScenarioError("cell size", f"{resolution_m:g} m is not positive", "give e.g. 100 or 30")
    return float(resolution_m)


def checked_grid(area: BaseGeometry, resolution_m: object, *, criteria: int, limit_bytes: int | None = None) -> Grid:
    """The analysis grid, after refusing a cell size that is not a positive finite number or would not fit in memory.

    Nothing is allocated before this check: the estimate comes from the grid's shape alone.
    """
    resolution_m = check_cell_size(resolution_m)
    grid = analysis_grid(area, resolution_m)
    cells = grid.width * grid.height
    need = cells * (BYTES_PER_CELL_BASE + BYTES_PER_CELL_PER_CRITERION * criteria)
    limit = limit_bytes if limit_bytes is not None else available_memory_bytes()
    if need > limit:
        smallest = math.ceil(resolution_m * math.sqrt(need / limit))
        raise ScenarioError(
            "cell size",
            f"{resolution_m:g} m cells make a grid of {cells:,} cells that needs about {need / 1024**3:,.1f} GB of "
            f"memory, above the {limit / 1024**3:.1f} GB this machine allows",
            f"use cells of {smallest} m or more",
        )
    return grid


def rasterize_mask(geoms: Iterable[BaseGeometry], grid: Grid, *, all_touched: bool = False) -> np.ndarray:
    """Boolean grid: True in cells whose centre is inside a polygon, or that a line or point touches."""
    shapes = [(g, 1) for g in geoms if g is not None and not g.is_empty]
    if not shapes:
        return np.zeros(grid.shape, dtype=bool)
    burned = rasterio.features.rasterize(
        shapes, out_shape=grid.shape, transform=grid.transform, fill=0, all_touched=all_touched, dtype="uint8"
    )
    return burned.view(bool)  # 0 or 1: the same bytes, without a copy of the grid


def rasterize_features(geoms: Iterable[BaseGeometry], grid: Grid) -> np.ndarray:
    """Cells of any features: polygon interiors plus every cell a line, point or polygon edge touches."""
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    kinds = [g.geom_type.removeprefix("Multi") for g in geoms]
    # Every cell a point touches is the cell holding it: points are burnt once. GDAL's plain line burning
    # takes a few cells its all-touched burning does not, so lines are burnt both ways, as polygons are.
    edges = [g.boundary if kind == "Polygon" else g for g, kind in zip(geoms, kinds, strict=True)]
    touched = rasterize_mask(edges, grid, all_touched=True)
    if any(kind != "Point" for kind in kinds):
        touched |= rasterize_mask([g for g, kind in zip(geoms, kinds, strict=True) if kind != "Point"], grid)
    return touched


def rasterize_values(
    shapes: Iterable[tuple[BaseGeometry, float]], grid: Grid, *, fill: float = 0.0, dtype: str = "float32"
) -> np.ndarray:
    """Grid of each polygon's value (cell centre inside), ``fill`` elsewhere."""
    shapes = [(g, v) for g, v in shapes if g is not None and not g.is_empty]
    if not shapes:
        return np.full(grid.shape, fill, dtype=dtype)
    return rasterio.features.rasterize(shapes, out_shape=grid.shape, transform=grid.transform, fill=fill, dtype=dtype)


def cell_runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(flat index of the first cell, length) of every run of True cells along the rows, in raster order.

    A province is a few thousand such runs at 30 m: scattering values into it run by run is several times
    quicker than numpy's boolean assignment over the 43 M cells.
    """
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=bool)
    padded[:, 1:-1] = mask
    edges = np.flatnonzero(padded[:, 1:] != padded[:, :-1])  # starts and stops, in turn
    row, column = np.divmod(edges, mask.shape[1] + 1)
    return row[0::2] * mask.shape[1] + column[0::2], column[1::2] - column[0::2]


def fill_runs(out: np.ndarray, values: np.ndarray, runs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """``out`` with the cells of ``runs`` (see cell_runs) set from ``values`` in raster order: out[mask] = values."""
    if not out.flags.c_contiguous:
        raise ValueError("fill_runs writes through a flat view: give a C-contiguous array")
    flat = out.reshape(-1)
    offset = 0
    for start, length in zip(runs[0].tolist(), runs[1].tolist(), strict=True):
        flat[start : start + length] = values[offset : offset + length]
        offset += length
    return out


def distance_m(features: np.ndarray, cell_m: float) -> np.ndarray:
    """Exact Euclidean distance in metres from each cell centre to the nearest feature cell centre.

    Feature cells are 0; with no feature at all every cell is +inf. Uses the multi-threaded exact
    EDT of PyPI ``edt`` (the same result as scipy.ndimage.distance_transform_edt, several times faster).
    """
    if not features.any():
        return np.full(features.shape, np.inf, dtype="float32")
    dist = edt.edt(np.ascontiguousarray(~features), anisotropy=(cell_m, cell_m), black_border=False, parallel=THREADS)
    return dist.astype("float32", copy=False)
