"""A regular lattice in metres (SWEREF99 TM) and binning points into it.

Cell ids are row-major from the south-west corner: ``id = row * nx + col`` with ``row`` counting north and
``col`` counting east. That is the order of ``libpysal.weights.lat2W(ny, nx)`` on the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Grid:
    x0: float  # west edge (metres)
    y0: float  # south edge (metres)
    cell: float  # cell side (metres)
    nx: int  # columns (east)
    ny: int  # rows (north)

    @classmethod
    def covering(cls, x: NDArray[np.float64], y: NDArray[np.float64], cell: float, margin: float = 0.0) -> Grid:
        """The smallest grid aligned to multiples of ``cell`` that covers the points plus ``margin``."""
        if len(x) == 0:
            raise ValueError("cannot cover an empty set of points")
        x0 = np.floor((float(np.min(x)) - margin) / cell) * cell
        y0 = np.floor((float(np.min(y)) - margin) / cell) * cell
        nx = int(np.floor((float(np.max(x)) + margin - x0) / cell)) + 1
        ny = int(np.floor((float(np.max(y)) + margin - y0) / cell)) + 1
        return cls(float(x0), float(y0), float(cell), nx, ny)

    @property
    def n(self) -> int:
        return self.nx * self.ny

    @property
    def shape(self) -> tuple[int, int]:
        return self.ny, self.nx

    def cell_of(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.int64]:
        """Cell id per point, -1 for points outside the grid. Cells are half-open [edge, edge + cell)."""
        col = np.floor((np.asarray(x, dtype=np.float64) - self.x0) / self.cell).astype(np.int64)
        row = np.floor((np.asarray(y, dtype=np.float64) - self.y0) / self.cell).astype(np.int64)
        inside = (col >= 0) & (col < self.nx) & (row >= 0) & (row < self.ny)
        return np.where(inside, row * self.nx + col, -1)

    def counts(self, x: NDArray[np.float64], y: NDArray[np.float64],
               weights: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """Points per cell as a (ny, nx) float array (points outside the grid are dropped)."""
        ids = self.cell_of(x, y)
        keep = ids >= 0
        w = None if weights is None else np.asarray(weights, dtype=np.float64)[keep]
        return np.bincount(ids[keep], weights=w, minlength=self.n).astype(np.float64).reshape(self.shape)

    def centres(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Cell-centre coordinates (x, y), each a flat array in cell-id order."""
        cx = self.x0 + (np.arange(self.nx) + 0.5) * self.cell
        cy = self.y0 + (np.arange(self.ny) + 0.5) * self.cell
        return np.tile(cx, self.ny), np.repeat(cy, self.nx)

    def cell_bounds(self, ids: NDArray[np.int64]) -> NDArray[np.float64]:
        """(k, 4) array of (xmin, ymin, xmax, ymax) for the given cell ids."""
        ids = np.asarray(ids, dtype=np.int64)
        row, col = np.divmod(ids, self.nx)
        xmin = self.x0 + col * self.cell
        ymin = self.y0 + row * self.cell
        return np.column_stack([xmin, ymin, xmin + self.cell, ymin + self.cell])
