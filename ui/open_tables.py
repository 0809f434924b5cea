"""Open-answer tables as people read them: themes, the coding sheet (one tick column per code)
and the suggestions to accept; and reading the edited sheet back."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analytics.polling.coding import Answer, Code
from analytics.polling.open_answers import Themes
from ui.i18n import lang, t
from workflows.fmt import format_number


def themes(found: Themes, texts: pd.Series, examples: int = 3) -> pd.DataFrame:
    """One row per theme: its top terms, how many answers it leads and example answers."""
    count = int(found.answers["theme"].max()) + 1 if len(found.answers) else 0
    sizes = found.answers["theme"].value_counts()
    return pd.DataFrame(
        {
            t("open.theme"): range(1, count + 1),
            t("open.terms"): [", ".join(found.top_terms(k)) for k in range(count)],
            t("open.theme_answers"): [int(sizes.get(k, 0)) for k in range(count)],
            t("open.examples"): [
                " | ".join(texts.iloc[found.examples(k, examples)]) for k in range(count)
            ],
        }
    )


def coding_sheet(answers: pd.DataFrame, frame: Sequence[Code]) -> pd.DataFrame:
    """Wave, respondent (from 1), answer, then a tick column per code label."""
    sheet = pd.DataFrame(
        {
            t("col.wave"): answers["wave"].astype(int),
            t("col.respondent"): answers["respondent"].astype(int) + 1,
            t("col.answer"): answers["text"],
        }
    )
    for entry in frame:
        sheet[entry.label] = answers["codes"].map(lambda codes, c=entry.code: c in codes)
    return sheet


def assignments(
    edited: pd.DataFrame, answers: pd.DataFrame, frame: Sequence[Code]
) -> dict[Answer, list[str]]:
    """The answers whose ticks changed, with their new codes (rows align with ``answers``)."""
    ticks = edited[[entry.label for entry in frame]].fillna(False).to_numpy(dtype=bool)
    out: dict[Answer, list[str]] = {}
    for row, (wave, respondent, codes) in enumerate(
        answers[["wave", "respondent", "codes"]].itertuples(index=False)
    ):
        chosen = [entry.code for entry, on in zip(frame, ticks[row], strict=True) if on]
        if set(chosen) != set(codes):
            out[(int(wave), int(respondent))] = chosen
    return out


def suggestion_sheet(proposed: pd.DataFrame, frame: Sequence[Code]) -> pd.DataFrame:
    """Each suggestion: the answer, the code's label, the confidence (%) and a tick to accept."""
    labels = {entry.code: entry.label for entry in frame}
    return pd.DataFrame(
        {
            t("col.answer"): proposed["text"],
            t("open.code"): proposed["code"].map(labels),
            t("open.confidence"): [
                format_number(100 * v, 0, lang()) for v in proposed["confidence"]
            ],
            t("open.accept_col"): True,
        }
    )
