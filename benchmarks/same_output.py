"""Prove that a refactoring changed no output: every command, two trees, byte for byte.

The code is being redesigned (modules moved, no behaviour change intended). This script
runs every command on the cleaning benchmark's 217 dev pages
(``../shared/eval/cleaning/dev/raw``) with the current tree and with a git revision
checked out in a temporary ``git worktree``, and reports each difference: exit code and
stdout byte for byte, of stderr only the summary line (``chipwatch: N processed, …``),
and for ``report`` the HTML file without its ``<p class="command">`` element.

Isolation: the venv holds chipwatch as an *editable* install whose meta-path finder maps
``chipwatch`` to one checkout, so both sides run through the same bootstrap
(``_BOOT``), which removes that finder, puts its tree first on ``sys.path`` and refuses
to run if ``chipwatch`` then comes from anywhere else. Each side has its own results
store and an empty working directory (no ``chipwatch.toml`` is picked up), and
``CHIPWATCH_*`` variables are removed from the environment.

Exit status: 0 when every command gives the same output (or the shared data is absent),
1 when any differs.

Usage:
    python benchmarks/same_output.py --base main~3
    python benchmarks/same_output.py --base HEAD --only entities report --keep /tmp/so
    python benchmarks/same_output.py --base HEAD --tree /tmp/other-checkout --no-cache
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from _common import ROOT, shared_dir

#: Stand-ins in a command's arguments, filled in per side.
PAGES = "{pages}"
REPORT = "{report}"
SINCE = "{since}"

#: Every command compared: a name for ``--only`` and its arguments (``PAGES`` is the
#: input folder, ``REPORT`` the side's HTML file, ``SINCE`` the middle published date).
COMMANDS: dict[str, tuple[str, ...]] = {
    "clean": ("clean", PAGES),
    "clean-explain": ("clean", PAGES, "--explain", "--csv"),
    "clean-metadata": ("clean", PAGES, "--keep-metadata", "--json"),
    "docs": ("docs", PAGES, "--csv"),
    "entities": ("entities", PAGES, "--csv"),
    "entities-per-doc": ("entities", PAGES, "--per-doc", "--evidence", "--json"),
    "entities-pairs": ("entities", PAGES, "--pairs", "--csv"),
    "entities-dedupe": ("entities", PAGES, "--dedupe", "--csv"),
    "entities-no-clean": ("entities", PAGES, "--no-clean", "--csv"),
    "keywords": ("keywords", PAGES, "--csv"),
    "keywords-per-doc": ("keywords", PAGES, "--per-doc", "--top", "15", "--json"),
    "keywords-no-clean": ("keywords", PAGES, "--no-clean", "--csv"),
    "themes-all": ("themes", PAGES, "--all", "--json"),
    "themes-summary": ("themes", PAGES, "--summary", "--csv"),
    "themes-summary-month": ("themes", PAGES, "--summary", "--by", "month", "--csv"),
    "themes-discover": ("themes", PAGES, "--discover", "5"),
    "dups": ("dups", PAGES, "--singletons", "--csv"),
    "kwic": ("kwic", "United States", PAGES, "--csv"),
    "trends": ("trends", PAGES, "--csv"),
    "trends-themes": ("trends", PAGES, "--what", "themes", "--csv"),
    "trends-keywords-week": ("trends", PAGES, "--what", "keywords", "--by", "week", "--csv"),
    "diff-entities": ("diff", PAGES, "--since", SINCE, "--what", "entities", "--csv"),
    "diff-themes": ("diff", PAGES, "--since", SINCE, "--what", "themes", "--csv"),
    "diff-keywords": ("diff", PAGES, "--since", SINCE, "--what", "keywords", "--csv"),
    "report": ("report", PAGES, "-o", REPORT),
}

# Runs chipwatch from one tree, whatever the venv's editable install points to:
# argv is [tree, chipwatch arguments...]. Exit status 97: the tree's code did not win.
_BOOT = r"""
import sys
from pathlib import Path
tree = Path(sys.argv[1]).resolve()
sys.meta_path[:] = [f for f in sys.meta_path
                    if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path_hooks[:] = [h for h in sys.path_hooks
                     if not getattr(h, "__module__", "").startswith("__editable__")]
sys.path[:] = [str(tree)] + [p for p in sys.path if "__editable__" not in p]
sys.path_importer_cache.clear()
import chipwatch
from importlib import resources
where = Path(chipwatch.__file__).resolve().parent
junk = resources.files("chipwatch.resources").joinpath("junk.toml")
shipped = Path(str(junk)).resolve().parent
if where != tree / "chipwatch" or shipped != where / "resources":
    sys.exit(f"same_output: chipwatch came from {where} ({shipped}), not {tree}")
if sys.argv[2:] == ["--where"]:
    print(f"{where} (resources {shipped})")
    sys.exit(0)
sys.argv = ["chipwatch", *sys.argv[2:]]
from chipwatch.cli import main
main()
"""

#: Diff lines printed under a command that differs (all outputs are saved in full).
MAX_DIFF_LINES = 24

_SUMMARY = re.compile(r"^chipwatch: \d+ processed, .*$", re.MULTILINE)
_COMMAND_LINE = re.compile(rb'<p class="command">.*?</p>', re.DOTALL)


@dataclass
class Side:
    """One tree under comparison and where its runs keep their state and outputs.

    Attributes:
        name: ``current`` or ``base``, used in folder names and the report.
        tree: the checkout whose ``chipwatch/`` package runs.
        out: folder for this side's stdout, stderr, exit codes and report.
        cache: this side's private results store, or None for ``--no-cache``.
        seconds: wall time of all this side's commands so far.
    """

    name: str
    tree: Path
    out: Path
    cache: Path | None
    seconds: float = 0.0

    def options(self, jobs: int) -> list[str]:
        """The options every command gets: the side's own store (or none) and ``--jobs``."""
        store = ["--cache-dir", str(self.cache)] if self.cache else ["--no-cache"]
        return [*store, "--jobs", str(jobs)]


@dataclass
class Outcome:
    """What one command did on one side.

    Attributes:
        code: exit status.
        stdout: standard output, raw bytes.
        summary: the stderr summary line(s) ``chipwatch: N processed, …``.
        report: the HTML written by ``report`` without its command line, else b"".
        seconds: wall time.
        stderr: all of stderr, kept for reading (not compared).
    """

    code: int
    stdout: bytes
    summary: str
    report: bytes = b""
    seconds: float = 0.0
    stderr: str = ""


@dataclass
class Comparison:
    """The verdict on one command: empty ``diff`` means the sides agree."""

    name: str
    seconds: dict[str, float] = field(default_factory=dict)
    diff: list[str] = field(default_factory=list)


def side_env(tree: Path, workdir: Path) -> dict[str, str]:
    """A clean environment for one side: no CHIPWATCH_* settings, no colour, fixed width.

    Args:
        tree: the side's checkout, also put on ``PYTHONPATH`` for spawned workers.
        workdir: the side's private home for caches of anything else.

    Returns:
        The environment for the side's subprocesses.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHIPWATCH_")}
    env.update(
        NO_COLOR="1",
        COLUMNS="120",
        TERM="dumb",
        PYTHONPATH=str(tree),
        # One hash seed for both sides, so that a difference means the code changed, not
        # the seed; that chipwatch's output is seed-independent is the golden tests' job.
        PYTHONHASHSEED="0",
        XDG_CACHE_HOME=str(workdir / "xdg-cache"),
    )
    return env


def run_side(side: Side, args: Sequence[str], jobs: int) -> Outcome:
    """Run one chipwatch command from ``side.tree``; keep its outputs under ``side.out``.

    Args:
        side: the tree to run.
        args: chipwatch arguments with ``PAGES``/``SINCE`` already filled in; ``REPORT``
            is replaced here by the side's own HTML path.
        jobs: worker processes.

    Returns:
        Exit code, stdout, summary line and (for ``report``) the HTML to compare.
    """
    report = side.out / "report.html"
    argv = [str(report) if a == REPORT else a for a in args]
    workdir = side.out / "cwd"
    workdir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-P", "-c", _BOOT, str(side.tree), *argv]
    if argv[0] != "--where":
        command += side.options(jobs)
    start = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, cwd=workdir, env=side_env(side.tree, side.out)
    )
    seconds = time.perf_counter() - start
    side.seconds += seconds
    stderr = done.stderr.decode("utf-8", "replace")
    html = b""
    if REPORT in args and report.is_file():
        html = _COMMAND_LINE.sub(b"", report.read_bytes())
    summary = "\n".join(_SUMMARY.findall(stderr))
    return Outcome(done.returncode, done.stdout, summary, html, seconds, stderr)


def save(side: Side, name: str, outcome: Outcome) -> None:
    """Write one command's outcome to ``side.out`` for inspection after the run."""
    (side.out / f"{name}.stdout").write_bytes(outcome.stdout)
    (side.out / f"{name}.stderr").write_text(outcome.stderr, encoding="utf-8")
    (side.out / f"{name}.summary").write_text(f"exit {outcome.code}\n{outcome.summary}\n")
    if outcome.report:
        (side.out / "report.html").rename(side.out / f"{name}.html")


def excerpt(label: str, before: bytes, after: bytes, lines: int = 20) -> list[str]:
    """The first ``lines`` lines of a unified diff of two outputs.

    Args:
        label: what is compared, e.g. ``stdout``.
        before: the base side's bytes.
        after: the current side's bytes.
        lines: how many diff lines to keep.

    Returns:
        Diff lines without line endings, or empty when the bytes are equal.
    """
    if before == after:
        return []
    old = before.decode("utf-8", "replace").splitlines()
    new = after.decode("utf-8", "replace").splitlines()
    diff = list(difflib.unified_diff(old, new, f"base/{label}", f"current/{label}", lineterm=""))
    if not diff:  # the same lines: only line endings or a final newline differ
        diff = [f"{label}: same lines, different bytes ({len(before)} vs {len(after)} bytes)"]
    more = [f"… {len(diff) - lines} more diff lines"] if len(diff) > lines else []
    return [line[:200] for line in diff[:lines]] + more


def compare(base: Outcome, current: Outcome) -> list[str]:
    """Every difference between the two sides' outcomes, as diff excerpt lines."""
    found: list[str] = []
    if base.code != current.code:
        found.append(f"exit status: base {base.code}, current {current.code}")
    found += excerpt("stdout", base.stdout, current.stdout)
    found += excerpt("stderr summary", base.summary.encode(), current.summary.encode())
    found += excerpt("report.html", base.report, current.report)
    if len(found) > MAX_DIFF_LINES:
        hidden = len(found) - MAX_DIFF_LINES
        found = [*found[:MAX_DIFF_LINES], f"… {hidden} more lines: see the saved outputs"]
    return found


def middle_date(side: Side, pages: Path, jobs: int) -> str:
    """The median published date of the pages, read from ``chipwatch docs --csv``.

    Args:
        side: the side whose ``docs`` reads the dates (the current tree).
        pages: the input folder.
        jobs: worker processes.

    Returns:
        A YYYY-MM-DD date with about half the dated pages before it.
    """
    probe = Side("probe", side.tree, side.out.parent / "since-probe", cache=None)
    outcome = run_side(probe, ["docs", str(pages), "--csv"], jobs)
    rows = csv.DictReader(io.StringIO(outcome.stdout.decode("utf-8", "replace")))
    dates = sorted(row["published"] for row in rows if row.get("published"))
    if outcome.code != 0 or not dates:
        raise SystemExit(
            f"same_output: no published dates from docs; pass --since.\n{outcome.stderr}"
        )
    return dates[len(dates) // 2]


def add_worktree(rev: str, folder: Path) -> Path:
    """Check ``rev`` out, detached, in a new worktree at ``folder``.

    Args:
        rev: any git revision (``HEAD``, ``main~3``, a hash).
        folder: where the worktree goes (must not exist).

    Returns:
        The worktree folder.
    """
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not commit:
        raise SystemExit(f"same_output: {rev!r} is not a commit of {ROOT}")
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(folder), commit],
        check=True,
    )
    return folder


def remove_worktree(folder: Path) -> None:
    """Remove a worktree made by :func:`add_worktree`; quiet if it is already gone."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)],
        capture_output=True,
    )
    subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def compare_command(name: str, args: list[str], sides: list[Side], jobs: int) -> Comparison:
    """Run one command on both sides (current first), save and compare the outputs.

    Args:
        name: the command's name in :data:`COMMANDS`.
        args: its arguments with ``PAGES`` and ``SINCE`` filled in.
        sides: ``[current, base]``.
        jobs: worker processes.

    Returns:
        Both sides' wall times and the diff excerpt (empty when the same).
    """
    outcomes = {}
    for side in sides:
        outcomes[side.name] = run_side(side, args, jobs)
        save(side, name, outcomes[side.name])
    result = Comparison(name, {k: v.seconds for k, v in outcomes.items()})
    result.diff = compare(outcomes["base"], outcomes["current"])
    return result


def print_result(result: Comparison) -> None:
    """One line per command, then the diff excerpt indented below a difference."""
    verdict = "DIFFERENT" if result.diff else "same"
    times = "  ".join(f"{k} {v:6.1f}s" for k, v in result.seconds.items())
    print(f"{result.name:<22} {verdict:<9}  {times}", flush=True)
    for line in result.diff:
        print(f"    {line}", flush=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line: ``--base REV`` and the options that narrow or redirect the run."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--base", required=True, help="git revision to compare against")
    parser.add_argument(
        "--tree", type=Path, default=ROOT, help="checkout of the current side (default: this one)"
    )
    parser.add_argument("--pages", type=Path, help="input folder (default: the 217 dev pages)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(COMMANDS),
        metavar="NAME",
        help=f"compare only these: {', '.join(COMMANDS)}",
    )
    parser.add_argument("--keep", type=Path, help="keep both sides' outputs in this folder")
    parser.add_argument("--since", help="date for diff (default: the median published date)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default: 2)")
    parser.add_argument("--no-cache", action="store_true", help="run every command with --no-cache")
    return parser.parse_args(argv)


def default_pages() -> Path | None:
    """The cleaning benchmark's dev pages, or None when the shared area is absent."""
    pages = shared_dir() / "eval" / "cleaning" / "dev" / "raw"
    return pages if pages.is_dir() else None


def make_sides(args: argparse.Namespace, work: Path, out: Path) -> list[Side]:
    """The current side and the base side (a new worktree of ``--base`` under ``work``).

    Args:
        args: the parsed command line.
        work: temporary folder for the worktree and the results stores.
        out: where both sides' outputs go (``out/current``, ``out/base``).

    Returns:
        ``[current, base]``.
    """
    tree = args.tree.resolve()
    if not (tree / "chipwatch" / "__init__.py").is_file():
        raise SystemExit(f"same_output: {tree} has no chipwatch/ package; check --tree")
    base_tree = add_worktree(args.base, work / "base-tree")
    sides = []
    for name, folder in (("current", tree), ("base", base_tree)):
        shutil.rmtree(out / name, ignore_errors=True)
        (out / name).mkdir(parents=True)
        cache = None if args.no_cache else work / f"store-{name}"
        sides.append(Side(name, folder, out / name, cache))
    return sides


def describe(args: argparse.Namespace, sides: list[Side], pages: Path) -> None:
    """Print what is compared, and where each side's chipwatch really comes from."""
    log = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h %s", args.base],
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"base: {args.base} = {log}")
    count = sum(1 for p in pages.rglob("*.txt") if p.is_file())
    print(f"pages: {pages} ({count} files); jobs: {args.jobs}")
    for side in sides:
        where = run_side(side, ["--where"], args.jobs)
        if where.code != 0:
            raise SystemExit(f"same_output: cannot run the {side.name} tree: {where.stderr}")
        store = side.cache or "--no-cache"
        print(f"{side.name}: chipwatch from {where.stdout.decode().strip()}; store {store}")


def run_all(args: argparse.Namespace, sides: list[Side], pages: Path) -> list[Comparison]:
    """Compare every selected command, printing one line per command as it finishes."""
    names = args.only or list(COMMANDS)
    since = args.since
    if since is None and any(SINCE in COMMANDS[n] for n in names):
        since = middle_date(sides[0], pages, args.jobs)
    if since:
        print(f"diff --since {since}")
    print(f"{'command':<22} {'verdict':<9}  seconds per side", flush=True)
    results = []
    for name in names:
        filled = {PAGES: str(pages), SINCE: since or ""}
        command = [filled.get(a, a) for a in COMMANDS[name]]
        results.append(compare_command(name, command, sides, args.jobs))
        print_result(results[-1])
    return results


def summarize(results: list[Comparison], sides: list[Side], out: Path, kept: bool) -> int:
    """Print the totals and the time per side; return the exit status (1 if any differ)."""
    different = sum(1 for r in results if r.diff)
    print(
        f"{len(results)} commands, {len(results) - different} same, {different} different",
    )
    print("time: " + ", ".join(f"{s.name} {s.seconds:.1f}s" for s in sides))
    if different or kept:
        print(f"outputs: {out}/current, {out}/base")
    return 1 if different else 0


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison; the worktree is removed however the run ends.

    Args:
        argv: command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 when every command agrees (or there are no pages), 1 when any differs, 130
        when interrupted.
    """
    args = parse_args(argv)
    pages = args.pages.resolve() if args.pages else default_pages()
    if pages is None:
        print(f"same_output: no dev pages under {shared_dir()}; nothing to compare.")
        return 0
    if not pages.is_dir():
        raise SystemExit(f"same_output: --pages {pages} is not a folder")
    signal.signal(signal.SIGTERM, _terminate)
    work = Path(tempfile.mkdtemp(prefix="chipwatch-same-"))
    out = args.keep.resolve() if args.keep else work / "out"
    status = 130
    try:
        sides = make_sides(args, work, out)
        describe(args, sides, pages)
        status = summarize(run_all(args, sides, pages), sides, out, bool(args.keep))
    except KeyboardInterrupt:
        print("same_output: interrupted", file=sys.stderr)
    finally:
        remove_worktree(work / "base-tree")
        if status != 1 or args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            # Keep the outputs to read the differences; the stores can go.
            for store in work.glob("store-*"):
                shutil.rmtree(store, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
