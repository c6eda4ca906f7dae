"""Read an article file and split it into title, lead, dateline, body, captions and teasers.

The files are news pages saved as text: a title line, a lead, photo captions
(`… ảnh 1<caption>. Photo : VNA`, `2-5925.jpg` lines), a dateline opening the
body (`Moscou, 10 mai (VNA) –`), an end mark (`– VNA`, `source`), then the
related-news teasers after `Voir plus`, which belong to other articles.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from store.errors import ArticleError
from store.models import Article, Kind, Paragraph, Repair, Sentence
from store.repair import repair_text
from store.sentences import split_sentences

MAX_BYTES = 1_000_000
# Part of each article's fingerprint: raising it makes the next ingest redo every
# article, so improved parsing or extraction reaches an existing store.
EXTRACTION_VERSION = 13
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


def _decode(path: str, raw: bytes) -> str:
    if not raw.strip():
        raise ArticleError(path, "the file is empty")
    if len(raw) > MAX_BYTES:
        raise ArticleError(
            path, f"the file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit"
        )
    if b"\x00" in raw:
        raise ArticleError(path, "the file is binary, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ArticleError(path, f"the file is not UTF-8 text (byte {err.start})") from None
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > len(text) // 100:
        raise ArticleError(path, "the file is binary, not text")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _clean_caption(line: str) -> str:
    line = _PHOTO_MARKER.sub("", line) if "ảnh" in line else line
    return _PHOTO_CREDIT.sub("", line).strip()


def _is_caption(line: str) -> bool:
    return "ảnh" in line and bool(_PHOTO_MARKER.match(line)) or bool(_PHOTO_CREDIT.search(line))


def _blocks(lines: list[str]) -> tuple[list[tuple[Kind, str]], str | None]:
    """Label each line; returns the labelled blocks and the dateline if any."""
    blocks: list[tuple[Kind, str]] = []
    dateline: str | None = None
    related = False
    seen: set[str] = set()
    for line in lines:
        line = line.strip()
        if not line or _NOISE.match(line) or _IMAGE_FILE.match(line) or _SOURCE_MARK.match(line):
            continue
        if _SEE_MORE.match(line):
            related = True
            continue
        kind: Kind
        if related:
            kind, text = "related", _clean_caption(line)
        elif _is_caption(line):
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


def parse_text(article_id: str, raw_text: str, path: str = "") -> Article:
    """Parse the text of one article file; raises ArticleError when it cannot be used."""
    text, glued = repair_text(raw_text)
    lines = text.split("\n")
    title_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_index is None:
        raise ArticleError(path or article_id, "the file has no text")
    title = lines[title_index].strip()
    if len(title) > MAX_TITLE_CHARS or not any(c.isalpha() for c in title):
        raise ArticleError(path or article_id, "the file has no title on its first line")
    blocks, dateline = _blocks(lines[title_index + 1 :])
    if not any(kind in ("lead", "body") for kind, _ in blocks):
        raise ArticleError(path or article_id, "the file has a title but no article text")

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
        sha256=hashlib.sha256(f"{EXTRACTION_VERSION}\n{raw_text}".encode()).hexdigest(),
        source=path,
    )


def load_article(path: str | Path) -> Article:
    """Read, validate and parse one article file; its id is the file's stem."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:  # refused before reading: a stray huge file must not fill memory
            raise ArticleError(
                str(file), f"the file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit"
            )
        raw = file.read_bytes()
    except OSError as err:
        raise ArticleError(str(file), f"cannot be read ({err.strerror or err})") from None
    return parse_text(file.stem, _decode(str(file), raw), str(file))
