"""The SOP flowchart: every shipped SOP drawn as SVG, parsed back and checked shape by shape."""

from __future__ import annotations

import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.test_sop_upload import revised_polling
from workflows.catalog import role_catalog, shipped_sop, shipped_sops
from workflows.cli import main
from workflows.db import Database
from workflows.flowchart import LANE_W, MARGIN, NO_W, render_flowchart
from workflows.sop import Sop
from workflows.sop_file import parse_sop
from workflows.sop_upload import upload_sop
from workflows.users import get_user

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "</text><script>alert('x')</script> & <![CDATA[ ]]> \"kutip\""
HOSTILE_SOP = f"""\
id: uji-coba
unit: cirebon-diskominfo
identitas:
  nomor: "X/1"
  nama: "Uji <b>coba</b> & lain-lain"
pelaksana: [pemantau_opini_publik, kabid_pengelolaan_informasi_publik]
langkah:
  - langkah: 1
    kegiatan: '{HOSTILE.replace("'", "''")}'
    pelaksana: pemantau_opini_publik
  - langkah: 2
    jenis: keputusan
    kegiatan: Setuju?
    pelaksana: kabid_pengelolaan_informasi_publik
    ya: 3
    tidak: 1
  - langkah: 3
    kegiatan: Selesaikan
    pelaksana: pemantau_opini_publik
"""


def parse(svg: str) -> ET.Element:
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    return ET.fromstring(svg.encode("utf-8"))


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == cls]


def step_group(root: ET.Element, no: str) -> ET.Element:
    (found,) = (g for g in groups(root, "step") if g.get("data-step") == no)
    return found


def shape_of(group: ET.Element) -> ET.Element:
    (shape,) = (el for el in group if el.get("class") == "shape")
    return shape


def centre(shape: ET.Element) -> tuple[float, float]:
    if shape.tag == f"{SVG}rect":
        x, y = float(shape.get("x", "")), float(shape.get("y", ""))
        return x + float(shape.get("width", "")) / 2, y + float(shape.get("height", "")) / 2
    points = [tuple(map(float, p.split(","))) for p in shape.get("points", "").split()]
    return (points[0][0], (points[0][1] + points[2][1]) / 2)  # a diamond: top, right, bottom


def text_of(element: ET.Element) -> str:
    """The visible text: the lines of its text elements, joined by spaces (no tooltips)."""
    return " ".join(span.text or "" for span in element.iter(f"{SVG}tspan"))


def label_of(edge: ET.Element) -> str:
    (label,) = (el for el in edge.iter(f"{SVG}text") if el.get("class") == "edge-label")
    return label.text or ""


def title_of(element: ET.Element) -> str:
    """The tooltip: the ``<title>`` child."""
    found = element.find(f"{SVG}title")
    assert found is not None
    return found.text or ""


def expected_edges(sop: Sop) -> set[tuple[str, str, str]]:
    edges = {("<mulai>", sop.steps[0].no, "")}
    for step in sop.steps:
        for action, target in step.transitions().items():
            label = "" if action == "selesai" else action
            edges.add((step.no, target or "<selesai>", label))
    return edges


@pytest.mark.parametrize("sop", shipped_sops(), ids=lambda sop: sop.id)
def test_every_shipped_sop_is_drawn_whole(sop: Sop) -> None:
    root = parse(render_flowchart(sop))
    assert root.tag == f"{SVG}svg"
    lanes = groups(root, "lane")
    assert [lane.get("data-role") for lane in lanes] == list(sop.roles)
    assert [text_of(lane) for lane in lanes] == [role_catalog()[r].label_id for r in sop.roles]
    steps = groups(root, "step")
    assert [g.get("data-step") for g in steps] == [step.no for step in sop.steps]
    assert [g.get("data-kind") for g in steps] == [step.kind for step in sop.steps]
    edges = {
        (g.get("data-from"), g.get("data-to"), g.get("data-label")) for g in groups(root, "edge")
    }
    assert edges == expected_edges(sop)
    assert len(groups(root, "edge")) == len(expected_edges(sop))
    terminators = [g.get("data-terminator") for g in groups(root, "terminator")]
    assert terminators[0] == "mulai"
    ends = any(target is None for s in sop.steps for target in s.transitions().values())
    assert terminators[1:] == (["selesai"] if ends else [])


@pytest.mark.parametrize("sop", shipped_sops(), ids=lambda sop: sop.id)
def test_steps_run_top_to_bottom_in_the_lane_of_their_role(sop: Sop) -> None:
    root = parse(render_flowchart(sop))
    centres = [centre(shape_of(step_group(root, step.no))) for step in sop.steps]
    assert all(a[1] < b[1] for a, b in itertools.pairwise(centres))
    for step, (x, _) in zip(sop.steps, centres, strict=True):
        if step.role is not None:
            lane = sop.roles.index(step.role)
            assert MARGIN + NO_W + LANE_W * lane < x < MARGIN + NO_W + LANE_W * (lane + 1)


@pytest.mark.parametrize(
    ("sop_id", "decisions"),
    [
        ("cirebon-polling", {"4": ("5", "3")}),
        ("cianjur-publikasi-medsos", {"2": ("3", "7"), "4": ("5", "3")}),
        ("kpu-ri-penyusunan-dip", {"9": ("10", "8")}),
    ],
)
def test_decisions_have_ya_and_tidak_edges(
    sop_id: str, decisions: dict[str, tuple[str, str]]
) -> None:
    root = parse(render_flowchart(shipped_sop(sop_id)))
    for no, (yes, no_target) in decisions.items():
        out = {g.get("data-label"): g for g in groups(root, "edge") if g.get("data-from") == no}
        assert out["ya"].get("data-to") == yes
        assert out["tidak"].get("data-to") == no_target
        assert label_of(out["ya"]) == "Ya"
        assert label_of(out["tidak"]) == "Tidak"
    english = parse(render_flowchart(shipped_sop(sop_id), lang="en"))
    labels = {label_of(g) for g in groups(english, "edge") if g.get("data-label")}
    assert labels == {"Yes", "No"}


def polyline(edge: ET.Element) -> list[tuple[float, float]]:
    (line,) = edge.iter(f"{SVG}polyline")
    return [(float(x), float(y)) for x, y in (p.split(",") for p in line.get("points", "").split())]


def test_a_loop_back_runs_right_of_the_lanes_into_the_earlier_step() -> None:
    sop = shipped_sop("cirebon-polling")
    root = parse(render_flowchart(sop))
    (loop,) = (g for g in groups(root, "edge") if g.get("data-label") == "tidak")
    points = polyline(loop)
    lanes_right = MARGIN + NO_W + LANE_W * len(sop.roles)
    assert max(x for x, _ in points) > lanes_right
    target = shape_of(step_group(root, "3"))
    right_side = float(target.get("x", "")) + float(target.get("width", ""))
    assert points[-1] == (right_side, centre(target)[1])
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(points))
    assert float(root.get("width", "")) > max(x for x, _ in points)


NESTED_LOOPS = """\
id: loop-bersarang
unit: serang-ppid
identitas: {nomor: L/1, nama: Putaran bersarang}
pelaksana: [ppid_pembantu, ppid_utama]
langkah:
  - {langkah: 1, kegiatan: Menyusun, pelaksana: ppid_pembantu}
  - {langkah: 2, kegiatan: Menelaah, pelaksana: ppid_pembantu}
  - {langkah: 3, jenis: keputusan, kegiatan: Lengkap, pelaksana: ppid_utama, ya: 4, tidak: 2}
  - {langkah: 4, kegiatan: Menimbang, pelaksana: ppid_utama}
  - {langkah: 5, jenis: keputusan, kegiatan: Sah, pelaksana: ppid_utama, ya: 6, tidak: 1}
  - {langkah: 6, kegiatan: Mengumumkan, pelaksana: ppid_pembantu}
  - {langkah: 7, jenis: keputusan, kegiatan: Diterima, pelaksana: ppid_utama, ya: 8, tidak: 6}
  - {langkah: 8, jenis: selesai, kegiatan: Selesai}
"""


def test_nested_loops_take_outer_channels_and_disjoint_loops_share_one() -> None:
    sop = parse_sop(NESTED_LOOPS, file="loops.yaml", known_roles=role_catalog())
    root = parse(render_flowchart(sop))
    channel = {
        (g.get("data-from"), g.get("data-to")): max(x for x, _ in polyline(g))
        for g in groups(root, "edge")
        if g.get("data-label") == "tidak"
    }
    assert channel[("3", "2")] == channel[("7", "6")] < channel[("5", "1")]
    assert float(root.get("width", "")) > channel[("5", "1")]


def test_a_jump_over_rows_uses_a_pair_of_connectors() -> None:
    root = parse(render_flowchart(shipped_sop("cianjur-publikasi-medsos")))
    (jump,) = (
        g for g in groups(root, "edge") if g.get("data-from") == "2" and g.get("data-to") == "7"
    )
    letters = [p.get("data-letter") for p in jump.iter(f"{SVG}polygon")]
    assert letters == ["A"]
    (incoming,) = groups(root, "connector-in")
    assert incoming.get("data-to") == "7"
    assert [p.get("data-letter") for p in incoming.iter(f"{SVG}polygon")] == ["A"]
    assert "A" in text_of(incoming)


def test_hostile_text_is_escaped() -> None:
    sop = parse_sop(HOSTILE_SOP, file="uji.yaml", known_roles=role_catalog())
    control = dataclasses.replace(sop.steps[2], activity="nol\x00 satu\x01 dua\x0b")
    svg = render_flowchart(dataclasses.replace(sop, steps=(*sop.steps[:2], control)))
    root = parse(svg)
    assert "<script" not in svg
    assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))
    assert title_of(root) == "X/1 Uji <b>coba</b> & lain-lain"
    first = step_group(root, "1")
    assert title_of(first) == HOSTILE
    assert title_of(step_group(root, "3")) == "nol satu dua"


def test_long_activity_labels_wrap_and_keep_the_whole_text_as_a_tooltip() -> None:
    sop = shipped_sop("serang-uji-konsekuensi")
    long_text = " ".join(["Menelaah dokumen pendukung pengecualian informasi"] * 8)
    steps = (dataclasses.replace(sop.steps[0], activity=long_text), *sop.steps[1:])
    root = parse(render_flowchart(dataclasses.replace(sop, steps=steps)))
    group = step_group(root, "1")
    lines = [span.text or "" for span in group.iter(f"{SVG}tspan")]
    assert 2 < len(lines) <= 6
    assert all(len(line) <= 22 for line in lines)
    assert lines[-1].endswith("…")
    assert title_of(group) == long_text


def test_highlight_fill_and_badge() -> None:
    sop = shipped_sop("cirebon-polling")
    svg = render_flowchart(
        sop,
        highlight="4",
        step_fill={"1": "#16a34a", "2": "rgb(220, 38, 38)"},
        step_badge={"4": "92%"},
    )
    root = parse(svg)
    highlighted = [g.get("data-step") for g in groups(root, "step") if g.get("data-highlight")]
    assert highlighted == ["4"]
    assert shape_of(step_group(root, "4")).get("stroke-width") == "4"
    assert shape_of(step_group(root, "3")).get("stroke-width") == "1.5"
    assert shape_of(step_group(root, "1")).get("fill") == "#16a34a"
    assert shape_of(step_group(root, "2")).get("fill") == "rgb(220, 38, 38)"
    assert shape_of(step_group(root, "5")).get("fill") == "#ffffff"
    badges = {
        g.get("data-step"): "".join(badge.itertext())
        for g in groups(root, "step")
        for badge in groups(g, "badge")
    }
    assert badges == {"4": "92%"}
    assert svg == render_flowchart(
        sop,
        highlight="4",
        step_fill={"2": "rgb(220, 38, 38)", "1": "#16a34a"},
        step_badge={"4": "92%"},
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"highlight": "99"}, "has no step 99"),
        ({"step_fill": {"1": 'red" onload="alert(1)'}}, "not a CSS colour"),
        ({"step_fill": {"1": "url(javascript:alert(1))"}}, "not a CSS colour"),
        ({"step_badge": {"3a": "x"}}, "has no step 3a"),
    ],
)
def test_bad_options_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        render_flowchart(shipped_sop("cirebon-polling"), **options)  # type: ignore[arg-type]


def test_english_labels() -> None:
    root = parse(render_flowchart(shipped_sop("cirebon-polling"), lang="en"))
    assert next(text_of(g) for g in groups(root, "lane")) == "Public opinion monitor"
    assert [text_of(g) for g in groups(root, "terminator")] == ["Start", "End"]


def test_cli_draws_a_shipped_sop(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["flowchart", "cirebon-polling", "--lang", "en", "--highlight", "4"]) == 0
    root = parse(capsys.readouterr().out)
    assert [g.get("data-step") for g in groups(root, "step") if g.get("data-highlight")] == ["4"]
    target = tmp_path / "polling.svg"
    assert main(["flowchart", "serang-uji-konsekuensi", "-o", str(target)]) == 0
    assert len(groups(parse(target.read_text(encoding="utf-8")), "step")) == 6


def test_cli_draws_stored_versions(
    capsys: pytest.CaptureFixture[str], db_path: Path, polling_users: dict[str, str]
) -> None:
    db = Database(db_path)
    upload_sop(db, get_user(db, "admin"), revised_polling().encode(), "rev.yaml")
    db.close()
    drawn = {}
    for version in ("1", "2"):
        argv = ["flowchart", "cirebon-polling", "--db", str(db_path), "--version", version]
        assert main(argv) == 0
        drawn[version] = len(groups(parse(capsys.readouterr().out), "step"))
    assert main(["flowchart", "cirebon-polling", "--db", str(db_path)]) == 0
    assert len(groups(parse(capsys.readouterr().out), "step")) == drawn["2"] == drawn["1"] - 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["flowchart", "tidak-ada"], "no SOP 'tidak-ada'"),
        (["flowchart", "cirebon-polling", "--version", "2"], "--version needs --db"),
        (["flowchart", "cirebon-polling", "--db", "tidak/ada.duckdb"], "no database file"),
        (["flowchart", "cirebon-polling", "--highlight", "99"], "has no step 99"),
    ],
)
def test_cli_errors_are_one_sentence(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("lentera: ") and message in err
