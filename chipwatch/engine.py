"""Per-document work, run in this process or spread over a pool of processes.

The work for one document — clean it with the corpus-fitted cleaner, parse its text
with only the spaCy components asked for, resolve its entity mentions — depends on
nothing but that document and state fitted beforehand. So it can run anywhere: here for
a handful of documents (where starting processes would cost more than it saves), or in
one worker per core for a large corpus, each worker loading the model once.
Corpus-level reductions (IDF, counts, tables) stay with the caller.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from chipwatch.config import Settings
from chipwatch.models import CleanDocument, Document, Mention, ParsedDocument, Statement

if TYPE_CHECKING:
    from chipwatch.clean import Cleaner

#: Below this many documents to parse, one process does the work: starting a worker and
#: loading the model in it (a second or more) would cost more than the work itself.
MIN_PARALLEL_DOCS = 48


@dataclass(frozen=True)
class Job:
    """What one document still needs (``cleaned``: known already; ``drops``: listed)."""

    document: Document
    cleaned: CleanDocument | None
    clean: bool
    entities: bool
    tokens: bool
    quotes: bool = False
    drops: bool = True


@dataclass(frozen=True)
class Outcome:
    """The results of one job, as plain data."""

    name: str
    cleaned: CleanDocument | None
    mentions: tuple[Mention, ...] | None
    parsed: ParsedDocument | None
    #: Set when this document's work failed (the run goes on), with its traceback.
    error: str | None = None
    trace: str | None = None
    #: The page's statements (quotes and reported speech), when asked for.
    statements: tuple[Statement, ...] | None = None


def analysed_text(document: Document, cleaned: CleanDocument | None) -> str:
    """The text NLP reads: the cleaned text, or the text as given with ``--no-clean``."""
    return cleaned.text if cleaned is not None else document.text


class Worker:
    """What one process holds for its lifetime: settings, the fitted cleaner, the model.

    The model and gazetteer load on first use, so a worker that only cleans never pays
    for spaCy.
    """

    def __init__(self, settings: Settings, cleaner: Cleaner | None) -> None:
        self.settings = settings
        self.cleaner = cleaner
        self._gazetteer: Any = None

    def _gaz(self) -> Any:
        if self._gazetteer is None:
            from chipwatch.gazetteer import load_gazetteer

            self._gazetteer = load_gazetteer(self.settings.gazetteer)
        return self._gazetteer

    def run(self, jobs: Sequence[Job]) -> list[Outcome]:
        """Do a batch of jobs; the batch shares one ``nlp.pipe`` call.

        A document whose work fails (a bug met on a pathological page) gets an error in
        its outcome instead of stopping the run: every input is accounted for.
        """
        errors: dict[int, tuple[str, str]] = {}
        cleaned: list[CleanDocument | None] = []
        for i, job in enumerate(jobs):
            if job.cleaned is None and job.clean:
                if self.cleaner is None:
                    raise RuntimeError("a cleaning job reached a worker without a cleaner")
                try:
                    cleaned.append(self.cleaner.clean(job.document, drops=job.drops))
                except Exception as exc:
                    errors[i] = _failure("cleaning", exc)
                    cleaned.append(None)
            else:
                cleaned.append(job.cleaned)
        todo = [
            (i, analysed_text(job.document, cleaned[i]))
            for i, job in enumerate(jobs)
            if (job.entities or job.tokens) and i not in errors
        ]
        todo = [(i, text) for i, text in todo if text.strip()]
        parsed = self._parse(jobs, todo, errors) if todo else {}
        said = self._statements(jobs, cleaned, errors)
        outcomes = []
        for i, job in enumerate(jobs):
            name = job.document.name
            if i in errors:
                outcomes.append(Outcome(name, None, None, None, *errors[i]))
                continue
            doc = parsed.get(i)
            mentions: tuple[Mention, ...] | None = None
            if job.entities:
                mentions = ()
                if doc is not None:
                    from chipwatch.entities.mentions import resolve_mentions

                    named = ParsedDocument(name, doc.text, doc.tokens, doc.entities)
                    mentions = tuple(resolve_mentions(named, self._gaz()))
            tokens_doc = None
            if job.tokens:
                text = analysed_text(job.document, cleaned[i])
                tokens_doc = ParsedDocument(name, text, doc.tokens if doc else (), ())
            outcomes.append(Outcome(name, cleaned[i], mentions, tokens_doc, statements=said.get(i)))
        return outcomes

    def _statements(
        self,
        jobs: Sequence[Job],
        cleaned: Sequence[CleanDocument | None],
        errors: dict[int, tuple[str, str]],
    ) -> dict[int, tuple[Statement, ...]]:
        """The statements of each page that asks for them.

        The parser reads only the sentences that hold a quotation mark or a reporting
        word (``quotes.cue_sentences``); no other kind of job ever runs it.
        """
        wanted = [i for i, job in enumerate(jobs) if job.quotes and i not in errors]
        if not wanted:
            return {}
        from chipwatch.nlp import load_pipeline, parse_sentences
        from chipwatch.quotes import cue_sentences, find_statements

        patterns = self._gaz().ruler_patterns() if any(j.entities for j in jobs) else ()
        nlp = load_pipeline(self.settings.model, patterns=patterns)
        out: dict[int, tuple[Statement, ...]] = {}
        for i in wanted:
            text = analysed_text(jobs[i].document, cleaned[i])
            try:
                parsed = parse_sentences(nlp, text, cue_sentences(text))
                out[i] = tuple(find_statements(text, parsed))
            except Exception as exc:
                errors[i] = _failure("quotes", exc)
        return out

    def _parse(
        self, jobs: Sequence[Job], todo: list[tuple[int, str]], errors: dict[int, tuple[str, str]]
    ) -> dict[int, ParsedDocument]:
        """Parse the batch in one ``nlp.pipe`` stream; if that fails, document by
        document, so only the document that breaks the model is reported."""
        from chipwatch.nlp import load_pipeline, parse

        want_entities = any(job.entities for job in jobs)
        want_tokens = any(job.tokens for job in jobs)
        fast = self.settings.fast
        patterns = self._gaz().ruler_patterns(fast=fast) if want_entities else ()
        nlp = load_pipeline(self.settings.model, patterns=patterns, fast=fast)

        def run(items: list[tuple[int, str]]) -> dict[int, ParsedDocument]:
            stream = parse(
                nlp,
                ((str(i), text) for i, text in items),
                entities=want_entities,
                tokens=want_tokens,
                batch_size=self.settings.batch_size,
            )
            return {int(p.name): p for p in stream}

        try:
            return run(todo)
        except Exception:
            parsed: dict[int, ParsedDocument] = {}
            for item in todo:
                try:
                    parsed.update(run([item]))
                except Exception as exc:
                    errors[item[0]] = _failure("parsing", exc)
            return parsed


def _failure(step: str, exc: Exception) -> tuple[str, str]:
    """What a failed document reports: one line for everyone, the traceback for --debug."""
    import traceback

    line = f"{step} failed ({type(exc).__name__}: {exc})"
    return line, "".join(traceback.format_exception(exc))


_WORKER: Worker | None = None
#: Linux's prctl option that signals a process when its parent dies.
_PR_SET_PDEATHSIG = 1


def _init_worker(settings: Settings, cleaner: Cleaner | None) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group: the parent alone handles it and stops the
    # pool, so workers neither print tracebacks nor inherit the parent's SIGTERM handler.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _WORKER = Worker(settings, cleaner)


def _die_with_parent() -> None:
    """End this worker when the parent dies, even by SIGKILL (which runs no clean-up):
    Linux delivers a signal on the parent's death; elsewhere a thread watches for it."""
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="chipwatch-parent-watch").start()


def _run_in_worker(jobs: Sequence[Job]) -> list[Outcome]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.run(jobs)


def _batches(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_jobs(
    jobs: Sequence[Job],
    *,
    settings: Settings,
    cleaner: Cleaner | None,
    processes: int,
    nlp_jobs: int | None = None,
) -> Iterator[Outcome]:
    """Run ``jobs`` and yield their outcomes in input order.

    One process for small runs; otherwise a pool of ``processes`` workers, each with
    its own model, fed batches of ``settings.batch_size`` documents. ``nlp_jobs`` (jobs
    needing the model) is counted when not given, making each job once more."""
    nlp_jobs = sum(job.entities or job.tokens for job in jobs) if nlp_jobs is None else nlp_jobs
    batch = max(1, settings.batch_size)
    if processes <= 1 or nlp_jobs < MIN_PARALLEL_DOCS:
        worker = Worker(settings, cleaner)
        for chunk in _batches(jobs, batch):
            yield from worker.run(chunk)
        return
    # fork shares the already-imported code with the workers (fast start); where it is
    # not available, spawn re-imports and each worker loads the model itself.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    # Smaller batches than nlp.pipe's keep both workers busy to the end of the run.
    size = max(1, min(batch, len(jobs) // (processes * 4) or 1))
    yield from _pooled(_Batches(jobs, size), processes, context, (settings, cleaner))


class _Batches(Sequence[list[Job]]):
    """``jobs`` in batches of ``size``, each made when sent (a job holds a page's text)."""

    def __init__(self, jobs: Sequence[Job], size: int) -> None:
        self.jobs, self.size = jobs, size

    @overload
    def __getitem__(self, index: int) -> list[Job]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[Job]]: ...

    def __getitem__(self, index: int | slice) -> list[Job] | list[list[Job]]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        return list(self.jobs[index * self.size : (index + 1) * self.size])

    def __len__(self) -> int:
        return -(-len(self.jobs) // self.size)


def _pooled(
    batches: Sequence[list[Job]], processes: int, context: Any, initargs: tuple[Any, ...]
) -> Iterator[Outcome]:
    """The batches' outcomes, in order, from a pool of worker processes.

    A worker that dies (the out-of-memory killer, a kill by hand) breaks the pool: the
    batches not finished yet go to a fresh pool. A batch that breaks a pool twice in a
    row gets an error for each of its documents, and the run goes on: never a hang.
    """
    with _pipe_errors_raised():
        yield from _pooled_batches(batches, processes, context, initargs)


#: Batches in flight per worker: enough to keep every worker busy, few enough that the
#: outcomes waiting to be taken in (tokens as objects) never add up to the corpus.
_AHEAD_PER_WORKER = 3


def _fork_frozen(pool: ProcessPoolExecutor) -> None:
    """Start the pool's workers while the parent's objects are frozen: the workers'
    garbage collector then never touches (and so never copies) the pages of the
    documents the parent holds, so a worker's memory does not grow with the corpus."""
    gc.freeze()
    try:
        pool.submit(int).result()  # a forking pool starts every worker on its first task
    finally:
        gc.unfreeze()


def _pooled_batches(
    batches: Sequence[list[Job]], processes: int, context: Any, initargs: tuple[Any, ...]
) -> Iterator[Outcome]:
    done = 0
    failed_at = -1
    while done < len(batches):
        pool = ProcessPoolExecutor(
            processes, mp_context=context, initializer=_init_worker, initargs=initargs
        )
        try:
            _fork_frozen(pool)
            # A window of batches in flight; a batch's outcomes are dropped once yielded.
            ahead: deque[Any] = deque()
            queued = done
            while done < len(batches):
                while queued < len(batches) and len(ahead) < processes * _AHEAD_PER_WORKER:
                    ahead.append(pool.submit(_run_in_worker, batches[queued]))
                    queued += 1
                outcomes = ahead.popleft().result()
                done += 1
                yield from outcomes
        except BrokenProcessPool:
            if failed_at == done:  # this batch broke two pools: report it, go on
                yield from _lost(batches[done])
                done += 1
            failed_at = done
        finally:
            _stop(pool)


@contextmanager
def _pipe_errors_raised() -> Iterator[None]:
    """While the pool runs, a write to a dead worker's pipe is an error the pool reports
    (a broken pool), not the SIGPIPE that the command line lets end the process quietly
    on ``| head``."""
    sigpipe = getattr(signal, "SIGPIPE", None)
    if sigpipe is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(sigpipe, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(sigpipe, previous)


def _lost(batch: Sequence[Job]) -> Iterator[Outcome]:
    message = "a worker process died on this batch (killed, or out of memory)"
    for job in batch:
        yield Outcome(job.document.name, None, None, None, message, None)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down at once: on Ctrl-C or an error the parent does not wait for
    the queued batches, and no worker outlives the run."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)


#: How long a run waits for a Dask scheduler to have a worker.
WORKER_WAIT_SECONDS = 10


def _check_workers(client: Any, scheduler: str | None) -> None:
    """Fail at once, with what to do, when the cluster has no worker to run on."""
    from chipwatch.errors import UsageError

    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except (TimeoutError, OSError) as exc:
        raise UsageError(
            f"the Dask scheduler {scheduler or '(local)'} has no worker after "
            f"{WORKER_WAIT_SECONDS} s. Start one (dask worker ADDRESS), or use --engine local."
        ) from exc


def _run_on_dask_worker(jobs: Sequence[Job], settings: Settings, cleaner: Cleaner | None) -> Any:
    # One Worker per worker process: the model loads on the first batch a process gets
    # (nlp.load_pipeline caches it) and is reused for every later batch.
    global _WORKER
    if _WORKER is None or _WORKER.settings != settings:
        _WORKER = Worker(settings, cleaner)
    _WORKER.cleaner = cleaner
    return _WORKER.run(jobs)


def run_jobs_dask(
    jobs: Sequence[Job],
    *,
    settings: Settings,
    cleaner: Cleaner | None,
    processes: int,
    scheduler: str | None = None,
) -> Iterator[Outcome]:
    """Run ``jobs`` on a Dask cluster and yield their outcomes in input order.

    With ``scheduler`` the jobs go to that running cluster (its workers need chipwatch
    and the model installed); without, a local cluster of ``processes`` single-threaded
    worker processes is started on the loopback interface for this run. The fitted
    cleaner is sent to every worker once; corpus-level reductions stay with the caller,
    so the results are those of the local engine.
    """
    from chipwatch.errors import UsageError

    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a declared dependency
        raise UsageError(
            "--engine dask needs dask[distributed]: pip install 'dask[distributed]'."
        ) from exc

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(
                n_workers=max(1, processes),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                worker_dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}. "
            "Check --scheduler ADDRESS, or use --engine local."
        ) from exc
    try:
        _check_workers(client, scheduler)
        [shared_cleaner] = client.scatter([cleaner], broadcast=True)
        size = max(1, min(settings.batch_size, len(jobs) // (max(1, processes) * 4) or 1))
        futures = [
            client.submit(_run_on_dask_worker, batch, settings, shared_cleaner, pure=False)
            for batch in _batches(jobs, size)
        ]
        for future in futures:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
