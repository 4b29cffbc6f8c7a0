"""Point → area labels through a raster index, exact in every case.

Build (once per area-set version):

1. A regular grid covers the areas' bounding box. Cells that an area boundary (outer or inner ring) can
   touch are marked -1: the boundaries are densified to vertices at most ``0.9 × cell`` apart, the cells of
   those vertices are marked and the mark is dilated by one cell (3 × 3). A segment between two consecutive
   vertices is shorter than a cell, so it cannot leave that 3 × 3 block. Every unmarked cell therefore
   lies wholly inside one area or wholly outside all.
2. Unmarked cells sharing an edge have no boundary between them, so each connected component of unmarked
   cells (``scipy.ndimage.label``) lies in one area: the centre of one of its cells is tested exactly
   (``shapely.contains_xy``) and the component gets that area's index, or -2 when no area holds it.

Lookup: points in labelled cells take the cell's label; points in -1 cells go to the exact test
(``contains_xy`` with a bounding-box prefilter per area). The labels equal shapely's ``within`` predicate
for every point: a point on a boundary is within no area (-1). Where areas overlap, the lowest index wins
(``geopandas.sjoin`` would return one row per match instead).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.ndimage as ndi
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
        edge = shapely.get_coordinates(shapely.segmentize(shapely.boundary(polys), 0.9 * cell))
        col = np.clip(((edge[:, 0] - grid.x0) // cell).astype(np.int64), 0, grid.nx - 1)
        row = np.clip(((edge[:, 1] - grid.y0) // cell).astype(np.int64), 0, grid.ny - 1)
        marked = np.zeros(grid.shape, dtype=bool)
        marked[row, col] = True
        dilated = ndi.binary_dilation(marked, structure=np.ones((3, 3), dtype=bool))
        # Unmarked cells that share an edge are in the same area (no boundary passes between them), so one
        # centre per connected component of unmarked cells decides the whole component.
        components, count = ndi.label(~dilated)
        flat = components.ravel()
        first = np.unique(flat, return_index=True)[1][1:]  # first cell of components 1..count
        cx, cy = grid.centres()
        index = cls(grid, np.zeros(grid.shape, dtype=np.int32), polys, bounds)
        component_label = np.empty(count + 1, dtype=np.int32)
        component_label[0] = _BOUNDARY
        found = index._exact(cx[first], cy[first])
        component_label[1:] = np.where(found >= 0, found, _NO_AREA)
        labels = component_label[components].astype(np.int32)
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
            b = self.bounds
            candidates = np.flatnonzero((b[:, 0] <= x) & (x <= b[:, 2]) & (b[:, 1] <= y) & (y <= b[:, 3]))
            for i in candidates.tolist():  # ascending: the lowest index wins where areas overlap
                if shapely.contains_xy(self.polygons[i], x, y):
                    return int(i)
            return OUTSIDE
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
