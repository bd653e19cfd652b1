"""Work done in a forked child process so that its working memory never lands in ours.

Some steps read the whole corpus at once and keep only a small answer: fitting the
cleaner builds every page's line keys to learn a few thousand lines of site chrome. Done
in the main process, that working state (tens of KB a page) stays in its memory after
the step, freed but not given back to the system, so the main process would grow with
the corpus. In a forked child, the child reads the parent's documents where they are
(fork shares them, nothing is copied or pickled on the way in), sends back the answer
(pickled) and exits, giving all its memory back.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["can_fork", "run_apart"]


def can_fork() -> bool:
    """True where a child process can be forked (Linux, macOS)."""
    return "fork" in multiprocessing.get_all_start_methods()


def run_apart(work: Callable[[], T]) -> T:
    """``work()``, computed in a forked child process; its result comes back pickled.

    Where fork is not available, or the child dies before answering (killed, out of
    memory), the work is done here instead: the answer is the same either way. An
    exception ``work`` raises in the child is raised here.
    """
    if not can_fork():
        return work()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_answer, args=(work, sender), daemon=True)
    child.start()
    sender.close()
    try:
        outcome = receiver.recv()
    except EOFError:  # the child died without an answer
        outcome = None
    finally:
        receiver.close()
        child.join()
    if outcome is None:
        return work()
    ok, value = outcome
    if not ok:
        raise value
    result: T = value
    return result


def _answer(work: Callable[[], Any], sender: Any) -> None:
    """In the child: send ``(True, result)`` or ``(False, exception)``."""
    # Ctrl-C reaches the whole process group: the parent alone handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent's objects are never garbage here: a collection would walk them all,
    # writing to each one's header and so copying every page of memory fork shares.
    gc.freeze()
    try:
        outcome: tuple[bool, Any] = (True, work())
    except Exception as exc:  # handed to the parent, which raises it
        outcome = (False, exc)
    try:
        sender.send(outcome)
    except Exception as exc:  # the result or the exception cannot be pickled
        sender.send((False, RuntimeError(f"no answer from the child process: {exc}")))
    finally:
        sender.close()
