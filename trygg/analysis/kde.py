"""Kernel density at grid-cell centres with compact kernels, exact.

Kernels (``u = d² / h²``, zero for ``u ≥ 1``), normalised to integrate to one over the plane:

- ``epanechnikov``: ``2 / (π h²) · (1 − u)``, the profile of ``sklearn.neighbors.KernelDensity(kernel=
  'epanechnikov')``;
- ``quartic`` (biweight, QGIS/ArcGIS "heatmap"): ``3 / (π h²) · (1 − u)²``.

``density(...)`` returns the average kernel value (points⁻¹ m⁻²; multiply by the number of points for
"reports per m²"). Two exact methods give the same numbers (to rounding):

- ``method="scatter"``: every point adds its kernel value to each cell centre within h (one ``bincount``
  per cell offset);
- ``method="moments"`` (Epanechnikov, the default): every cell is split into m × m sub-cells, and each
  sub-cell keeps four moments of its points, ``n, Σfx, Σfy, Σ|f|²``, with ``f`` the offset of a point from
  the centre of its cell. A point at ``D + f`` from a centre (``D`` from the centre to the point's cell
  centre) adds ``h² − |D + f|² = (h² − |D|²) − 2 D·f − |f|²``, so a sub-cell wholly inside the centre's
  support adds ``n (h² − |D|²) − 2 D·Σf − Σ|f|²`` from its moments alone: whole cells from their totals,
  cells cut by the circle from runs of sub-cells along their sub-rows. Only the points of sub-cells cut by
  the circle are visited one by one. Which centres those are depends only on the point's sub-cell position
  inside its cell, so the points are grouped by that position (one byte; a counting sort in cache-sized
  chunks). m comes from a cost estimate (``default_subdivisions``).

Exactness of the moments method (tests: ``tests/test_kde.py`` against a brute-force sum and sklearn):

- no point is put on the wrong side: a sub-cell counts as inside only if its far corner is inside the
  circle with a margin (every point in it has ``1 − u ≥ τ``) and as outside only if its near corner is
  outside, both with a slack for the rounding of the binning;
- the per-point test is sklearn's own arithmetic: ``x − centre`` is exact, d² is summed in the same order,
  and a point counts when ``√d² < h`` (``_support_threshold``), so the zero cells are the same;
- the moment formula cancels at most ``((h + c) / h)² / τ`` of rounding per point (τ grows with the
  cell size to bound it), and runs of sub-cells are summed without differences, so points left out of a
  run cannot pass their rounding on: ≤ ~1e-12 relative in every positive cell.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .grid import Grid

KERNELS = ("epanechnikov", "quartic")

INSIDE_MARGIN = 1e-3  # τ for cells up to the bandwidth; grows with (cell / bandwidth)²
MAX_SUBCELLS = 1_500_000  # moments and their running totals: 8 doubles per sub-cell (96 MB)
MAX_SUBDIVISIONS = 15  # the position of a sub-cell in its cell is one byte (m² < 255 = dropped)
_CHUNK = 1 << 15  # points binned at a time: the temporaries stay in cache (at most 2¹⁶, see _bin)
_DROPPED = 255  # position byte of a point too far from the grid to reach any centre


def _normaliser(kernel: str, bandwidth: float) -> float:
    if kernel == "epanechnikov":
        return 2.0 / (np.pi * bandwidth**2)
    if kernel == "quartic":
        return 3.0 / (np.pi * bandwidth**2)
    raise ValueError(f"unknown kernel {kernel!r}; use one of {KERNELS}")


def _profile(kernel: str, d2: NDArray[np.float64], h2: float) -> NDArray[np.float64]:
    """1 − u or (1 − u)² for squared distances d2 < h2, as (h2 − d2) / h2 (exact near the edge)."""
    v = (h2 - d2) / h2
    return v if kernel == "epanechnikov" else v * v


def _support_threshold(h: float) -> float:
    """The smallest t with √t ≥ h: a point counts for sklearn (``dist < h``) exactly when d² < t."""
    t = h * h
    while np.sqrt(t) < h:
        t = float(np.nextafter(t, np.inf))
    while np.sqrt(np.nextafter(t, -np.inf)) >= h:
        t = float(np.nextafter(t, -np.inf))
    return t


def density(x: NDArray[np.float64], y: NDArray[np.float64], grid: Grid, bandwidth: float,
            kernel: str = "epanechnikov", method: str = "auto", subdivisions: int | None = None) -> NDArray[np.float64]:
    """Kernel density estimate at every cell centre of ``grid``, as a (ny, nx) array."""
    if not (np.isfinite(bandwidth) and bandwidth > 0):
        raise ValueError("the bandwidth must be a positive number of metres")
    norm = _normaliser(kernel, bandwidth)
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError("x and y must be one-dimensional arrays of the same length")
    if method == "auto":
        method = "moments" if kernel == "epanechnikov" else "scatter"
    if method not in ("scatter", "moments"):
        raise ValueError(f"unknown method {method!r}")
    if method == "moments" and kernel != "epanechnikov":
        raise ValueError("the moments method is implemented for the Epanechnikov kernel")
    if subdivisions is not None and not 1 <= subdivisions <= MAX_SUBDIVISIONS:
        raise ValueError(f"subdivisions must be between 1 and {MAX_SUBDIVISIONS}")
    if len(x) == 0:
        return np.zeros(grid.shape)
    if method == "scatter":
        sums = _scatter(x, y, grid, float(bandwidth), kernel)
    else:
        m = default_subdivisions(grid, bandwidth, len(x)) if subdivisions is None else subdivisions
        sums = _moments(x, y, grid, float(bandwidth), m)
    return sums * (norm / len(x))


def _scatter(x: NDArray[np.float64], y: NDArray[np.float64], grid: Grid, h: float, kernel: str) -> NDArray[np.float64]:
    c = grid.cell
    reach = int(np.ceil(h / c))
    col = np.floor((x - grid.x0) / c).astype(np.int64)
    row = np.floor((y - grid.y0) / c).astype(np.int64)
    near = (col >= -reach) & (col < grid.nx + reach) & (row >= -reach) & (row < grid.ny + reach)
    if not near.all():
        x, y, col, row = x[near], y[near], col[near], row[near]
    fx = x - (grid.x0 + (col + 0.5) * c)  # offset from the cell centre, the centre as Grid.centres() has it
    fy = y - (grid.y0 + (row + 0.5) * c)
    out = np.zeros(grid.n)
    h2 = h * h
    threshold = _support_threshold(h)
    for dr in range(-reach, reach + 1):
        target_row = row + dr
        row_ok = (target_row >= 0) & (target_row < grid.ny)
        dy2 = (fy - dr * c) ** 2
        for dc in range(-reach, reach + 1):
            if (max(abs(dc) - 1, 0) ** 2 + max(abs(dr) - 1, 0) ** 2) * c * c >= h2:
                continue  # no point of the source cell can reach this centre
            target_col = col + dc
            d2 = (fx - dc * c) ** 2 + dy2
            m = row_ok & (target_col >= 0) & (target_col < grid.nx) & (d2 < threshold)
            out += np.bincount((target_row * grid.nx + target_col)[m], weights=_profile(kernel, d2[m], h2),
                               minlength=grid.n)
    return out.reshape(grid.shape)


# --- the moments method -------------------------------------------------------------------------------------


class _Plan:
    """For a cell at (dr, dc) cells from a centre: which of its sub-cells (py, px) lie inside the centre's
    support (``inside[dr, dc, py, px]``, offsets shifted by ``reach``) and which the circle cuts."""

    def __init__(self, grid: Grid, h: float, m: int) -> None:
        c = grid.cell
        self.m = m
        self.reach = int(np.floor(h / c + 0.5)) + 1  # cells further off cannot reach a centre (+1: rounding)
        self.nxp, self.nyp = grid.nx + 2 * self.reach, grid.ny + 2 * self.reach  # the padded grid
        self.ncell = self.nxp * self.nyp
        self.offsets = np.arange(-self.reach, self.reach + 1)
        tau = min(1.0, INSIDE_MARGIN * max(1.0, (c / h) ** 2))
        # binning rounds: a point may sit this far outside its sub-cell
        slack = 16 * np.finfo(np.float64).eps * (abs(grid.x0) + abs(grid.y0) + (self.nxp + self.nyp) * c)
        lo = self.offsets[:, None] * c + (-c / 2 + np.arange(m) * (c / m))[None, :] - slack  # [offset, sub]
        hi = lo + c / m + 2 * slack
        near = np.maximum(np.maximum(lo, -hi), 0.0) ** 2
        far = np.maximum(np.abs(lo), np.abs(hi)) ** 2
        h2 = h * h
        self.inside = far[:, None, :, None] + far[None, :, None, :] < h2 * (1.0 - tau)
        self.crossing = ~self.inside & (near[:, None, :, None] + near[None, :, None, :] < h2)

    def crossings_per_position(self) -> NDArray[np.int64]:
        return self.crossing.sum(axis=(0, 1)).ravel()

    def partial(self) -> list[tuple[int, int, list[tuple[int, int, int]]]]:
        """Cells cut by the circle with inside sub-cells: (dr, dc, [(py, first px, last px) of each run])."""
        out = []
        for i, dr in enumerate(self.offsets):
            for j, dc in enumerate(self.offsets):
                inside = self.inside[i, j]
                if inside.any() and not inside.all():
                    runs = [(py, int(px[0]), int(px[-1])) for py in range(self.m)
                            if len(px := np.flatnonzero(inside[py]))]  # one run: a circle cuts a row once
                    out.append((int(dr), int(dc), runs))
        return out


def default_subdivisions(grid: Grid, bandwidth: float, n_points: int) -> int:
    """The m with the least estimated work (costs in ns, measured on the benchmark machine).

    Per-point tests fall like 1/m; the moment arrays (m² sub-cells per cell) and the runs summed in cells
    cut by the circle grow like m² and m.
    """
    best, best_cost, worse = 1, np.inf, 0
    for m in range(1, MAX_SUBDIVISIONS + 1):
        plan = _Plan(grid, bandwidth, m)
        if m * m * plan.ncell > MAX_SUBCELLS and m > 1:
            break
        per_position = plan.crossings_per_position()
        partial = int((plan.inside.any(axis=(2, 3)) & ~plan.inside.all(axis=(2, 3))).sum())
        cost = (6.0 * n_points * float(per_position.mean())  # per-point tests
                + 30.0 * m * m * plan.ncell  # moment arrays
                + 6.0 * partial * m * plan.ncell  # runs in cells cut by the circle
                + float(per_position.sum()) * (1e4 + 2.0 * plan.ncell))  # a bincount per (position, centre)
        if cost < best_cost:
            best, best_cost, worse = m, cost, 0
        elif (worse := worse + 1) == 3:
            break  # past the minimum
    return best


def _moments(x: NDArray[np.float64], y: NDArray[np.float64], grid: Grid, h: float, m: int) -> NDArray[np.float64]:
    plan = _Plan(grid, h, m)
    fx, fy, fq, key, bounds = _bin(x, y, grid, plan)
    sums = _inside_sums(plan, grid, h, key, (fx, fy, fq))
    del fq
    sums += _crossing_sums(plan, grid, h, key, fx, fy, bounds)
    return sums / (h * h)


def _bin(x: NDArray[np.float64], y: NDArray[np.float64], grid: Grid, plan: _Plan) -> tuple[
        NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.intp], NDArray[np.intp]]:
    """Offsets (fx, fy) from the cell centre, |f|² and sub-cell keys (position * ncell + padded cell).

    Points too far from the grid to reach a centre are dropped. The rest come out grouped by their position
    inside the cell (``bounds[p]:bounds[p + 1]``), by a counting sort in chunks: the first pass finds every
    point's cell and position, the second sorts each chunk by position and scatters it to the groups.
    """
    c, m, reach, ncell, nxp = grid.cell, plan.m, plan.reach, plan.ncell, plan.nxp
    scale = m / c
    origin_x, origin_y = grid.x0 - reach * c, grid.y0 - reach * c
    lim_x, lim_y = nxp * m, plan.nyp * m
    if m * m * ncell >= 2**31:
        raise ValueError("the grid is too large for the moments method")
    n = len(x)
    positions = np.empty(n, dtype=np.uint8)
    cells = np.empty(n, dtype=np.int32)
    chunk_counts = np.zeros((-(-n // _CHUNK), 256), dtype=np.intp)
    for i, s in enumerate(range(0, n, _CHUNK)):
        tx = np.subtract(x[s:s + _CHUNK], origin_x)
        tx *= scale
        ty = np.subtract(y[s:s + _CHUNK], origin_y)
        ty *= scale
        valid = None
        if not (tx.min() >= 0 and tx.max() < lim_x and ty.min() >= 0 and ty.max() < lim_y):
            valid = (tx >= 0) & (tx < lim_x) & (ty >= 0) & (ty < lim_y)  # also drops nan
            tx[~valid] = 0.0
            ty[~valid] = 0.0
        sx = tx.astype(np.int32)  # sub-cell column in the padded grid; truncation is floor here (tx ≥ 0)
        sy = ty.astype(np.int32)
        col = sx // m
        row = sy // m
        sx -= col * m  # sub-cell column inside the cell
        sy -= row * m
        sy *= m
        sy += sx
        position = positions[s:s + _CHUNK]
        position[...] = sy
        if valid is not None:
            position[~valid] = _DROPPED
        row *= nxp
        np.add(row, col, out=cells[s:s + _CHUNK])
        chunk_counts[i] = np.bincount(position, minlength=256)

    bounds = np.zeros(m * m + 1, dtype=np.intp)
    np.cumsum(chunk_counts[:, :m * m].sum(axis=0), out=bounds[1:])
    total = int(bounds[-1])
    fx, fy, fq = np.empty(total), np.empty(total), np.empty(total)
    keys = np.empty(total, dtype=np.intp)
    cursor = bounds[:-1].copy()
    index = np.arange(_CHUNK, dtype=np.uint32)
    for i, s in enumerate(range(0, n, _CHUNK)):
        position = positions[s:s + _CHUNK]
        order = position.astype(np.uint32)  # sort (position, index) packed in 32 bits: the stable order
        order <<= 16
        order |= index[:len(order)]
        order.sort()
        order &= 0xFFFF
        counts = chunk_counts[i, :m * m]
        dest = np.repeat(cursor - (np.cumsum(counts) - counts), counts)  # runs in the groups, in sorted order
        dest += np.arange(len(dest))
        cursor += counts
        order = order[:len(dest)].astype(np.intp)  # dropped points sort last
        cell = cells[s:s + _CHUNK]
        row = cell // nxp
        col = cell - row * nxp
        ox = col + (0.5 - reach)  # the cell centre, computed as Grid.centres() does: x0 + (i + 0.5) * c
        ox *= c
        ox += grid.x0
        np.subtract(x[s:s + _CHUNK], ox, out=ox)  # x − centre: exact, as sklearn takes it
        oy = row + (0.5 - reach)
        oy *= c
        oy += grid.y0
        np.subtract(y[s:s + _CHUNK], oy, out=oy)
        fx[dest] = ox[order]
        fy[dest] = oy[order]
        ox *= ox
        oy *= oy
        ox += oy
        fq[dest] = ox[order]
        key = position.astype(np.intp)
        key *= ncell
        key += cell
        keys[dest] = key[order]
    return fx, fy, fq, keys, bounds


def _inside_sums(plan: _Plan, grid: Grid, h: float, key: NDArray[np.intp],
                 weights: tuple[NDArray[np.float64], ...]) -> NDArray[np.float64]:
    """Σ (h² − d²) per centre over the sub-cells wholly inside its support, from their moments."""
    m, c, reach, ncell, nxp, nyp = plan.m, grid.cell, plan.reach, plan.ncell, plan.nxp, plan.nyp
    h2 = h * h
    size = m * m * ncell
    moments: list[NDArray[np.float64]] = [np.bincount(key, minlength=size).astype(np.float64)]
    moments += [np.bincount(key, weights=w, minlength=size).astype(np.float64, copy=False) for w in weights]
    moments = [a.reshape(m, m, ncell) for a in moments]  # [py, px, padded cell]
    out = np.zeros(grid.shape)

    def add(sums: NDArray[np.float64], dr: int, dc: int) -> None:
        """Centres at (row, col) get the moments of the cell at (row + dr, col + dc)."""
        dx, dy = dc * c, dr * c
        w = np.array([h2 - dx * dx - dy * dy, -2.0 * dx, -2.0 * dy, -1.0])
        window = sums.reshape(4, nyp, nxp)[:, reach + dr:reach + dr + grid.ny, reach + dc:reach + dc + grid.nx]
        out[...] += np.einsum("k,kyx->yx", w, window)

    # Cells cut by the circle: the inside sub-cells of a sub-row form one run, which starts at the cell's west
    # or east side or (in the centre's column) lies in the middle. Runs are summed directly or from running
    # totals from the west and from the east, never as a difference of running totals, which would carry the
    # rounding of the points left out (a crowd just outside next to a lone point inside).
    partial = plan.partial()
    edge_runs = []
    for dr, dc, runs in partial:
        if all(lo == 0 or hi == m - 1 for _, lo, hi in runs):
            edge_runs.append((dr, dc, runs))
            continue
        sums = np.zeros((4, ncell))
        for py, lo, hi in runs:
            for k in range(4):
                sums[k] += moments[k][py, lo:hi + 1].sum(axis=0)
        add(sums, dr, dc)
    if edge_runs:
        east = [a.copy() for a in moments]
        for k in range(4):
            for j in range(1, m):
                moments[k][:, j] += moments[k][:, j - 1]  # now running totals from the west
                east[k][:, m - 1 - j] += east[k][:, m - j]
        for dr, dc, runs in edge_runs:
            sums = np.zeros((4, ncell))
            for py, lo, hi in runs:
                for k in range(4):
                    sums[k] += moments[k][py, hi] if lo == 0 else east[k][py, lo]
            add(sums, dr, dc)
        del east
        totals = np.stack([a[:, m - 1].sum(axis=0) for a in moments])
    else:
        totals = np.stack([a.sum(axis=(0, 1)) for a in moments])
    del moments
    for i, j in zip(*np.nonzero(plan.inside.all(axis=(2, 3))), strict=True):
        add(totals, int(plan.offsets[i]), int(plan.offsets[j]))
    return out


def _crossing_sums(plan: _Plan, grid: Grid, h: float, key: NDArray[np.intp], fx: NDArray[np.float64],
                   fy: NDArray[np.float64], bounds: NDArray[np.intp]) -> NDArray[np.float64]:
    """Σ (h² − d²) per centre over the points of the sub-cells its circle cuts, point by point."""
    m, c, reach, ncell, nxp, nyp = plan.m, grid.cell, plan.reach, plan.ncell, plan.nxp, plan.nyp
    h2 = h * h
    threshold = _support_threshold(h)
    flat = np.zeros(ncell)
    w = np.empty(int(np.diff(bounds).max(initial=0)))
    cross_dr, cross_dc, cross_py, cross_px = np.nonzero(plan.crossing)
    cross_position = cross_py * m + cross_px
    for p in range(m * m):
        start, stop = int(bounds[p]), int(bounds[p + 1])
        here = cross_position == p
        if start == stop or not here.any():
            continue
        drs, dr_index = np.unique(plan.offsets[cross_dr[here]], return_inverse=True)
        dcs, dc_index = np.unique(plan.offsets[cross_dc[here]], return_inverse=True)
        sq_x = fx[start:stop] + (dcs * c)[:, None]  # x − (the centre's x): exact, as sklearn takes it
        sq_x *= sq_x
        sq_y = fy[start:stop] + (drs * c)[:, None]
        sq_y *= sq_y
        cells = key[start:stop] - p * ncell
        d2 = w[:stop - start]
        for i, j in zip(dr_index, dc_index, strict=True):
            np.add(sq_x[j], sq_y[i], out=d2)  # summed in sklearn's order
            if threshold == h2:
                np.subtract(h2, d2, out=d2)
                np.maximum(d2, 0.0, out=d2)
            else:
                np.copyto(d2, np.where(d2 < threshold, h2 - d2, 0.0))
            sums = np.bincount(cells, weights=d2, minlength=ncell)
            shift = int(drs[i]) * nxp + int(dcs[j])  # the centre's padded cell is the point's cell − shift
            if shift >= 0:  # (a shift past a row end lands in the padding, which is cut off)
                flat[:ncell - shift] += sums[shift:]
            else:
                flat[-shift:] += sums[:ncell + shift]
    return flat.reshape(nyp, nxp)[reach:reach + grid.ny, reach:reach + grid.nx]
