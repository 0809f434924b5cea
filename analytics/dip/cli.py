"""``lentera dip ...``: the DIP commands (evaluation on the shipped corpus; storage and review)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from analytics.dip.corpus import CORPUS, load_corpus
from analytics.dip.evaluate import ORDERS, by_half, cold_start, review_session
from analytics.dip.io import read_dip
from analytics.dip.model import COMBINERS, DipClassifier
from analytics.dip.store import import_items, queue
from analytics.dip.versions import model_versions, retrain, suggest_new
from workflows.cli_options import db_option
from workflows.db import Database
from workflows.fmt import format_date, format_number


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
    evaluate.add_argument(
        "--order",
        choices=ORDERS,
        default="least",
        help="review order: least confident first (the queue's), most confident first, or "
        "most confident for an agency's first batch only (default least)",
    )
    evaluate.add_argument(
        "--combiner",
        choices=COMBINERS,
        default="learned",
        help="how the category evidence is combined: the combiner learned from simulated "
        "review sessions, or the hand-built product (default learned)",
    )
    evaluate.set_defaults(handler=_evaluate)

    load = sub.add_parser("import", help="import a DIP (CSV or XLSX with the Perki columns)")
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--agency", required=True, help="the agency (badan publik) it belongs to")
    load.add_argument("--user", required=True, help="who imports it (recorded)")
    db_option(load)
    load.set_defaults(handler=_import)

    train = sub.add_parser("retrain", help="train a new model version and refresh suggestions")
    train.add_argument("--user", required=True, help="who retrains (recorded)")
    db_option(train)
    train.set_defaults(handler=_retrain)

    waiting = sub.add_parser("queue", help="items waiting for review, least confident first")
    waiting.add_argument("--agency", help="only this agency")
    waiting.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    db_option(waiting)
    waiting.set_defaults(handler=_queue)

    versions = sub.add_parser("versions", help="the stored model versions and their metrics")
    db_option(versions)
    versions.set_defaults(handler=_versions)


_ORDER_TEXT = {
    "least": "least confident first",
    "most": "most confident first",
    "cold-most": "most confident first in an agency's first batch, then least confident first",
}


def _pct(value: float) -> str:
    return f"{format_number(100 * value, 1)}%"


def _evaluate(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.corpus)
    folds = 3 if args.quick else args.folds
    started = time.perf_counter()

    def make() -> DipClassifier:
        return DipClassifier(combiner=args.combiner)

    cold, _ = cold_start(corpus, folds=folds, make=make)
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
        order=args.order,
        make=make,
    )
    ratio = session.model_correction_rate / max(session.baseline_correction_rate, 1e-9)
    print(f"review session: {session.items} items of {session.agencies} agencies, "
          f"batches of {args.batch}, {_ORDER_TEXT[args.order]}, "
          f"{args.combiner} combiner")  # fmt: skip
    print(f"  correction rate, model:    {_pct(session.model_correction_rate)}")
    print(f"  correction rate, baseline: {_pct(session.baseline_correction_rate)} "
          "(most common category seen so far in the agency)")  # fmt: skip
    print(f"  model / baseline: {format_number(ratio, 2)} (goal <= 0,5)")
    for name, row in by_half(session.per_agency).iterrows():
        print(f"  {name} half of the agencies ({int(row['items'])} items): "
              f"model {_pct(row['model'])}, baseline {_pct(row['baseline'])}")  # fmt: skip
    print("  learning curve: correction rate by items of the agency already reviewed")
    for reviewed, row in session.curve.head(6).iterrows():
        print(f"    after {reviewed:>3} reviewed ({int(row['items'])} items): "
              f"model {_pct(row['model'])}, baseline {_pct(row['baseline'])}")  # fmt: skip
    f1_goal = "met" if cold.category_macro_f1 >= 0.6 else "NOT met"
    rate_goal = "met" if ratio <= 0.5 else "NOT met"
    print(f"goals: cold-start category macro-F1 >= 0,6 {f1_goal}; "
          f"correction rate <= half the baseline's {rate_goal}")  # fmt: skip
    print(f"runtime {format_number(time.perf_counter() - started, 1)} s")
    return 0


def _import(args: argparse.Namespace) -> int:
    frame = read_dip(args.file)
    db = Database(args.db)
    count = import_items(db, frame, agency=args.agency, user=args.user, source=args.file.name)
    labelled = int((frame["category"] != "").sum())
    suggested = suggest_new(db)
    then = (
        f"{suggested} suggested by the latest model version"
        if model_versions(db)
        else "no model version yet: `lentera dip retrain --user NAME` suggests them"
    )
    print(f"{args.file.name}: {count} items of {args.agency} imported "
          f"({labelled} with a category, {count - labelled} to review); {then}")  # fmt: skip
    return 0


def _retrain(args: argparse.Namespace) -> int:
    version, _ = retrain(Database(args.db), args.user)
    metrics = version.metrics
    print(f"model version {version.version}: {version.corpus_items} corpus items + "
          f"{version.reviewed_items} reviewed; cold-start category macro-F1 "
          f"{format_number(metrics['category_macro_f1'], 3)}, topic macro-F1 "
          f"{format_number(metrics['topic_macro_f1'], 3)}")  # fmt: skip
    return 0


def _queue(args: argparse.Namespace) -> int:
    items = queue(Database(args.db), limit=args.limit, agency=args.agency)
    columns = ["id", "category_confidence", "suggested_category", "suggested_topic", "title"]
    for item_id, confidence, category, topic, title in items[columns].to_numpy().tolist():
        print(f"{item_id}\t{format_number(confidence, 2)}\t{category}\t{topic}\t{title}")
    print(f"{len(items)} item(s) shown")
    return 0


def _versions(args: argparse.Namespace) -> int:
    versions = model_versions(Database(args.db))
    if not versions:
        print("no model version yet: `lentera dip retrain --user NAME` trains the first")
    for version in versions:
        print(f"v{version.version}\t{format_date(version.created_at.date())}\t"
              f"{version.created_by}\t{version.reviewed_items} reviewed\tmacro-F1 "
              f"{format_number(version.metrics['category_macro_f1'], 3)}")  # fmt: skip
    return 0
