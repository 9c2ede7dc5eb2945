"""The ``hygiene`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

FORMATS = ("rich", "concise", "json", "jsonl", "github", "sarif", "html")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit 2, never a usage dump
        raise UsageError(message)


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _size(value: str) -> int:
    from .config import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r}: expected {exc}") from None


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r}: expected a number of seconds (0: no limit)")
    return seconds


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="hygiene", description="Lint scraped article corpora for scraping artefacts.")
    p.add_argument("--version", action="version", version=f"hygiene {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    c = sub.add_parser("check", help="check files and folders (default command)")
    c.add_argument("paths", nargs="*", default=["."], help="files, folders, or - for stdin")
    c.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    c.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes")
    c.add_argument("--diff", action="store_true", help="print the fixes as a diff, write nothing")
    c.add_argument("--select", type=_csv, help="codes, prefixes or families to check (or ALL)")
    c.add_argument("--ignore", type=_csv, help="codes, prefixes or families to skip")
    c.add_argument("--extend-select", type=_csv, help="add to the selected rules")
    c.add_argument("--format", help=f"output format: {', '.join(FORMATS)} or one a plugin adds "
                   "(rich on a terminal, concise otherwise)")
    c.add_argument("--output-file", "-o", help="write the report to this file")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings remain")
    c.add_argument("--fail-on", choices=("info", "warning", "error"),
                   help="lowest severity that fails the run (default warning)")
    c.add_argument("--lang", help="force the language of every document (ISO 639-1)")
    c.add_argument("--config", help="use this hygiene.toml or pyproject.toml")
    c.add_argument("--isolated", action="store_true", help="ignore configuration files")
    c.add_argument("--rule-pack", action="append", default=[], help="load an extra rule pack")
    c.add_argument("-p", dest="plugin_opts", action="append", default=[],
                   help="-p no:NAME blocks a plugin")
    c.add_argument("--statistics", action="store_true", help="print per-rule counts only")
    c.add_argument("--write-baseline", metavar="FILE",
                   help="record today's findings in FILE (a baseline) and exit 0")
    c.add_argument("--baseline", metavar="FILE",
                   help="report only findings that are not in this baseline")
    c.add_argument("--jobs", "-j", type=int, help="worker processes (default: all cores; small "
                   "runs stay in one process)")
    c.add_argument("--text-field", help="JSONL: the field holding the article (default text)")
    c.add_argument("--id-field", help="JSONL: a field identifying the record in reports")
    c.add_argument("--min-quality", type=float, help="report documents whose source-quality "
                   "score is below this (0-100) as errors")
    c.add_argument("--max-size", type=_size, metavar="SIZE", help="skip documents larger than "
                   "this, with an error (default 50MB; 0: no limit)")
    c.add_argument("--timeout", type=_seconds, metavar="SECONDS", help="give up on a document "
                   "after this long, with an error; nothing of it is written (default 60)")
    c.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    c.add_argument("-q", "--quiet", action="store_true", help="print findings only")

    x = sub.add_parser("extract", help="write the cleaned article text of HTML files beside them")
    x.add_argument("paths", nargs="+", help="HTML files or folders")
    x.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes")
    x.add_argument("--suffix", default=".txt", help="suffix of the written file (default .txt)")
    x.add_argument("--force", action="store_true", help="overwrite existing output files")

    sub.add_parser("rules", help="list every rule").add_argument(
        "--format", choices=("table", "json"), default="table")
    r = sub.add_parser("rule", help="show a rule's documentation")
    r.add_argument("code")
    sub.add_parser("plugins", help="list loaded plugins")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("check", "extract", "rules", "rule", "plugins", "-h",
                                   "--help", "--version"):
        argv.insert(0, "check")
    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args)
    except UsageError as exc:
        print(f"hygiene: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("hygiene: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


def _dispatch(args) -> int:
    from .config import ConfigError
    from .packs import PackError
    from .selection import SelectionError

    try:
        if args.command == "check":
            return _check(args)
        if args.command == "extract":
            return _extract(args)
        linter = _linter_for_listing()
        if args.command == "rules":
            from .docs import print_rules

            return print_rules(linter, args.format)
        if args.command == "rule":
            from .docs import print_rule

            return print_rule(linter, args.code)
        if args.command == "plugins":
            from .plugins import plugin_list

            for name, origin in plugin_list(linter.pm):
                print(f"{name}  ({origin})")
            return 0
    except (ConfigError, PackError, SelectionError) as exc:
        print(f"hygiene: error: {exc}", file=sys.stderr)
        return 2
    return 2


def _linter_for_listing():
    from .config import find_config, load_settings
    from .engine import Linter

    return Linter(load_settings(find_config(Path.cwd())))


def _settings(args):
    from .config import Settings, find_config, load_settings

    if args.isolated:
        base = Settings()
    elif args.config:
        cfg = Path(args.config)
        if not cfg.is_file():
            raise UsageError(f"--config: {cfg}: no such file")
        base = load_settings(cfg)
    else:
        first = next((p for p in args.paths if p != "-"), ".")
        base = load_settings(find_config(Path(first)))
    blocked = []
    for opt in args.plugin_opts:
        if not opt.startswith("no:"):
            raise UsageError(f"-p {opt}: only -p no:NAME (block a plugin) is supported")
        blocked.append(opt[3:])
    return base.with_options(
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(base.ignore) + tuple(args.ignore or ()),
        extend_select=tuple(base.extend_select) + tuple(args.extend_select or ()),
        language=args.lang,
        fail_on=args.fail_on,
        rule_packs=tuple(base.rule_packs) + tuple(str(Path(p).resolve()) for p in args.rule_pack),
        blocked_plugins=tuple(blocked) or None,
        text_field=args.text_field,
        id_field=args.id_field,
        min_quality=args.min_quality,
        max_size=args.max_size,
        timeout=args.timeout,
    )


def _check(args) -> int:
    from .engine import Linter
    from .report import get_writer
    from .run import run

    settings = _settings(args)
    linter = Linter(settings)
    if args.format is not None:
        from .report import format_names

        names = format_names(linter.pm)
        if args.format not in names:
            raise UsageError(f"argument --format: invalid choice {args.format!r} "
                             f"(choose from {', '.join(names)})")
    try:
        out_stream = open(args.output_file, "w", encoding="utf-8") if args.output_file else sys.stdout
    except OSError as exc:
        raise UsageError(f"--output-file {args.output_file}: {exc.strerror}") from None
    try:
        fmt = args.format or ("rich" if out_stream.isatty() else "concise")
        progress = None
        if not args.no_progress and sys.stderr.isatty() and fmt in ("rich", "concise"):
            from .progress import Progress

            progress = Progress()
        fixing = args.fix and not args.diff
        from .run import default_jobs

        jobs = args.jobs if args.jobs is not None else default_jobs()
        if jobs < 1:
            raise UsageError("--jobs must be 1 or more")
        result = run(linter, args.paths, fix=fixing or args.diff, unsafe=args.unsafe_fixes,
                     diff=args.diff, progress=progress, jobs=jobs, keep_text=fmt == "html")
        if args.write_baseline or args.baseline:
            _baseline(args, result)
        if result.stdin_output is not None:
            sys.stdout.write(result.stdin_output)
            out_stream = sys.stderr if out_stream is sys.stdout else out_stream
        for e in result.errors:
            print(f"hygiene: error: {e}", file=sys.stderr)
        if args.diff:
            for d in result.diffs:
                sys.stdout.write(d)
        elif args.statistics:
            _statistics(result, out_stream)
        else:
            get_writer(fmt, linter.pm)(result, out_stream,
                                       {"fixing": fixing, "quiet": args.quiet})
    finally:
        if out_stream not in (sys.stdout, sys.stderr):
            out_stream.close()
    if args.diff:
        return 1 if result.diffs else result.exit_code(settings.fail_severity, True)
    return result.exit_code(settings.fail_severity, args.exit_zero)


def _extract(args) -> int:
    """HTML is never rewritten: the article text trafilatura extracts, with safe fixes applied,
    goes to NAME.txt beside NAME.html."""
    from .config import Settings
    from .engine import Linter
    from .io.files import walk
    from .io.readers import HTML_SUFFIXES, read_html
    from .io.textfile import InputError

    linter = Linter(Settings())
    status = 0
    for path, err in walk(args.paths, ("*.html", "*.htm"), ()):
        if err or not path.lower().endswith(HTML_SUFFIXES):
            if err:
                print(f"hygiene: error: {path}: {err}", file=sys.stderr)
                status = 2
            continue
        target = Path(path).with_suffix(args.suffix)
        if target.exists() and not args.force:
            print(f"hygiene: error: {target}: exists (use --force to overwrite)", file=sys.stderr)
            status = 2
            continue
        try:
            doc = read_html(path, Path(path).read_bytes())
        except (InputError, OSError) as exc:
            print(f"hygiene: error: {path}: {exc}", file=sys.stderr)
            status = 2
            continue
        res = linter.fix(doc, unsafe=args.unsafe_fixes)
        text = res.fixed_text if res.fixed_text is not None else doc.text
        target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(f"{path} -> {target} ({res.fixes_applied} fix(es), "
              f"{len(res.findings)} finding(s) left)")
    return status


def _baseline(args, result) -> None:
    from . import baseline

    try:
        if args.write_baseline:
            n = baseline.write(args.write_baseline, result.findings)
            print(f"hygiene: wrote {n} baseline entries to {args.write_baseline}", file=sys.stderr)
            args.exit_zero = True
            return
        known = baseline.load(args.baseline)
    except (baseline.BaselineError, OSError) as exc:
        raise UsageError(str(exc)) from None
    m = baseline.Matcher(known)

    def drop_known(r):
        r.findings = [f for f in r.findings if m.is_new(f)]
        return r

    result.results.rewrite(drop_known)  # results may live on disk: rewrite, not mutate
    result.corpus_findings.keep(m.is_new)
    stale = m.stale()
    if stale:
        print(f"hygiene: {len(stale)} stale baseline entr{'y' if len(stale) == 1 else 'ies'} "
              f"in {args.baseline} (fixed or gone; prune with --write-baseline), e.g. "
              f"{stale[0][0]} {stale[0][1]}", file=sys.stderr)


def _statistics(result, stream) -> None:
    from collections import Counter

    findings = result.findings
    first = {}
    for f in findings:
        first.setdefault(f.code, f)
    for code, n in Counter(f.code for f in findings).most_common():
        f = first[code]
        fix = "[*]" if f.fix and f.fix.is_safe else "[~]" if f.fix else "   "
        stream.write(f"{n:>7}  {code:<6} {fix} {f.rule}\n")
