"""Point → area labels through a raster index, exact in every case.

Build (once per area-set version):

1. A regular label grid covers the areas' bounding box. A cell gets the index of the area that contains
   its centre (``shapely.contains_xy``), or -2 when no area does.
2. Cells that an area boundary (outer or inner ring) can touch are marked -1: the boundaries are densified
   to vertices at most ``0.9 × cell`` apart, the cells of those vertices are marked and the mark is dilated
   by one cell (3 × 3). A segment between two consecutive vertices is shorter than a cell, so it cannot
   leave that 3 × 3 block. Every unmarked cell therefore lies wholly inside one area or wholly outside all.

Lookup: points in labelled cells take the cell's label; points in -1 cells go to the exact test
(``contains_xy`` with a bounding-box prefilter per area). The labels equal shapely's ``within`` predicate
for every point: a point on a boundary is within no area (-1). Where areas overlap, the lowest index wins
(``geopandas.sjoin`` would return one row per match instead).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

from .grid import Grid

OUTSIDE = -1
_NO_AREA = -2
_BOUNDARY = -1


@dataclass(frozen=True)
class RasterIndex:
    grid: Grid
    labels: NDArray[np.int32]  # (ny, nx): area index, -2 no area, -1 boundary cell (exact test)
    polygons: NDArray[np.object_]
    bounds: NDArray[np.float64]

    @classmethod
    def build(cls, polygons: NDArray[np.object_] | list[object], cell: float = 25.0) -> RasterIndex:
        polys = np.asarray(polygons, dtype=object)
        if len(polys) == 0:
            raise ValueError("at least one polygon is needed")
        shapely.prepare(polys)
        bounds = shapely.bounds(polys)
        xmin, ymin = bounds[:, 0].min(), bounds[:, 1].min()
        xmax, ymax = bounds[:, 2].max(), bounds[:, 3].max()
        grid = Grid.covering(np.array([xmin, xmax]), np.array([ymin, ymax]), cell, margin=cell)
        labels = np.full(grid.shape, _NO_AREA, dtype=np.int32)
        cx = grid.x0 + (np.arange(grid.nx) + 0.5) * cell
        cy = grid.y0 + (np.arange(grid.ny) + 0.5) * cell
        for i in range(len(polys) - 1, -1, -1):  # reversed: the lowest index wins where areas overlap
            b = bounds[i]
            c0, c1 = int((b[0] - grid.x0) // cell), int((b[2] - grid.x0) // cell) + 1
            r0, r1 = int((b[1] - grid.y0) // cell), int((b[3] - grid.y0) // cell) + 1
            gx, gy = np.meshgrid(cx[c0:c1], cy[r0:r1])
            inside = shapely.contains_xy(polys[i], gx, gy)
            labels[r0:r1, c0:c1][inside] = i
        edge = shapely.get_coordinates(shapely.segmentize(shapely.boundary(polys), 0.9 * cell))
        col = np.clip(((edge[:, 0] - grid.x0) // cell).astype(np.int64), 0, grid.nx - 1)
        row = np.clip(((edge[:, 1] - grid.y0) // cell).astype(np.int64), 0, grid.ny - 1)
        marked = np.zeros(grid.shape, dtype=bool)
        marked[row, col] = True
        dilated = marked.copy()
        ny, nx = grid.shape
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                dilated[max(dr, 0):ny + min(dr, 0), max(dc, 0):nx + min(dc, 0)] |= \
                    marked[max(-dr, 0):ny + min(-dr, 0), max(-dc, 0):nx + min(-dc, 0)]
        labels[dilated] = _BOUNDARY
        return cls(grid, labels, polys, bounds)

    def lookup(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.int32]:
        """Area index per point (the position in the polygons given to build), -1 when within no area."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        ids = self.grid.cell_of(x, y)
        out = np.where(ids >= 0, self.labels.ravel()[np.maximum(ids, 0)], _NO_AREA).astype(np.int32)
        exact = np.flatnonzero(out == _BOUNDARY)
        if len(exact):
            out[exact] = self._exact(x[exact], y[exact])
        out[out == _NO_AREA] = OUTSIDE
        return out

    def lookup_one(self, x: float, y: float) -> int:
        """One point (the ingest path): a cell read, or the exact test in a boundary cell."""
        col = int((x - self.grid.x0) // self.grid.cell)
        row = int((y - self.grid.y0) // self.grid.cell)
        if not (0 <= col < self.grid.nx and 0 <= row < self.grid.ny):
            return OUTSIDE
        label = int(self.labels[row, col])
        if label == _BOUNDARY:
            return int(self._exact(np.array([x]), np.array([y]))[0])
        return OUTSIDE if label == _NO_AREA else label

    def boundary_share(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
        """Share of the points that needed the exact test (for the benchmark report)."""
        ids = self.grid.cell_of(x, y)
        return float(np.mean(self.labels.ravel()[ids[ids >= 0]] == _BOUNDARY)) if len(ids) else 0.0

    def _exact(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.int32]:
        out = np.full(len(x), OUTSIDE, dtype=np.int32)
        for i in range(len(self.polygons) - 1, -1, -1):
            b = self.bounds[i]
            sel = np.flatnonzero((x >= b[0]) & (x <= b[2]) & (y >= b[1]) & (y <= b[3]))
            if len(sel):
                out[sel[shapely.contains_xy(self.polygons[i], x[sel], y[sel])]] = i
        return out
