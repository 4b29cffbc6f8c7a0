"""Hotspot and density layers for the lägesbild: Gi* cells, FDR significance, emerging labels, KDE surface.

Reads observations through ``Observation.objects.for_picture(user)`` and hands arrays to ``trygg.analysis``.
"""
