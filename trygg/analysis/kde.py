"""Kernel density at grid-cell centres with compact kernels, exact.

Kernels (``u = d² / h²``, zero for ``u ≥ 1``), normalised to integrate to one over the plane:

- ``epanechnikov``: ``2 / (π h²) · (1 − u)``, the profile of ``sklearn.neighbors.KernelDensity(kernel=
  'epanechnikov')``;
- ``quartic`` (biweight, QGIS/ArcGIS "heatmap"): ``3 / (π h²) · (1 − u)²``.

``density(...)`` returns the average kernel value (points⁻¹ m⁻²; multiply by the number of points for
"reports per m²"). Two exact methods give the same numbers (to rounding):

- ``method="scatter"``: every point adds its kernel value to each cell centre within h (one ``bincount``
  per cell offset);
- ``method="moments"`` (Epanechnikov): the points are binned to sub-cells of side ``cell / m``. A sub-cell
  lying wholly inside a centre's kernel support contributes through its moments only, because
  ``Σ (1 − |d + f|²/h²) = n (1 − |d|²/h²) − (2 d·Σf + Σ|f|²) / h²`` for points at offsets ``f`` from the
  sub-cell centre ``d``. Only sub-cells cut by the support circle need per-point work.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from .grid import Grid

KERNELS = ("epanechnikov", "quartic")


def _normaliser(kernel: str, bandwidth: float) -> float:
    if kernel == "epanechnikov":
        return 2.0 / (np.pi * bandwidth**2)
    if kernel == "quartic":
        return 3.0 / (np.pi * bandwidth**2)
    raise ValueError(f"unknown kernel {kernel!r}; use one of {KERNELS}")


def _profile(kernel: str, u: NDArray[np.float64]) -> NDArray[np.float64]:
    return 1.0 - u if kernel == "epanechnikov" else (1.0 - u) ** 2


def density(x: NDArray[np.float64], y: NDArray[np.float64], grid: Grid, bandwidth: float,
            kernel: str = "epanechnikov", method: str = "auto", subdivisions: int | None = None) -> NDArray[np.float64]:
    """Kernel density estimate at every cell centre of ``grid``, as a (ny, nx) array."""
    norm = _normaliser(kernel, bandwidth)
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if len(x) == 0:
        return np.zeros(grid.shape)
    if method == "auto":
        method = "moments" if kernel == "epanechnikov" else "scatter"
    if method == "scatter":
        sums = _scatter(x, y, grid, bandwidth, kernel)
    elif method == "moments":
        if kernel != "epanechnikov":
            raise ValueError("the moments method is implemented for the Epanechnikov kernel")
        sums = _moments(x, y, grid, bandwidth, subdivisions)
    else:
        raise ValueError(f"unknown method {method!r}")
    return sums * (norm / len(x))


def _scatter(x: NDArray[np.float64], y: NDArray[np.float64], grid: Grid, h: float, kernel: str) -> NDArray[np.float64]:
    c = grid.cell
    reach = int(np.ceil(h / c))
    col = np.floor((x - grid.x0) / c).astype(np.int64)
    row = np.floor((y - grid.y0) / c).astype(np.int64)
    fx = x - grid.x0 - (col + 0.5) * c  # offset of the point from its cell centre
    fy = y - grid.y0 - (row + 0.5) * c
    near = (col >= -reach) & (col < grid.nx + reach) & (row >= -reach) & (row < grid.ny + reach)
    if not near.all():
        col, row, fx, fy = col[near], row[near], fx[near], fy[near]
    out = np.zeros(grid.n)
    h2 = h * h
    for dr in range(-reach, reach + 1):
        target_row = row + dr
        row_ok = (target_row >= 0) & (target_row < grid.ny)
        dy2 = (fy - dr * c) ** 2
        for dc in range(-reach, reach + 1):
            if (max(abs(dc) - 1, 0) ** 2 + max(abs(dr) - 1, 0) ** 2) * c * c >= h2:
                continue  # no point of the source cell can reach this centre
            target_col = col + dc
            u = ((fx - dc * c) ** 2 + dy2) / h2
            m = row_ok & (target_col >= 0) & (target_col < grid.nx) & (u < 1.0)
            out += np.bincount((target_row * grid.nx + target_col)[m], weights=_profile(kernel, u[m]),
                               minlength=grid.n)
    return out.reshape(grid.shape)


def default_subdivisions(cell: float, bandwidth: float) -> int:
    """Odd m so that sub-cells are about a tenth of the bandwidth (at least 1)."""
    m = max(1, round(cell / (bandwidth / 10.0)))
    return m if m % 2 == 1 else m + 1


def _moments(x: NDArray[np.float64], y: NDArray[np.float64], grid: Grid, h: float,
             subdivisions: int | None) -> NDArray[np.float64]:
    m = subdivisions or default_subdivisions(grid.cell, h)
    if m % 2 == 0:
        raise ValueError("subdivisions must be odd (the cell centre is then a sub-cell centre)")
    s = grid.cell / m
    pad = int(np.ceil(h / s)) + 1
    nsx, nsy = grid.nx * m + 2 * pad, grid.ny * m + 2 * pad
    sx = np.floor((x - grid.x0) / s).astype(np.int64) + pad
    sy = np.floor((y - grid.y0) / s).astype(np.int64) + pad
    keep = (sx >= 0) & (sx < nsx) & (sy >= 0) & (sy < nsy)
    if not keep.all():
        x, y, sx, sy = x[keep], y[keep], sx[keep], sy[keep]
    fx = x - (grid.x0 + (sx - pad + 0.5) * s)
    fy = y - (grid.y0 + (sy - pad + 0.5) * s)
    h2 = h * h
    half = m // 2
    reach = int(np.ceil(h / s)) + 1
    offsets = np.arange(-reach, reach + 1)
    a, b = np.meshgrid(offsets, offsets)  # a: columns (x), b: rows (y)
    far = (np.abs(a) + 0.5) ** 2 * s * s + (np.abs(b) + 0.5) ** 2 * s * s
    near = np.maximum(np.abs(a) - 0.5, 0) ** 2 * s * s + np.maximum(np.abs(b) - 0.5, 0) ** 2 * s * s
    inside = far < h2 * (1 - 1e-9)
    crossing = ~inside & (near < h2 * (1 + 1e-9))

    # 1. sub-cells wholly inside the support: moments, summed per row offset over a window of columns
    key = sy * nsx + sx
    size = nsy * nsx
    moments = np.stack([
        np.bincount(key, minlength=size).astype(np.float64),
        np.bincount(key, weights=fx, minlength=size),
        np.bincount(key, weights=fy, minlength=size),
        np.bincount(key, weights=fx * fx + fy * fy, minlength=size),
    ]).reshape(4, nsy, nsx)
    out = np.zeros(grid.shape)
    rows_of_targets = pad + half + m * np.arange(grid.ny)
    for bi, boff in enumerate(offsets):
        cols = np.flatnonzero(inside[bi])
        if len(cols) == 0:
            continue
        amax = int(offsets[cols].max())
        aa = np.arange(-amax, amax + 1, dtype=np.float64)
        weights = np.stack([
            1.0 - (aa * aa + boff * boff) * s * s / h2,
            -2.0 * aa * s / h2,
            np.full_like(aa, -2.0 * boff * s / h2),
            np.full_like(aa, -1.0 / h2),
        ])
        slab = moments[:, rows_of_targets + boff, :]
        windows = sliding_window_view(slab, 2 * amax + 1, axis=2)
        start = pad + half - amax
        windows = windows[:, :, start:start + m * (grid.nx - 1) + 1:m, :]
        out += np.einsum("kyxw,kw->yx", windows, weights)

    # 2. sub-cells cut by the support circle: per point, grouped by the point's sub-cell phase
    phase_x = (sx - pad) % m
    phase_y = (sy - pad) % m
    phase = phase_y * m + phase_x
    order = np.argsort(phase, kind="stable")
    bounds = np.searchsorted(phase[order], np.arange(m * m + 1))
    flat = np.zeros(grid.n)
    cb, ca = np.nonzero(crossing)
    for p in range(m * m):
        idx = order[bounds[p]:bounds[p + 1]]
        if len(idx) == 0:
            continue
        py, px = divmod(p, m)
        sel = ((offsets[ca] - (px - half)) % m == 0) & ((offsets[cb] - (py - half)) % m == 0)
        if not sel.any():
            continue
        gx, gy, lfx, lfy = sx[idx], sy[idx], fx[idx], fy[idx]
        for aoff, boff in zip(offsets[ca[sel]], offsets[cb[sel]], strict=True):
            tc = (gx - pad - half - aoff) // m
            tr = (gy - pad - half - boff) // m
            dx = lfx + aoff * s
            dy = lfy + boff * s
            u = (dx * dx + dy * dy) / h2
            ok = (u < 1.0) & (tc >= 0) & (tc < grid.nx) & (tr >= 0) & (tr < grid.ny)
            flat += np.bincount((tr * grid.nx + tc)[ok], weights=1.0 - u[ok], minlength=grid.n)
    return out + flat.reshape(grid.shape)
