"""Read an article file and split it into title, lead, dateline, body, captions and teasers.

The files are news pages saved as text: a title line, a lead, photo captions
(`… ảnh 1<caption>. Photo : VNA`, `2-5925.jpg` lines), a dateline opening the
body (`Moscou, 10 mai (VNA) –`), an end mark (`– VNA`, `source`), then the
related-news teasers after `Voir plus`, which belong to other articles.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Collection
from dataclasses import asdict, replace
from pathlib import Path

from store.errors import ArticleError
from store.formats import MAX_TEXT_BYTES, read_documents
from store.models import Article, ArticleMeta, Document, Kind, Paragraph, Repair, Sentence
from store.repair import repair_text
from store.sentences import split_sentences

MAX_BYTES = MAX_TEXT_BYTES
# Part of each article's fingerprint: raising it makes the next ingest redo every
# article, so improved parsing or extraction reaches an existing store.
EXTRACTION_VERSION = 14
MAX_TITLE_CHARS = 300

_PHOTO_MARKER = re.compile(r"^.*?\s*ảnh\s*\d+\s*")
# "Photo : VNA", "Photo: ambassade de France", "Photo : exemple.vn" at a line's end.
_PHOTO_CREDIT = re.compile(r"\s*\bPhotos?\s*[:/]\s*\S[^\n]{0,80}$")
_IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp)$", re.IGNORECASE)
_END_MARK = re.compile(r"\s*[-–—]\s*VNA\s*$")
_DATELINE = re.compile(r"^([A-ZÀ-ÖØ-Þ][^()\n]{0,40}?\(VNA\))\s*[-–—]\s*")
_SEE_MORE = re.compile(r"^voir plus$", re.IGNORECASE)
_NOISE = re.compile(r"^[\W_]*$")
_SOURCE_MARK = re.compile(r"^sources?$", re.IGNORECASE)


def _fingerprint(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\W+", " ", folded).strip()


def _clean_caption(line: str) -> str:
    line = _PHOTO_MARKER.sub("", line) if "ảnh" in line else line
    return _PHOTO_CREDIT.sub("", line).strip()


def _is_caption(line: str) -> bool:
    return "ảnh" in line and bool(_PHOTO_MARKER.match(line)) or bool(_PHOTO_CREDIT.search(line))


def _blocks(
    lines: list[str], captions: Collection[int] = ()
) -> tuple[list[tuple[Kind, str]], str | None]:
    """Label each line (those at `captions` are photo captions, as a structured source
    said); returns the labelled blocks and the dateline if any."""
    blocks: list[tuple[Kind, str]] = []
    dateline: str | None = None
    related = False
    seen: set[str] = set()
    for number, line in enumerate(lines):
        line = line.strip()
        if not line or _NOISE.match(line) or _IMAGE_FILE.match(line) or _SOURCE_MARK.match(line):
            continue
        if _SEE_MORE.match(line):
            related = True
            continue
        kind: Kind
        if related:
            kind, text = "related", _clean_caption(line)
        elif number in captions or _is_caption(line):
            kind, text = "caption", _clean_caption(line)
        else:
            text = _END_MARK.sub("", line)
            if dateline is None and (match := _DATELINE.match(text)):
                dateline = match.group(1)
                text = text[match.end() :]
            has_body = any(k in ("lead", "body") for k, _ in blocks)
            kind = "body" if dateline is not None or has_body else "lead"
        if not text:
            continue
        key = _fingerprint(text)
        if key in seen:
            continue
        seen.add(key)
        blocks.append((kind, text))
    return blocks, dateline


def _assemble(
    article_id: str,
    title: str,
    blocks: list[tuple[Kind, str]],
    dateline: str | None,
    glued: list[tuple[str, str]],
    sha256: str,
    source: str,
    meta: ArticleMeta,
) -> Article:
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    parts: list[str] = []
    offset = 0
    for index, (kind, block) in enumerate([("title", title), *blocks]):
        paragraphs.append(Paragraph(index, kind, block, offset, offset + len(block)))
        for s, e in split_sentences(block) if kind != "title" else [(0, len(block))]:
            sentences.append(
                Sentence(
                    article_id, index, kind, len(sentences), offset + s, offset + e, block[s:e]
                )
            )
        parts.append(block)
        offset += len(block) + 2
    return Article(
        article_id=article_id,
        title=title,
        dateline=dateline,
        text="\n\n".join(parts),
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        repairs=tuple(Repair(article_id, before, after) for before, after in glued),
        sha256=sha256,
        source=source,
        meta=meta,
    )


def _check_title(title: str, where: str, what: str) -> None:
    if len(title) > MAX_TITLE_CHARS or not any(c.isalpha() for c in title):
        raise ArticleError(where, f"the {what} has no title on its first line")


def parse_text(
    article_id: str, raw_text: str, path: str = "", meta: ArticleMeta | None = None
) -> Article:
    """Parse the text of one article file; raises ArticleError when it cannot be used."""
    meta = meta or ArticleMeta()
    text, glued = repair_text(raw_text)
    lines = text.split("\n")
    title_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_index is None:
        raise ArticleError(path or article_id, "the file has no text")
    title = lines[title_index].strip()
    _check_title(title, path or article_id, "file")
    blocks, dateline = _blocks(lines[title_index + 1 :])
    if not any(kind in ("lead", "body") for kind, _ in blocks):
        raise ArticleError(path or article_id, "the file has a title but no article text")
    # The encoding is part of the fingerprint: re-encoding a file records the new one.
    stamp = f"{EXTRACTION_VERSION}\n{meta.encoding}\n{raw_text}"
    sha = hashlib.sha256(stamp.encode()).hexdigest()
    return _assemble(article_id, title, blocks, dateline, glued, sha, path, meta)


def parse_document(document: Document) -> Article:
    """Parse one Document (the `.txt` layout, or a structured source's title and
    paragraphs); raises ArticleError naming its location when it cannot be used."""
    if document.title is None:
        raw = "\n".join(b.text for b in document.blocks)
        article = parse_text(document.article_id, raw, document.location, document.meta)
        # Read out of an archive, its source is the archive on disk.
        return replace(article, source=document.source)
    where = document.location
    # One line per paragraph, the title first: repaired together (the repair looks for a
    # word's halves elsewhere in the article), then labelled as a text file's lines are.
    lines = [document.title, *(" ".join(b.text.split()) for b in document.blocks)]
    text, glued = repair_text("\n".join(lines))
    lines = text.split("\n")
    title = lines[0].strip()
    _check_title(title, where, "article")
    captions = {i for i, b in enumerate(document.blocks) if b.caption}
    blocks, dateline = _blocks(lines[1:], captions)
    if not any(kind in ("lead", "body") for kind, _ in blocks):
        raise ArticleError(where, "the article has a title but no text")
    content = {
        "title": document.title,
        "blocks": [[b.text, b.caption] for b in document.blocks],
        "meta": asdict(document.meta),
    }
    stamp = f"{EXTRACTION_VERSION}\n" + json.dumps(content, ensure_ascii=False, sort_keys=True)
    sha = hashlib.sha256(stamp.encode()).hexdigest()
    return _assemble(
        document.article_id, title, blocks, dateline, glued, sha, document.source, document.meta
    )


def load_article(path: str | Path) -> Article:
    """Read, validate and parse a file that holds one article (`.txt`, `.html`, or one of
    these compressed); its id is the file's stem, or the page's URL."""
    file = Path(path)
    documents = list(read_documents(file))
    if len(documents) != 1:
        raise ArticleError(str(file), f"the file holds {len(documents)} articles, not one")
    document = documents[0]
    if isinstance(document, ArticleError):
        raise document
    return parse_document(document)
