"""The formats articles arrive in, each read into Documents (see store.models).

| suffix | holds | read by |
|---|---|---|
| `.txt` | one article in the VNA text layout | store.parse |
| `.html`, `.htm` | one saved news page | html (trafilatura) |
| `.jsonl`, `.ndjson`, `.json`, `.csv`, `.tsv` | one article per record | records |
| `.xml`, `.rss`, `.atom` | an RSS or Atom feed, one article per item | feeds (feedparser) |
| `.gz` of any of these, `.zip` of any of these | | archives |

Bytes become text in `encoding`. A file that cannot be read raises ArticleError; a
record that cannot be read comes out as an ArticleError among the Documents, so the
rest of its file is still read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from store.errors import ArticleError
from store.formats.archives import gunzip, zip_members
from store.formats.encoding import decode
from store.formats.feeds import read_feed
from store.formats.html import has_sentence, read_page
from store.formats.identity import id_from_url
from store.formats.records import FieldMap, Origin, Read, read_csv, read_json, read_jsonl
from store.models import ArticleMeta, Block, Document

# A one-article file over this is refused before it is read (a stray huge file must not
# fill memory); saved pages carry scripts and styles, so they may be larger.
MAX_TEXT_BYTES = 1_000_000
MAX_PAGE_BYTES = 10_000_000
# A whole export or feed.
MAX_EXPORT_BYTES = 500_000_000

KINDS = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
LIMITS = {"txt": MAX_TEXT_BYTES, "html": MAX_PAGE_BYTES}


def _kind(name: str) -> str | None:
    return KINDS.get(PurePosixPath(name.lower()).suffix)


def limit_for(name: str) -> int:
    """The most bytes a file of this name may hold."""
    return LIMITS.get(_kind(name) or "", MAX_EXPORT_BYTES)


def is_article_file(name: str) -> bool:
    """A name ingest reads: a known suffix, or `.gz` of one, or `.zip`."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return True
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return _kind(lower) is not None


def article_files(paths: Iterable[Path]) -> list[Path]:
    """The files named by `paths`: files as given, folders by the article files under them."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and is_article_file(p.name))
            )
        else:
            found.append(path)
    return found


def _too_big(where: str, size: int, limit: int) -> ArticleError:
    return ArticleError(where, f"the file is {size:,} bytes, over the {limit:,}-byte limit")


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:  # refused before reading
            raise _too_big(str(path), size, limit)
        return path.read_bytes()
    except OSError as err:
        raise ArticleError(str(path), f"cannot be read ({err.strerror or err})") from None


def read_documents(path: Path, fields: Mapping[str, str] | None = None) -> Read:
    """Every article in one file (a zip's members in order). Raises ArticleError when the
    file itself cannot be used; yields an ArticleError for each record that cannot be."""
    field_map = FieldMap.of(fields)
    name = path.name
    lower = name.lower()
    if lower.endswith(".zip"):
        for member in zip_members(path, limit_for, _member_wanted):
            if isinstance(member, ArticleError):
                yield member
                continue
            try:
                yield from _documents(
                    member.name, member.data, member.location, str(path), field_map
                )
            except ArticleError as err:
                yield err
        return
    if lower.endswith(".gz"):
        inner = name[:-3]
        data = gunzip(path, limit_for(inner))
        yield from _documents(inner, data, str(path), str(path), field_map)
        return
    kind = _kind(name)
    if kind is None:
        raise ArticleError(
            str(path),
            f"{path.suffix or 'a file without a suffix'} is not a format ingest reads "
            "(.txt, .html, .jsonl, .json, .csv, .xml/.rss/.atom, or .gz/.zip of them)",
        )
    data = _read_bytes(path, limit_for(name))
    yield from _documents(name, data, str(path), str(path), field_map)


def _member_wanted(name: str) -> bool:
    return _kind(name) is not None


def _documents(name: str, data: bytes, where: str, source: str, fields: FieldMap) -> Read:
    kind = _kind(name)
    if kind is None:
        raise ArticleError(
            where, f"{PurePosixPath(name).suffix or name} is not a format ingest reads"
        )
    limit = limit_for(name)
    if len(data) > limit:
        raise _too_big(where, len(data), limit)
    decoded = decode(data, where)
    stem = PurePosixPath(name).stem
    if kind == "txt":
        meta = ArticleMeta(format="txt", encoding=decoded.encoding)
        yield Document(stem, None, (Block(decoded.text),), meta, where, source, "stem")
    elif kind == "html":
        yield _page_document(decoded.text, decoded.encoding, stem, where, source)
    elif kind == "feed":
        yield from read_feed(decoded.text, Origin(source, where, "rss", decoded.encoding))
    else:
        fmt = "json" if kind == "json" else kind
        origin = Origin(source, where, fmt, decoded.encoding, stem if kind == "json" else None)  # type: ignore[arg-type]
        reader = {"jsonl": read_jsonl, "json": read_json, "csv": read_csv}[kind]
        yield from reader(decoded.text, fields, origin)


def _page_document(html: str, encoding: str, stem: str, where: str, source: str) -> Document:
    page = read_page(html)
    if not has_sentence(page.blocks):
        raise ArticleError(
            where,
            "no article text found in the page (only menus, links or boilerplate)",
        )
    if not page.title:
        raise ArticleError(where, "the page has no title (no <title>, <h1> or og:title)")
    meta = ArticleMeta(page.published, page.url, page.author, "html", encoding)
    if page.url:
        return Document(id_from_url(page.url), page.title, page.blocks, meta, where, source, "url")
    return Document(stem, page.title, page.blocks, meta, where, source, "stem")


__all__ = ["article_files", "is_article_file", "read_documents", "FieldMap", "limit_for"]
