"""The spans of a sentence that could answer a question of a given type.

Dates and figures come from the facts extracted at ingest; people, organisations,
groups and places from the named entities and the dependency parse stored with the
sentence (no model runs here). Each span says which token heads it, so the reader can
measure how it stands to the question's words in the parse.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.analysis import LOCATION, MISC, ORGANISATION, PERSON, SentenceAnalysis
from store.models import Fact

# The entity label of a proper noun that NER did not label.
PROPER = "PROPN"
# Dependency labels of a verb's subject (active), its passive subject and its agent.
SUBJECTS = ("nsubj", "nsubj:pass", "csubj")
AGENT = "obl:agent"
OBJECTS = ("obj", "iobj", "xcomp", "ccomp", "obl:arg")
# Tokens that start a noun phrase answer; a phrase headed by these tags can answer "who".
NOMINAL = ("NOUN", "PROPN", "PRON")
_PRONOUNS = frozenset(
    "il elle ils elles lui leur eux on qui que qu' dont lequel laquelle celui celle ceux "
    "celles ce c' cela ça je tu nous vous se s' l' le la les y en".split()
)


@dataclass(frozen=True)
class Span:
    """A candidate answer in a sentence: character offsets in the sentence, the token
    range, the head token, and the fact it comes from (dates, figures)."""

    kind: str  # date, figure, person, place, acronym
    start: int
    end: int
    text: str
    first: int
    last: int
    head: int
    entity: str | None = None  # PER, ORG, LOC, MISC; None for a plain noun phrase
    fact: Fact | None = None
    # Said of the question's person, where the sentence names others too.
    of_person: bool = False


def _head_of(analysis: SentenceAnalysis, first: int, last: int) -> int:
    """The token of first..last whose head lies outside the range (the phrase's head).

    The parser sometimes loses its way inside a name with diacritics it does not know
    (« Phạm Hữu Lâm a reçu… » parsed as two roots and a subject; « de la Santé Trịnh Minh
    Tuyên a reçu » with the name's last words the subject): of the tokens attached
    outside the range, one that is a verb's subject, agent or object says the phrase's
    role; a token that is its own head is the head only when none is attached outside."""
    outside = [i for i in range(first, last + 1) if not first <= analysis.heads[i] <= last]
    for i in outside:
        if analysis.deps[i] in (*SUBJECTS, AGENT, "obj", "iobj"):
            return i
    if outside:
        return outside[0]
    rooted = [i for i in range(first, last + 1) if analysis.heads[i] == i]
    return rooted[0] if rooted else first


def _span(
    kind: str, text: str, analysis: SentenceAnalysis, first: int, last: int, **more: object
) -> Span:
    start, end = analysis.starts[first], analysis.ends[last]
    return Span(
        kind,
        start,
        end,
        text[start:end],
        first,
        last,
        _head_of(analysis, first, last),
        **more,  # type: ignore[arg-type]
    )


def fact_spans(
    kind: str, facts: list[Fact], sentence_start: int, analysis: SentenceAnalysis | None
) -> list[Span]:
    """Date or figure facts of the sentence as spans (offsets made relative)."""
    out = []
    for f in facts:
        start, end = f.start - sentence_start, f.end - sentence_start
        if analysis is not None and (tokens := analysis.tokens_in(start, end)):
            first, last = tokens[0], tokens[-1]
            head = _head_of(analysis, first, last)
        else:
            first = last = head = -1
        out.append(Span(kind, start, end, f.text, first, last, head, None, f))
    return out


def _trim(analysis: SentenceAnalysis, text: str, first: int, last: int) -> tuple[int, int]:
    """A noun phrase without the punctuation or relative clause around it."""
    while first < last and analysis.tags[first] in ("PUNCT", "CCONJ", "ADP"):
        first += 1
    for i in range(first + 1, last + 1):
        if analysis.tags[i] == "PUNCT" or analysis.deps[i] in ("acl:relcl", "acl"):
            last = i - 1
            break
    while last > first and analysis.tags[last] in ("PUNCT", "ADP", "CCONJ", "DET"):
        last -= 1
    return first, last


def entity_spans(text: str, analysis: SentenceAnalysis, labels: tuple[str, ...]) -> list[Span]:
    out = []
    for e in analysis.entities:
        if e.label in labels and e.end > e.start:
            kind = "place" if e.label == LOCATION else "person"
            first, last = e.start, e.end - 1
            head = _head_of(analysis, first, last)
            # « de la Santé Đỗ Xuân Tuyên a reçu »: NER ran the ministry's noun into the
            # name; a leading common noun the parser hangs outside, before the head, is
            # not part of it.
            while (
                first < head
                and analysis.tags[first] == "NOUN"
                and not first <= analysis.heads[first] <= last
            ):
                first += 1
            out.append(_span(kind, text, analysis, first, last, entity=e.label))
    return out


def _coordinated(analysis: SentenceAnalysis, spans: list[Span], text: str) -> list[Span]:
    """« Anna et Piotr », « Kessel et Orlov »: two entities joined by a conjunction
    are one answer as well as two."""
    out = []
    ordered = sorted(spans, key=lambda s: s.first)
    for a, b in zip(ordered, ordered[1:], strict=False):
        between = [analysis.word(text, i).lower() for i in range(a.last + 1, b.first)]
        if between in (["et"], ["and"], ["&"]) and a.entity == b.entity:
            out.append(
                Span(
                    a.kind,
                    a.start,
                    b.end,
                    text[a.start : b.end],
                    a.first,
                    b.last,
                    a.head,
                    a.entity,
                )
            )
    return out


def noun_phrases(text: str, analysis: SentenceAnalysis) -> list[Span]:
    """Noun phrases heading a verb argument (« la foule », « les provinces »)."""
    out = []
    for i, dep in enumerate(analysis.deps):
        tag = analysis.tags[i]
        if tag not in NOMINAL or analysis.word(text, i).lower() in _PRONOUNS:
            continue
        if dep not in (*SUBJECTS, AGENT, "obj", "appos", "conj", "nmod", "obl:arg", "obl:mod"):
            continue
        first, last = analysis.subtree(i)
        first, last = _trim(analysis, text, first, last)
        if last - first > 8 or first > i or last < i:
            first, last = i, i
            # keep the determiner and adjectives right before the head
            while (
                first > 0
                and analysis.heads[first - 1] == i
                and analysis.tags[first - 1]
                in (
                    "DET",
                    "ADJ",
                    "NUM",
                )
            ):
                first -= 1
        # A proper noun the NER missed (« Varnek obtient 2 victoires ») is a name.
        word = analysis.word(text, i)
        proper = tag == "PROPN" and first == last == i and word[:1].isupper() and word.isalpha()
        entity = PROPER if proper else None
        out.append(_span("person", text, analysis, first, last, entity=entity))
    return out


def _with_plural_article(text: str, analysis: SentenceAnalysis, s: Span) -> Span:
    """A name as an answer to "who": a group named in the plural keeps its article
    (« Les Lorvaniens prirent Kessburg » answers « Les Lorvaniens », as French says it)."""
    before = s.first - 1
    if (
        s.entity != PERSON
        and before >= 0
        and analysis.heads[before] == s.head
        and analysis.word(text, before).lower() == "les"
    ):
        start = analysis.starts[before]
        return Span("person", start, s.end, text[start : s.end], before, s.last, s.head, s.entity)
    return Span("person", s.start, s.end, s.text, s.first, s.last, s.head, s.entity)


def person_spans(text: str, analysis: SentenceAnalysis) -> list[Span]:
    """People, organisations and groups that may answer "who". A noun phrase around a
    name (« le vice-Premier ministre X ») answers with the name, in the phrase's role."""
    named = [
        _with_plural_article(text, analysis, s)
        for s in entity_spans(text, analysis, (PERSON, ORGANISATION, MISC, LOCATION))
    ]
    people = [n for n in named if n.entity == PERSON]
    # « la Première ministre lorvanienne Elina Marsk » with « Première
    # ministre » tagged MISC: a title answers with the person named in apposition to it,
    # in the title's role.
    titled = []
    for n in named:
        if n.entity == PERSON or analysis.tags[n.head] not in ("NOUN", "ADJ"):
            titled.append(n)
            continue
        inner = [
            p
            for p in people
            if analysis.heads[p.head] == n.head
            and analysis.deps[p.head] in ("appos", "flat:name", "nmod")
            and p.first > n.head
        ]
        if inner:
            q = inner[0]
            titled.append(Span("person", q.start, q.end, q.text, q.first, q.last, n.head, PERSON))
        else:
            titled.append(n)
    named = titled
    phrases = []
    for p in noun_phrases(text, analysis):
        if any(n.first <= p.head <= n.last for n in named):
            continue
        inner = [n for n in people if p.first <= n.first and n.last <= p.last]
        inner += [
            n
            for n in people
            if analysis.heads[n.head] == p.head
            and analysis.deps[n.head] in ("appos", "flat:name", "nmod", "nsubj")
            and n.first > p.head
        ]
        if inner:
            n = inner[0]
            # the name, in the role the phrase holds
            phrases.append(Span("person", n.start, n.end, n.text, n.first, n.last, p.head, PERSON))
        else:
            phrases.append(p)
    return named + _coordinated(analysis, named, text) + phrases


def place_spans(text: str, analysis: SentenceAnalysis, acting: bool = False) -> list[Span]:
    """Places: LOC entities, and proper nouns after à / en / dans / vers. A country that
    is the subject or object of a verb (« La Russie met en oeuvre le projet… au
    Vietnam ») acts in the sentence: it is no answer to « où » — but it is to « quel
    pays… » (`acting`), which asks which country did something.

    (A hand-written filter: the parse says the role, no library says what answers where.)"""
    found = [
        s
        for s in entity_spans(text, analysis, (LOCATION,))
        if acting or analysis.deps[s.head] not in ("nsubj", "obj", "iobj")
    ]
    covered = {i for s in found for i in range(s.first, s.last + 1)}
    for i, tag in enumerate(analysis.tags):
        if tag != "PROPN" or i in covered:
            continue
        case = [
            analysis.word(text, c).lower()
            for c in analysis.children(i)
            if analysis.deps[c] == "case"
        ]
        if any(c in ("à", "a", "en", "dans", "vers", "au", "aux", "de") for c in case):
            first, last = i, i
            while last + 1 < len(analysis) and analysis.deps[last + 1] == "flat:name":
                last += 1
            found.append(_span("place", text, analysis, first, last, entity=LOCATION))
    return found


def thing_spans(text: str, analysis: SentenceAnalysis, focus: set[int]) -> list[Span]:
    """« Quelle ligne… ? », « Quel navire… ? »: the proper name written right after the
    noun asked (« la ligne Lorvaneck – Marsk », « le navire Aurora »),
    adjectives aside. The parser often splits such names; the run of proper nouns and
    the dashes between them is read as one (a hand-written rule: no library names what
    a noun phrase calls its thing)."""
    out = []
    for f in sorted(focus):
        i = f + 1
        while i < len(analysis) and analysis.tags[i] == "ADJ":
            i += 1
        first = i
        last = None
        while i < len(analysis) and (
            analysis.tags[i] == "PROPN"
            or (analysis.word(text, i) in ("-", "–", "—", "/") and last is not None)
        ):
            if analysis.tags[i] == "PROPN":
                last = i
            i += 1
        if last is None or not (analysis.heads[first] == f or analysis.heads[f] == first):
            continue
        out.append(_span("thing", text, analysis, first, last))
    return out
