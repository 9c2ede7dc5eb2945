"""A longer fuzzing campaign over the whole document pipeline than CI runs.

    python bench/fuzz.py [--examples N] [--target text|files|all] [--seed S] [--strict]
    python bench/fuzz.py --atheris [-- ATHERIS_ARGS...]    # coverage-guided, if installed

The targets and the invariants are those of tests/test_fuzz.py (random text through Linter.fix
and every report format; random bytes, encodings and JSONL shards through read, fix, write-back
and every format). Hypothesis shrinks a failure to a small example and prints it; atheris feeds
raw bytes to the file target, the first byte choosing the file's suffix.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_targets():
    spec = importlib.util.spec_from_file_location("fuzz_targets", ROOT / "tests" / "test_fuzz.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def campaign(mod, target: str, examples: int, seed: int | None, strict: bool) -> bool:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as fix_seed

    strategy, check = {
        "text": (mod.texts, lambda text: mod.check_text(text, strict=strict)),
        "files": (mod.files, lambda case: mod.check_file(*case)),
    }[target]
    def traced(case):  # name the (shrunk) input in the failure
        try:
            check(case)
        except AssertionError as exc:
            raise AssertionError(f"{exc} [input: {case!r}]") from None

    test = settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))(given(strategy)(traced))
    if seed is not None:
        test = fix_seed(seed)(test)
    started = time.monotonic()
    try:
        test()
    except Exception as exc:
        print(f"{target}: FAILED after {time.monotonic() - started:.0f} s: "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        for note in getattr(exc, "__notes__", []):  # the shrunk example
            print(f"    {note}", file=sys.stderr)
        return False
    print(f"{target}: {examples} examples passed in {time.monotonic() - started:.0f} s")
    return True


def run_atheris(mod, argv: list[str]) -> None:
    import atheris

    def one(data: bytes) -> None:
        if data:
            mod.check_file(data[1:], mod.SUFFIXES[data[0] % len(mod.SUFFIXES)])

    atheris.Setup([sys.argv[0], *argv], one)
    atheris.Fuzz()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=5000, help="examples per target")
    ap.add_argument("--target", choices=("text", "files", "all"), default="all")
    ap.add_argument("--seed", type=int, help="reproduce a campaign")
    ap.add_argument("--strict", action="store_true",
                    help="text target: also require disjoint sorted edits per pass and a "
                    "second fix that changes nothing")
    ap.add_argument("--atheris", action="store_true", help="coverage-guided fuzzing (atheris)")
    args, rest = ap.parse_known_args()
    logging.disable(logging.CRITICAL)  # trafilatura logs every unparsable HTML file
    mod = load_targets()
    if args.atheris:
        run_atheris(mod, rest)
        return 0
    targets = ("text", "files") if args.target == "all" else (args.target,)
    ok = [campaign(mod, t, args.examples, args.seed, args.strict) for t in targets]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
