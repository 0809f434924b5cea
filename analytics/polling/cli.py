"""``lentera poll ...``: import exports, list polls, show codebooks, rake a wave, export the
report, IKM and sample size."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analytics.polling.codebook import infer_codebook
from analytics.polling.errors import ImportProblem, RakeError
from analytics.polling.ikm import ikm, ikm_by_unit, krejcie_morgan
from analytics.polling.rake import rake
from analytics.polling.reader import read_responses
from analytics.polling.report import report_csv, report_pdf, report_xlsx, stored_report
from analytics.polling.store import (
    import_new_poll,
    import_wave,
    list_polls,
    poll_codebook,
    responses,
)
from analytics.polling.weighting import read_margins, save_weights
from workflows.cli_options import db_option
from workflows.db import Database
from workflows.fmt import format_number


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``poll`` command and its subcommands to the ``lentera`` parser."""
    poll = commands.add_parser("poll", help="polls: import exports, codebooks, IKM, sample size")
    sub = poll.add_subparsers(title="poll commands", metavar="SUBCOMMAND")

    load = sub.add_parser("import", help="import a CSV/XLSX export as a new poll or a new wave")
    load.add_argument("file", type=Path, metavar="FILE")
    target = load.add_mutually_exclusive_group(required=True)
    target.add_argument("--title", help="title of a new poll")
    target.add_argument("--poll", type=int, help="add the file as the next wave of this poll")
    load.add_argument("--unit", default="", help="unit id of a new poll")
    load.add_argument("--record", type=int, help="link the new poll to this polling record")
    load.add_argument("--label", default="", help="label of the wave (default 'Gelombang N')")
    load.add_argument("--by", default="cli", help="who imports (stored with the wave)")
    load.add_argument(
        "--probability", action="store_true", help="declare a probability design (default opt-in)"
    )
    db_option(load)
    load.set_defaults(handler=_import)

    listing = sub.add_parser("list", help="list polls with their waves and respondents")
    db_option(listing)
    listing.set_defaults(handler=_list)

    codebook = sub.add_parser(
        "codebook", help="print a codebook (of a poll, or inferred from FILE)"
    )
    source = codebook.add_mutually_exclusive_group(required=True)
    source.add_argument("--poll", type=int, help="a stored poll")
    source.add_argument("--file", type=Path, help="an export to infer a codebook from")
    db_option(codebook)
    codebook.set_defaults(handler=_codebook)

    weigh = sub.add_parser("rake", help="rake one wave to population margins and store the weights")
    weigh.add_argument("poll", type=int, metavar="POLL")
    weigh.add_argument("--wave", type=int, default=1, help="the wave to weight (default 1)")
    weigh.add_argument(
        "--margins", type=Path, required=True, help="CSV/XLSX: variabel, kategori, target"
    )
    weigh.add_argument("--cap", type=float, help="trim weights at CAP times the mean weight")
    weigh.add_argument("--by", default="cli", help="who weights (stored with the weights)")
    db_option(weigh)
    weigh.set_defaults(handler=_rake)

    report = sub.add_parser("report", help="export a poll's report as XLSX, PDF and tidy CSV")
    report.add_argument("poll", type=int, metavar="POLL")
    report.add_argument("--out", type=Path, required=True, help="folder for the three files")
    report.add_argument(
        "--banner", action="append", default=[], help="a banner question (repeatable)"
    )
    report.add_argument("--wave", type=int, help="one wave (default: every wave)")
    report.add_argument("--raked", action="store_true", help="use the stored raked weights")
    report.add_argument(
        "--lang", choices=["id", "en"], default="id", help="the report's language (default id)"
    )
    db_option(report)
    report.set_defaults(handler=_report)

    index = sub.add_parser("ikm", help="IKM of SKM answers (CSV/XLSX, one column per unsur)")
    index.add_argument("file", type=Path, metavar="FILE")
    index.add_argument("--method", choices=["2017", "2004"], default="2017")
    index.add_argument("--weight", choices=["exact", "rounded"], default="exact")
    index.add_argument("--unit-column", help="column of the service unit (one IKM per unit)")
    index.set_defaults(handler=_ikm)

    size = sub.add_parser("sample-size", help="Krejcie–Morgan sample size for a population")
    size.add_argument("population", type=int)
    size.set_defaults(handler=_sample_size)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"{path}: cannot read the file ({exc.strerror})") from exc


def _import(args: argparse.Namespace) -> int:
    file = read_responses(_read(args.file), args.file.name)
    db = Database(args.db)
    if args.poll is not None:
        wave = import_wave(db, args.poll, file, imported_by=args.by, label=args.label)
        poll_id = args.poll
    else:
        if not args.unit:
            raise ImportProblem("a new poll needs --unit")
        poll_id = import_new_poll(
            db,
            file,
            infer_codebook(file),
            title=args.title,
            unit=args.unit,
            created_by=args.by,
            record_id=args.record,
            probability=args.probability,
        )
        wave = 1
    separator = {None: "xlsx", ",": "','", ";": "';'", "\t": "tab"}[file.separator]
    print(
        f"poll {poll_id}, wave {wave}: {len(file.frame)} respondents from {args.file.name} "
        f"({file.platform}, {file.encoding}, separator {separator}, "
        f"decimal {'comma' if file.decimal_comma else 'point'})"
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    polls = list_polls(Database(args.db))
    if polls.empty:
        print("no polls yet")
    for poll in polls.to_dict("records"):
        design = "probability" if poll["probability"] else "opt-in"
        record = f", record {poll['record_id']}" if pd.notna(poll["record_id"]) else ""
        print(
            f"{poll['id']}\t{poll['title']}\t{poll['unit']}\t{poll['waves']} waves\t"
            f"{int(poll['respondents'])} respondents\t{design}{record}"
        )
    return 0


def _codebook(args: argparse.Namespace) -> int:
    if args.file is not None:
        book = infer_codebook(read_responses(_read(args.file), args.file.name))
    else:
        book = poll_codebook(Database(args.db), args.poll)
    for q in book.questions:
        options = f"\t{' | '.join(q.options)}" if q.options else ""
        print(f"{q.code}\t{q.type}\t{q.label}{options}")
    return 0


def _rake(args: argparse.Namespace) -> int:
    targets = read_margins(_read(args.margins), args.margins.name)
    db = Database(args.db)
    frame = responses(db, args.poll, args.wave)
    result = rake(frame, targets, trim=args.cap)
    if not result.converged:
        raise RakeError(f"raking did not converge in {result.iterations} iterations")
    save_weights(db, args.poll, args.wave, frame["respondent"], result, targets, created_by=args.by)
    print(
        f"poll {args.poll}, wave {args.wave}: {len(frame)} weights stored; "
        f"{result.iterations} iterations, max margin error {result.max_margin_error:.1e}, "
        f"n_eff {format_number(result.n_eff, 1)}, deff {format_number(result.deff, 2)}, "
        f"weights {format_number(result.min_weight, 3)}–{format_number(result.max_weight, 3)}"
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    report = stored_report(
        Database(args.db),
        args.poll,
        banner=args.banner,
        wave=args.wave,
        raked=args.raked,
        lang=args.lang,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"laporan-polling-{args.poll}"
    for suffix, content in (
        ("xlsx", report_xlsx(report)),
        ("pdf", report_pdf(report)),
        ("csv", report_csv(report)),
    ):
        (args.out / f"{name}.{suffix}").write_bytes(content)
        print(args.out / f"{name}.{suffix}")
    return 0


def _ikm(args: argparse.Namespace) -> int:
    frame = read_responses(_read(args.file), args.file.name).frame
    results = (
        ikm_by_unit(frame, args.unit_column, args.method, args.weight)
        if args.unit_column
        else {"": ikm(frame, args.method, args.weight)}
    )
    for unit, result in results.items():
        prefix = f"{unit}\t" if unit else ""
        print(
            f"{prefix}IKM {format_number(result.ikm, 2)} ({result.mutu}, {result.kinerja}); "
            f"{result.respondents} responden, bobot {_weight(result.weight_name, result.weight)}, "
            f"metode {result.method}"
        )
    return 0


def _weight(name: str, weight: float) -> str:
    if name == "exact":
        return f"1/{round(1 / weight)} (tepat)"
    return f"{format_number(weight, 3)} (dibulatkan)"


def _sample_size(args: argparse.Namespace) -> int:
    print(krejcie_morgan(args.population))
    return 0
