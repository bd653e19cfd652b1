"""What every benchmark script needs: where the shared data is, and the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The shared evaluation area: ``$CHIPWATCH_SHARED`` or ``<repo root>/../shared``."""
    env = os.environ.get("CHIPWATCH_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def chipwatch_command() -> list[str]:
    """The installed ``chipwatch`` script next to this interpreter (else ``-m chipwatch``)."""
    script = Path(sys.executable).parent / "chipwatch"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "chipwatch"]


def run_chipwatch(*args: str) -> str:
    """Run one ``chipwatch`` command as a user would; return its stdout, or stop with its
    stderr."""
    done = subprocess.run(
        [*chipwatch_command(), *args], capture_output=True, text=True, encoding="utf-8"
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"chipwatch {' '.join(args)}: exit status {done.returncode}")
    return done.stdout
