"""Who is in the articles: « Qui sont les personnes citées à propos de X ? », « Quels
ministres… ? », "Which Russian presidents visited Vietnam?" — every matching person,
with the role the article gives and the sentence that cites them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from store.nationalities import nationality_of
from store.text import normalise
from tools.archive.listing import IsoBound, PagedParams, add_cited, narrowed, page, period_of
from tools.archive.people import people_about, role_noun
from tools.archive.subject import read_subject, vocabulary
from tools.base import Asked, Tool, ToolResult
from tools.knowledge import Knowledge
from tools.question import Question


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted((w.replace(" ", r"\s+") for w in words), key=len, reverse=True))


_ROLES = _alternatives(list(vocabulary()["roles"]))
# The plural role nouns only: « Qui sont les ministres cités ? » asks for a list, while
# « Qui est le ministre de la Défense ? » asks for one person (actor_lookup's).
_PLURAL_ROLES = _alternatives(
    [r for r in vocabulary()["roles"] if r.split()[0].endswith(("s", "x")) and " of" not in r]
)
_PEOPLE = r"(?:personnes|personnalites|gens|responsables|dirigeants|officiels|acteurs|intervenants)"
_CITED = (
    r"(?:citees|cites|citee|cite|mentionnees|mentionnes|mentionnee|mentionne|nommees|nommes|"
    r"evoquees|evoques|presentes|presents|qui apparaissent|qui interviennent|dont on parle)"
)
_ABOUT = (
    r"(?:a propos de|a propos d|a propos du|au sujet de|au sujet du|concernant|en lien avec|"
    r"sur|dans|pour|lies a|liees a)"
)


class PeopleParams(PagedParams):
    query: str = Field("", max_length=500, description="What they are cited about")
    role: str | None = Field(
        None, max_length=100, description="Only people holding this role (« ministre »)"
    )
    nationality: str | None = Field(
        None, max_length=50, description="Only people of this nationality (« russe »)"
    )
    start: IsoBound = Field(None, description="ISO 8601 date or year: cited then or after")
    end: IsoBound = Field(None, description="ISO 8601 date or year: … or before")


class PeopleList(Tool[PeopleParams]):
    name = "people_list"
    description = (
        "Who the articles cite about a subject, or who holds a role (« ministre », "
        "« président »), optionally of a nationality: every matching person, each with the "
        "role the article gives them and the sentence that cites them."
    )
    Params = PeopleParams
    rules = (
        rf"^\W*qui (?:sont|est|etaient|etait) (?:les |la )?{_PEOPLE} {_CITED}"
        rf"(?:\s+{_ABOUT})?\s*(?P<query>.*?)\W*$",
        rf"^\W*qui (?:sont|est|etaient|etait) (?:les |la )?{_PEOPLE}\s+{_ABOUT}"
        r"\s*(?P<query>.+?)\W*$",
        rf"^\W*qui (?:est|sont|etait|etaient) {_CITED}\s+{_ABOUT}\s*(?P<query>.+?)\W*$",
        rf"^\W*(?:quelles|quels) (?:sont les )?{_PEOPLE} (?:sont |ont ete |furent )?{_CITED}"
        rf"(?:\s+{_ABOUT})?\s*(?P<query>.*?)\W*$",
        rf"^\W*(?:liste|listez|donne|donnez|montre|montrez)(?:[ -]moi)? (?:les |des |tous les )?"
        rf"(?:{_PEOPLE}|(?P<role2>{_ROLES}))(?: (?P<nationality2>[a-z-]+))?(?: {_CITED})?"
        rf"(?:\s+{_ABOUT})?\s*(?P<query2>.*?)\W*$",
        rf"^\W*qui (?:sont|etaient|furent) (?:les |des )?(?P<role3>{_PLURAL_ROLES})"
        rf"(?: (?P<nationality3>[a-z-]+))?(?: {_CITED})?(?:\s+{_ABOUT})?\s*(?P<query3>.*?)\W*$",
        rf"^\W*(?:quelles|quels) (?P<role>{_ROLES})(?: (?P<nationality>[a-z-]+))?\b\s*"
        rf"(?P<query>.*?)\W*$",
        r"^\W*who (?:are|is|were|was) (?:the )?(?:people|persons|figures|officials|personalities|"
        r"leaders) (?:mentioned|cited|named|quoted|involved|featured)?\s*(?:in|about|regarding|on|"
        r"concerning|with|in connection with)?\s*(?P<query>.*?)\W*$",
        r"^\W*who (?:is|are|was|were) (?:mentioned|cited|named|quoted) (?:in|about|regarding|on)\s+"
        r"(?P<query>.+?)\W*$",
        rf"^\W*who (?:are|were) (?:the |all the )?(?:(?P<nationality3>[a-z-]+) )?"
        rf"(?P<role3>{_PLURAL_ROLES})\b(?: (?:mentioned|cited|named|quoted|in the articles))?"
        r"(?:\s+(?:in|about|regarding|on|concerning))?\s*(?P<query3>.*?)\W*$",
        rf"^\W*which (?:(?P<nationality>[a-z-]+) )?(?P<role>{_ROLES})\b\s*(?P<query>.*?)\W*$",
    )
    responses = {
        "intro": {
            "fr": "**{total}** personne(s){about} :",
            "en": "**{total}** people{about_en}:",
        },
        "none": {
            "fr": "Je n'ai trouvé dans les articles personne qui corresponde.",
            "en": "I found nobody in the articles who matches.",
        },
    }

    def run(
        self, params: PeopleParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        catalog = knowledge.catalog
        subject = read_subject(params.query, knowledge, period=period_of(params.start, params.end))
        role = role_noun(params.role) if params.role else None
        if params.role and role is None:
            role = normalise(params.role)
        nationality = nationality_of(params.nationality) if params.nationality else None
        hits = people_about(catalog, subject, role, nationality or params.nationality)
        shown, more = page(hits, params.offset, params.limit)
        result = ToolResult(tool=self.name, mode="list", more=more)
        if not hits:
            return result
        described = " ".join(x for x in (params.role or "", params.nationality or "") if x)
        about = about_en = f" ({described})" if described else ""
        if subject.text and described:
            about, about_en = f"{about}, « {subject.text} »", f"{about_en}, “{subject.text}”"
        elif subject.text:
            about, about_en = f" à propos de « {subject.text} »", f" about “{subject.text}”"
        result.header = {
            "total": len(hits),
            "about": about,
            "about_en": about_en,
            "first": params.offset + 1,
        }
        for hit in shown:
            passage = catalog.passage(hit.position)
            entry = catalog.entries[hit.article]
            given: dict[str, Any] = {"role": hit.role} if hit.role else {}
            add_cited(
                result, knowledge, entry.article_id, passage, "person", hit.name, hit.name, **given
            )
        return result

    def fill(self, asked: Asked) -> dict[str, Any]:
        groups = dict(asked.groups)
        role = groups.get("role") or groups.get("role2") or groups.get("role3")
        nationality = (
            groups.get("nationality") or groups.get("nationality2") or groups.get("nationality3")
        )
        query = groups.get("query") or groups.get("query2") or groups.get("query3") or ""
        params: dict[str, Any] = {}
        if (
            nationality
            and nationality_of(nationality) is None
            and not role_noun(f"{nationality} {role}")
        ):
            query = f"{nationality} {query}".strip()  # « Quels ministres se sont rendus… »
            nationality = None
        if nationality and role and role_noun(f"{nationality} {role}"):
            role, nationality = f"{nationality} {role}", None  # "which prime ministers"
        if role:
            params["role"] = role
        if nationality:
            params["nationality"] = nationality
        params["query"] = query
        return params

    def follow_up(self, params: Mapping[str, Any], asked: Asked) -> dict[str, Any] | None:
        return narrowed(params, asked)
