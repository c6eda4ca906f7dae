"""Plain data that crosses module boundaries: articles, sentences, passages and facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Where a piece of text sits in a news page. Teasers after "Voir plus" are `related`:
# they are other articles' summaries, never part of the article itself.
Kind = Literal["title", "lead", "body", "caption", "related"]
FactKind = Literal["date", "figure", "actor", "interaction", "place", "acronym"]


@dataclass(frozen=True)
class Paragraph:
    """A block of cleaned text; `start`/`end` are offsets into `Article.text`."""

    index: int
    kind: Kind
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """One sentence with the offsets that let a citation be shown in place."""

    article_id: str
    paragraph: int
    kind: Kind
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Repair:
    """A word glued at a lost line break, and how it was split."""

    article_id: str
    before: str
    after: str


# The formats an article can arrive in (see store.formats).
SourceFormat = Literal["txt", "html", "jsonl", "json", "csv", "rss", "atom"]


@dataclass(frozen=True)
class ArticleMeta:
    """What the source says about an article besides its text. `published` is an ISO 8601
    date at the precision the source gives (`2014-06-16`, `2014-06`); `encoding` is the
    one its bytes were read with."""

    published: str | None = None
    url: str | None = None
    author: str | None = None
    format: SourceFormat = "txt"
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Block:
    """A paragraph as a structured source gives it: article text, or a photo caption."""

    text: str
    caption: bool = False


@dataclass(frozen=True)
class Document:
    """One article as its source holds it, before parsing.

    `title` None is the `.txt` layout: the first line of the one block is the title and
    the lines after it are labelled by store.parse. `location` names it in a report
    (`export.jsonl:12`, `pages.zip:a.html`); `source` is the file on disk it came from,
    which `--prune` checks; `identity` says what the id was made from (`id`, `url`,
    `stem` or `hash`)."""

    article_id: str
    title: str | None
    blocks: tuple[Block, ...]
    meta: ArticleMeta
    location: str
    source: str
    identity: Literal["id", "url", "stem", "hash"]


@dataclass(frozen=True)
class Article:
    """One parsed article file: its cleaned text and the structure found in it."""

    article_id: str
    title: str
    dateline: str | None
    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    repairs: tuple[Repair, ...] = ()
    sha256: str = ""
    source: str = ""
    meta: ArticleMeta = ArticleMeta()

    @property
    def lead(self) -> str:
        return next((p.text for p in self.paragraphs if p.kind == "lead"), "")


@dataclass(frozen=True)
class DateMention:
    """A date found in text. `value` is ISO 8601 at the precision the text gives
    (`1950-01-30`, `2004-05`, `2012`, `--09-05`, ranges `start/end`); `inferred`
    marks a year taken from the sentence's context rather than the date itself."""

    start: int
    end: int
    text: str
    value: str
    inferred: bool = False


@dataclass(frozen=True)
class FigureMention:
    """A number found in text, with what it measures. `unit` is an ISO 4217 code,
    `%`, or the counted noun; `kind` is money, percent, count, ordinal, duration or number."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    kind: str
    approx: bool = False
    subject: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class ActorMention:
    """A person named in a sentence, with the role the sentence gives them."""

    start: int
    end: int
    text: str
    name: str
    role: str | None = None
    nationality: str | None = None


@dataclass(frozen=True)
class Fact:
    """A fact extracted at ingest time, tied to the sentence it came from."""

    kind: FactKind
    text: str
    value: str
    article_id: str
    sentence: int
    start: int
    end: int
    quote: str
    source_kind: Kind = "body"
    unit: str | None = None
    approx: bool = False
    inferred: bool = False
    number: float | None = None
    figure_kind: str | None = None
    subject: str | None = None
    period: str | None = None
    role: str | None = None
    nationality: str | None = None
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
