"""What an article says: « De quoi parle l'article <titre / id / sujet> ? », « Résume
l'article sur X » — its title, its lead, then its most central sentences, each cited
with its offsets (an extractive summary: every sentence is the article's own)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from store.text import fold, normalise
from tools.archive.catalog import Catalog
from tools.archive.listing import add_cited
from tools.archive.matching import matching_articles
from tools.archive.subject import read_subject
from tools.archive.summary import summarise
from tools.archive.weights import SUMMARY_MAX, SUMMARY_MIN, TITLE_MATCH
from tools.base import Asked, Tool, ToolParams, ToolResult
from tools.knowledge import Knowledge
from tools.question import Question

_ARTICLE = r"(?:l |le |la |cet |ce |cette |un |une )?(?:article|texte|depeche|papier)"
_REFERENCE_OPENING = re.compile(
    r"^\W*(?:sur|a propos de|a propos d|au sujet de|concernant|intitule|intitulee|nomme|"
    r"titre|about|on|titled|called|named|du|de|d|n°|no|numero|number|id)\b[\s:]*",
    re.IGNORECASE,
)
_ID_LIKE = re.compile(r"^[\w.-]+$")


class ArticleSummaryParams(ToolParams):
    article: str = Field(
        ...,
        min_length=1,
        max_length=500,
        description="The article: its id (or the start of it), its title, or its subject",
    )
    sentences: int = Field(
        0,
        ge=0,
        le=SUMMARY_MAX,
        description=f"How many sentences, lead included ({SUMMARY_MIN}–{SUMMARY_MAX}; 0: "
        "as many as the article's length calls for)",
    )


def find_article(catalog: Catalog, reference: str) -> int | None:
    """The article a reference names: its id or an unambiguous start of it (« 003 »),
    its title (near enough), else the article most about the words."""
    reference = _REFERENCE_OPENING.sub("", reference.strip(" ?!.«»\"'“”")).strip(" «»\"'“”")
    if not reference:
        return None
    folded = fold(reference)
    if folded in (fold(e.article_id) for e in catalog.entries):
        return next(i for i, e in enumerate(catalog.entries) if fold(e.article_id) == folded)
    if _ID_LIKE.match(reference):
        starting = [
            i for i, e in enumerate(catalog.entries) if fold(e.article_id).startswith(folded)
        ]
        if len(starting) == 1:
            return starting[0]
    from rapidfuzz import fuzz, process

    titles = [normalise(e.title) for e in catalog.entries]
    best = process.extractOne(
        normalise(reference), titles, scorer=fuzz.token_set_ratio, score_cutoff=TITLE_MATCH
    )
    if best is not None and len(reference.split()) >= 3:
        return int(best[2])
    matches = matching_articles(catalog, read_subject(reference, catalog.knowledge))
    return matches[0].article if matches else None


class ArticleSummary(Tool[ArticleSummaryParams]):
    name = "article_summary"
    description = (
        "What one article says: its title, its lead, then its most central sentences (an "
        "extractive summary, 3 to 5 sentences, lead first, each cited with its offsets). The "
        "article is named by its id, its title or its subject."
    )
    Params = ArticleSummaryParams
    rules = (
        rf"^\W*(?:de quoi|sur quoi) (?:parle|traite) {_ARTICLE}\s*(?P<article>.*?)\W*$",
        r"^\W*(?:resume|resumez|resumer|fais un resume de|faites un resume de|un resume de|"
        r"donne-moi un resume de|donnez-moi un resume de|le resume de|resume de|synthese de)"
        rf"(?:[ -]moi)?\s*{_ARTICLE}\s*(?P<article>.*?)\W*$",
        rf"^\W*(?:que|qu est-ce que|qu est ce que) (?:dit|raconte) {_ARTICLE}"
        r"\s*(?P<article>.+?)\W*$",
        r"^\W*(?:summari[sz]e|sum up|give me a summary of|a summary of|summary of)\s+(?:the |this "
        r"|that )?(?:article|story)\s*(?P<article>.*?)\W*$",
        r"^\W*what (?:is|s) (?:the |this |that )?(?:article|story)\s*(?P<article>.*?) about\W*$",
        r"^\W*what does (?:the |this |that )?(?:article|story)\s*(?P<article>.*?) say\W*$",
    )
    responses = {
        "intro": {
            "fr": "**{title}** (`{article_id}`{dated}), en {count} phrases, le chapeau d'abord :",
            "en": "**{title}** (`{article_id}`{dated}), in {count} sentences, the lead first:",
        },
        "answer": {"fr": "", "en": ""},
        "none": {
            "fr": "Je ne trouve pas cet article : donnez son titre, son id ou son sujet "
            "(« /articles » les liste).",
            "en": "I cannot find that article: give its title, its id or its subject "
            "(“/articles” lists them).",
        },
    }

    def run(
        self, params: ArticleSummaryParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        catalog = knowledge.catalog
        result = ToolResult(tool=self.name, mode="summary")
        article = find_article(catalog, params.article)
        if article is None:
            return result
        entry = catalog.entries[article]
        positions = summarise(catalog, article, params.sentences)
        for n, position in enumerate(positions):
            passage = catalog.passage(position)
            part = "lead" if n == 0 else "central"
            add_cited(
                result,
                knowledge,
                entry.article_id,
                passage,
                "sentence",
                passage.text,
                passage.sentence,
                part=part,
            )
        result.header = {
            "title": entry.title,
            "article_id": entry.article_id,
            "published": entry.published,
            "dated": f", {entry.published}" if entry.published else "",
            "count": len(positions),
        }
        return result

    def fill(self, asked: Asked) -> dict[str, Any]:
        return {"article": asked.groups.get("article", "")}
