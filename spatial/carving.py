"""Candidate sites from a score raster: suitable land as row runs, its regions, estate-sized cores.

``candidate_sites`` gives the candidates in rank order, lazily: the caller takes candidates until it has
enough sites, and only the regions that can still reach the top are carved. The suitable cells are read
once, a band of rows at a time, as runs of consecutive cells in a row; 8-connected regions are found on
those runs (a few thousand at 30 m, not 43 M cells), and a region above the maximum area is carved from
its best cells only, collected in the same pass. The result is the same as labelling the whole grid and
carving every region (tests/spatial/test_carving.py compares both).
"""

from __future__ import annotations

import heapq
import math
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

Window = tuple[slice, slice]
BAND_ROWS = 64  # rows read at a time: a band's temporaries stay in the processor's cache
STUDY_CHUNK = 1 << 18  # study-area cells read at a time, for the same reason (a multiple of 8)
BEST_CELLS_SAMPLE = 100_000  # score samples that set the level of the best cells collected in the same pass
BEST_CELLS_PER_TAKE = 4  # best cells collected: this many times the candidate cells of one large region
BOUND_SLACK = 1e-5  # a float32 mean may exceed its largest value by rounding; bounds are raised by this much


@dataclass(frozen=True)
class CarvingRules:
    """The site rules in cells: the minimum and maximum area, the spacing, and how many sites a region may give."""

    min_cells: int
    max_cells: int
    spacing: int  # cells within this many rows and columns of a site are set aside (a square)
    wanted: int  # sites one large region may yield
    tie_decimals: int  # mean scores equal to this many decimals tie; the larger area goes first

    @property
    def take(self) -> int:
        """The best cells of a large region that its sites are carved from."""
        return self.max_cells * self.wanted * 4


@dataclass(frozen=True)
class Candidate:
    """Contiguous cells: their bounding window in the grid, the cells in it, their mean score."""

    window: Window
    region: np.ndarray  # bool, the window's shape
    mean: float


@dataclass(frozen=True)
class Runs:
    """Runs of consecutive suitable cells along rows, in raster order (row, then first column)."""

    row: np.ndarray  # int64
    start: np.ndarray  # first column
    stop: np.ndarray  # one past the last column

    @property
    def length(self) -> np.ndarray:
        """Cells in each run."""
        return self.stop - self.start

    def take(self, index: np.ndarray) -> Runs:
        """The runs at ``index`` (kept in the order given)."""
        return Runs(self.row[index], self.start[index], self.stop[index])


@dataclass(frozen=True)
class StudyCells:
    """A score of the study-area cells alone, in raster order, as the model computes it (see model.study_scores),
    with their eligibility and the study area's row runs (grid.cell_runs): where each cell lies on the grid."""

    values: np.ndarray  # float32, one per study-area cell
    eligible: np.ndarray  # np.packbits of a bool per study-area cell (an eighth of the bytes: it is kept)
    runs: tuple[np.ndarray, np.ndarray]  # (flat index of the first cell, length) of each row run of the study area


def _flat_cells(runs: Runs, width: int) -> np.ndarray:
    """Flat indices of the runs' cells, run after run (raster order for runs in raster order)."""
    length = runs.length
    first = np.cumsum(length) - length
    return np.repeat(runs.row * width + runs.start - first, length) + np.arange(int(length.sum()))


def _paint(runs: Runs, r0: int, c0: int, shape: tuple[int, int]) -> np.ndarray:
    """The runs' cells as a bool array of ``shape`` whose top left cell is (r0, c0)."""
    out = np.zeros(shape, dtype=bool)
    out.reshape(-1)[_flat_cells(Runs(runs.row - r0, runs.start - c0, runs.stop - c0), shape[1])] = True
    return out


_BAND_COLUMNS: dict[int, tuple[weakref.ref[np.ndarray], np.ndarray]] = {}


def band_columns(eligible: np.ndarray) -> np.ndarray:
    """Per band of BAND_ROWS rows: the first and one past the last column holding an eligible cell (0, 0: none).

    The same eligible raster is scanned at every re-weighting, so its bands are found once (kept while it lives).
    """
    known = _BAND_COLUMNS.get(id(eligible))
    if known is not None and known[0]() is eligible:
        return known[1]
    height = eligible.shape[0]
    spans = np.zeros((-(-height // BAND_ROWS), 2), dtype=np.int64)
    for band, r0 in enumerate(range(0, height, BAND_ROWS)):
        columns = np.flatnonzero(eligible[r0 : r0 + BAND_ROWS].any(axis=0))
        if columns.size:
            spans[band] = columns[0], columns[-1] + 1
    key = id(eligible)
    _BAND_COLUMNS[key] = (weakref.ref(eligible, lambda _: _BAND_COLUMNS.pop(key, None)), spans)
    return spans


def scan_suitable(score: np.ndarray, eligible: np.ndarray, threshold: float, best: float | None) -> tuple[Runs, Runs]:
    """Runs of the cells that are eligible and score ``threshold`` or more, and runs of those that also score
    ``best`` or more (none when ``best`` is None), read a band of rows at a time."""
    height, width = score.shape
    padded = np.zeros((BAND_ROWS, width + 2), dtype=bool)  # a False column either side closes every run
    high = np.zeros((BAND_ROWS, width + 2), dtype=bool)
    found: tuple[list[np.ndarray], ...] = ([], [], [], [], [], [])  # rows, starts, stops; then the best's
    with np.errstate(invalid="ignore"):  # NaN scores are not suitable
        for r0, (c0, c1) in zip(range(0, height, BAND_ROWS), band_columns(eligible).tolist(), strict=True):
            w = c1 - c0
            if not w:
                continue
            r1 = min(height, r0 + BAND_ROWS)
            h = r1 - r0
            values = score[r0:r1, c0:c1]
            suitable = padded[:h, 1 : w + 1]
            np.greater_equal(values, threshold, out=suitable)
            suitable &= eligible[r0:r1, c0:c1]
            padded[:h, w + 1] = False
            _band_runs(padded[:h, : w + 2], r0, c0, found[:3])
            if best is not None:
                above = high[:h, 1 : w + 1]
                np.greater_equal(values, best, out=above)
                above &= suitable
                high[:h, w + 1] = False
                _band_runs(high[:h, : w + 2], r0, c0, found[3:])
    empty = np.zeros(0, dtype=np.int64)
    joined = [np.concatenate(parts).astype(np.int64) if parts else empty for parts in found]
    return Runs(*joined[:3]), Runs(*joined[3:])


def scan_study(study: StudyCells, width: int, threshold: float, best: float | None) -> tuple[Runs, Runs]:
    """What scan_suitable gives, read from the study-area cells alone (a third of the grid at 30 m).

    The suitable cells' runs are where the study cells' suitability changes, a chunk of cells at a time; a
    run that goes on across the end of a study-area run is cut there, and only the runs' ends are placed on
    the grid."""
    values, eligible = study.values, study.eligible
    # Suitability of a chunk's cells, after that of the cell before the chunk: a change at i is a run's edge.
    suitable = np.zeros(STUDY_CHUNK + 1, dtype=bool)
    high = np.zeros(STUDY_CHUNK + 1, dtype=bool)
    edges: tuple[list[np.ndarray], list[np.ndarray]] = ([], [])
    with np.errstate(invalid="ignore"):  # NaN scores are not suitable
        for a in range(0, values.size, STUDY_CHUNK):
            n = min(values.size - a, STUDY_CHUNK)
            chunk = values[a : a + n]
            np.greater_equal(chunk, threshold, out=suitable[1 : n + 1])
            suitable[1 : n + 1] &= np.unpackbits(eligible[a // 8 : (a + n + 7) // 8], count=n).view(bool)
            edges[0].append(np.flatnonzero(suitable[1 : n + 1] != suitable[:n]) + a)
            suitable[0] = suitable[n]
            if best is not None:
                np.greater_equal(chunk, best, out=high[1 : n + 1])
                high[1 : n + 1] &= suitable[1 : n + 1]
                edges[1].append(np.flatnonzero(high[1 : n + 1] != high[:n]) + a)
                high[0] = high[n]
    ends = [
        np.concatenate([*found, [values.size] if last else []]).astype(np.int64)
        for found, last in zip(edges, (suitable[0], high[0]), strict=True)
    ]
    return _placed(ends[0], study.runs, width), _placed(ends[1], study.runs, width)


def _placed(edges: np.ndarray, study_runs: tuple[np.ndarray, np.ndarray], width: int) -> Runs:
    """Runs of study cells (their starts and stops in turn, positions among the study cells) on the grid."""
    starts, stops = edges[0::2], edges[1::2]
    first, length = study_runs
    offset = np.cumsum(length) - length  # each study run's first position among the study cells
    if starts.size:  # cut a run where a study run ends inside it: the next cells lie elsewhere on the grid
        cut = offset[1:]
        within = np.maximum(np.searchsorted(starts, cut, side="right") - 1, 0)
        cut = cut[(starts[within] < cut) & (cut < stops[within])]
        starts, stops = np.sort(np.concatenate([starts, cut])), np.sort(np.concatenate([stops, cut]))
    run = np.searchsorted(offset, starts, side="right") - 1
    row, column = np.divmod(first[run] + starts - offset[run], width)
    return Runs(row.astype(np.int64), column.astype(np.int64), (column + stops - starts).astype(np.int64))


def _band_runs(padded: np.ndarray, r0: int, c0: int, out: tuple[list[np.ndarray], ...]) -> None:
    """Append the runs of True cells of a band (closed by a False column either side) to out's rows, starts, stops."""
    w = padded.shape[1] - 2
    edges = np.flatnonzero(padded[:, 1:] != padded[:, :-1])  # run starts and stops, in turn
    if edges.size:
        row, column = np.divmod(edges, w + 1)
        out[0].append(row[0::2] + r0)
        out[1].append(column[0::2] + c0)
        out[2].append(column[1::2] + c0)


def best_level(score: np.ndarray, eligible: np.ndarray, threshold: float, cells: int) -> float | None:
    """A score level that about ``cells`` suitable cells reach (from a sample), or None when about that many
    or fewer are suitable at all (then every suitable cell is read where needed)."""
    step = max(1, math.isqrt(score.size // BEST_CELLS_SAMPLE))
    values = score[::step, ::step]
    with np.errstate(invalid="ignore"):
        sample = values[eligible[::step, ::step] & (values >= threshold)]
    expected = sample.size * step * step
    if expected <= 2 * cells:
        return None
    k = int(sample.size * (1 - cells / expected))
    return float(np.partition(sample, k)[k])


def label_runs(runs: Runs) -> np.ndarray:
    """The 8-connected component of each run, numbered in raster order of the components' first cells."""
    n = runs.row.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    key = int(runs.stop.max()) + 2  # row * key + column orders runs in raster order, starts and stops alike
    # The runs of the next row that touch a run (diagonals included) are consecutive in raster order.
    lo = np.searchsorted(runs.row * key + runs.stop, (runs.row + 1) * key + runs.start, side="left")
    hi = np.searchsorted(runs.row * key + runs.start, (runs.row + 1) * key + runs.stop, side="right")
    count = np.maximum(hi - lo, 0)
    ends = np.cumsum(count)
    target = np.repeat(lo - (ends - count), count) + np.arange(int(ends[-1]))
    root = _roots(n, np.repeat(np.arange(n), count), target)
    return np.cumsum(root == np.arange(n))[root] - 1  # the roots are the first runs, in raster order


def _roots(n: int, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The smallest node of each node's connected component (undirected edges source-target): union-find
    in whole-array steps. Each round hooks every root to its smallest neighbouring root, then jumps every node
    to its root; a round hooks at least one root, and two rounds do on Gilan's grids. Not scipy.sparse.csgraph:
    its import costs a cold command line more than this graph does."""
    parent = np.arange(n)
    while source.size:
        a, b = parent[source], parent[target]
        differ = a != b
        source, target, a, b = source[differ], target[differ], a[differ], b[differ]
        np.minimum.at(parent, np.maximum(a, b), np.minimum(a, b))  # parent[x] <= x: no cycles
        while not np.array_equal(grand := parent[parent], parent):
            parent = grand
    return parent


def _parts(rows: np.ndarray, cols: np.ndarray, min_cells: int) -> list[tuple[int, int, np.ndarray]]:
    """The 8-connected parts of at least ``min_cells`` of cells given in raster order, in raster order of their
    first cells: (top row, left column, the part's cells in its bounding box)."""
    breaks = np.flatnonzero((np.diff(rows) != 0) | (np.diff(cols) != 1)) + 1  # the cells' runs, labelled
    first = np.concatenate([[0], breaks])
    last = np.concatenate([breaks, [rows.size]]) - 1
    runs = Runs(rows[first], cols[first], cols[last] + 1)
    component = label_runs(runs)
    order = np.argsort(component, kind="stable")
    out = []
    for members in np.split(order, np.flatnonzero(np.diff(component[order])) + 1):
        part = runs.take(members)
        if int(part.length.sum()) >= min_cells:
            top, left = int(part.row.min()), int(part.start.min())
            out.append(
                (top, left, _paint(part, top, left, (int(part.row.max()) + 1 - top, int(part.stop.max()) - left)))
            )
    return out


def _top(values: np.ndarray, k: int) -> np.ndarray:
    """Indices (ascending) of the ``k`` largest values; of equal values at the cut, the first ones."""
    if values.size <= k:
        return np.arange(values.size)
    cut = np.partition(values, values.size - k)[values.size - k]
    keep = values > cut
    ties = np.flatnonzero(values == cut)[: k - int(np.count_nonzero(keep))]
    keep[ties] = True
    return np.flatnonzero(keep)


class _Carver:
    """Sites from a region above the maximum area, one round at a time, best cells first.

    A round takes the best remaining cells up to the maximum area and keeps their contiguous parts of at
    least the minimum area as sites; every candidate cell within the spacing of those sites is then set
    aside. Candidate cells are the region's ``rules.take`` best (ties by position).
    """

    def __init__(self, score: np.ndarray, cells: np.ndarray, values: np.ndarray, size: int, rules: CarvingRules):
        kept = _top(values, min(size, rules.take))
        self.score, self.rules = score, rules
        # The remaining candidate cells, in raster order: taken and set-aside cells are dropped after each
        # round, so later rounds and set-asides only read the cells still in play.
        self.flat = cells[kept]
        self.values = values[kept]
        self.produced = 0

    @property
    def live(self) -> bool:
        """True while another round may give sites."""
        return self.produced < self.rules.wanted and self.values.size >= self.rules.min_cells

    @property
    def bound(self) -> float:
        """No site still to come has a mean score above this (only meaningful while live): a site has at least
        min_cells of the remaining candidate cells, so its mean is at most the mean of the best min_cells."""
        k = self.values.size - self.rules.min_cells
        return float(np.partition(self.values, k)[k:].mean(dtype=np.float64)) + BOUND_SLACK

    def round(self) -> list[Candidate]:
        """The sites of the next round (possibly none: scattered best cells)."""
        rules = self.rules
        pick = _top(self.values, rules.max_cells)
        keep = np.ones(self.values.size, dtype=bool)
        keep[pick] = False
        out = []
        rows, cols = np.divmod(self.flat[pick], self.score.shape[1])
        for r0, c0, region in _parts(rows, cols, rules.min_cells):
            window = (slice(r0, r0 + region.shape[0]), slice(c0, c0 + region.shape[1]))
            out.append(Candidate(window, region, float(self.score[window][region].mean())))
            if rules.spacing:
                keep[self._near(region, r0, c0)] = False
        self.flat, self.values = self.flat[keep], self.values[keep]
        self.produced += len(out)
        return out

    def _near(self, region: np.ndarray, r0: int, c0: int) -> np.ndarray:
        """The candidate cells (indices) within the spacing (rows and columns) of a site: they are set aside."""
        s, (height, width) = self.rules.spacing, self.score.shape
        h, w = region.shape
        # The candidate cells in the site's box widened by s, row by row: they are in raster order, so each
        # row's are consecutive.
        top, left = max(r0 - s, 0), max(c0 - s, 0)
        box_rows = np.arange(top, min(r0 + h + s, height))
        first = np.searchsorted(self.flat, box_rows * width + left)
        count = np.searchsorted(self.flat, box_rows * width + min(c0 + w + s, width)) - first
        inside = np.repeat(first - (np.cumsum(count) - count), count) + np.arange(int(count.sum()))
        # A cell is near the site when the site has a cell within s rows and columns of it: the site widened
        # by that square (a running count along the rows, then along the columns), looked up once per cell.
        near = _widen(region, s)
        rows, cols = np.divmod(self.flat[inside], width)
        return inside[near.reshape(-1)[(rows - (r0 - s)) * near.shape[1] + cols - (c0 - s)]]


def _widen(cells: np.ndarray, s: int) -> np.ndarray:
    """Bool (h + 2s, w + 2s): True where a cell of ``cells`` (h, w) lies within s rows and columns; cell (i, j)
    is cell (i - s, j - s) of ``cells``. Running counts along the rows, then the columns, each zero before
    the cells and constant after them, so that a square's count is one subtraction of slices."""
    h, w = cells.shape
    counts = np.zeros((h, w + 4 * s + 1), dtype=np.int32)
    np.cumsum(cells, axis=1, dtype=np.int32, out=counts[:, 2 * s + 1 : 2 * s + 1 + w])
    counts[:, 2 * s + 1 + w :] = counts[:, 2 * s + w : 2 * s + 1 + w]
    near_columns = counts[:, 2 * s + 1 :] > counts[:, : w + 2 * s]
    counts = np.zeros((h + 4 * s + 1, w + 2 * s), dtype=np.int32)
    np.cumsum(near_columns, axis=0, dtype=np.int32, out=counts[2 * s + 1 : 2 * s + 1 + h])
    counts[2 * s + 1 + h :] = counts[2 * s + h : 2 * s + 1 + h]
    return counts[2 * s + 1 :] > counts[: h + 2 * s]


def candidate_sites(
    score: np.ndarray, eligible: np.ndarray, threshold: float, rules: CarvingRules, study: StudyCells | None = None
) -> Iterator[Candidate]:
    """Candidate sites in rank order: best mean score first (to ``rules.tie_decimals``), then larger, then
    by position. A region of at least the minimum area is a candidate; one above the maximum area gives
    up to ``rules.wanted`` estate-sized cores of its best cells, ``rules.spacing`` apart. ``study``: the same
    score (and eligibility) of the study-area cells alone, read instead of the whole grid when given."""
    score = np.ascontiguousarray(score)
    width = score.shape[1]
    best = best_level(score, eligible, threshold, rules.take * BEST_CELLS_PER_TAKE)
    if study is None:
        runs, best_runs = scan_suitable(score, eligible, threshold, best)
    else:
        runs, best_runs = scan_study(study, width, threshold, best)
    component = label_runs(runs)
    if not component.size:
        return
    order = np.argsort(component, kind="stable")  # runs grouped by region, each in raster order
    bounds = np.concatenate([[0], np.flatnonzero(np.diff(component[order])) + 1, [order.size]])
    size = np.add.reduceat(runs.length[order], bounds[:-1])
    flat = score.reshape(-1)

    def cells_of(region: int) -> np.ndarray:
        return _flat_cells(runs.take(order[bounds[region] : bounds[region + 1]]), width)

    def rounded(mean: float) -> float:  # the first item of a rank key: better is smaller
        return -round(mean, rules.tie_decimals)

    # Candidates found, each keyed by its rank order (region and a serial number keep the order of a full sort).
    ready: list[tuple[tuple[float, int, int, int, int, int], Candidate | float]] = []
    for region in np.flatnonzero((size >= rules.min_cells) & (size <= rules.max_cells)).tolist():
        part = runs.take(order[bounds[region] : bounds[region + 1]])
        mean = float(flat[_flat_cells(part, width)].mean())  # its cells in raster order, as the window's
        ready.append(((rounded(mean), -int(size[region]), int(part.row[0]), int(part.start.min()), region, 0), mean))
    heapq.heapify(ready)

    # Large regions wait, each with a bound on the mean score of any site it may still give.
    best_of: dict[int, np.ndarray] = {}  # the best cells of each large region, in raster order
    if best_runs.row.size:
        within = np.searchsorted(runs.row * width + runs.start, best_runs.row * width + best_runs.start, "right") - 1
        owner = component[within]
        by_owner = np.argsort(owner, kind="stable")
        owners, first, count = np.unique(owner[by_owner], return_index=True, return_counts=True)
        for region, a, n in zip(owners.tolist(), first.tolist(), count.tolist(), strict=True):
            if size[region] > rules.max_cells:
                best_of[region] = _flat_cells(best_runs.take(by_owner[a : a + n]), width)
    waiting: list[tuple[float, int, _Carver | None]] = []
    for region in np.flatnonzero(size > rules.max_cells).tolist():
        if region not in best_of:  # every cell scores below the level collected (or none was collected)
            top = best if best is not None else math.inf
        else:  # a site holds at least min_cells cells: its mean is at most that of the region's best min_cells
            values = flat[best_of[region]]
            k = min(values.size, rules.min_cells)
            top = float(np.partition(values, values.size - k)[values.size - k :].mean(dtype=np.float64))
            top = top if k == rules.min_cells else max(top, best or 0.0)
        waiting.append((rounded(top + BOUND_SLACK), region, None))
    heapq.heapify(waiting)

    seq = 1
    while ready or waiting:
        if ready and (not waiting or waiting[0][0] > ready[0][0][0]):
            key, found = heapq.heappop(ready)
            if isinstance(found, Candidate):
                yield found
                continue
            _, _, r0, c0, region, _ = key  # a region within the area limits: the candidate as it is
            part = runs.take(order[bounds[region] : bounds[region + 1]])
            shape = (int(part.row[-1]) + 1 - r0, int(part.stop.max()) - c0)
            window = (slice(r0, r0 + shape[0]), slice(c0, c0 + shape[1]))
            yield Candidate(window, _paint(part, r0, c0, shape), found)
            continue
        _, region, carver = heapq.heappop(waiting)
        if carver is None:
            cells = best_of.get(region)
            if cells is None or cells.size < min(int(size[region]), rules.take):
                cells = cells_of(region)  # its best cells go below the level collected: read them all
            carver = _Carver(score, cells, flat[cells], int(size[region]), rules)
        if not carver.live:
            continue
        for candidate in carver.round():
            r0, c0 = candidate.window[0].start, candidate.window[1].start
            key = (rounded(candidate.mean), -int(candidate.region.sum()), r0, c0, region, seq)
            heapq.heappush(ready, (key, candidate))
            seq += 1
        if carver.live:
            heapq.heappush(waiting, (rounded(carver.bound), region, carver))
