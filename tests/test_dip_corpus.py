"""The shipped DIP corpus, its taxonomy and the title normalisation, on the real files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.dip.corpus import RAW_COLUMNS, REVIEWS, label_corpus, load_corpus
from analytics.dip.taxonomy import CATEGORIES, load_taxonomy
from analytics.dip.text import normalise


def test_shipped_labels_are_the_rules_plus_the_reviews() -> None:
    corpus = load_corpus()
    rebuilt = label_corpus(corpus.loc[:, list(RAW_COLUMNS)])
    pd.testing.assert_frame_equal(rebuilt, corpus)
    # 42 distinct agency names (the shared notes count 41 agencies)
    assert len(corpus) == 1396 and corpus["agency"].nunique() == 42
    assert (corpus["topic_source"] == "reviewed").sum() == len(pd.read_csv(REVIEWS))


def test_every_row_keeps_its_source_and_a_known_label() -> None:
    corpus = load_corpus()
    taxonomy = load_taxonomy()
    assert corpus["source_url"].str.startswith("http").all()
    assert set(corpus["category"]) == set(CATEGORIES)
    assert set(corpus["topic"]) == set(taxonomy.ids)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("DPA Pengesahan Dinas Sosial Tahun 2018", "dokumen pelaksanaan anggaran"),
        ("LHKPN Kabag Perekonomian", "laporan harta kekayaan penyelenggara negara"),
        ("Renstra Kecamatan", "rencana strategis"),
        ("SK Tim LPSE", "surat keputusan"),
        ("Perekaman e\u00adKTP", "perekaman ektp"),
        ("Standart Pelayanan Perijinan", "standar pelayanan perizinan"),
        ("Laporan Keuangan Tahun 2017", "laporan keuangan tahun _tahun_"),
    ],
)
def test_normalise_expands_acronyms_and_folds_variants(title: str, expected: str) -> None:
    assert expected in normalise(title)


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("Renstra Dinas Sosial", "perencanaan_program"),
        ("SOP Kenaikan Pangkat", "regulasi_kebijakan_sop"),
        ("DPA Pengajuan Dinas Perhubungan", "anggaran_keuangan"),
        ("Informasi tentang bencana alam", "kebencanaan_darurat"),
        ("Tata Cara Pengajuan Keberatan Informasi Publik", "informasi_publik_ppid"),
        ("Data Penyandang Disabilitas", "sosial_kesejahteraan"),
        ("Surat Masuk Periode Tahun 2018", "surat_arsip"),
    ],
)
def test_keyword_rules(title: str, topic: str) -> None:
    assert load_taxonomy().rule_topic(title) == topic


def test_personal_data_terms() -> None:
    taxonomy = load_taxonomy()
    terms = taxonomy.personal_data_terms("Fotokopi NPWP dan bukti lapor SPT")
    assert terms == ["fotokopi npwp", "npwp"]
    assert taxonomy.personal_data_terms("Rencana Strategis") == []


def test_taxonomy_errors_name_the_topic(tmp_path: Path) -> None:
    bad = tmp_path / "taxonomy.yaml"
    bad.write_text(
        "personal_data: {keywords: [nik]}\n"
        "topics:\n  anggaran: {default_category: rahasia, keywords: [dpa]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="topic 'anggaran': default_category"):
        load_taxonomy(bad)


def test_a_review_that_no_longer_matches_its_row_is_refused(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews.csv"
    reviews.write_text("row,topic,text\n0,pemilu,Bukan judul ini\n", encoding="utf-8")
    raw = load_corpus().loc[:, list(RAW_COLUMNS)]
    with pytest.raises(ValueError, match="row 0 is 'Rencana Strategis"):
        label_corpus(raw, reviews=reviews)
