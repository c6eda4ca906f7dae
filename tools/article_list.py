"""Which articles are about something: « Quels articles parlent de X ? », "Which articles
mention X?", « Les articles sur la défense » — ranked, each with the sentence that
makes it match."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from tools.archive.listing import IsoBound, PagedParams, add_cited, narrowed, page, period_of
from tools.archive.matching import matching_articles
from tools.archive.subject import read_subject
from tools.base import Asked, Tool, ToolResult
from tools.knowledge import Knowledge
from tools.question import Question

_ABOUT = r"(?:de |d |du |des |sur |a propos de |a propos d |au sujet de |concernant )?"
_VERBS = (
    r"(?:parlent|parle|parlant|traitent|traite|evoquent|evoque|mentionnent|mentionne|citent|"
    r"cite|abordent|aborde|concernent|concerne|portent sur|porte sur|sont consacres a|"
    r"est[ -]il question|il est question|on parle)"
)


class ArticleListParams(PagedParams):
    query: str = Field(
        "", max_length=500, description="What the articles are about: words, names, places"
    )
    person: str | None = Field(None, max_length=200, description="A person they name")
    start: IsoBound = Field(
        None,
        description="ISO 8601 date or year: only articles published then or after "
        "(else dated events then or after)",
    )
    end: IsoBound = Field(None, description="ISO 8601 date or year: … or before")


class ArticleList(Tool[ArticleListParams]):
    name = "article_list"
    description = (
        "Which articles are about a subject (words, a person, a place, a period): the matching "
        "articles best first, each with its title, id, date when known and the sentence that "
        "makes it match. Empty when no article is."
    )
    Params = ArticleListParams
    rules = (
        rf"^\W*(?:dans |sur )?(?:quels|quelles|lesquels|les|des|quel|quelle) (?:sont les )?"
        rf"articles? (?:qui )?{_VERBS}\s*{_ABOUT}(?P<query>.+?)\W*$",
        rf"^\W*combien d articles? (?:qui )?{_VERBS}\s*{_ABOUT}(?P<query>.+?)\W*$",
        r"^\W*(?:(?:montre|montrez|donne|donnez|liste|listez|affiche|cherche|trouve)(?:[ -]moi)? )?"
        r"(?:les |des |tous les )?articles (?:sur|a propos de|a propos d|au sujet de|concernant|"
        r"consacres a|qui parlent de|qui parlent d|qui mentionnent|qui citent|qui traitent de|"
        r"parlant de|mentionnant|citant|evoquant)\s+(?P<query>.+?)\W*$",
        r"^\W*(?:y a[ -]t[ -]il|existe[ -]t[ -]il|il y a) (?:des |un )?articles? (?:sur|qui "
        r"parlent de|qui parle de|a propos de|concernant|mentionnant)\s+(?P<query>.+?)\W*$",
        r"^\W*(?:which|what) (?:articles|stories|pieces|reports)(?: (?:are there|do you have))? "
        r"(?:mention|mentions|talk about|talks about|discuss|cover|covers|are about|is about|"
        r"deal with|concern|refer to|cite|name|are there about|are there on)\s+(?P<query>.+?)\W*$",
        r"^\W*how many (?:articles|stories) (?:mention|talk about|cover|are about|discuss)\s+"
        r"(?P<query>.+?)\W*$",
        r"^\W*(?:(?:show|list|give|find)(?: me)? )?(?:the |all )?(?:articles|stories) (?:about|on|"
        r"mentioning|that mention|which mention|covering|concerning|that talk about|related "
        r"to)\s+(?P<query>.+?)\W*$",
        r"^\W*(?:are|is) there (?:any )?(?:articles?|stories) (?:about|on|mentioning)\s+"
        r"(?P<query>.+?)\W*$",
    )
    responses = {
        "intro": {
            "fr": "**{total}** article(s) parlent de « {subject} » :",
            "en": "**{total}** article(s) are about “{subject}”:",
        },
        "answer": {
            "fr": "**{title}** (`{value}`{dated}) — {sentences} phrase(s)",
            "en": "**{title}** (`{value}`{dated}) — {sentences} sentence(s)",
        },
        "none": {
            "fr": "Aucun article ne parle de cela.",
            "en": "No article is about this.",
        },
    }

    def run(
        self, params: ArticleListParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        catalog = knowledge.catalog
        text = " ".join(x for x in (params.query, params.person or "") if x)
        subject = read_subject(text, knowledge, period=period_of(params.start, params.end))
        matches = matching_articles(catalog, subject)
        shown, more = page(matches, params.offset, params.limit)
        result = ToolResult(tool=self.name, mode="list", more=more)
        if not matches:
            return result
        result.header = {
            "total": len(matches),
            "subject": subject.text or (subject.period.value if subject.period else ""),
            "first": params.offset + 1,
        }
        for match in shown:
            entry = catalog.entries[match.article]
            passage = catalog.passage(match.position)
            add_cited(
                result,
                knowledge,
                entry.article_id,
                passage,
                "article",
                entry.title,
                entry.article_id,
                title=entry.title,
                published=entry.published,
                dated=f", {entry.published}" if entry.published else "",
                sentences=match.sentences,
                score=round(match.score, 3),
            )
        return result

    def fill(self, asked: Asked) -> dict[str, Any]:
        return {"query": asked.groups.get("query", "")}

    def follow_up(self, params: Mapping[str, Any], asked: Asked) -> dict[str, Any] | None:
        return narrowed(params, asked)
