"""CMS exports: JSON Lines, JSON and CSV files holding one article per record.

The common field names are recognised (`title`, `text` / `body` / `content`, `date` /
`published` / `pubDate`, `url`, `author`, `id` and their usual variants, in any case);
`--field text=article_body` maps another one, and a dotted name reaches inside an
object (`--field text=content.rendered`). A record that cannot be read is reported
with its file and line and skipped; the other records of the file are still read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from store.errors import ArticleError, StoreError
from store.formats.html import fragment_blocks, looks_like_html
from store.formats.identity import id_from_record, id_from_text, id_from_url, looks_like_url
from store.formats.metadata import author_name, publication_date
from store.models import ArticleMeta, Block, Document, SourceFormat

# Each field an article has, and the names exports give it (compared without case,
# `-` or `_`), most specific first.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "uuid", "article_id", "_id", "uid", "identifier", "record_id"),
    "url": ("url", "link", "permalink", "canonical_url", "canonical", "href", "source_url"),
    "title": ("title", "headline", "titre", "name", "subject"),
    "lead": ("lead", "chapo", "chapeau", "standfirst", "summary", "description", "excerpt",
             "abstract", "dek", "subtitle", "resume", "résumé"),
    "text": ("text", "body", "content", "article_body", "articlebody", "full_text", "fulltext",
             "content_encoded", "texte", "contenu", "corps", "html", "story", "article"),
    "date": ("date", "published", "pubdate", "published_at", "publication_date",
             "date_published", "datepublished", "pub_date", "publish_date", "created_at",
             "created", "issued", "date_publication", "datetime", "timestamp", "time"),
    "author": ("author", "authors", "byline", "creator", "dc_creator", "auteur", "auteurs",
               "signature", "writer"),
}  # fmt: skip
FIELDS = tuple(FIELD_NAMES)
# Inside an object-valued field (WordPress: {"rendered": "…"}), the text is under one of these.
_INNER = ("rendered", "value", "text", "html", "content", "name")
# An array of records may sit under one of these keys of a JSON object.
_LIST_KEYS = ("articles", "items", "entries", "records", "data", "results", "posts", "docs")
MAX_RECORD_CHARS = 1_000_000
CSV_DELIMITERS = ",;\t|"


def _key(name: str) -> str:
    return re.sub(r"[\s_\-:]+", "_", name.strip().casefold())


@dataclass(frozen=True)
class FieldMap:
    """Which record fields hold an article's id, URL, title, lead, text, date and author."""

    names: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, mapping: Mapping[str, str] | None = None) -> FieldMap:
        """The common names, with `mapping` (article field → the export's name) first."""
        names = dict(FIELD_NAMES)
        for field, name in (mapping or {}).items():
            if field not in FIELD_NAMES:
                raise StoreError(
                    f"unknown article field {field!r} in a field mapping; "
                    f"map one of {', '.join(FIELDS)} (e.g. text=article_body)"
                )
            names[field] = (name,)
        return cls(names)

    def get(self, record: Mapping[str, Any], field: str) -> Any:
        """The value of `field` in `record` (None when absent or empty)."""
        for name in self.names[field]:
            value: Any = record
            for part in name.split("."):
                value = _lookup(value, part)
            if value not in (None, "", [], {}):
                return _inner(value)
        return None


def _lookup(value: Any, name: str) -> Any:
    """`value[name]`, the name compared without case, `-` or `_`."""
    if not isinstance(value, Mapping):
        return None
    if name in value:
        return value[name]
    wanted = _key(name)
    return next((v for k, v in value.items() if isinstance(k, str) and _key(k) == wanted), None)


def _inner(value: Any) -> Any:
    if isinstance(value, Mapping):
        for key in _INNER:
            if isinstance(value.get(key), str):
                return value[key]
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(_as_text(v) for v in value if v is not None)
    return "" if value is None or isinstance(value, Mapping) else str(value)


def text_blocks(text: str) -> list[Block]:
    """A text field's paragraphs: HTML cleaned as a page is, plain text by its lines."""
    if looks_like_html(text):
        return fragment_blocks(text)
    return [Block(" ".join(line.split())) for line in text.split("\n") if line.strip()]


@dataclass(frozen=True)
class Origin:
    """Where records come from: the file on disk, how to name it, how it was read."""

    source: str
    location: str
    format: SourceFormat
    encoding: str
    stem: str | None = None  # a file that holds one record: its id may be the file's stem


def record_document(record: Any, fields: FieldMap, origin: Origin, line: int | None) -> Document:
    """One record as a Document; raises ArticleError naming the file and line."""
    where = f"{origin.location}:{line}" if line is not None else origin.location
    if not isinstance(record, Mapping):
        raise ArticleError(where, f"the record is a JSON {type(record).__name__}, not an object")
    title = " ".join(_as_text(fields.get(record, "title")).split())
    text = _as_text(fields.get(record, "text"))
    if not text.strip():
        raise ArticleError(
            where,
            "the record has no text (no field text, body or content; "
            "name its field with --field text=NAME)",
        )
    if len(text) > MAX_RECORD_CHARS:
        raise ArticleError(
            where,
            f"the record's text is {len(text):,} characters, over the "
            f"{MAX_RECORD_CHARS:,}-character limit",
        )
    if not title:
        raise ArticleError(
            where, "the record has no title (name its field with --field title=NAME)"
        )
    blocks = text_blocks(_as_text(fields.get(record, "lead"))) + text_blocks(text)
    url = _as_text(fields.get(record, "url")).strip() or None
    own_id = _as_text(fields.get(record, "id")).strip()
    meta = ArticleMeta(
        published=publication_date(fields.get(record, "date")),
        url=url,
        author=author_name(fields.get(record, "author")),
        format=origin.format,
        encoding=origin.encoding,
    )
    # The URL first: it names the article in its page, its feed and every export alike,
    # where a record id names it in one CMS only.
    if url:
        identity, article_id = "url", id_from_url(url)
    elif own_id:
        maker = id_from_url if looks_like_url(own_id) else id_from_record
        identity, article_id = "id", maker(own_id)
    elif origin.stem:
        identity, article_id = "stem", origin.stem
    else:
        body = "\n".join(b.text for b in blocks)
        identity, article_id = "hash", id_from_text(title, body)
    return Document(
        article_id=article_id,
        title=title,
        blocks=tuple(blocks),
        meta=meta,
        location=where,
        source=origin.source,
        identity=identity,  # type: ignore[arg-type]
    )


Read = Iterator[Document | ArticleError]


def documents_of(
    records: Iterator[tuple[Any, int | None]], fields: FieldMap, origin: Origin
) -> Read:
    for record, line in records:
        try:
            yield record_document(record, fields, origin, line)
        except ArticleError as err:
            yield err


def read_jsonl(text: str, fields: FieldMap, origin: Origin) -> Read:
    """One JSON object a line; a line that is not JSON is reported and skipped."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield ArticleError(
                f"{origin.location}:{number}",
                f"the line is not valid JSON ({err.msg}, column {err.colno})",
            )
            continue
        yield from documents_of(iter([(record, number)]), fields, origin)


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _array_items(text: str, start: int) -> Iterator[tuple[Any, int]]:
    """The elements of the JSON array opening at `text[start]`, each with its line."""
    decoder = json.JSONDecoder()
    i = start + 1
    while True:
        while i < len(text) and text[i] in " \t\r\n,":
            i += 1
        if i >= len(text) or text[i] == "]":
            return
        value, end = decoder.raw_decode(text, i)
        yield value, _line_at(text, i)
        i = end


def read_json(text: str, fields: FieldMap, origin: Origin) -> Read:
    """An array of records, an object holding one (`{"articles": […]}`), or one record.
    A file that is not valid JSON is refused whole, at the line where it breaks."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ArticleError(
            f"{origin.location}:{err.lineno}", f"the file is not valid JSON ({err.msg})"
        ) from None
    many = replace(origin, stem=None)  # records of a list are never named by the file
    if isinstance(data, list):
        start = text.index("[")
        yield from documents_of(_array_items(text, start), fields, many)
        return
    if isinstance(data, Mapping):
        for key in data:
            if _key(str(key)) in _LIST_KEYS and isinstance(data[key], list):
                found = re.search(rf'"{re.escape(str(key))}"\s*:\s*\[', text)
                if found:
                    items = _array_items(text, found.end() - 1)
                else:  # an escaped key: no lines, the records still count
                    items = iter((item, None) for item in data[key])  # type: ignore[misc]
                yield from documents_of(items, fields, many)
                return
        yield from documents_of(iter([(data, _line_at(text, text.index("{")))]), fields, origin)
        return
    raise ArticleError(origin.location, "the file holds no JSON object or array of objects")


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS)
    except csv.Error:
        return csv.excel


def read_csv(text: str, fields: FieldMap, origin: Origin) -> Read:
    """A header row naming the fields, then one article a row (`,` `;` tab or `|`
    separated, as sniffed); a row with another number of columns is reported and skipped."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_CHARS * 4))
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(first_line))
    try:
        header = next(reader)
    except StopIteration:
        raise ArticleError(origin.location, "the file is empty") from None
    except csv.Error as err:
        raise ArticleError(
            f"{origin.location}:1", f"the header row cannot be read ({err})"
        ) from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len([h for h in header if h]) < 2:
        raise ArticleError(
            f"{origin.location}:1", "the first row is not a header naming the fields"
        )
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield ArticleError(f"{origin.location}:{start}", f"the row cannot be read ({err})")
            line = reader.line_num
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield ArticleError(
                f"{origin.location}:{start}",
                f"the row has {len(row)} columns where the header has {len(header)}",
            )
            continue
        yield from documents_of(
            iter([(dict(zip(header, row, strict=True)), start)]), fields, origin
        )
