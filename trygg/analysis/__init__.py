"""Pure numpy/scipy analysis for the lägesbild (no Django imports): arrays in, arrays out.

- ``grid``: a regular metric lattice (SWEREF99 TM metres) and point binning.
- ``raster``: point → area labels through a raster index with an exact fallback in boundary cells.
- ``weeks``: Europe/Stockholm local dates, ISO weeks and the area × category × week count cube.
- ``gistar``: Getis-Ord Gi* on a lattice (analytic z, permutation p-values, Benjamini–Hochberg FDR).
- ``kde``: exact compact-kernel density surfaces (Epanechnikov, quartic).
- ``trend``: Mann–Kendall trend test per series and emerging-hotspot labels.
- ``effect``: before/after effect of an intervention against comparison areas (Poisson rate ratio).

Methods and their checks against the peer libraries: docs/analysis.md, docs/decisions/0008-analysis-methods.md.
"""
