"""The words of the poll report in Bahasa Indonesia and English: column headers, sheet names,
the disclosure sentences, the chart axis, the PDF footer and the tidy CSV's column names.
``text(key, lang)`` looks one up."""

from __future__ import annotations

from typing import Final

from workflows.fmt import Lang

_TEXT: Final[dict[str, tuple[str, str]]] = {
    # topline, Likert and test columns
    "code": ("kode", "code"),
    "question": ("pertanyaan", "question"),
    "option": ("pilihan", "option"),
    "pct": ("%", "%"),
    "ci_low": ("IK 95% bawah", "95% CI low"),
    "ci_high": ("IK 95% atas", "95% CI high"),
    "n": ("n", "n"),
    "n_eff": ("n efektif", "effective n"),
    "deff": ("efek desain", "design effect"),
    "bottom2": ("bottom-2 (%)", "bottom-2 (%)"),
    "top2": ("top-2 (%)", "top-2 (%)"),
    "net": ("selisih (poin)", "net (points)"),
    "banner": ("banner", "banner"),
    "f": ("F", "F"),
    "ndf": ("db1", "ndf"),
    "ddf": ("db2", "ddf"),
    "p": ("p", "p"),
    # banner tables
    "grid_option": ("Pilihan", "Option"),
    "total": ("Total", "Total"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    # sheets and the summary sheet
    "sheet_summary": ("ringkasan", "summary"),
    "sheet_topline": ("topline", "topline"),
    "sheet_likert": ("likert", "likert"),
    "sheet_tests": ("uji", "tests"),
    "item": ("butir", "item"),
    "value": ("nilai", "value"),
    "title": ("Judul", "Title"),
    "respondents": ("Responden (n)", "Respondents (n)"),
    "effective_n": ("n efektif", "Effective n"),
    "design_effect": ("Efek desain", "Design effect"),
    "note": ("Catatan", "Note"),
    # sentences
    "sizes": (
        "n = {n}, n efektif = {n_eff}, efek desain = {deff}",
        "n = {n}, effective n = {n_eff}, design effect = {deff}",
    ),
    "disclosure_probability": (
        "Desain sampel probabilitas dinyatakan oleh analis; interval kepercayaan 95% dihitung "
        "dengan linearisasi Taylor ({sizes}).",
        "The analyst declared a probability sample design; 95% confidence intervals are "
        "Taylor-linearised ({sizes}).",
    ),
    "disclosure_optin": (
        "Sampel non-probabilitas (opt-in): margin of error tidak dapat dihitung dan tidak "
        "dicantumkan; angka menggambarkan responden ({sizes}). Uji Rao–Scott dan tanda sel hanya "
        "indikatif.",
        "Non-probability (opt-in) sample: no margin of error can be computed and none is given; "
        "the figures describe the respondents ({sizes}). The Rao–Scott tests and cell marks are "
        "only indicative.",
    ),
    "marks_note": (
        "Uji Rao–Scott (F orde kedua); (+) dan (-) menandai sel yang berbeda nyata (IK 95%) dari "
        "proporsi keseluruhan.",
        "Rao–Scott test (second-order F); (+) and (-) mark cells significantly different (95% CI) "
        "from the overall share.",
    ),
    "chart_axis": ("% responden", "% of respondents"),
    "footer": ("Lentera: laporan analisis polling", "Lentera: poll analysis report"),
}

TIDY_NAMES_ID: Final[dict[str, str]] = {
    "table": "tabel",
    "code": "kode",
    "question": "pertanyaan",
    "option": "pilihan",
    "banner": "banner",
    "category": "kategori",
    "pct": "persen",
    "ci_low": "ik_bawah",
    "ci_high": "ik_atas",
    "n": "n",
    "n_eff": "n_efektif",
    "significant": "signifikan",
}
"""The tidy CSV's column identifiers in Indonesian (English keeps the frame's own names)."""


def text(key: str, lang: Lang) -> str:
    """The report's word for ``key`` in ``lang``; an unknown key raises ``KeyError``."""
    indonesian, english = _TEXT[key]
    return english if lang == "en" else indonesian
