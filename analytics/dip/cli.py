"""``lentera dip ...``: the DIP commands (evaluation on the shipped corpus; storage and review)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from analytics.dip.corpus import CORPUS, load_corpus
from analytics.dip.evaluate import cold_start, review_session
from workflows.fmt import format_number


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``lentera dip`` and its subcommands."""
    dip = commands.add_parser("dip", help="DIP classification: evaluate, import, review, retrain")
    sub = dip.add_subparsers(title="dip commands", metavar="SUBCOMMAND")
    evaluate = sub.add_parser(
        "evaluate", help="agency-held-out macro-F1 and a simulated review session"
    )
    evaluate.add_argument("--corpus", type=Path, default=CORPUS, help="labelled corpus CSV")
    evaluate.add_argument("--folds", type=int, default=5, help="GroupKFold splits (default 5)")
    evaluate.add_argument("--batch", type=int, default=10, help="review batch size (default 10)")
    evaluate.add_argument(
        "--quick", action="store_true", help="3 folds, at most 20 reviewed items per agency"
    )
    evaluate.add_argument(
        "--full-refit", action="store_true", help="refit the text models after every batch too"
    )
    evaluate.set_defaults(handler=_evaluate)


def _pct(value: float) -> str:
    return f"{format_number(100 * value, 1)}%"


def _evaluate(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.corpus)
    folds = 3 if args.quick else args.folds
    started = time.perf_counter()
    cold, _ = cold_start(corpus, folds=folds)
    print(f"corpus: {len(corpus)} items, {corpus['agency'].nunique()} agencies, "
          f"GroupKFold({folds}) on agency")  # fmt: skip
    print(f"cold start, category: macro-F1 {format_number(cold.category_macro_f1, 3)}, "
          f"accuracy {_pct(cold.category_accuracy)}, "
          f"calibration error {format_number(cold.calibration_error, 3)}")  # fmt: skip
    print(f"cold start, topic:    macro-F1 {format_number(cold.topic_macro_f1, 3)}, "
          f"accuracy {_pct(cold.topic_accuracy)}")  # fmt: skip
    session = review_session(
        corpus,
        folds=folds,
        batch=args.batch,
        limit=20 if args.quick else None,
        full_refit=args.full_refit,
    )
    ratio = session.model_correction_rate / max(session.baseline_correction_rate, 1e-9)
    print(f"review session: {session.items} items of {session.agencies} agencies, "
          f"batches of {args.batch}, least confident first")  # fmt: skip
    print(f"  correction rate, model:    {_pct(session.model_correction_rate)}")
    print(f"  correction rate, baseline: {_pct(session.baseline_correction_rate)} "
          "(most common category seen so far in the agency)")  # fmt: skip
    print(f"  model / baseline: {format_number(ratio, 2)} (goal <= 0,5)")
    f1_goal = "met" if cold.category_macro_f1 >= 0.6 else "NOT met"
    rate_goal = "met" if ratio <= 0.5 else "NOT met"
    print(f"goals: cold-start category macro-F1 >= 0,6 {f1_goal}; "
          f"correction rate <= half the baseline's {rate_goal}")  # fmt: skip
    print(f"runtime {format_number(time.perf_counter() - started, 1)} s")
    return 0
