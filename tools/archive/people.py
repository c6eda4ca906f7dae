"""Who is in the articles about a subject, and who holds a role: every person a
sentence about the subject names, and everyone an article about it (its title or lead
holds the subject) names, each with the role the article gives them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.nationalities import country_of_nationality, inflections, nationality_of
from store.search import terms
from store.text import fold
from tools.archive.catalog import Catalog, Mention
from tools.archive.matching import matching_articles, matching_positions
from tools.archive.periods import Period
from tools.archive.subject import Subject, vocabulary

_CONTEXT = ("title", "lead")
_KIND_RANK = {"lead": 0, "body": 0, "title": 1, "caption": 2}
# Adjectives written before a role noun that do not change what the role is.
_BEFORE_ROLE = re.compile(
    r"^(?:(?:ancien|ancienne|ex|futur|future|nouveau|nouvelle|actuel|"
    r"actuelle|haut|haute)[\s-]+)+"
)
_STEM = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class PersonHit:
    """A person of the list, the sentence that cites them and the role given there (or
    the article's fullest role for them)."""

    name: str
    article: int
    position: int
    role: str | None


def role_noun(word: str) -> str | None:
    """The singular role noun a question lists people by (« ministres » → « ministre »,
    "ambassadors" → « ambassadeur »), else None."""
    roles: dict[str, str] = vocabulary()["roles"]
    folded = fold(word).strip()
    if folded in roles:
        return roles[folded]
    if folded in roles.values():
        return folded
    return None


def holds_role(role: str | None, noun: str) -> bool:
    """Whether a role's head is the noun (« ministre russe de la Défense » is a
    « ministre »; « vice-ministre » and « Premier ministre » are not); a feminine or
    plural form counts (« présidente »)."""
    if not role:
        return False
    folded = _BEFORE_ROLE.sub("", fold(role).replace("premiere", "premier"))
    noun = noun.replace("premiere", "premier")
    return re.match(rf"{re.escape(noun)}(?:e|s|es)?(?![\w-])", folded) is not None


def _nationality_fits(catalog: Catalog, name: str, article: int, adjective: str) -> bool:
    """Whether the article gives the person this nationality, or a role that names it
    or its country (« président du Vietnam » is Vietnamese)."""
    base = nationality_of(adjective) or adjective
    forms = {fold(f) for f in inflections(base)}
    country = country_of_nationality(base)
    for m in catalog.people.get(name, ()):
        if m.article != article:
            continue
        if m.nationality and fold(m.nationality) in forms:
            return True
        words = set(_STEM.findall(fold(m.role or "")))
        if words & forms or (country and fold(country) in fold(m.role or "")):
            return True
    return False


def _distance(catalog: Catalog, mention: Mention, subject: Subject) -> int:
    """How far the subject's words stand from the name in its sentence (characters,
    summed over the word groups): the sentence that is about the person comes first."""
    text = catalog.passage(mention.position).text
    words = [(m.start(), set(terms(m.group(0)))) for m in _STEM.finditer(text)]
    total = 0
    for group in subject.groups:
        near = [abs(at - mention.start) for at, stems in words if stems & group]
        total += min(near, default=len(text))
    return total


def people_about(
    catalog: Catalog,
    subject: Subject,
    role: str | None = None,
    nationality: str | None = None,
) -> list[PersonHit]:
    """Every person cited about the subject (all people when it names nothing), holding
    the role and nationality when asked, in the order of the articles most about the
    subject, then of their first mention."""
    candidates: dict[str, list[tuple[int, int, Mention]]] = {}
    order = {m.article: rank for rank, m in enumerate(matching_articles(catalog, subject))}
    if subject.groups or subject.people:
        positions = matching_positions(catalog, subject)
        about = {
            int(catalog.article_of[p])
            for p in positions
            if catalog.passage(int(p)).kind in _CONTEXT
        }
        for position in positions.tolist():
            for name, mention in catalog.people_at.get(position, ()):
                candidates.setdefault(name, []).append(
                    (0, _distance(catalog, mention, subject), mention)
                )
        for article in about:
            for name, mentions in catalog.people_of.get(article, {}).items():
                for mention in mentions:
                    candidates.setdefault(name, []).append((1, 0, mention))
    else:
        for name, everyone in catalog.people.items():
            candidates[name] = [(1, 0, m) for m in everyone]
    hits = []
    for name, found in candidates.items():
        if name in subject.people:
            continue
        kept = []
        for tier, distance, mention in found:
            here = mention.role if mention.role and not _describes(mention.role) else None
            given = here or catalog.role_in(name, mention.article)
            if role is not None and not holds_role(given, role):
                continue
            if nationality is not None and not _nationality_fits(
                catalog, name, mention.article, nationality
            ):
                continue
            if subject.period is not None and not _dated_within(
                catalog, mention.position, subject.period
            ):
                continue
            # The sentence about the subject first; among those, the one that gives the
            # role asked, then article text before a caption, then the nearest words.
            rank = (
                tier,
                0 if role is None or holds_role(here, role) else 1,
                _KIND_RANK.get(catalog.passage(mention.position).kind, 9),
                distance,
                mention.article,
                mention.position,
            )
            kept.append((rank, mention, given))
        if kept:
            _rank, mention, given = min(kept, key=lambda k: k[0])
            hits.append(PersonHit(name, mention.article, mention.position, given))
    hits.sort(key=lambda h: (order.get(h.article, len(order)), h.article, h.position))
    return hits


def _describes(role: str) -> bool:
    """A role that only describes a meeting (« son homologue russe »), not a post."""
    return fold(role).startswith("homologue")


def _dated_within(catalog: Catalog, position: int, period: Period) -> bool:
    """Whether the sentence, or the article it is part of when published then, is dated
    within the period."""
    article = int(catalog.article_of[position])
    published = catalog.entries[article].published
    if published and (p := Period.of(published)) is not None and period.meets(p):
        return True
    return any(e.position == position and period.holds(e.period) for e in catalog.events)
