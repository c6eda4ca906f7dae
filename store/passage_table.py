"""The snapshot's passages as memory-mapped columns: opening a snapshot reads none of them.

A process used to unpickle every passage of the archive at start-up, which made its
start-up time and its memory grow with the archive. Here each field is a numpy column
saved with `np.save` and opened with `mmap_mode="r"`, and the texts are one UTF-8 file
with an offset per row: a `Passage` is made when one is asked for, and the pages the
questions never touch stay on disk. numpy's memory maps do this well; no library keeps
a table of small records as cheaply (SQLite costs a query per passage, and the BM25
hits and the catalog read passages by the thousand).

Rows are every passage as each page shows it, pages in article order: a teaser shown on
several pages has a row on each, since the next snapshot is updated page by page. The
passage list the tools see (`Snapshot.passages`) is each page's own passages and each
teaser once, under the first page that shows it, sorted by (article, sentence, id):
`order` maps a position in that list to its row.
"""

from __future__ import annotations

import json
import mmap
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

import numpy as np

from store.records import Passage, teaser_id
from store.search import terms

KINDS: tuple[str, ...] = ("title", "lead", "body", "caption", "related")
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
RELATED = _KIND_CODE["related"]
# One int32 row per passage shown: a passage is read with one array access.
_COLUMNS = ("article", "paragraph", "sentence", "start", "end", "kind")
HEADER = "passages.json"
TEXT = "passages.text"
# Each row's BM25 terms, space-joined: an updated snapshot rebuilds its BM25 index
# without stemming again the passages it copies.
TERMS = "passages.terms"
# Passages made from their rows and kept per process: a few questions' candidates.
CACHE = 50_000


class PassageWriter:
    """Collects pages in article order, then makes the table (in memory or on disk)."""

    def __init__(self) -> None:
        self._rows = array("i")
        self._offsets = array("q", [0])
        self._text = bytearray()
        self._term_offsets = array("q", [0])
        self._terms = bytearray()
        self._order = array("q")
        # Each row's row in the table it was copied from (-1 for a row added).
        self._sources = array("q")
        self._articles: list[str] = []
        self._titles: list[str] = []
        self._teasers: dict[str, int] = {}
        self._last: str | None = None

    @property
    def articles(self) -> list[str]:
        """The articles added so far, in order (their numbers are their places here)."""
        return self._articles

    def _start_page(self, article_id: str, title: str) -> int:
        if self._last is not None and article_id <= self._last:
            raise ValueError(f"pages out of order: {article_id!r} after {self._last!r}")
        self._last = article_id
        self._articles.append(article_id)
        self._titles.append(title)
        return len(self._articles) - 1

    def add_page(self, article_id: str, title: str, shown: Iterable[Passage]) -> None:
        """One page's passages (its own and its teasers); pages must come in article order."""
        index = self._start_page(article_id, title)
        for p in sorted(shown, key=lambda p: (p.sentence, p.id)):
            row = len(self._offsets) - 1
            self._rows.extend((index, p.paragraph, p.sentence, p.start, p.end, _KIND_CODE[p.kind]))
            self._text += p.text.encode("utf-8")
            self._offsets.append(len(self._text))
            self._terms += " ".join(terms(p.text)).encode("utf-8")
            self._term_offsets.append(len(self._terms))
            self._sources.append(-1)
            if p.kind == "related":
                # Pages come in article order: the first page showing a teaser cites it.
                if p.id in self._teasers:
                    continue
                self._teasers[p.id] = len(self._order)
            self._order.append(row)

    def copy_pages(self, table: PassageTable, first: int, last: int) -> tuple[int, int]:
        """The pages of articles `first` to `last` (their numbers in `table`) as they are,
        copied as arrays: an update copies the unchanged archive in a few runs. Returns
        the rows of `table` copied (from, to)."""
        lo, hi = int(table._first[first]), int(table._first[last + 1])
        shift = len(self._articles) - first
        for i in range(first, last + 1):
            self._start_page(table.articles[i], table._title_list[i])
        rows = np.array(table.rows[lo:hi], dtype=np.int32)
        rows[:, 0] += shift
        base = len(self._offsets) - 1
        self._rows.frombytes(rows.tobytes())
        self._sources.frombytes(np.arange(lo, hi, dtype=np.int64).tobytes())
        for blob, offsets, source, source_offsets in (
            (self._text, self._offsets, table._text, table.offsets),
            (self._terms, self._term_offsets, table._terms, table.term_offsets),
        ):
            start, end = int(source_offsets[lo]), int(source_offsets[hi])
            moved = np.asarray(source_offsets[lo + 1 : hi + 1], dtype=np.int64) - start + len(blob)
            blob += bytes(source[start:end])
            offsets.frombytes(moved.tobytes())
        keep = rows[:, 5] != RELATED
        cited: list[tuple[int, str]] = []
        for j in np.nonzero(~keep)[0].tolist():
            pid = teaser_id(table._row_text(lo + j))
            if pid not in self._teasers:
                self._teasers[pid] = -1
                keep[j] = True
                cited.append((j, pid))
        kept = np.nonzero(keep)[0]
        for j, pid in cited:
            self._teasers[pid] = len(self._order) + int(np.searchsorted(kept, j))
        self._order.frombytes((kept + base).astype(np.int64).tobytes())
        return lo, hi

    def previous_positions(self, table: PassageTable) -> np.ndarray:
        """Each position of the list made so far: its position in `table` (the one the
        pages were copied from), -1 for a passage that list does not hold."""
        sources = np.frombuffer(self._sources, dtype=np.int64)[np.frombuffer(self._order, np.int64)]
        found = sources >= 0
        out = np.full(len(sources), -1, dtype=np.int64)
        out[found] = np.asarray(table.positions)[sources[found]]
        return out

    def table(self) -> PassageTable:
        rows = np.frombuffer(self._rows, dtype=np.int32).reshape(-1, len(_COLUMNS))
        order = np.frombuffer(self._order, dtype=np.int64)
        return PassageTable(
            rows,
            np.frombuffer(self._offsets, dtype=np.int64),
            bytes(self._text),
            order,
            _positions(order, len(rows)),
            self._articles,
            self._titles,
            self._teasers,
            bytes(self._terms),
            np.frombuffer(self._term_offsets, dtype=np.int64),
        )

    def save(self, folder: Path) -> None:
        table = self.table()
        np.save(folder / "passages-rows.npy", table.rows)
        np.save(folder / "passages-offsets.npy", table.offsets)
        np.save(folder / "passages-order.npy", table.order)
        np.save(folder / "passages-position.npy", table.positions)
        np.save(folder / "passages-term-offsets.npy", table.term_offsets)
        (folder / TEXT).write_bytes(self._text)
        (folder / TERMS).write_bytes(self._terms)
        header = {"articles": self._articles, "titles": self._titles, "teasers": self._teasers}
        (folder / HEADER).write_text(json.dumps(header, ensure_ascii=False), "utf-8")


def _mapped(path: Path) -> bytes | mmap.mmap:
    """A file's bytes, memory-mapped (an empty file cannot be)."""
    if not path.stat().st_size:
        return b""
    with open(path, "rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def _chunks(values: np.ndarray, size: int = 65_536) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size].tolist()


def _positions(order: np.ndarray, rows: int) -> np.ndarray:
    """Row → its position in the passage list (-1 for a teaser cited under another page)."""
    positions = np.full(rows, -1, dtype=np.int64)
    positions[order] = np.arange(len(order))
    return positions


class PassageTable(Sequence[Passage]):
    """The passage list of one snapshot; a `Passage` is made from its row when asked for."""

    def __init__(
        self,
        rows: np.ndarray,
        offsets: np.ndarray,
        text: bytes | mmap.mmap,
        order: np.ndarray,
        positions: np.ndarray,
        articles: list[str],
        titles: list[str],
        teasers: dict[str, int],
        terms: bytes | mmap.mmap = b"",
        term_offsets: np.ndarray | None = None,
    ) -> None:
        # Plain arrays over the memory maps: np.memmap's own indexing is slower.
        self.rows = np.asarray(rows)
        self.columns = {name: self.rows[:, i] for i, name in enumerate(_COLUMNS)}
        self.offsets = np.asarray(offsets)
        self._text = text
        self._terms = terms
        self.term_offsets = (
            np.asarray(term_offsets)
            if term_offsets is not None
            else np.zeros(len(self.offsets), dtype=np.int64)
        )
        self.order = np.asarray(order)
        self.positions = np.asarray(positions)
        self.articles = articles
        self.titles = dict(zip(articles, titles, strict=True))
        self._title_list = titles
        self._teasers = teasers
        self._index = {aid: i for i, aid in enumerate(articles)}
        # Each article's rows run from first[i] to first[i + 1].
        self._first = np.searchsorted(self.columns["article"], np.arange(len(articles) + 1)).astype(
            np.int64
        )
        self._made: dict[int, Passage] = {}
        self._gathered: dict[str, np.ndarray] = {}

    @classmethod
    def load(cls, folder: Path) -> PassageTable:
        header = json.loads((folder / HEADER).read_text("utf-8"))
        arrays = {
            name: np.load(folder / f"passages-{name}.npy", mmap_mode="r")
            for name in ("rows", "offsets", "order", "position", "term-offsets")
        }
        text, terms = _mapped(folder / TEXT), _mapped(folder / TERMS)
        rows, offsets, order = arrays["rows"], arrays["offsets"], arrays["order"]
        # A file cut short or left from another build: refused here (the store then
        # builds the snapshot again) rather than found out in the middle of a question.
        if not (
            rows.ndim == 2
            and rows.shape[1] == len(_COLUMNS)
            and len(offsets)
            == len(arrays["term-offsets"])
            == len(arrays["position"]) + 1
            == len(rows) + 1
            and int(offsets[-1]) == len(text)
            and int(arrays["term-offsets"][-1]) == len(terms)
            and (not len(order) or 0 <= int(order.min()) and int(order.max()) < len(rows))
            and len(header["articles"]) == len(header["titles"])
        ):
            raise ValueError(f"the passage files in {folder} do not agree with one another")
        return cls(
            rows,
            offsets,
            text,
            order,
            arrays["position"],
            header["articles"],
            header["titles"],
            header["teasers"],
            terms,
            arrays["term-offsets"],
        )

    # -- the passage list ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, index: int) -> Passage: ...

    @overload
    def __getitem__(self, index: slice) -> list[Passage]: ...

    def __getitem__(self, index: int | slice) -> Passage | list[Passage]:
        if isinstance(index, slice):
            return [self.row(int(r)) for r in self.order[index]]
        return self.row(int(self.order[index]))

    def __iter__(self) -> Iterator[Passage]:
        for rows in _chunks(self.order):
            for r in rows:
                yield self.row(r, keep=False)

    def terms(self) -> Iterator[list[str]]:
        """Every passage's BM25 terms, in list order (stemmed when the row was written)."""
        for rows in _chunks(self.order):
            for r in rows:
                yield self._row_terms(r)

    def terms_at(self, positions: Iterable[int]) -> list[list[str]]:
        """The BM25 terms of these positions of the list."""
        return [self._row_terms(int(self.order[p])) for p in positions]

    def texts_at(self, positions: Iterable[int]) -> list[str]:
        """The texts of these positions of the list."""
        return [self._row_text(int(self.order[p])) for p in positions]

    def texts(self) -> Iterator[str]:
        """Every passage's text, in list order."""
        for rows in _chunks(self.order):
            for r in rows:
                yield self._row_text(r)

    def kinds(self) -> np.ndarray:
        """Each passage's kind, as its index in KINDS (read-only; gathered once, since
        every search weighs and filters by it)."""
        return self._by_position("kind")

    def article_numbers(self) -> np.ndarray:
        """Each passage's article, as its index in `articles` (read-only, gathered once)."""
        return self._by_position("article")

    def _by_position(self, column: str) -> np.ndarray:
        found = self._gathered.get(column)
        if found is None:
            found = self._gathered[column] = np.asarray(self.columns[column][self.order])
            found.setflags(write=False)
        return found

    def article_number(self, article_id: str) -> int | None:
        """An article's index in `articles` (None when the snapshot does not hold it)."""
        return self._index.get(article_id)

    def key(self, position: int) -> tuple[str, int]:
        r = int(self.order[position])
        return self.articles[int(self.columns["article"][r])], int(self.columns["sentence"][r])

    def keys(self, positions: Sequence[int] | np.ndarray) -> list[tuple[str, int]]:
        rows = self.order[np.asarray(positions, dtype=np.int64)]
        articles = self.columns["article"][rows]
        sentences = self.columns["sentence"][rows]
        return [(self.articles[int(a)], int(s)) for a, s in zip(articles, sentences, strict=True)]

    def position(self, key: tuple[str, int]) -> int | None:
        """The list position of an article's sentence (None for a teaser cited under
        another page, or a sentence the article does not have)."""
        row = self._row_of(key)
        if row is None:
            return None
        found = int(self.positions[row])
        return found if found >= 0 else None

    def position_of_id(self, passage_id: str) -> int | None:
        """The list position of a passage by its id (as chroma returns it)."""
        if passage_id.startswith("related#"):
            return self._teasers.get(passage_id)
        article_id, _, sentence = passage_id.rpartition("#")
        if not sentence.isdigit():
            return None
        return self.position((article_id, int(sentence)))

    def text_of(self, key: tuple[str, int]) -> str | None:
        """The text of a sentence as its page shows it (teasers included)."""
        row = self._row_of(key)
        return None if row is None else self._row_text(row)

    def page(self, article_id: str) -> list[Passage]:
        """Every passage an article's page shows, teasers included."""
        i = self._index.get(article_id)
        if i is None:
            return []
        rows = range(int(self._first[i]), int(self._first[i + 1]))
        return [self.row(r, keep=False) for r in rows]

    # -- rows -----------------------------------------------------------------------------

    def _row_of(self, key: tuple[str, int]) -> int | None:
        i = self._index.get(key[0])
        if i is None:
            return None
        lo, hi = int(self._first[i]), int(self._first[i + 1])
        sentences = self.columns["sentence"]
        r = lo + int(np.searchsorted(sentences[lo:hi], key[1]))
        return r if r < hi and int(sentences[r]) == key[1] else None

    def _row_text(self, row: int) -> str:
        start, end = self.offsets[row : row + 2].tolist()
        return bytes(self._text[start:end]).decode("utf-8")

    def _row_terms(self, row: int) -> list[str]:
        start, end = self.term_offsets[row : row + 2].tolist()
        return bytes(self._terms[start:end]).decode("utf-8").split()

    def row(self, row: int, keep: bool = True) -> Passage:
        """The passage of a row; `keep` it for the next ask (not when reading them all)."""
        made = self._made.get(row)
        if made is not None:
            return made
        article, paragraph, sentence, start, end, kind = self.rows[row].tolist()
        aid = self.articles[article]
        text = self._row_text(row)
        related = KINDS[kind] == "related"
        passage = Passage(
            teaser_id(text) if related else f"{aid}#{sentence}",
            aid,
            self._title_list[article],
            KINDS[kind],
            paragraph,
            sentence,
            start,
            end,
            text,
        )
        if keep:
            if len(self._made) >= CACHE:
                self._made.clear()
            self._made[row] = passage
        return passage
