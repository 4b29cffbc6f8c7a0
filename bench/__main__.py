"""Run every benchmark side by side with its peers and write docs/performance.md.

    python -m bench            # everything, full size (writes docs/performance.md)
    python -m bench --quick    # smaller data, a fast check (writes docs/performance.md too, marked quick)
    python -m bench hotspots   # one benchmark, printed only
    python -m bench lagesbild_page --update   # run one and replace (or add) its section in docs/performance.md

A benchmark is a module ``bench/<name>.py`` with ``TITLE: str`` and ``run(quick: bool = False) -> str``
returning a markdown section (medians, ratios against the peer measured in the same run, correctness checks).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "performance.md"


def discover() -> list[str]:
    names = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if isinstance(getattr(module, "TITLE", None), str) and callable(getattr(module, "run", None)):
            names.append(info.name)
    return sorted(names, key=lambda n: (getattr(importlib.import_module(f"bench.{n}"), "ORDER", 100), n))


def versions() -> str:
    out = [f"Python {platform.python_version()}"]
    for name in ("numpy", "scipy", "shapely", "geopandas", "pandas", "duckdb", "esda", "libpysal", "numba",
                 "sklearn", "django"):
        try:
            module = importlib.import_module(name)
            out.append(f"{name} {getattr(module, '__version__', '?')}")
        except ImportError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def machine() -> str:
    import os

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return f"{os.cpu_count()} CPUs ({cpu}), load average at start {load}"


def update(sections: list[str]) -> None:
    """Replace the named sections of docs/performance.md (matched by their "## " title line), or add them."""
    text = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else "# Performance\n"
    for section in sections:
        title = section.splitlines()[0]
        start = text.find(title + "\n")
        if start < 0:
            marker = text.rfind("\nWhole run:")
            text = text[:marker] + "\n" + section + text[marker:] if marker >= 0 else text + "\n" + section
            continue
        end = text.find("\n## ", start + len(title))
        if end < 0:
            end = text.rfind("\nWhole run:")
        text = text[:start] + section + (text[end:] if end >= 0 else "")
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"updated {OUTPUT}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller data for a fast check")
    parser.add_argument("--update", action="store_true",
                        help="with names: replace (or add) their sections in docs/performance.md")
    args = parser.parse_args(argv)
    available = discover()
    names = args.names or available
    unknown = [n for n in names if n not in available]
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; available: {available}")
    started = time.perf_counter()
    header = [
        "# Performance",
        "",
        f"Written by `python -m bench{' --quick' if args.quick else ''}` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Do not edit by hand: rerun the command.",
        "",
        f"- Machine: {machine()}.",
        f"- Software: {versions()}.",
        "- Timing: wall clock, median of n runs after one warm-up run (n in each table); ratios are medians "
        "measured in the same run. The machine is shared, so absolute numbers move between runs; the ratios "
        "are the targets.",
        "- Targets: `../shared/DESIGN.md` (Performance targets) and the research file's T1–T7.",
        "",
    ]
    sections = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}: {module.TITLE}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            body = module.run(quick=args.quick)
        except Exception:
            body = f"**Failed:**\n\n```\n{traceback.format_exc()}\n```\n"
        sections.append(f"## {module.TITLE}\n\n{body.strip()}\n\n_Benchmark `{name}` took "
                        f"{time.perf_counter() - t0:.0f} s._\n")
        print(sections[-1], flush=True)
    if args.names:
        if args.update:
            update(sections)
        return 0
    footer = f"\nWhole run: {time.perf_counter() - started:.0f} s.\n"
    OUTPUT.write_text("\n".join(header) + "\n" + "\n".join(sections) + footer, encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
