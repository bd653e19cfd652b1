"""Kills: a worker killed mid-run (what the out-of-memory killer does) is retried, never
a hang; a parent killed with SIGKILL leaves no worker behind."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

CHIPWATCH = str(Path(sys.executable).parent / "chipwatch")
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "raw"


def _corpus(tmp_path: Path, copies: int = 30) -> Path:
    corpus = tmp_path / "many"
    for i in range(copies):
        shutil.copytree(SAMPLE, corpus / f"c{i:02d}")
    return corpus


def _workers(proc: subprocess.Popen[str], count: int, timeout: float = 180) -> list[psutil.Process]:
    """The run's worker processes, once ``count`` of them are at work."""
    deadline = time.monotonic() + timeout
    parent = psutil.Process(proc.pid)
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before its workers started"
        found = [child for child in parent.children() if _is_worker(child)]
        with contextlib.suppress(psutil.NoSuchProcess):
            if len(found) >= count and all(c.cpu_times().user > 0.5 for c in found[:count]):
                return found
        time.sleep(0.1)
    pytest.fail("the run's workers did not start in time")


def _is_worker(child: psutil.Process) -> bool:
    """A live child that is not multiprocessing's resource tracker. A child that has
    just ended (the one the cleaner is fitted in, say) is skipped, not an error."""
    try:
        return child.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(
            child.cmdline()
        )
    except psutil.NoSuchProcess:  # ZombieProcess is one
        return False


def _start(corpus: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CHIPWATCH, "entities", str(corpus), "--csv", "--no-cache", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_killed_worker_is_retried_not_a_hang(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    proc = _start(corpus)
    _workers(proc, 2)[0].send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "150 processed, 0 skipped, 0 errors" in err
    assert out.count("\n") > 10


def test_a_parent_killed_with_sigkill_leaves_no_worker(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    proc = _start(corpus)
    workers = _workers(proc, 2)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    _gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, [p.pid for p in alive]


def test_a_killed_runs_temporary_files_are_removed_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / "sub" / f".chipwatch-{dead.pid}-abc123"
    stale.write_text("half a file")
    live = out / f".chipwatch-{psutil.Process().pid}-def456"
    live.write_text("another run's file in progress")
    run = subprocess.run(
        [CHIPWATCH, "clean", str(SAMPLE), "--out", str(out), "--no-cache"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert not stale.exists()
    assert live.exists()
    assert len(list(out.glob("*.txt"))) == 5


def test_a_dask_scheduler_without_workers_is_a_usage_error(tmp_path: Path) -> None:
    dask = str(Path(sys.executable).parent / "dask")
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        address = ""
        assert scheduler.stderr is not None
        for line in scheduler.stderr:
            if "Scheduler at:" in line:
                address = line.split("Scheduler at:", 1)[1].strip()
                break
        assert address.startswith("tcp://"), "the scheduler did not start"
        # --no-cache: with every result stored, no work reaches the scheduler.
        command = [CHIPWATCH, "entities", str(SAMPLE), "--no-cache", "--engine", "dask"]
        run = subprocess.run(
            [*command, "--scheduler", address],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=30)
    assert run.returncode == 2, run.stderr
    assert "has no worker" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_ten_sigkills_leave_no_process_and_the_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    import random

    corpus = _corpus(tmp_path, copies=12)
    store = str(tmp_path / "store")
    args = [CHIPWATCH, "entities", str(corpus), "--csv", "--jobs", "2"]
    chooser = random.Random(20261201)
    for _ in range(10):
        proc = subprocess.Popen(
            [*args, "--cache-dir", store], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(chooser.uniform(0.3, 6.0))
        family = [proc.pid]
        with contextlib.suppress(psutil.NoSuchProcess):
            family += [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
        proc.kill()
        proc.wait(timeout=60)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(psutil.pid_exists(p) for p in family[1:]):
            time.sleep(0.2)
        left = [p for p in family[1:] if psutil.pid_exists(p)]
        left = [p for p in left if psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        assert not left, left
    rerun = subprocess.run([*args, "--cache-dir", store], capture_output=True, text=True)
    clean = subprocess.run([*args, "--no-cache"], capture_output=True, text=True)
    assert rerun.returncode == 0 and clean.returncode == 0, rerun.stderr + clean.stderr
    assert rerun.stdout == clean.stdout
