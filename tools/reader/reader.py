"""The reader: candidate sentences → the span of the expected type → every constraint
verified, or "the articles do not say" with what they do give.

This is the classic retriever → reader pipeline of factoid question answering, with a
deterministic reader: BM25 finds candidate sentences, each is read for spans of the
answer type the question expects (dates, figures, named entities, noun phrases), a
span is scored by how well its sentence covers the question and how it stands to the
question's words in the sentence's dependency parse, and an answer is given only when
its sentence (or that sentence's context) meets every constraint of the question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from store.analysis import LOCATION, MISC, ORGANISATION, PERSON, SentenceAnalysis
from store.extract.dates import year_span
from store.models import Fact
from store.nationalities import country_of, country_of_nationality, nationality_of
from store.search import terms
from store.text import fold
from tools.question import Question, Term, dimensions, is_author_noun, phase_of_word
from tools.reader import weights as W
from tools.reader.evidence import (
    EMPTY,
    Evidence,
    SentenceKey,
    TermMatch,
    met_at,
    read_evidence,
    sentence_words,
    term_in_words,
    word_stem,
)
from tools.reader.spans import (
    AGENT,
    OBJECTS,
    PROPER,
    SUBJECTS,
    Span,
    fact_spans,
    person_spans,
    place_spans,
    thing_spans,
)

if TYPE_CHECKING:
    from tools.knowledge import Knowledge


@dataclass(frozen=True)
class Answer:
    """One answer: the span, the sentence it stands in, and its score."""

    span: Span
    evidence: Evidence
    score: float
    role: str = ""
    # 1 when the span is the subject (object…) of a verb of the question itself
    strength: float = 0.0
    # how near the span stands to the question's words in the parse (see _proximity)
    proximity: float = 0.0


@dataclass
class Reading:
    """What the reader found: answers best first, or the closest passage and why not."""

    question: Question
    answers: list[Answer] = field(default_factory=list)
    lead: Evidence | None = None
    reason: str | None = None
    missing: list[Term] = field(default_factory=list)
    candidates: list[Evidence] = field(default_factory=list)
    rejected: list[tuple[SentenceKey, str]] = field(default_factory=list)
    # every scored answer, best first (the runner-ups say how sure the best one is)
    scored: list[Answer] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.answers)


def _tree_distance(analysis: SentenceAnalysis, a: int, b: int) -> int:
    """Edges between two tokens in the dependency tree."""
    path: dict[int, int] = {}
    node, depth = a, 0
    while node not in path:
        path[node] = depth
        parent = analysis.heads[node]
        if parent == node:
            break
        node, depth = parent, depth + 1
    node, depth = b, 0
    seen: set[int] = set()
    while node not in seen:
        if node in path:
            return path[node] + depth
        seen.add(node)
        parent = analysis.heads[node]
        if parent == node:
            break
        node, depth = parent, depth + 1
    return W.FAR


def _proximity(evidence: Evidence, span: Span) -> float:
    """How near the span stands to the question's words in the parse: each word found
    in the sentence counts by its weight, 1 when next to the span, less further away
    (term proximity, as classic passage scorers compute it)."""
    analysis = evidence.analysis
    if analysis is None or span.head < 0:
        return 0.0
    total = near = 0.0
    for m in evidence.matches:
        tokens = [t for t in m.tokens if not span.first <= t <= span.last]
        if not tokens:
            continue
        tree = min(_tree_distance(analysis, span.head, t) for t in tokens)
        linear = min(min(abs(t - span.first), abs(t - span.last)) for t in tokens)
        weight = m.term.weight * m.quality
        total += weight
        near += weight * (1.0 / (1.0 + min(tree, W.FAR)) + 0.1 / (1.0 + linear))
    return near / total if total else 0.0


def _case_words(analysis: SentenceAnalysis, text: str, i: int) -> set[str]:
    return {
        fold(analysis.word(text, c))
        for c in analysis.children(i)
        if analysis.deps[c] in ("case", "mark")
    }


def _predicates(a: SentenceAnalysis, anchors: set[int]) -> dict[int, float]:
    return _predicates_of(a, frozenset(anchors))


@lru_cache(maxsize=4096)
def _predicates_of(a: SentenceAnalysis, anchors: frozenset[int]) -> dict[int, float]:
    """The verbs (or predicative nouns) that the question's words depend on, each with
    how directly: 1 for a question word itself. A participle hanging on a question's
    noun that the question does not name (« une mise en scène produite par X » for
    « qui a dirigé la mise en scène ») is another event: its agent is no answer."""
    out: dict[int, float] = {}
    for t in anchors:
        node, strength = t, 1.0
        for _ in range(4):
            is_pred = (
                a.tags[node] in ("VERB", "AUX")
                or a.heads[node] == node
                # (a participle the parser took for a noun still has its agent:
                # « une délégation conduite par X »)
                or any(a.deps[c] in (*SUBJECTS, AGENT) for c in a.children(node))
            )
            if is_pred:
                out[node] = max(out.get(node, 0.0), strength)
            parent = a.heads[node]
            if parent == node:
                break
            node, strength = parent, strength * W.PREDICATE_DECAY
    return out


def _role(
    question: Question, evidence: Evidence, span: Span, anchors: set[int]
) -> tuple[float, str]:
    """How the span stands to the question's words, as the question wants it."""
    a = evidence.analysis
    if a is None or span.head < 0:
        return 0.0, ""
    h = span.head
    dep, parent = a.deps[h], a.heads[h]
    # A coordinated phrase takes the role of the phrase it is coordinated with.
    if dep == "conj" and a.deps[parent] in (*SUBJECTS, AGENT, *OBJECTS):
        if question.preposition == "avec" and parent in evidence.question_tokens:
            return W.ROLE_PREPOSITION, "coordinated"
        dep, parent = a.deps[parent], a.heads[parent]
    if dep == "nsubj:pass" and not any(a.deps[c] == "aux:pass" for c in a.children(parent)):
        # « Le Vietnam et la Russie ont signé… » parsed as a passive subject: a passive
        # needs « être »; with « avoir » it is the subject.
        dep = "nsubj"
    predicates = _predicates(a, anchors)
    if question.preposition and question.preposition != "de":
        if question.preposition in _case_words(a, evidence.text, h) and parent in predicates:
            return W.ROLE_PREPOSITION * predicates[parent], "preposition"
    focus = {i for m in evidence.matches if m.term.kind == "focus" for i in m.tokens}
    # the question's verb met by a noun of its family (« fondé » by « fondateur »)
    words = {
        i for m in evidence.matches if m.term.kind == "word" and m.quality < 1.0 for i in m.tokens
    }
    before = span.first - 1
    if before >= 0 and a.word(evidence.text, before) == ",":
        before -= 1  # « son fondateur, Anton Kessel »: the parser may hang it elsewhere
    if (dep == "appos" and parent in words and a.tags[parent] == "NOUN") or (
        before >= 0 and before in words and a.tags[before] == "NOUN" and span.entity == PERSON
    ):
        # « son fondateur, Anton Kessel » for « Qui a fondé… ? »: a name in apposition
        # to the noun of the question's verb is who did it.
        return W.ROLE_APPOSITION, "agent noun"
    titles = {i for m in evidence.matches if m.term.kind == "name" for i in m.tokens}
    for e in a.entities:  # the whole title a name of the question is part of
        if titles & set(range(e.start, e.end)):
            titles |= set(range(e.start, e.end))
    if (
        question.expected == "person"
        and span.entity == PERSON
        and dep == "nmod"
        and parent in titles
        and "de" in _case_words(a, evidence.text, h)
    ):
        # « Northern Histories of Lorvania de Marta Kovel »: the person a work the question
        # names is « de » made it. (Not any noun's: « une mise en scène de Rufus Norris »
        # may be another staging than the one asked about.)
        return W.ROLE_APPOSITION, "author"
    if focus:
        if (parent in focus and dep in ("appos", "nmod", "flat:name", "conj", "nsubj")) or (
            any(a.heads[f] == h and a.deps[f] in ("appos", "nmod", "conj") for f in focus)
        ):
            return W.ROLE_APPOSITION, "apposition"
        if any(a.heads[f] == f or a.deps[f] == "ROOT" for f in focus) and dep in SUBJECTS:
            return W.ROLE_APPOSITION, "attribute"  # « X est le père de John »
    strength = predicates.get(parent, 0.0)
    if not strength:
        return W.ROLE_OTHER, ""
    if strength < 1.0 and any(
        m.term.kind == "word" and m.where != "sentence" and not m.term.inherited
        for m in evidence.matches
    ):
        # The verb above the question's noun is not the question's, and a word of the
        # question is missing: maybe its verb (« reçu le certificat » for « Qui a remis
        # le certificat ? »). The role is of another event, a weaker sign.
        strength *= W.OTHER_EVENT
    if question.asks_object:
        if dep in OBJECTS:
            return W.ROLE_SUBJECT * strength, "object"
        return W.ROLE_OTHER, ""
    if dep == AGENT or (dep == "nsubj" and not question.passive):
        return W.ROLE_SUBJECT * strength, "subject"
    if dep == "nsubj:pass":
        return (W.ROLE_SUBJECT * strength if question.passive else W.ROLE_OTHER), "passive subject"
    if dep in OBJECTS and question.passive:
        return W.ROLE_OBJECT * strength, "object"
    return W.ROLE_OTHER, ""


_YEAR_SPAN = re.compile(r"^\d{4}/\d{4}$")


def _names_the_focus(evidence: Evidence) -> bool:
    """A name of the question stands in apposition to the focus noun in the sentence."""
    a = evidence.analysis
    if a is None:
        return False
    focus = {i for m in evidence.matches if m.term.kind == "focus" for i in m.tokens}
    for m in evidence.matches:
        if m.term.kind != "name":
            continue
        for t in m.tokens:
            while a.deps[t] == "flat:name" and a.heads[t] != t:
                t = a.heads[t]
            if a.deps[t] == "appos" and a.heads[t] in focus:
                return True
    return False


_END_MARK = re.compile(r"\bjusqu\W?(?:à|a|au|aux|en)\b[^,;:.]{0,60}$", re.IGNORECASE)
_START_MARK = re.compile(
    r"\b(?:depuis|dès|à partir d[eu']|a partir d[eu'])\s*\S*\s*$", re.IGNORECASE
)


def _phase_of(text: str, span: Span, analysis: SentenceAnalysis | None = None) -> str | None:
    """A date the text opens (« depuis 1990 », « à partir de 1777 ») or closes
    (« jusqu'en 1911 », « jusqu'à la chute des Qing en 1912 »), or that dates a verb of
    beginning or ending (« devient président en 1876 » begins what « Quand cesse-t-il
    d'être président ? » asks the end of)."""
    before = text[max(0, span.start - 60) : span.start]
    if _START_MARK.search(before):
        return "start"
    if _END_MARK.search(before):
        return "end"
    if analysis is None or span.head < 0:
        return None
    node = analysis.heads[span.head]
    for _ in range(3):
        if analysis.tags[node] == "VERB":
            return phase_of_word(fold(analysis.lemmas[node]))
        if analysis.heads[node] == node:
            return None
        node = analysis.heads[node]
    return None


def _coordinated(chosen: list[Answer], others: list[Answer]) -> list[Answer]:
    """Answers coordinated with a chosen one in its sentence (« en mars 2001 et en
    novembre 2006 »): the sentence gives them together, so are they given."""
    out = []
    for answer in others:
        if answer in chosen:
            continue
        a = answer.evidence.analysis
        if a is None:
            continue
        h = answer.span.head
        for c in chosen:
            if c.evidence.key != answer.evidence.key or c.span.kind != answer.span.kind:
                continue
            g = c.span.head
            if (
                h >= 0
                and g >= 0
                and "conj"
                in (
                    a.deps[h] if a.heads[h] == g else "",
                    a.deps[g] if a.heads[g] == h else "",
                )
            ):
                out.append(answer)
                break
    return out


def _dates_event(evidence: Evidence, span: Span, anchors: set[int]) -> bool:
    """The date modifies a verb of the question (« il obtint la succession le 9 février
    1867 » for « quand a-t-il obtenu… »): it dates the very event asked about."""
    a = evidence.analysis
    if a is None or span.head < 0:
        return False
    node = a.heads[span.head]
    for _ in range(3):
        if a.tags[node] == "VERB":
            # « le championnat, disputé à Kessburg le 2 septembre »: a participle describing a
            # noun of the question (or the phrase it ends, « des favoris du championnat,
            # disputé… ») dates that noun's event
            described = a.heads[node]
            return node in anchors or (
                a.deps[node] == "acl"
                and (described in anchors or any(c in anchors for c in a.children(described)))
            )
        if a.heads[node] == node:
            return False
        node = a.heads[node]
    return False


def _reversed(evidence: Evidence) -> bool:
    """The sentence makes the subject of the place the question names, while the
    question's own subject (a name or nationality it writes without a preposition) is
    not the sentence's subject."""
    a = evidence.analysis
    if a is None:
        return False
    located = [m for m in evidence.matches if m.term.kind == "name" and m.term.locative]
    actors = [
        m
        for m in evidence.matches
        if m.term.kind in ("name", "nationality") and not m.term.locative and m.where
    ]
    if not located or not actors:
        return False

    def subject(m: TermMatch) -> bool:
        return any(a.deps[t] in SUBJECTS for t in m.tokens)

    return any(subject(m) for m in located) and not any(subject(m) for m in actors)


def _shares_name(span: Span, evidence: Evidence) -> bool:
    """The span holds a name the question states (« Anton Kessel » for a question on
    Kessel, « Jan Orlov » for one on the comet Orlov 12)."""
    return (
        span.fact is None
        and span.first >= 0
        and any(i in evidence.tokens_of(("name",)) for i in range(span.first, span.last + 1))
    )


def _overlaps_question(span: Span, evidence: Evidence) -> bool:
    """The span repeats the question (a name it states, the noun it asks about); a
    date or figure is checked by its value instead (`_in_question`)."""
    tokens = evidence.question_tokens
    if span.first < 0 or span.fact is not None:
        return False
    if span.entity is None:
        return span.head in tokens
    a = evidence.analysis
    names = [i for i in range(span.first, span.last + 1) if a is None or a.tags[i] == "PROPN"]
    names = names or list(range(span.first, span.last + 1))
    # « Jan Orlov » answers « Qui a découvert Orlov 12 ? »: only a span that is
    # all the question's own names is the thing asked about.
    return all(i in tokens for i in names)


def _unit_fits(question: Question, fact: Fact, after: str = "") -> bool:
    """The figure counts what the question counts, or measures its dimension; « quelle
    quantité de riz » is met by « 5.000 tonnes de riz » (the noun right after the unit)."""
    if question.dimension:
        dim = dimensions()[question.dimension]
        if "kind" in dim:
            return fact.figure_kind == dim["kind"]
        units = {fold(u) for u in dim.get("units", [])}
        unit = fold(fact.unit or "")
        return bool(unit) and (unit in units or word_stem(unit) in {word_stem(u) for u in units})
    if question.focus:
        # (a people counted, « le nombre de Grecs », is read as a name, and is the focus)
        focus = next(
            (t for t in question.terms if t.kind == "focus" or t.word == question.focus), None
        )
        if focus is None or not fact.unit:
            return False
        if focus.word in GENERIC_COUNTS:
            return fact.figure_kind == "count"  # checked again in Reader.spans
        if term_in_words(focus, fact.unit.split()):
            return True
        # « 9.400 tonnes de fruits »: the noun follows the unit, after « de ».
        near = re.match(r"\s*(?:de |d'|d’)(?:\w+ ){0,1}?(\w[\w-]*)", after)
        return near is not None and bool(term_in_words(focus, [near.group(1)]))
    return True


def _in_question(question: Question, span: Span) -> bool:
    """The question states this value itself (« les 9,7 % d'audience »)."""
    if span.fact is not None and span.fact.kind == "figure":
        return span.fact.number is not None and span.fact.number in question.numbers
    if span.fact is not None and span.fact.kind == "date":
        return span.fact.value in question.dates
    return False


def _dates_of_person(
    evidence: Evidence, spans: list[Span], people: list[tuple[int, int]]
) -> list[Span]:
    """In a sentence naming the question's person among others (« A. Kessel en mars
    2001 et en novembre 2006, et M. Kovel en octobre 2010 »), the dates that belong
    to that person: those after the name and before the next person, else the closest
    before it (marked `of_person`, a preference, since extraction may take a place for a
    person). `people`: the token ranges of the people the sentence names."""
    a = evidence.analysis
    if a is None or len(spans) < 2:
        return spans
    named = evidence.tokens_of(("name",))
    asked = [p for p in people if any(i in named for i in range(*p))]
    others = [p for p in people if p not in asked]
    if not asked or not others:
        return spans
    kept: list[Span] = []
    for start, end in asked:
        stop = min((o[0] for o in others if o[0] >= end), default=len(a))
        after = [sp for sp in spans if end <= sp.first < stop]
        before = [sp for sp in spans if 0 <= sp.last < start]
        kept += after or before[-1:]
    return [replace(sp, of_person=sp in kept) for sp in spans]


def _period_fits(question: Question, fact: Fact) -> bool:
    """A figure the text gives for another year than the question's is not its answer
    (« 4,2 milliards en 2022, avant de grimper à 5,8 milliards en 2023 »)."""
    if not question.years or not fact.period:
        return True
    years = {int(y) for y in re.findall(r"\b(?:1[0-9]|20)[0-9]{2}\b", fact.period)}
    spans = question.year_spans()
    return not years or any(lo <= y <= hi for y in years for lo, hi in spans)


def _date_fits(question: Question, fact: Fact) -> bool:
    """A date in a question's year (« Quand… en 2007 ? »), or covering it."""
    if not question.years:
        return True
    span = year_span(fact.value)
    if span is None:
        return True  # a yearless date may be that year's; the sentence names the year
    return any(span[0] <= hi and lo <= span[1] for lo, hi in question.year_spans())


# Counted nouns that any count of people answers (« combien de personnes… » →
# « une dizaine de militants »).
GENERIC_COUNTS = frozenset(
    "personnes gens individus hommes femmes habitants people persons men women".split()
)


def _bounds(value: str) -> tuple[str, str]:
    start, _, end = value.partition("/")
    return start, end or start


def _contains(outer: str, inner: str) -> bool:
    """Whether a date range strictly contains another date (« du 16 au 18 octobre » and
    « le 18 octobre »); a year does not contain a precise day: that one says more."""
    if outer == inner or "/" not in outer:
        return False
    (a, b), (c, d) = _bounds(outer), _bounds(inner)
    if a.startswith("--") != c.startswith("--"):
        a, b = (
            a[4:] if not a.startswith("--") else a[1:],
            b[4:] if not b.startswith("--") else b[1:],
        )
        c, d = (
            c[4:] if not c.startswith("--") else c[1:],
            d[4:] if not d.startswith("--") else d[1:],
        )
    return a <= c and d[: len(b)] <= b and (a, b) != (c, d)


def _refines(precise: str, vague: str) -> bool:
    """« du 20 au 23 août 2023 » says what « du 20 au 23 août » says, and the year:
    the same date, more precisely."""
    if precise == vague:
        return False
    sides = list(zip(precise.split("/"), vague.split("/"), strict=False))
    if len(precise.split("/")) != len(vague.split("/")):
        return False
    return all(
        p == v or (v.startswith("--") and p[4:] == v[1:] and p[:4].isdigit()) or p.startswith(v)
        for p, v in sides
    )


class Reader:
    """Reads the archive of one `Knowledge` for answers of the expected type."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    # -- candidates -----------------------------------------------------------------

    def candidates(self, question: Question, people: Iterable[str] = ()) -> list[Evidence]:
        k = self.knowledge
        stems = sorted({s for t in question.terms for s in t.stems})
        keys = k.lexical_keys(stems, W.LEXICAL_DEPTH)
        keys += [key for key in k.sentences_with(people) if key not in keys]
        anchor = question.anchor
        if anchor is not None:
            near = range(anchor[1] - W.ANCHOR_WINDOW, anchor[1] + W.ANCHOR_WINDOW + 1)
            keys += [(anchor[0], i) for i in near if (anchor[0], i) not in keys]
        out = []
        for rank, key in enumerate(keys):
            passage = k.passage(key)
            if passage is None:
                continue
            evidence = read_evidence(
                question,
                key,
                passage.text,
                passage.kind,
                k.analysis(key),
                k.words_of(key),
                # A teaser is another article's summary: its page is no context of it.
                EMPTY if passage.kind == "related" else k.context_table(key[0]),
                EMPTY if passage.kind == "related" else k.previous_table(key),
                1.0 / (1 + rank),
                k.similar,
                k.synonyms_of,
            )
            if anchor is not None and key[0] == anchor[0]:
                distance = abs(key[1] - anchor[1])
                focus = (
                    W.ANCHOR_NEXT
                    if distance <= 1
                    else W.ANCHOR_NEAR
                    if distance <= W.ANCHOR_WINDOW
                    else W.ANCHOR_ARTICLE
                )
                evidence = replace(evidence, focus=focus)
            out.append(evidence)
        out.sort(key=lambda e: (-e.coverage * W.KIND_WEIGHT.get(e.kind, 1.0) - e.focus, e.key))
        return out

    def passages(self, question: Question, k: int) -> list[Evidence]:
        """The sentences that best cover the question and meet its constraints, for a
        question no span type answers (« Quelle ligne aérienne relie… ? »)."""
        out: list[Evidence] = []
        seen: set[str] = set()
        for evidence in self.candidates(question):
            matched = sum(1 for m in evidence.matches if m.where == "sentence")
            if evidence.coverage < W.MIN_COVERAGE or matched < min(2, len(question.terms)):
                continue
            if self._unmet(question, evidence) or fold(evidence.text) in seen:
                continue
            seen.add(fold(evidence.text))
            out.append(evidence)
            if len(out) >= k:
                break
        return out

    # -- spans ----------------------------------------------------------------------

    def spans(self, question: Question, evidence: Evidence) -> list[Span]:
        k = self.knowledge
        a = evidence.analysis
        kind = question.expected
        facts = k.by_sentence.get(evidence.key, [])
        start = k.sentence_start(evidence.key)
        if kind == "date":
            if question.life and (life := self._life_span(evidence)) is not None:
                # « X (1714-1791) »: the year of the birth or of the death asked.
                fact = life[0]
                year = fact.value[:4] if question.life == "birth" else fact.value[-4:]
                at = fact.start if question.life == "birth" else fact.end - 4
                year_fact = replace(fact, value=year, text=year, start=at, end=at + 4)
                facts = [year_fact if f is fact else f for f in facts]
            dates = [f for f in facts if f.kind == "date" and _date_fits(question, f)]
            named: list[tuple[int, int]] = []
            for f in facts:  # the people the extractors found (surer than NER alone)
                if f.kind == "actor" and a is not None:
                    tokens = a.tokens_in(f.start - start, f.end - start)
                    if tokens:
                        named.append((tokens[0], tokens[-1] + 1))
            return _dates_of_person(evidence, fact_spans("date", dates, start, a), named)
        if kind == "number":
            figures = [
                f
                for f in facts
                if f.kind == "figure"
                and _unit_fits(question, f, evidence.text[f.end - start : f.end - start + 40])
                and _period_fits(question, f)
            ]
            spans = fact_spans("figure", figures, start, a)
            if question.focus in GENERIC_COUNTS and a is not None:
                people = [
                    sp for sp in spans if sp.fact and fold(sp.fact.unit or "") in GENERIC_COUNTS
                ]
                # « Combien de personnes… » fits any count of people: the count must then
                # be an argument of the question's own verb (« 65 000 personnes y
                # périrent »), not any group the sentence counts.
                anchors = evidence.tokens_of(("word",))
                predicates = _predicates(a, anchors)
                verbs = {t for t in anchors if a.tags[t] == "VERB"}
                if verbs:
                    # The sentence has the question's verb: the count is of those it says
                    # it of (« 65 000 personnes y périrent sur les 110 000 qui y furent
                    # déportés » does not count the deported).
                    people = [sp for sp in people if sp.head >= 0 and a.heads[sp.head] in verbs]
                spans = people + [
                    sp
                    for sp in spans
                    if sp not in people
                    and sp.head >= 0
                    and predicates.get(a.heads[sp.head], 0.0) >= 1.0
                    and a.deps[sp.head] in (*SUBJECTS, *OBJECTS, "obl:arg")
                ]
            return spans
        if a is None:
            return []
        if kind == "person":
            return person_spans(evidence.text, a)
        if kind == "place":
            return place_spans(evidence.text, a, acting=question.focus is not None)
        if kind == "thing":
            focus = {i for m in evidence.matches if m.term.kind == "focus" for i in m.tokens}
            return thing_spans(evidence.text, a, focus)
        return []

    def _score_span(
        self, question: Question, evidence: Evidence, span: Span
    ) -> tuple[float, str, float, float]:
        anchors = evidence.tokens_of(("word", "focus"))
        names = evidence.tokens_of(("name", "nationality", "year", "number"))
        proximity = _proximity(evidence, span)
        role_score, role = 0.0, ""
        if question.expected == "person" and evidence.analysis is not None:
            role_score, role = _role(question, evidence, span, anchors | names)
            named = span.entity in (LOCATION, MISC, PROPER)  # NER may mislabel a person
            floor = W.ROLE_SUBJECT * (W.PREDICATE_DECAY if named else 1.0) - 1e-9
            if not role and span.entity != PERSON:
                # Only a person's name answers "who" by mere nearness; an organisation,
                # a title, a place answers only in the role the question asks.
                return -1.0, "", 0.0, 0.0
            if span.entity not in (PERSON, ORGANISATION) and (
                role not in ("subject", "passive subject", "coordinated")
                or role_score < floor
                or any(c.isdigit() for c in span.text)
            ):
                # A place, a title or a plain noun phrase answers "who" only as the
                # subject of the question's own verb (« tués par la foule »).
                return -1.0, "", 0.0, 0.0
            if span.entity is None:
                role_score -= W.NOUN_PHRASE_PENALTY
            if question.object_clitic and role not in ("subject", "agent noun", "coordinated"):
                # « Qui l'a reçu ? »: who did it, not who the clitic stands for.
                return -1.0, "", 0.0, 0.0
        if question.focus_nationality and not self._of_nationality(question, evidence, span):
            return -1.0, "", 0.0, 0.0
        if question.expected == "number" and (question.focus or question.dimension):
            role_score += W.UNIT_MATCH * 0.5
        strength = role_score if role else 0.0
        if question.expected == "person" and _shares_name(span, evidence):
            # A name of the question answers only as the subject of its own verb
            # (« découverte par Jan Orlov »), else it is who the question is about.
            if role not in ("subject", "passive subject", "agent noun", "author") or (
                role_score < W.ROLE_SUBJECT
            ):
                return -1.0, "", 0.0, 0.0
        if span.entity is None and role:
            strength += W.NOUN_PHRASE_PENALTY  # the penalty is a preference, not doubt
        score = evidence.coverage * W.KIND_WEIGHT.get(evidence.kind, 1.0) + evidence.focus
        if _reversed(evidence):
            score -= W.REVERSED
        total = score + W.SPAN_WEIGHT * proximity + W.ROLE_WEIGHT * role_score
        if span.of_person:
            total += W.PERSON_DATE
        if question.expected == "date" and _dates_event(evidence, span, anchors):
            total += W.EVENT_DATE
        if (
            question.phase
            and (phase := _phase_of(evidence.text, span, evidence.analysis)) is not None
        ):
            if phase != question.phase:
                # « jusqu'à la chute des Qing en 1912 » ends what « Quand débute… » asks
                # the beginning of.
                return -1.0, "", 0.0, 0.0
            total += W.EVENT_DATE
        return total, role, strength, proximity

    def _of_nationality(self, question: Question, evidence: Evidence, span: Span) -> bool:
        """« Quels présidents russes… »: the person is known to be of that nationality, or
        the sentence's noun they stand for says it (« les présidents russes V. Poutine »)."""
        wanted = question.focus_nationality
        person = self.knowledge.person(span.text)
        if wanted in self.knowledge.nationalities.get(person, ()):
            return True
        a = evidence.analysis
        if a is None:
            return False
        focus = {i for m in evidence.matches if m.term.kind == "focus" for i in m.tokens}
        near = {span.head, a.heads[span.head]}
        return any(
            f in near
            and any(
                a.deps[c] == "amod" and nationality_of(a.word(evidence.text, c)) == wanted
                for c in a.children(f)
            )
            for f in focus
        )

    def _life_span(self, evidence: Evidence) -> tuple[Fact, int] | None:
        """A span of two years in brackets right after a person's name (« Anton Kessel
        (1714-1791) »), and the name's last token: the encyclopaedic way of writing a
        birth and a death."""
        a = evidence.analysis
        if a is None:
            return None
        start = self.knowledge.sentence_start(evidence.key)
        for fact in self.knowledge.by_sentence.get(evidence.key, []):
            if fact.kind != "date" or not _YEAR_SPAN.match(fact.value):
                continue
            at = fact.start - start
            if not evidence.text[:at].rstrip().endswith("("):
                continue
            bracket = evidence.text[:at].rstrip()[:-1].rstrip()
            for entity in a.entities:
                if entity.label == PERSON and a.ends[entity.end - 1] == len(bracket):
                    return fact, entity.end - 1
        return None

    def _with_phase(self, question: Question, evidence: Evidence) -> Evidence:
        """« Quand cesse-t-il d'être président ? » and « Sa présidence dure jusqu'en
        1911 »: a date the sentence marks as the end (or the beginning) the question asks
        says its word of ending (or beginning) by itself."""
        words = {t.word for t in question.terms if phase_of_word(t.word) == question.phase}
        if not words:
            return evidence
        start = self.knowledge.sentence_start(evidence.key)
        dates = [f for f in self.knowledge.by_sentence.get(evidence.key, []) if f.kind == "date"]
        for span in fact_spans("date", dates, start, evidence.analysis):
            if span.head >= 0 and _phase_of(evidence.text, span) == question.phase:
                return met_at(evidence, words, (span.head,))
        return evidence

    def _with_life_span(self, question: Question, evidence: Evidence) -> Evidence:
        life = self._life_span(evidence)
        if life is None:
            return evidence
        return met_at(evidence, set(question.life_words), (life[1],))

    # -- reading --------------------------------------------------------------------

    def read(self, question: Question, people: Iterable[str] = (), every: bool = False) -> Reading:
        """The answers to the question; `every`: score the spans of every candidate
        sentence (a timeline wants the runner-ups too), not only those that may answer."""
        reading = Reading(question)
        if question.expected not in ("date", "number", "person", "place") and not (
            question.expected == "thing" and question.focus
        ):
            return reading
        evidences = self.candidates(question, people)
        reading.candidates = evidences[:20]
        best_rejected: tuple[float, Evidence, list[Term]] | None = None
        answers: list[Answer] = []
        for evidence in evidences:
            if evidence.coverage + evidence.focus < W.MIN_COVERAGE and answers and not every:
                # Too little of the question to answer (see _doubt): not worth reading
                # its spans once a better sentence has some.
                reading.rejected.append((evidence.key, f"coverage {evidence.coverage:.2f}"))
                continue
            if question.life_words:
                evidence = self._with_life_span(question, evidence)
            if question.phase and question.expected == "date":
                evidence = self._with_phase(question, evidence)
            if question.object_clitic and question.anchor and evidence.key[0] != question.anchor[0]:
                # « Qui l'a reçu ? »: the clitic stands for someone of the last answer's
                # article; another article's « a reçu » is about someone else.
                reading.rejected.append((evidence.key, "not the last answer's article"))
                continue
            missing = self._unmet(question, evidence)
            if missing:
                reading.rejected.append(
                    (evidence.key, "missing " + ", ".join(t.word for t in missing))
                )
                if best_rejected is None or evidence.coverage > best_rejected[0]:
                    best_rejected = (evidence.coverage, evidence, missing)
                continue
            spans = [
                s
                for s in self.spans(question, evidence)
                if not _overlaps_question(s, evidence) and not _in_question(question, s)
            ]
            if not spans:
                reading.rejected.append((evidence.key, f"no {question.expected} here"))
                continue
            for span in spans:
                score, role, strength, near = self._score_span(question, evidence, span)
                if score >= 0:
                    answers.append(Answer(span, evidence, score, role, strength, near))
        answers.sort(key=lambda a: (-a.score, a.evidence.key, a.span.start))
        reading.scored = answers
        # Sentences that do not say enough of the question are set aside; the best of
        # the others answers (a weak sentence scoring high is no reason to answer none).
        doubts = {id(a): self._doubt(question, a) for a in answers}
        sure = [a for a in answers if doubts[id(a)] is None]
        doubt = doubts[id(answers[0])] if answers else None
        if sure:
            best = sure[0].score
            tied = [a for a in sure if a.score >= best - W.TIE]
            kept = self._keep(tied + _coordinated(tied, sure), question)
            if not self._torn(kept, question):
                reading.answers = kept
                return reading
            doubt = "two sentences of one article give different answers"
        if answers:
            reading.lead = answers[0].evidence
            reading.reason = f"low confidence: {doubt}"
        elif best_rejected is not None and best_rejected[0] >= W.MIN_COVERAGE:
            reading.lead = best_rejected[1]
            reading.missing = best_rejected[2]
            reading.reason = "constraint"
        elif evidences:
            reading.lead = evidences[0] if evidences[0].coverage >= W.MIN_COVERAGE else None
            reading.reason = "no span"
        return reading

    @staticmethod
    def _names_a_country(question: Question, evidence: Evidence) -> bool:
        """The sentence itself names one of the question's countries: another country
        beside it then stands where the question's other one should (« entre le Vietnam
        et la Biélorussie » for a question on Vietnam and Russia). A sentence naming none
        of them mentions other countries in passing (a stopover, a venue)."""
        return any(
            m.where == "sentence"
            and (
                (m.term.kind == "name" and country_of(m.term.word))
                or (m.term.kind == "nationality")
            )
            for m in evidence.matches
        )

    @staticmethod
    def _countries_named(evidence: Evidence, question: Question) -> list[str]:
        """Countries the sentence names (or names by their adjective) that the question
        does not."""
        asked = {fold(t.word) for t in question.terms}
        asked |= {
            fold(c)
            for t in question.terms
            if (c := country_of(t.word) or country_of_nationality(t.word))
        }
        found = []
        a = evidence.analysis
        words = sentence_words(evidence.text, a)
        for w in words:
            folded = fold(w)
            country = country_of(w) or country_of_nationality(w)
            if country and folded not in asked and fold(country) not in asked:
                found.append(country)
        return found

    @staticmethod
    def _namesake(evidence: Evidence) -> bool:
        """The sentence is about a namesake of the person asked for: its subject shares
        a name with the question but is someone else (« son bisaïeul Karl Kessel,
        décédé en 1707 » for a question on Anton Kessel)."""
        a = evidence.analysis
        if a is None:
            return False
        mine = evidence.question_tokens
        for e in a.entities:
            tokens = [i for i in range(e.start, e.end) if a.tags[i] == "PROPN"]
            shared = [i for i in tokens if i in mine]
            if e.label != PERSON or not shared or len(shared) == len(tokens):
                continue
            h = next(
                (i for i in range(e.start, e.end) if not e.start <= a.heads[i] < e.end),
                e.start,
            )
            dep = a.deps[h]
            if dep in ("appos", "flat:name", "nmod") and a.heads[h] != h:
                dep = a.deps[a.heads[h]]
            if dep in ("nsubj", "nsubj:pass", "ROOT") or a.heads[h] == h:
                return True
        return False

    @staticmethod
    def _doubt(question: Question, answer: Answer) -> str | None:
        """Why the best answer is not sure enough to be given, or None. Calibrated on the
        development sets: below these, more answers were wrong than right."""
        evidence = answer.evidence
        # Near the sentence the last answer came from, a follow-up needs less of its
        # carried-over words: the conversation says what it is about.
        if evidence.coverage + evidence.focus < W.MIN_COVERAGE:
            return f"coverage {evidence.coverage:.2f}"
        share = {"sentence": 1.0, "context": W.CONTEXT_SHARE}
        found = sum(
            m.term.weight * m.quality * share.get(m.where or "", 0.0) for m in evidence.matches
        )
        if found < W.MIN_EVIDENCE:
            # « Qui est second ? »: one common word, however well covered, does not
            # single out a sentence of a whole archive.
            return f"too little said ({found:.1f})"
        # The question's own words (a follow-up's carried-over ones are its context).
        own = [m for m in evidence.matches if not m.term.inherited]
        found_own = [m for m in own if m.where == "sentence"]
        found_all = [m for m in evidence.matches if m.where == "sentence"]
        # « Qui est l'auteur de <œuvre> ? » answered by « <œuvre> de <personne> »: the
        # sentence says the authorship without the noun.
        authored = (
            answer.role == "author"
            and question.focus is not None
            and is_author_noun(question.focus)
        )
        words = [
            m for m in own if m.term.kind == "word" or (m.term.kind == "focus" and not authored)
        ]
        measured = question.expected == "number" and question.dimension is not None
        if words and not measured and not any(m.where == "sentence" for m in words):
            # « En quelle année X est-il décédé ? » is not answered by a sentence on X that
            # says nothing of dying: a name alone does not make the event. (A figure of
            # the dimension asked, « combien de temps », says it by its unit.)
            return "none of the question's words, only its names, in the sentence"
        # « Qui l'a reçu ? » after an answer: the clitic names who the last answer was
        # about, as a word would, in that answer's article.
        pointed = bool(
            question.object_clitic and question.anchor and evidence.key[0] == question.anchor[0]
        )
        if question.expected == "person" and len(found_all) + pointed < W.MIN_PERSON_WORDS:
            # « Qui est second ? »: a name answers only a question that says who it means.
            return "one word of the question is not enough to name someone"
        if len(found_own) == 1 and (
            found_own[0].quality < W.MATCH_QUALITY["synonym"] or question.anaphoric
        ):
            # One word, and only a near form of it (« second » for « seconde »), or a
            # question pointing back to what it does not name: not enough to go on.
            return "one word of the question, loosely"
        total = sum(m.term.weight for m in own) or 1.0
        # what the sentence goes on about from the one before counts, at its share
        share = {"sentence": 1.0, "previous": W.PREVIOUS_SHARE}
        in_sentence = (
            sum(m.term.weight * m.quality * share.get(m.where or "", 0.0) for m in own) / total
        )
        floor = W.MIN_IN_SENTENCE.get(question.expected or "", 0.0)
        if in_sentence < floor and answer.strength < W.ROLE_SUBJECT:
            # (a span that is the subject of the question's own verb is read, not guessed)
            return f"{in_sentence:.2f} of the question in the sentence itself"
        if question.expected == "person" and question.focus and _names_the_focus(evidence):
            # « Qui est l'adversaire de Kessel ? » is not answered by « … a pour
            # adversaire Anton Kessel »: there he is the adversary, not whose.
            return f"the question's name is the « {question.focus} » there"
        if question.expected == "person" and question.focus:
            focus = [m for m in evidence.matches if m.term.kind == "focus"]
            if focus and not authored and not any(m.where == "sentence" for m in focus):
                # « Qui est la grand-mère de X ? » is not answered by a sentence that
                # does not say « grand-mère ».
                return f"no « {question.focus} » in the sentence"
        return None

    @staticmethod
    def _torn(answers: list[Answer], question: Question) -> bool:
        """Tied answers with different values from different sentences of one article:
        the reader cannot tell which one the question means (two articles that differ
        are shown side by side instead; one sentence may name several)."""
        if question.list_answer or len(answers) < 2 or question.expected == "place":
            # (one article names a place at several scales: a port, its city, its province)
            return False
        sentences = {a.evidence.key for a in answers}
        articles = {key[0] for key in sentences}
        return len(sentences) > 1 and len(articles) == 1

    @staticmethod
    def _keep(answers: list[Answer], question: Question) -> list[Answer]:
        """Tied answers: one per value (the first source), at most five. A date that
        another tied date contains (« le 18 octobre » in « du 16 au 18 octobre ») says
        less about the same event: the container is kept."""
        values = [a.span.fact.value for a in answers if a.span.fact and a.span.fact.kind == "date"]
        answers = [
            a
            for a in answers
            if a.span.fact is None
            or not any(
                _contains(v, a.span.fact.value) or _refines(v, a.span.fact.value) for v in values
            )
        ]
        seen: set[str] = set()
        out = []
        for a in answers:
            value = fold(a.span.fact.value if a.span.fact else a.span.text)
            if value in seen:
                continue
            seen.add(value)
            out.append(a)
        return out[:5]

    def _unmet(self, question: Question, evidence: Evidence) -> list[Term]:
        """Constraint terms the sentence and its context do not meet. A name met only by
        the context does not count when the sentence is about a namesake (« son bisaïeul
        Charles X, décédé en 1707 »), nor a country when the sentence pairs another."""
        missing = []
        others = self._namesake(evidence)
        countries = None
        for m in evidence.matches:
            term = m.term
            if term.kind == "name" and m.where in ("context", "previous"):
                if country_of(term.word) is not None and self._names_a_country(question, evidence):
                    if countries is None:
                        countries = self._countries_named(evidence, question)
                    if countries:
                        # « …entre le Vietnam et la Biélorussie » answers nothing about
                        # Russia, whatever its article's title says.
                        missing.append(term)
                        continue
            if term.kind == "name" and m.where in ("context", "previous") and others:
                if not term.word.isalpha():  # « Orlov 12 »: a designation, no namesake
                    continue
                missing.append(term)
                continue
            if term.kind in ("word", "focus") or m.where is not None:
                continue
            if term.kind == "nationality":
                country = country_of_nationality(term.word)
                k = self.knowledge
                tables = (k.words_of(evidence.key), k.context_table(evidence.key[0]))
                if country and any(all(part in t.at for part in terms(country)) for t in tables):
                    continue
            if term.kind == "number" and self._counts(evidence.key, term.word):
                continue
            missing.append(term)
        return missing

    def _counts(self, key: SentenceKey, number: str) -> bool:
        """The sentence gives this number, spelled out or not (« quarante-quatre » for 44)."""
        value = float(number.replace(",", "."))
        return any(
            f.kind == "figure" and f.number == value
            for f in self.knowledge.by_sentence.get(key, [])
        )
