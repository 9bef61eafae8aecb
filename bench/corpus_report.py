"""The development corpus measured: ``make corpus`` writes ``docs/corpus.md``.

``python bench/corpus_report.py [--corpus ../shared/corpus] [--out .corpus-out]
[--output docs/corpus.md]``

Ingests every file under the corpus folder (``pipeline.ingest.ingest``, the library path of
``qdx ingest --no-prefect``) into a fresh OUT folder, then reads the datasets back
(``pipeline.read_dataset``) and writes one Markdown page:

* files read and failed, the failures grouped by reason (the file name taken out);
* per-field fill rates over the documents read, overall and by format; a field whose column
  the datasets do not have yet is "not extracted yet"; the documents of each kind and topic;
* agreement with ``labels.csv`` (columns ``name,so_hieu,loai,nam,so_hieu_source``) on the
  gazette PDFs: the decision number, both sides through qdx's own
  :func:`normalizers.refs.normalize_decision_number` and then compared exactly (a looser count,
  case, spaces and Đ/D folded, is shown beside it to tell a cosmetic difference from a wrong
  number), and the kind, ``loai`` mapped by :data:`KIND_OF_LABEL` to qdx's ``doc_kind`` values;
* wall time per document (one file a batch, so each document's time is the gap between two
  outcomes), overall and by format;
* tracebacks: files that failed with an internal error (an exception in qdx's code, caught by
  the batch) and log records carrying an exception; 0 expected;
* every error-severity finding of ``issues`` on a corpus document, with the judgement of a person
  who read the document: ``bench/corpus_judgements.csv`` (``doc,check,message,judgement``: the
  finding's document and check, a fragment of its message, and "real source error: …" or "false
  alarm: …"); a finding no row matches is "to review", and a row that matches no finding is
  listed, so a judgement does not outlive its finding unnoticed.

The output is sorted and holds no timestamp except the timing lines, so two runs of the same
code differ only there. A dev tool beside the benchmarks: nothing under ``pipeline/``,
``extractors/``, ``normalizers/`` or ``flows/`` imports it.
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
import shutil
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # this checkout's code, not another one's editable install
    sys.path.insert(0, str(ROOT))

from normalizers.refs import normalize_decision_number  # noqa: E402
from pipeline import read_dataset  # noqa: E402
from pipeline.ingest import Outcome, ingest  # noqa: E402
from pipeline.kinds import Change  # noqa: E402

# A national body's document has no province: its rows go under the partition
# `province=national`, which this derived column counts as filled beside a named province.
PROVINCE_OR_NATIONAL = "province_or_national"
NATIONAL = "national"

# The fields measured: a label and the column of `documents` that holds it. A field is filled
# when its value is neither null nor blank text.
FIELDS: tuple[tuple[str, str], ...] = (
    ("decision number", "decision_number"),
    ("issue date", "issue_date"),
    ("issuer", "issuer"),
    ("issuer level", "issuer_level"),
    ("province", "province_name"),
    ("province or national", PROVINCE_OR_NATIONAL),
    ("period", "period_start"),
    ("signer", "signer_name"),
    ("topic", "topic"),
)
NOT_EXTRACTED = "not extracted yet"
JUDGEMENTS = ROOT / "bench" / "corpus_judgements.csv"
TO_REVIEW = "to review"
# Files of the corpus folder that describe it and are no documents.
NOT_DOCUMENTS = frozenset({"SOURCES.md", "labels.csv"})
OTHER_KIND = "other"

# The publisher's `loai` (labels.csv) → qdx's `doc_kind`. Keys are compared case-folded, spaces
# collapsed (:func:`label_key`). The values are the kinds issue 13 names, spelled as qdx spells
# its kinds (the words without tones, `_` between them); a label not here is listed as unmapped.
KIND_OF_LABEL: Mapping[str, str] = {
    "quyết định": "quyet_dinh",
    "qđ": "quyet_dinh",
    "kế hoạch": "ke_hoach",
    "kh": "ke_hoach",
    "chương trình": "chuong_trinh",
    "đề án": "de_an",
    "nghị quyết": "nghi_quyet",
    "nq": "nghi_quyet",
    "chỉ thị": "chi_thi",
    "ct": "chi_thi",
    "thông tư": "thong_tu",
    "tt": "thong_tu",
    "thông tư liên tịch": "thong_tu_lien_tich",
    "ttlt": "thong_tu_lien_tich",
    "nghị định": "nghi_dinh",
    "nđ": "nghi_dinh",
    "văn bản hợp nhất": "van_ban_hop_nhat",
    "vb hn": "van_ban_hop_nhat",
    "vbhn": "van_ban_hop_nhat",
    "quy định": "quy_dinh",
    "báo cáo": "bao_cao",
    "công văn": "cong_van",
    "thông báo": "thong_bao",
    "hướng dẫn": "huong_dan",
    "kết luận": "ket_luan",
}

# Failure messages grouped by what they say (first match wins); the rest by their own text.
FAILURE_GROUPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"LibreOffice|soffice", re.I), ".doc needs LibreOffice"),
    (re.compile(r"unsupported file type|not supported", re.I), "unsupported file type"),
    (re.compile(r"internal error", re.I), "internal error (a traceback)"),
)


def label_key(text: str) -> str:
    """A label's words as compared: NFC, case-folded, spaces collapsed.

    >>> label_key("  Thông  tư ")
    'thông tư'
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def kind_of_label(loai: str) -> str | None:
    """qdx's ``doc_kind`` for a publisher's ``loai``; None when the label is not mapped.

    >>> kind_of_label("Nghị quyết"), kind_of_label("VB HN"), kind_of_label("Sắc lệnh")
    ('nghi_quyet', 'van_ban_hop_nhat', None)
    """
    return KIND_OF_LABEL.get(label_key(loai))


def normalize_number(text: str | None) -> str | None:
    """A document number as compared: qdx's normalisation, else the text stripped (a label
    qdx's normaliser rejects is still compared, and disagrees); None when blank."""
    if text is None or not str(text).strip():
        return None
    text = unicodedata.normalize("NFC", str(text)).strip()
    return normalize_decision_number(text) or text


def loose_number(text: str | None) -> str | None:
    """A number with case, spaces and the Đ/D difference folded: how a person reading both
    would still call them the same.

    >>> loose_number("02/2025/TT-BLĐTBXH") == loose_number("02/2025/tt-bldtbxh ")
    True
    """
    number = normalize_number(text)
    if number is None:
        return None
    return re.sub(r"\s+", "", number).replace("Đ", "D").replace("đ", "d").casefold()


def is_filled(value: object) -> bool:
    """Whether a cell holds a value: not null, not blank text."""
    if value is None or (not isinstance(value, (str, tuple, list)) and pd.isna(value)):
        return False
    return not (isinstance(value, str) and not value.strip())


def with_province_or_national(documents: pd.DataFrame) -> pd.DataFrame:
    """``documents`` with the derived column: the province named, else ``national`` for a
    national body's document (its `province` partition); left out without that column.

    >>> frame = pd.DataFrame({"province_name": ["Hưng Yên", None, None],
    ...                       "province": ["hung-yen", "national", "unknown"]})
    >>> with_province_or_national(frame)[PROVINCE_OR_NATIONAL].tolist()
    ['Hưng Yên', 'national', None]
    """
    if "province" not in documents.columns:
        return documents
    values = [
        name if is_filled(name) else (NATIONAL if slug == NATIONAL else None)
        for name, slug in zip(documents["province_name"], documents["province"], strict=True)
    ]
    return documents.assign(**{PROVINCE_OR_NATIONAL: pd.Series(values, dtype=object)})


def fill_rates(
    documents: pd.DataFrame, fields: Sequence[tuple[str, str]]
) -> dict[str, float | None]:
    """The share of rows with each field filled, by label; None for a column the frame lacks.

    >>> frame = pd.DataFrame({"a": ["x", None, " ", "y"]})
    >>> fill_rates(frame, [("A", "a"), ("B", "b")])
    {'A': 0.5, 'B': None}
    """
    rates: dict[str, float | None] = {}
    for label, column in fields:
        if column not in documents.columns:
            rates[label] = None
        elif len(documents) == 0:
            rates[label] = 0.0
        else:
            rates[label] = float(documents[column].map(is_filled).mean())
    return rates


def kind_share(documents: pd.DataFrame) -> float:
    """The share of documents whose ``doc_kind`` is not ``other``."""
    if len(documents) == 0:
        return 0.0
    return float((documents["doc_kind"].astype(str) != OTHER_KIND).mean())


def failure_group(error: str, name: str) -> str:
    """The reason a file failed, without its name, for grouping."""
    for pattern, group in FAILURE_GROUPS:
        if pattern.search(error):
            return group
    reason = error.replace(name, "").strip(" :;")
    return reason or error


@dataclass(frozen=True, slots=True)
class LabelRow:
    """One gazette PDF's labels and what qdx read from it."""

    name: str
    label_number: str
    label_kind: str
    qdx_number: str | None
    qdx_kind: str | None
    read: bool  # qdx extracted the file (it is in `documents`)

    @property
    def mapped_kind(self) -> str | None:
        return kind_of_label(self.label_kind)

    @property
    def number_agrees(self) -> bool:
        return normalize_number(self.label_number) == normalize_number(self.qdx_number)

    @property
    def number_agrees_loosely(self) -> bool:
        return loose_number(self.label_number) == loose_number(self.qdx_number)

    @property
    def kind_agrees(self) -> bool:
        return self.mapped_kind is not None and self.mapped_kind == self.qdx_kind


def label_rows(labels: Iterable[Mapping[str, str]], documents: pd.DataFrame) -> list[LabelRow]:
    """Each label next to qdx's values for its file (``pdf/<name>`` or a file of that name),
    sorted by name."""
    by_name: dict[str, Mapping[str, object]] = {}
    for record in documents.to_dict("records"):
        by_name.setdefault(str(record["doc_id"]).rsplit("/", 1)[-1], record)
    rows = []
    for label in labels:
        doc = by_name.get(label["name"])
        rows.append(
            LabelRow(
                name=label["name"],
                label_number=label["so_hieu"],
                label_kind=label["loai"],
                qdx_number=_text_or_none(doc.get("decision_number")) if doc else None,
                qdx_kind=_text_or_none(doc.get("doc_kind")) if doc else None,
                read=doc is not None,
            )
        )
    return sorted(rows, key=lambda r: r.name)


def _text_or_none(value: object) -> str | None:
    return str(value) if is_filled(value) else None


def percent(part: int | float, whole: int | float) -> str:
    """``part`` of ``whole`` as a percentage with one decimal ("n/a" of nothing).

    >>> percent(59, 60), percent(0, 0)
    ('98.3%', 'n/a')
    """
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def cell(value: object) -> str:
    """A value for one Markdown table cell: one line, pipes escaped, empty shown as "—"."""
    if not is_filled(value):
        return "—"
    return re.sub(r"\s+", " ", str(value)).replace("|", "\\|").strip()


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines


# ---- the run --------------------------------------------------------------------------------


class _ExceptionCounter(logging.Handler):
    """Counts log records that carry an exception (a traceback printed by the run)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.count += 1


@dataclass(slots=True)
class Timed:
    """A run's outcomes with the seconds each took, and the run's wall time."""

    outcomes: list[tuple[Outcome, float]] = field(default_factory=list)
    wall_seconds: float = 0.0
    logged_tracebacks: int = 0


def run_ingest(corpus: Path, out: Path) -> Timed:
    """Every file under ``corpus`` into a fresh ``out``, one file a batch so that each outcome's
    gap to the one before is its document's time."""
    shutil.rmtree(out, ignore_errors=True)
    timed = Timed()
    counter = _ExceptionCounter()
    logging.getLogger().addHandler(counter)
    start = last = time.perf_counter()

    def on_file(outcome: Outcome) -> None:
        nonlocal last
        now = time.perf_counter()
        timed.outcomes.append((outcome, now - last))
        last = now

    try:
        ingest(corpus, out, batch_size=1, on_file=on_file, use_cache=False)
    finally:
        logging.getLogger().removeHandler(counter)
    timed.wall_seconds = time.perf_counter() - start
    timed.logged_tracebacks = counter.count
    return timed


def file_format(doc_id: str) -> str:
    """The format of a file, from its suffix (``txt``, ``pdf``, ``docx``, ``doc``, …)."""
    name = doc_id.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else "(none)"


# ---- the page -------------------------------------------------------------------------------


def render(
    corpus_name: str,
    timed: Timed,
    documents: pd.DataFrame,
    issues: pd.DataFrame,
    labels: Sequence[Mapping[str, str]],
    judgements: Sequence[Judgement] = (),
    budget_lines: pd.DataFrame | None = None,
    budget: pd.DataFrame | None = None,
) -> str:
    """The whole page, from the run and the datasets it wrote, and a person's judgements of the
    error findings; the budget section when ``budget_lines`` and ``budget`` are given."""
    outcomes = [(o, s) for o, s in timed.outcomes if o.doc_id not in NOT_DOCUMENTS]
    aside = sorted(o.doc_id for o, _ in timed.outcomes if o.doc_id in NOT_DOCUMENTS)
    read = [o for o, _ in outcomes if o.change in (Change.ADDED, Change.CHANGED)]
    failed = [o for o, _ in outcomes if o.change == Change.FAILED]
    skipped = [o for o, _ in outcomes if o.change == Change.SKIPPED]
    internal = [o for o in failed if "internal error" in (o.error or "")]
    docs = with_province_or_national(documents.sort_values("doc_id").reset_index(drop=True))
    docs = docs.assign(format=docs["doc_id"].map(file_format))

    out = [
        "# The development corpus, measured",
        "",
        f"Written by `make corpus` (`bench/corpus_report.py`) from an ingestion of `{corpus_name}` "
        "(issue 13). Do not edit by hand: run `make corpus` again. Everything but the timing "
        "lines is the same from one run of the same code to the next.",
        "",
        "## Files",
        "",
    ]
    by_format_files = Counter(file_format(o.doc_id) for o, _ in outcomes)
    by_format_read = Counter(file_format(o.doc_id) for o in read)
    by_format_failed = Counter(file_format(o.doc_id) for o in failed)
    out += table(
        ["format", "files", "read", "failed"],
        [
            (f, by_format_files[f], by_format_read[f], by_format_failed[f])
            for f in sorted(by_format_files)
        ]
        + [("**all**", len(outcomes), len(read), len(failed))],
    )
    out += ["", f"{len(read)} files read, {len(failed)} failed, {len(skipped)} left out."]
    if aside:
        out += [
            "",
            "Not documents, so not counted here nor below (qdx skips them: types it does not "
            "read): " + ", ".join(f"`{name}`" for name in aside) + ".",
        ]
    if failed:
        groups: Counter[str] = Counter()
        for o in failed:
            groups[failure_group(o.error or "", o.doc_id.rsplit("/", 1)[-1])] += 1
        out += ["", "Failures by reason:", ""]
        by_reason = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))
        out += table(["reason", "files"], by_reason)
        out += ["", "<details><summary>Each failed file</summary>", ""]
        out += table(
            ["file", "error"],
            sorted((o.doc_id, o.error) for o in failed),
        )
        out += ["", "</details>"]
    if skipped:
        out += ["", "Left out:", ""]
        out += table(["file", "why"], sorted((o.doc_id, o.error) for o in skipped))

    out += _fill_section(docs)
    out += _label_section(labels, docs)
    out += _timing_section(timed, outcomes)
    out += [
        "",
        "## Tracebacks",
        "",
        f"{len(internal) + timed.logged_tracebacks} (target 0): {len(internal)} files failed "
        f"with an internal error, {timed.logged_tracebacks} log records carried an exception.",
    ]
    if budget_lines is not None and budget is not None:
        out += _budget_section(docs, budget_lines, budget, issues)
    out += _error_section(issues, set(docs["doc_id"]) | {o.doc_id for o in failed}, judgements)
    return "\n".join(out) + "\n"


# The checks of budget figures (prose, tables and their agreement): pipeline.kinds.Check.
BUDGET_CHECKS = frozenset(
    {
        "prose_years_sum",
        "prose_sources_sum",
        "executed_parts_sum",
        "prose_table_mismatch",
        "target_table_mismatch",
        "row_sum",
        "column_sum",
        "children_sum",
        "total_row_missing_cell",
    }
)


def _budget_section(
    docs: pd.DataFrame, lines: pd.DataFrame, budget: pd.DataFrame, issues: pd.DataFrame
) -> list[str]:
    """Budget figures on the corpus (issue 14): who has them, which are rates or foreign money,
    what the budget checks found."""
    ids = set(docs["doc_id"])
    lines = lines[lines["doc_id"].isin(sorted(ids))]
    budget = budget[budget["doc_id"].isin(sorted(ids))]
    checks = issues[
        issues["doc_id"].isin(sorted(ids)) & issues["check"].astype(str).isin(BUDGET_CHECKS)
    ]
    formats = docs.set_index("doc_id")["format"]
    with_lines = Counter(formats[d] for d in lines["doc_id"].unique())
    with_budget = Counter(formats[d] for d in budget["doc_id"].unique())
    all_docs = Counter(docs["format"])
    rows = [(f, all_docs[f], with_lines[f], with_budget[f]) for f in sorted(all_docs)] + [
        ("**all**", len(docs), sum(with_lines.values()), sum(with_budget.values()))
    ]
    per = lines[lines["per"].notna()]
    foreign = lines[lines["currency"].notna() & (lines["currency"].astype(str) != "VND")]
    plan = lines[lines["scope"].astype(str) == "plan"]
    severities = Counter(checks["severity"].astype(str))
    out = [
        "",
        "## Budget figures",
        "",
        f"{len(lines)} budget lines ({len(plan)} of a plan, the rest in reviews of a past "
        f"period) in {lines['doc_id'].nunique()} documents; {len(budget)} rows of `budget` in "
        f"{budget['doc_id'].nunique()} documents (only a khuyến công programme has a `budget`: "
        "the amounts of a decree or a circular are no programme's money).",
        "",
    ]
    out += table(["format", "documents", "with budget lines", "with `budget` rows"], rows)
    out += [
        "",
        f"Figures with a `per` unit (a rate or price, never a total nor in `budget`): {len(per)} "
        f"in {per['doc_id'].nunique()} documents. Figures in a foreign currency (no "
        f"`amount_vnd`): {len(foreign)}.",
        "",
        f"Budget checks ({', '.join(f'`{c}`' for c in sorted(BUDGET_CHECKS))}): "
        f"{severities['error']} errors, {severities['warning']} warnings, "
        f"{severities['info']} info. Each error is judged in the next section.",
    ]
    if len(lines):
        top = Counter(lines["doc_id"]).most_common(10)
        out += ["", "The documents with the most budget lines:", ""]
        out += table(
            ["doc", "budget lines", "with `per`", "`budget` rows"],
            [
                (d, n, int((per["doc_id"] == d).sum()), int((budget["doc_id"] == d).sum()))
                for d, n in top
            ],
        )
    return out


def _fill_section(docs: pd.DataFrame) -> list[str]:
    formats = sorted(docs["format"].unique())
    header = ["field", f"all ({len(docs)})"] + [
        f"{f} ({int((docs['format'] == f).sum())})" for f in formats
    ]
    frames = [docs] + [docs[docs["format"] == f] for f in formats]
    rates = [fill_rates(frame, FIELDS) for frame in frames]

    def shown(rate: float | None) -> str:
        return NOT_EXTRACTED if rate is None else f"{100 * rate:.1f}%"

    rows: list[Sequence[object]] = []
    for label, _ in FIELDS[:2]:
        rows.append([label] + [shown(r[label]) for r in rates])
    rows.append(["doc_kind not `other`"] + [shown(kind_share(frame)) for frame in frames])
    for label, _ in FIELDS[2:]:
        rows.append([label] + [shown(r[label]) for r in rates])
    out = [
        "",
        "## Fill rates",
        "",
        "Share of the documents read with the field filled (not null, not blank): decision "
        "number `decision_number`, issue date `issue_date`, issuer `issuer`, issuer level "
        "`issuer_level`, province `province_name` (and province or national: a national body's "
        "document has none, its rows go under `province=national`), period `period_start`, "
        "signer `signer_name`, "
        "topic `topic`. Filled is not right: the labels below measure that for the PDFs.",
        "",
    ]
    out += table(header, rows)
    out += _counts("Kinds", "doc_kind", header, frames)
    if "topic" in docs.columns:
        out += _counts("Topics", "topic", header, frames)
    return out


def _counts(
    title: str, column: str, header: Sequence[str], frames: Sequence[pd.DataFrame]
) -> list[str]:
    """The documents of each value of a column, overall and by format, most frequent first."""
    values = Counter(frames[0][column].astype(str))
    return [
        "",
        f"{title} (`{column}`):",
        "",
        *table(
            [column, *header[1:]],
            [
                [value] + [int((frame[column].astype(str) == value).sum()) for frame in frames]
                for value in sorted(values, key=lambda v: (-values[v], v))
            ],
        ),
    ]


def _label_section(labels: Sequence[Mapping[str, str]], docs: pd.DataFrame) -> list[str]:
    rows = label_rows(labels, docs)
    n = len(rows)
    numbers = sum(r.number_agrees for r in rows)
    loose = sum(r.number_agrees_loosely for r in rows)
    kinds = sum(r.kind_agrees for r in rows)
    both = sum(r.number_agrees and r.kind_agrees for r in rows)
    unmapped = sorted({r.label_kind for r in rows if r.mapped_kind is None})
    out = [
        "",
        "## Agreement with labels.csv (gazette PDFs)",
        "",
        "The decision number: the label's `so_hieu` and qdx's `decision_number`, both through "
        "qdx's own `normalize_decision_number` (a text it rejects is kept as printed), then "
        "compared exactly; the loose count folds case, spaces and Đ/D as well, to tell a "
        "cosmetic difference from a wrong number. The kind: `loai` mapped to a `doc_kind` "
        "value (`KIND_OF_LABEL` in `bench/corpus_report.py`: Thông tư → `thong_tu`, Nghị "
        "quyết / NQ → `nghi_quyet`, Quyết định / QĐ → `quyet_dinh`, Nghị định → `nghi_dinh`, "
        "Văn bản hợp nhất / VB HN → `van_ban_hop_nhat`, …), compared exactly. Target: ≥ 98% "
        "for both. A PDF qdx failed to read counts as a disagreement.",
        "",
    ]
    out += table(
        ["measure", "agree", "of", "share"],
        [
            ("decision number (exact after normalisation)", numbers, n, percent(numbers, n)),
            ("decision number (case, spaces, Đ/D folded)", loose, n, percent(loose, n)),
            ("kind", kinds, n, percent(kinds, n)),
            ("number and kind", both, n, percent(both, n)),
        ],
    )
    out += [
        "",
        "Unmapped `loai`: " + (", ".join(f"“{k}”" for k in unmapped) if unmapped else "none") + ".",
    ]
    disagreements = [r for r in rows if not (r.number_agrees and r.kind_agrees)]
    out += ["", f"Disagreements ({len(disagreements)}):", ""]
    out += table(
        ["file", "label number", "qdx number", "label kind", "qdx kind", "differs in"],
        [
            (
                r.name if r.read else f"{r.name} (not read)",
                r.label_number,
                r.qdx_number,
                f"{r.label_kind} → {r.mapped_kind or 'unmapped'}",
                r.qdx_kind,
                ", ".join(
                    part
                    for part, ok in (("number", r.number_agrees), ("kind", r.kind_agrees))
                    if not ok
                ),
            )
            for r in disagreements
        ],
    )
    return out


def _timing_section(timed: Timed, outcomes: list[tuple[Outcome, float]]) -> list[str]:
    n = len(outcomes)
    seconds: dict[str, list[float]] = {}
    for o, s in outcomes:
        seconds.setdefault(file_format(o.doc_id), []).append(s)
    out = [
        "",
        "## Time per document",
        "",
        "One file a batch, in one process; a document's time is the gap between its outcome and "
        "the one before (extraction, validation, writing). These lines change from run to run.",
        "",
        f"Wall time {timed.wall_seconds:.1f} s for {n} files: "
        f"{timed.wall_seconds / n if n else 0:.2f} s a file.",
        "",
    ]
    out += table(
        ["format", "files", "seconds", "s a file"],
        [
            (f, len(v), f"{sum(v):.1f}", f"{sum(v) / len(v):.2f}")
            for f, v in sorted(seconds.items())
        ],
    )
    return out


def _error_section(
    issues: pd.DataFrame, doc_ids: set[str], judgements: Sequence[Judgement]
) -> list[str]:
    errors = issues[
        (issues["severity"].astype(str) == "error") & issues["doc_id"].isin(sorted(doc_ids))
    ]
    failures = errors[errors["check"].astype(str) == "extract_failed"]
    findings = errors[errors["check"].astype(str) != "extract_failed"]
    found = [
        (str(r.doc_id), str(r.check), str(r.message)) for r in findings.itertuples(index=False)
    ]
    rows = sorted((*f, judgement_of(*f, judgements)) for f in found)
    to_review = sum(row[3] == TO_REVIEW for row in rows)
    out = [
        "",
        "## Error-severity findings",
        "",
        f"{len(rows)} findings of severity `error` on corpus documents "
        f"({findings['doc_id'].nunique()} documents; the {len(failures)} `extract_failed` rows "
        f"are the failed files above), {to_review} to review. Issue 13 wants none unless a "
        "person reading the document agrees it is a real error of the source; the judgements "
        "are theirs, from `bench/corpus_judgements.csv`.",
        "",
    ]
    out += table(["doc", "check", "message", "judgement"], rows)
    unused = [j for j in judgements if not any(j.matches(*f) for f in found)]
    if unused:
        out += ["", "Judgements that match no finding any more (take them out of the file):", ""]
        out += table(
            ["doc", "check", "message", "judgement"],
            [(j.doc, j.check, j.message, j.judgement) for j in unused],
        )
    return out


@dataclass(frozen=True, slots=True)
class Judgement:
    """A person's judgement of the error findings of one document and check whose message holds
    ``message`` (a fragment, compared as printed)."""

    doc: str
    check: str
    message: str
    judgement: str

    def matches(self, doc: str, check: str, message: str) -> bool:
        return self.doc == doc and self.check == check and self.message in message


def read_judgements(path: Path) -> list[Judgement]:
    """The rows of a judgements file; ``#`` lines are comments, and a file that is not there
    holds none.

    >>> read_judgements(Path("/nonexistent.csv"))
    []
    """
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return [
        Judgement(r["doc"], r["check"], r["message"], r["judgement"]) for r in csv.DictReader(lines)
    ]


def judgement_of(doc: str, check: str, message: str, judgements: Sequence[Judgement]) -> str:
    """The first judgement that matches a finding, else "to review".

    >>> j = [Judgement("pdf/a.pdf", "row_sum", "row 3", "real source error: 20 + 30 ≠ 60")]
    >>> judgement_of("pdf/a.pdf", "row_sum", "row 3 (Lớp nghề): its parts add up to 50", j)
    'real source error: 20 + 30 ≠ 60'
    >>> judgement_of("pdf/a.pdf", "column_sum", "row 3 (Lớp nghề): …", j)
    'to review'
    """
    return next((j.judgement for j in judgements if j.matches(doc, check, message)), TO_REVIEW)


def read_labels(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--out", type=Path, default=Path(".corpus-out"))
    parser.add_argument("--output", type=Path, default=Path("docs/corpus.md"))
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus} (set CORPUS=…)", file=sys.stderr)
        return 2
    labels_file = args.corpus / "labels.csv"
    labels = read_labels(labels_file) if labels_file.is_file() else []
    timed = run_ingest(args.corpus, args.out)
    page = render(
        str(args.corpus),
        timed,
        read_dataset("documents", args.out),
        read_dataset("issues", args.out),
        labels,
        read_judgements(args.judgements),
        read_dataset("budget_lines", args.out),
        read_dataset("budget", args.out),
    )
    args.output.write_text(page, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
