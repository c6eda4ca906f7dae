"""What the archive holds: « De quoi parlent les articles ? », "What is in the archive?" —
its topics, and the people and places that recur, with counts and their articles."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tools.archive.listing import add_cited
from tools.archive.matching import matching_articles
from tools.archive.subject import read_subject
from tools.archive.topics import overview
from tools.base import Asked, Tool, ToolParams, ToolResult
from tools.knowledge import Knowledge
from tools.question import Question

# An overview names at most this many article ids per line; the rest are counted.
IDS_SHOWN = 4
_ARTICLES = r"(?:les |ces |vos |tes |nos |des )?(?:articles|textes|depeches|archives?|corpus)"


class OverviewParams(ToolParams):
    query: str = Field(
        "", max_length=500, description="Only the articles about this (words, names, places)"
    )
    limit: int = Field(8, ge=1, le=100, description="Most topics, people and places, each")


class ArchiveOverview(Tool[OverviewParams]):
    name = "archive_overview"
    description = (
        "What the archive (or the articles about a subject) is about: its topics, and the "
        "people and places named in several articles, each with how many articles and which, "
        "and a sentence that names it."
    )
    Params = OverviewParams
    rules = (
        rf"^\W*(?:de quoi|sur quoi) (?:parlent|traitent) {_ARTICLES}"
        r"(?:\s+(?:sur|a propos de|au sujet de|concernant|qui parlent de)\s+(?P<query>.+?))?\W*$",
        r"^\W*(?:que|qu) (?:contient|contiennent|y a[ -]t[ -]il dans) (?:l |les |ton |votre |"
        r"cette |la )?(?:archive|archives|corpus|base|articles)\W*$",
        r"^\W*(?:qu est[ -]ce qu il y a|qu y a[ -]t[ -]il|que trouve[ -]t[ -]on) dans (?:l |les |"
        r"cette |ton |votre |la )?(?:archive|archives|articles|corpus|base)\W*$",
        r"^\W*(?:quels|quelles) (?:sont )?(?:les )?(?:grands |principaux |principales )?"
        r"(?:sujets|themes|thematiques)(?: (?:sont|principaux))?(?: (?:abordes|abordees|traites|"
        r"traitees|couverts|couvertes|des articles|de l archive|dans les articles|dans l archive|"
        r"par les articles))?\W*$",
        r"^\W*(?:une )?(?:vue d ensemble|apercu|panorama|survol|resume) (?:de l |des |du |de )?"
        r"(?:archive|articles|corpus)\W*$",
        r"^\W*(?:resume|resumez|resume-moi|resumez-moi) (?:l |les |tous les )?(?:archive|"
        r"articles|corpus)\W*$",
        r"^\W*what(?: is|s| are)? (?:in|inside) (?:the |this |your )?(?:archive|corpus|"
        r"collection|articles)\W*$",
        r"^\W*what (?:are|do) (?:the |these |your )?(?:articles|stories) (?:about|cover|talk about|"
        r"deal with)\W*$",
        r"^\W*(?:give me |show me )?(?:an? )?(?:overview|summary|survey) of (?:the |this |your )?"
        r"(?:archive|articles|corpus|collection)\W*$",
        r"^\W*what (?:topics|subjects|themes) (?:do|are|does) (?:the |these )?(?:articles|"
        r"archive|stories)?.*$",
    )
    responses = {
        "intro": {
            "fr": "Les **{articles}** articles{about} parlent de :",
            "en": "The **{articles}** articles{about_en} are about:",
        },
        "heading_topic": {"fr": "**Sujets**", "en": "**Topics**"},
        "heading_person": {
            "fr": "**Personnes citées dans plusieurs articles**",
            "en": "**People named in several articles**",
        },
        "heading_place": {
            "fr": "**Lieux cités dans plusieurs articles**",
            "en": "**Places named in several articles**",
        },
        "answer": {
            "fr": "{text}{with_role} — {count} article(s) : {ids}",
            "en": "{label_en}{with_role} — {count} article(s): {ids}",
        },
        "none": {
            "fr": "Aucun article de l'archive n'en parle.",
            "en": "No article of the archive is about this.",
        },
    }

    def run(
        self, params: OverviewParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        catalog = knowledge.catalog
        result = ToolResult(tool=self.name, mode="overview", layout="compact")
        chosen: list[int] | None = None
        if params.query.strip():
            chosen = [
                m.article for m in matching_articles(catalog, read_subject(params.query, knowledge))
            ]
            if not chosen:
                return result
        shown: dict[str, int] = {}
        for found in overview(catalog, chosen):
            if shown.get(found.kind, 0) >= params.limit:
                continue
            shown[found.kind] = shown.get(found.kind, 0) + 1
            ids = [catalog.entries[a].article_id for a in found.articles]
            listed = ", ".join(f"`{i}`" for i in ids[:IDS_SHOWN])
            if len(ids) > IDS_SHOWN:
                listed += f" (+{len(ids) - IDS_SHOWN})"
            passage = catalog.passage(found.position)
            article_id = catalog.entries[int(catalog.article_of[found.position])].article_id
            add_cited(
                result,
                knowledge,
                article_id,
                passage,
                found.kind,
                found.name,
                found.name,
                count=len(ids),
                articles=ids,
                ids=listed,
                role=found.role,
                with_role=f" ({found.role})" if found.role else "",
                label_en=found.label_en or found.name,
            )
        if not result.results:
            return result
        total = len(catalog.entries) if chosen is None else len(chosen)
        about = f" sur « {params.query.strip()} »" if chosen is not None else ""
        about_en = f" about “{params.query.strip()}”" if chosen is not None else ""
        result.header = {"articles": total, "about": about, "about_en": about_en}
        return result

    def fill(self, asked: Asked) -> dict[str, Any]:
        return {"query": asked.groups.get("query", "")}
