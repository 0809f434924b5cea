"""Benchmark: drawing SOP flowcharts (the catalog and record pages draw one on every run).

Times ``render_flowchart`` on each shipped SOP and on a large generated SOP (120 steps in six
lanes, a decision every fifth step looping back three steps, a far jump to the end), parsed
through the same validator as an upload. Run with ``make bench``.
"""

from __future__ import annotations

import time

from workflows.catalog import role_catalog, shipped_sops
from workflows.flowchart import render_flowchart
from workflows.sop import Sop
from workflows.sop_file import parse_sop

REPEAT = 50
LANES = [
    "pemantau_opini_publik",
    "kasi_pengelolaan_opini_publik",
    "kabid_pengelolaan_informasi_publik",
    "ppid_pembantu",
    "ppid_utama",
    "tim_pertimbangan",
]


def large_sop(steps: int = 120) -> Sop:
    """A valid generated SOP with loops and far jumps, read by the real validator."""
    lines = [
        "id: bench-besar",
        "unit: cirebon-diskominfo",
        "identitas:",
        "  nomor: BENCH/1",
        "  nama: SOP besar untuk pengukuran",
        f"pelaksana: [{', '.join(LANES)}]",
        "langkah:",
    ]
    for no in range(1, steps + 1):
        lines += [
            f"  - langkah: {no}",
            f"    kegiatan: Kegiatan nomor {no} dengan uraian yang cukup panjang untuk dibungkus",
            f"    pelaksana: {LANES[no % len(LANES)]}",
        ]
        if no % 5 == 0 and no < steps:
            lines += ["    jenis: keputusan", f"    ya: {no + 1}", f"    tidak: {no - 3}"]
    lines += [f"  - langkah: {steps + 1}", "    jenis: selesai", "    kegiatan: Selesai"]
    return parse_sop("\n".join(lines) + "\n", file="bench.yaml", known_roles=role_catalog())


def _per_render_ms(sop: Sop) -> float:
    began = time.perf_counter()
    for _ in range(REPEAT):
        render_flowchart(sop, highlight=sop.steps[1].no)
    return (time.perf_counter() - began) / REPEAT * 1000


def main() -> None:
    for sop in shipped_sops():
        print(f"flowchart {sop.id} ({len(sop.steps)} steps): {_per_render_ms(sop):.2f} ms")
    big = large_sop()
    svg = render_flowchart(big)
    print(
        f"flowchart generated ({len(big.steps)} steps, {len(big.roles)} lanes): "
        f"{_per_render_ms(big):.2f} ms, {len(svg) / 1024:.0f} KB of SVG"
    )


if __name__ == "__main__":
    main()
