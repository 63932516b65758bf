"""The ordered stages, and `build()`: files on disk → a knowledge base.

Takes: paths (files or folders) and a knowledge-base file. Gives: a `BuildReport`. Each
stage declares what it requires and what it provides; a `Pipeline` put together in an
impossible order is refused at construction. For every file: skip it if unchanged since
the last build (same path, size, mtime); hash it and skip parsing if its content is already
stored; otherwise ingest → segment → language → (temporal → entities → events) and write
the document in one transaction. Events are merged across documents at the end.
A failing file costs one line in the report; the others go on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from kronik.errors import KronikError, PipelineError
from kronik.ingest import Ingested, open_file
from kronik.ingest.discover import Found, Problem, discover, os_reason
from kronik.model import DocState, Document
from kronik.stages.language import detect_language
from kronik.stages.segment import segment
from kronik.store import BULK_FILES, KnowledgeBase

BASE_PROVIDES = frozenset({"text"})


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    run: Callable[[Document], Document]
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()


class Pipeline:
    """Stages in order; calling it runs them all over one Document (or section)."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        have = set(BASE_PROVIDES)
        for stage in stages:
            missing = stage.requires - have
            if missing:
                raise PipelineError(
                    f"stage '{stage.name}' needs {', '.join(sorted(missing))}, which no earlier stage provides"
                )
            have |= stage.provides
        self.stages = tuple(stages)
        self.provides = frozenset(have)

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage.run(doc)
            doc.done.add(stage.name)
        return doc

    def run_sections(self, ingested: Ingested) -> Iterator[Document]:
        """Run over each section of a file, carrying language, date and narrative state along."""
        state = DocState()
        base = 0
        prev: Document | None = None
        for i, text in enumerate(ingested.sections()):
            doc = Document(source=ingested.source, text=text, base=base, section=i, state=state)
            if prev is not None:
                doc.lang, doc.doc_date, doc.doc_date_source = prev.lang, prev.doc_date, prev.doc_date_source
            doc = self(doc)
            state = doc.state
            base += len(text)
            prev = doc
            yield doc


def foundation_stages() -> list[Stage]:
    """Segmentation and language: what every build does before the analysis stages (cheap to make,
    unlike the entity stage, which loads the gazetteer and builds its automaton when made)."""
    return [
        Stage("segment", segment, frozenset({"text"}),
              frozenset({"paragraphs", "sentences", "markers", "references"})),
        Stage("language", detect_language, frozenset({"text"}), frozenset({"lang"})),
    ]


def default_stages(gazetteers: Sequence[Path] = ()) -> list[Stage]:
    """The full pipeline, in order. Optional stages are added when their module is present."""
    return [*foundation_stages(), *_analysis_stages(gazetteers)]


def _analysis_stages(gazetteers: Sequence[Path]) -> list[Stage]:
    """Temporal, entity and event stages (imported lazily: they load language data)."""
    from kronik.stages import registry

    return registry.stages(gazetteers)


@dataclass(slots=True)
class BuildReport:
    files: int = 0
    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    words: int = 0
    sentences: int = 0
    timexes: int = 0
    mentions: int = 0
    events: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


ProgressFn = Callable[[str, str], None]  # (path, outcome) after each file


def build(paths: Iterable[str | os.PathLike[str]], db: str | os.PathLike[str], *,
          gazetteers: Sequence[Path] = (), progress: Callable[[int], ProgressFn] | None = None,
          pipeline: Pipeline | None = None) -> BuildReport:
    """Build or update the knowledge base `db` from `paths`. `progress(total)` returns a callback."""
    started = time.perf_counter()
    report = BuildReport()
    items = list(discover(Path(p) for p in paths))
    found = [it for it in items if isinstance(it, Found)]
    for it in items:
        if isinstance(it, Problem):
            report.failed.append((str(it.path), it.reason))
    report.files = len(found)
    tick = progress(len(found)) if progress else None
    pipe = pipeline or Pipeline(default_stages(gazetteers))
    with KnowledgeBase(db) as kb, kb.writer():
        kb.count_aliases()  # the documents of a build killed before its end
        bulk = kb.bulk() if _new_files(kb, found) >= BULK_FILES else nullcontext()
        try:
            with bulk:
                for item in found:
                    outcome = _build_one(kb, pipe, item, report)
                    if tick:
                        tick(str(item.path), outcome)
        except KeyboardInterrupt:
            report.interrupted = True
        kb.count_aliases()  # of the documents written, the build finished or not
        if report.added and not report.interrupted:
            _merge(kb)
    report.seconds = time.perf_counter() - started
    return report


def _new_files(kb: KnowledgeBase, found: list[Found]) -> int:
    """How many of the files are new or changed since the last build (a stat each)."""
    n = 0
    for item in found:
        try:
            st = os.stat(item.path)
        except OSError:
            continue
        n += not kb.file_unchanged(os.path.abspath(item.path), st.st_size, st.st_mtime_ns)
    return n


def _build_one(kb: KnowledgeBase, pipe: Pipeline, item: Found, report: BuildReport) -> str:
    path = os.path.abspath(item.path)
    try:
        st = os.stat(path)
        if kb.file_unchanged(path, st.st_size, st.st_mtime_ns):
            report.unchanged += 1
            return "unchanged"
        ingested = open_file(Path(path), item.name)
        source = ingested.source
        known = kb.document_with_hash(source.content_hash)
        if known is not None:
            kb.record_file(source, known)
            report.duplicates += 1
            return "duplicate"
        written = kb.add_document(source, pipe.run_sections(ingested))
    except KronikError as exc:
        report.failed.append((str(item.path), exc.message))
        return "failed"
    except OSError as exc:
        report.failed.append((str(item.path), os_reason(exc)))
        return "failed"
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug in a stage must not stop the other files
        report.failed.append((str(item.path), f"internal error: {type(exc).__name__}: {exc}"))
        return "failed"
    for warning in source.warnings:
        report.warnings.append((str(item.path), warning))
    report.added += 1
    report.words += written.words
    report.sentences += written.sentences
    report.timexes += written.timexes
    report.mentions += written.mentions
    report.events += written.events
    return "added"


def _merge(kb: KnowledgeBase) -> None:
    from kronik.stages.merge import cluster

    kb.merge_events(cluster)
