"""Understanding a message: normalise it, pick its language and intent by rule, fill slots.

Rules and vocabulary are data (data/rules.yaml, data/vocabulary.yaml) a reader can
scan; a tool adds its own question forms (tools.base.Tool.rules); names, places and
subjects come from the store.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.intents import INTENTS, Intent, intent_of
from store.extract.dates import find_dates
from store.nationalities import country_of, nationality_of
from store.text import fold_words, normalise
from store.yamlfile import read_yaml
from tools.base import Asked, Tool
from tools.knowledge import Knowledge
from tools.question import Question
from tools.question import rules as question_rules

DATA = Path(__file__).parent / "data"
log = logging.getLogger(__name__)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:er|re|e|eme|ᵉ)?\b|\d+", re.UNICODE)
_EN_MARKERS = frozenset(
    "the what when who whom how was were is are did does of between with much many which "
    "happened worth his her their and about has have hello hi hey thanks thank bye goodbye "
    "please help".split()
)
_FR_MARKERS = frozenset(
    "le la les de du des quel quelle quels quelles quand qui est et en que combien ont "
    "il elle avec au aux une un sont etait pour sur dans ete a-t-il bonjour salut merci "
    "bonsoir revoir aide".split()
)
_PRONOUN = re.compile(
    r"\b(il|elle|lui|ils|elles|son|sa|ses|leur|he|she|him|his|her|they|their)\b|-t-(il|elle)\b"
    # object clitics before a verb: « Qui l'a reçu ? », « Combien d'entreprises y ont
    # participé ? » (« y a-t-il » is no pronoun: « il y a » means "there is")
    r"|\b(?:l|les|y)\s+(?:a|ont|avait|avaient|aura|auront|est|sont|etait|etaient)\b(?![ -]t[ -]il)"
)
# « La Lorvanie compte-t-elle… », « Quand le président est-il venu ? »: in a complex
# inversion the subject is named before the verb and its clitic stands for nothing earlier.
_NAMED_SUBJECT = re.compile(r"\b(?:le|la|les|l|ce|cet|cette|ces|un|une)\s+\w+")


def _has_pronoun(folded: str) -> bool:
    """Whether the question leans on someone named before (« Qui l'a reçu ? », « Quand
    est-il venu ? »), not on a subject it names itself (« Quand le ministre est-il venu ? »)."""
    for match in _PRONOUN.finditer(folded):
        inverted = match.group(2) is not None or folded[match.start() - 1 : match.start()] == "-"
        if not inverted:
            return True
        verb = folded.rfind(" ", 0, match.start())
        if not _NAMED_SUBJECT.search(folded, 0, max(verb, 0)):
            return True
    return False


_ASKS_MEANING = re.compile(r"signifi|veut dire|d[ée]signe|stand for|\bmean")
_UPPER_WORD = re.compile(r"\b[A-Z]{2,}\b")


# The pronoun of a French inverted question ("a-t-il", "ont-elles") is not a content word.
_INVERSION = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on|tu|vous|nous|je|ce)\b")
# "né" folds to the negation "ne", which every index drops: say what it means.
_BORN = re.compile(r"\b(née?s?|naquit|naître)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"^\W*(et|and|what about|how about|puis|ensuite)\b")
_CHOICE = re.compile(
    r"^\W*(\d{1,2}|le premier|la premiere|le second|la seconde|le deuxieme|"
    r"la deuxieme|le troisieme|la troisieme|first|second|third)\W*$"
)


# Rules that decide before the question is read: they are about the dialogue itself, or
# (the `search` rules) ask what an acronym means. A tool's own rules decide too.
_DIALOGUE_INTENTS = frozenset({"reset", "help", "smalltalk", "search", "more"})
# Tried before any tool's own rules: a tool cannot take « aide » or « reset » over.
_CONTROL_INTENTS = frozenset({"reset", "help", "smalltalk", "more"})


@dataclass(frozen=True)
class Rule:
    intent: Intent
    pattern: re.Pattern[str]
    reverse: bool = False
    tool: str | None = None  # a tool's own rule (tools.base.Tool.rules)

    @property
    def source(self) -> str:
        return self.pattern.pattern


# The slots a question fills, and a follow-up may take from the turn before.
SLOT_NAMES = (
    "actors",
    "dates",
    "places",
    "words",
    "figure_kind",
    "unit",
    "relation",
    "nationality",
)


@dataclass
class Parse:
    """What the router understood: intent, the rule that fired, and the slots."""

    text: str
    folded: str
    lang: str
    intent: Intent
    rule: str | None
    reverse: bool = False
    actors: list[str] = field(default_factory=list)
    ambiguous: list[list[str]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    date_texts: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    words: str = ""
    figure_kind: str | None = None
    unit: str | None = None
    relation: str | None = None
    nationality: str | None = None
    unknown_names: list[str] = field(default_factory=list)
    pronoun: bool = False
    follow_up: bool = False
    choice: str | None = None
    question: Question | None = None
    # A question a tool's own rule (or answer type) sends to it, and the parameters the
    # tool filled from it.
    tool: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def slots(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in SLOT_NAMES if getattr(self, k)}


@lru_cache(maxsize=1)
def rules() -> list[Rule]:
    data = read_yaml(DATA / "rules.yaml")
    unknown = sorted({e["intent"] for e in data} - INTENTS)
    if unknown:
        raise ValueError(f"rules.yaml names unknown intents {unknown}; known: {sorted(INTENTS)}")
    return [
        Rule(intent_of(entry["intent"]), re.compile(p), bool(entry.get("reverse")))
        for entry in data
        for p in entry["patterns"]
    ]


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(DATA / "vocabulary.yaml")
    data["question_set"] = {
        fold_words(w).strip() for lang in ("fr", "en") for w in data["question_words"][lang]
    }
    return data


def _english(word: str) -> str | None:
    """The French word the articles use for a folded English one (tools/data/english.yaml,
    which the question reader uses too)."""
    return question_rules().english.get(word)


def tool_rules(tools: Iterable[Tool[Any]]) -> list[Rule]:
    """The question forms tools declare, each routing to its tool; a pattern that does not
    compile is logged and skipped, as a broken plugin is."""
    found = []
    for tool in tools:
        for pattern in tool.rules:
            try:
                compiled = re.compile(pattern)
            except re.error as err:
                log.warning(
                    "tool %s: rule %r is no regular expression: %s", tool.name, pattern, err
                )
                continue
            found.append(Rule(intent_of(tool.name), compiled, tool=tool.name))
    return found


def _as_typed(text: str, folded: str) -> str:
    """The words of the message whose folded form is `folded` (a rule's group), as typed:
    « coopération » for "cooperation"; the folded form when no run of words gives it."""
    words = list(re.finditer(r"\w+", text))
    for i, first in enumerate(words):
        for last in words[i:]:
            piece = text[first.start() : last.end()]
            seen = normalise(piece)
            if seen == folded:
                return piece
            if not folded.startswith(seen):
                break
    return folded


def detect_language(folded: str) -> str:
    words = _WORD.findall(folded)
    en = sum(w in _EN_MARKERS for w in words)
    fr = sum(w in _FR_MARKERS for w in words)
    return "en" if en > fr else "fr"


_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-ÞĐ][\w'’.-]*")


def _name_run(text: str, start: int, end: int) -> tuple[int, int]:
    """The run of capitalised words around a matched name ("Le Van Minh" around "Minh")."""
    words = [(m.start(), m.end()) for m in _CAPITALISED.finditer(text)]
    inside = [i for i, (s, e) in enumerate(words) if s < end and e > start]
    if not inside:
        return start, end
    first, last = inside[0], inside[-1]
    while first > 0 and text[words[first - 1][1] : words[first][0]] == " ":
        first -= 1
    while last + 1 < len(words) and text[words[last][1] : words[last + 1][0]] == " ":
        last += 1
    # The question's first word is capitalised anyway ("Qui", "Quand"): never part of a name.
    if first == 0 and not text[: words[0][0]].strip() and first < inside[0]:
        first = 1
    return min(words[first][0], start), max(words[last][1], end)


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _name_lookups(knowledge: Knowledge) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The people's full names by their normalised form, and the people each name part
    (three letters or more) may stand for."""
    full_names = {normalise(n): n for n in knowledge.aliases.names() if " " in n}
    name_parts: dict[str, set[str]] = {}
    for name in knowledge.aliases.names():
        for form in {name, *knowledge.aliases.aliases(name)}:  # "Ivan Petrov", "I. Petrov"…
            for part in _WORD.findall(normalise(form)):
                if len(part) >= 3:
                    name_parts.setdefault(part, set()).add(name)
    return full_names, name_parts


class Understander:
    """Turns a message into a Parse, using the names and places the store knows."""

    def __init__(
        self,
        knowledge: Knowledge,
        routes: dict[str, str] | None = None,
        tools: Iterable[Tool[Any]] = (),
    ) -> None:
        self.knowledge = knowledge
        # answer type of a question (tools.question) -> the tool that answers it
        self.routes = routes or {}
        self._tools = {tool.name: tool for tool in tools}
        built_in = rules()
        self._rules = [
            *(r for r in built_in if r.intent in _CONTROL_INTENTS),
            *tool_rules(self._tools.values()),
            *(r for r in built_in if r.intent not in _CONTROL_INTENTS),
        ]
        # Lookups built once per store: places by their words, people by each name part.
        self._places = {k: v for k, v in knowledge.places.items() if len(k) > 2}
        self._longest_place = max((len(k.split()) for k in self._places), default=0)
        # (one entry per name the archive knows: kept with the snapshot's cache)
        self._full_names, self._name_parts = knowledge.store.derived(
            "name-parts", lambda: _name_lookups(knowledge)
        )
        self._full_name_keys = list(self._full_names)

    def _acronyms_as_written(self, text: str) -> str:
        """« que signifie defa » asks about « DEFA » when the archive defines it: an
        acronym typed in lower case is written as the articles write it."""
        if not _ASKS_MEANING.search(text.lower()) or _UPPER_WORD.search(text):
            return text
        known, zipf = self.knowledge.acronyms, self.knowledge.zipf

        def written(m: re.Match[str]) -> str:
            word = m[0]
            # (« ce », « une » are words, whatever acronym they spell)
            return word.upper() if word.upper() in known and zipf(word) < 3.0 else word

        return re.sub(r"\b\w{2,8}\b", written, text)

    def parse(self, text: str) -> Parse:
        text = self._acronyms_as_written(text)
        folded = normalise(text)
        lang = detect_language(folded)
        intent: Intent = "search"
        rule: str | None = None
        reverse = False
        fallback: Rule | None = None
        tool: str | None = None
        groups: dict[str, str] = {}
        for candidate in self._rules:
            if not (found := candidate.pattern.search(folded)):
                continue
            if candidate.intent in _DIALOGUE_INTENTS or candidate.reverse or candidate.tool:
                intent, rule, reverse = candidate.intent, candidate.source, candidate.reverse
                tool = candidate.tool
                groups = {k: _as_typed(text, v) for k, v in found.groupdict().items() if v}
                break
            # A lookup rule (« taux de … », « quel était le commerce … ») decides only
            # when the question word says nothing: « Qui sont les auteurs de l'étude sur
            # le taux de mortalité ? » asks for people.
            fallback = fallback or candidate
        p = Parse(
            text=text,
            folded=folded,
            lang=lang,
            intent=intent,
            rule=rule,
            reverse=reverse,
            tool=tool,
        )
        if match := _CHOICE.match(folded):
            p.choice = match.group(1)
        if intent in _CONTROL_INTENTS:
            return p
        p.question = self.knowledge.read(text)
        if p.question.lang != lang:
            p.question = replace(p.question, lang=lang)
        typed = p.question.expected not in (None, "thing")
        route = self.routes.get(p.question.expected or "")
        if rule is None and typed and route:
            self._route(p, route)  # the question's answer type picks the tool
        elif rule is None and fallback is not None:
            p.intent, p.rule, p.reverse = fallback.intent, fallback.source, fallback.reverse
        elif rule is None and route:
            self._route(p, route)
        self._fill_slots(p)
        if p.tool is not None:
            p.params = self._fill_params(p, groups)
        return p

    def _route(self, p: Parse, tool: str) -> None:
        """Send the question to the tool that answers its type; a tool of no built-in
        intent fills its own parameters."""
        assert p.question is not None
        p.intent, p.rule = intent_of(tool), f"answer type {p.question.expected} ({p.question.cue})"
        if p.intent not in INTENTS and tool in self._tools:
            p.tool = tool

    def _fill_params(self, p: Parse, groups: dict[str, str]) -> dict[str, Any]:
        """The tool's parameters, filled by the tool from the message its rule matched."""
        tool = self._tools[p.tool or ""]
        asked = Asked(p.text, p.folded, p.lang, groups, p.question)
        try:
            return tool.fill(asked)
        except Exception:  # a third-party plugin must not stop the assistant
            log.warning("tool %s could not fill its parameters", tool.name, exc_info=True)
            return {}

    def _fill_slots(self, p: Parse) -> None:
        vocab = vocabulary()
        spans: list[tuple[int, int]] = []
        by_span: dict[tuple[int, int], list[str]] = {}
        for name, start, end in self.knowledge.aliases.match(p.text):
            raw = p.text[start:end]
            written = normalise(raw)
            if (
                " " not in written
                and written not in self._name_parts
                and (len(written) <= 4 or raw.islower())
            ):
                # A short or lower-case word only sounding like a name ("tonnes" for
                # "Torres"); a name part written exactly ("petrov") still counts.
                continue
            whole = _name_run(p.text, start, end)
            if whole != (start, end) and not self._same_name(p.text[whole[0] : whole[1]], name):
                # "Le Van Minh" is not "Tran Quoc Minh": a longer name around the
                # match is another person, whom the articles do not know.
                spans.append(whole)
                p.unknown_names.append(p.text[whole[0] : whole[1]])
                continue
            by_span.setdefault((start, end), []).append(name)
        for span, names in by_span.items():
            spans.append(span)
            if len(names) > 1 and _name_run(p.text, *span) == span:
                # a lone name part several people share ("Minh")
                p.ambiguous.append(self._by_prominence(names))
            elif len(names) > 1:
                continue  # part of a longer name the articles do not know
            elif names[0] not in p.actors:
                p.actors.append(names[0])
        if not p.actors and not p.ambiguous:
            p.ambiguous = self._ambiguous_names(p.text)
        if not p.actors and not p.ambiguous and (found := self._misspelt_name(p.text)):
            name, start, end = found
            p.actors.append(name)
            spans.append((start, end))
        if not p.actors and not p.ambiguous:
            for start, end in self._unknown_name_runs(p.text, spans):
                p.unknown_names.append(p.text[start:end])
                spans.append((start, end))
        for mention in find_dates(p.text):
            p.dates.append(mention.value)
            p.date_texts.append(mention.text)
            spans.append((mention.start, mention.end))
        rest = _BORN.sub(" naissance ", _remove_spans(p.text, spans))
        folded_rest = _INVERSION.sub(" ", normalise(rest))
        p.places = self._places_in(folded_rest)
        words = []
        tokens = _WORD.findall(folded_rest)
        for i, token in enumerate(tokens):
            if (nationality := nationality_of(token)) is not None:
                p.nationality = nationality
            if token in vocab["question_set"] or token.isdigit():
                continue
            if p.lang == "en" and (french := self._english_word(token)) is not None:
                words.append(french)
                continue
            if (
                token in ("de", "d", "many")
                and i > 0
                and tokens[i - 1] in ("combien", "many", "how")
            ):
                continue
            words.append(token)
        p.words = " ".join(words)
        p.pronoun = _has_pronoun(p.folded)
        p.follow_up = bool(_FOLLOW_UP.match(p.folded))
        for relation, stems in vocab["relations"].items():
            if any(fold_words(s).strip() in p.folded for s in stems):
                p.relation = relation
                break
        self._figure_slots(p, tokens)
        if p.actors and p.question is not None:
            p.question = p.question.with_people({a: self.knowledge.name_stems(a) for a in p.actors})

    def _english_word(self, token: str) -> str | None:
        """An English word of the question in the French the articles use: from the word
        table, else a country's French name (« Russia » → « Russie ») unless the archive
        writes that place the English way (« Vietnam »)."""
        if (french := _english(token)) is not None:
            return french
        if token not in self._places and (country := country_of(token)) is not None:
            return country
        return None

    def _misspelt_name(self, text: str) -> tuple[str, int, int] | None:
        """A known full name written with a typo ("ngo xuan lic"): the closest name to any
        run of two to four words, when it is very close."""
        from rapidfuzz import fuzz, process

        names = self._full_names
        if not names:
            return None
        words = list(re.finditer(r"[^\W\d_]+", text))
        best: tuple[float, str, int, int] | None = None
        for size in (4, 3, 2):
            for i in range(len(words) - size + 1):
                run = words[i : i + size]
                phrase = normalise(text[run[0].start() : run[-1].end()])
                hit = process.extractOne(
                    phrase, self._full_name_keys, scorer=fuzz.ratio, score_cutoff=88
                )
                if hit and (best is None or hit[1] > best[0]):
                    best = (hit[1], names[hit[0]], run[0].start(), run[-1].end())
        return best[1:] if best else None

    def _unknown_name_runs(self, text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Two or more capitalised words the archive has never seen ("Jean Dupont"): a
        person it does not know, who must not be answered for with someone else's facts."""
        words = [m for m in _CAPITALISED.finditer(text) if m.start() > 0 or text[:1].islower()]
        runs: list[list[re.Match[str]]] = []
        for m in words:
            if runs and text[runs[-1][-1].end() : m.start()] == " ":
                runs[-1].append(m)
            else:
                runs.append([m])
        found = []
        for run in runs:
            start, end = run[0].start(), run[-1].end()
            if len(run) < 2 or any(s < end and e > start for s, e in taken):
                continue
            if not any(self.knowledge.knows_word(m.group(0)) for m in run):
                found.append((start, end))
        return found

    @staticmethod
    def _same_name(written: str, canonical: str) -> bool:
        """Every word written is a word of the name (an initial, or a close spelling)."""
        from rapidfuzz import fuzz

        parts = normalise(canonical).split()
        for word in normalise(written).split():
            initial = len(word.rstrip(".")) == 1
            if not any(
                p.startswith(word.rstrip(".")) if initial else fuzz.ratio(word, p) >= 75
                for p in parts
            ):
                return False
        return True

    def _by_prominence(self, names: Iterable[str]) -> list[str]:
        """At most five people, the most mentioned first."""
        prominence = self.knowledge.prominence
        return sorted(set(names), key=lambda n: (-prominence.get(n, 0.0), n))[:5]

    def _places_in(self, folded: str) -> list[str]:
        """Known places named in the question, found by their words (no scan of every place)."""
        tokens = re.findall(r"[\w.-]+", folded)
        found: list[str] = []
        for size in range(min(self._longest_place, len(tokens)), 0, -1):
            for i in range(len(tokens) - size + 1):
                place = self._places.get(" ".join(tokens[i : i + size]))
                if place is not None and place not in found:
                    found.append(place)
        return found

    def _ambiguous_names(self, text: str) -> list[list[str]]:
        """A lone name part shared by several people ("Tran") needs a clarifying question."""
        by_part = self._name_parts
        found = []
        for match in re.finditer(r"\b[A-ZÀ-ÖØ-Þ][\w-]+", text):
            if _name_run(text, match.start(), match.end()) != match.span():
                continue  # one word of a longer name, not a name on its own
            options = by_part.get(normalise(match.group(0)), set())
            if len(options) > 1 and normalise(match.group(0)) not in vocabulary()["question_set"]:
                found.append(self._by_prominence(options))
        return found

    @staticmethod
    def _figure_slots(p: Parse, tokens: list[str]) -> None:
        vocab = vocabulary()
        for kind, cues in vocab["figure_kinds"].items():
            if any(
                re.search(rf"(?<!\w){re.escape(fold_words(c).strip())}(?!\w)", p.folded)
                for c in cues
            ):
                p.figure_kind = kind
                break
        match = re.search(r"\bcombien (?:de |d )([a-z -]+)|\bhow many ([a-z -]+)", p.folded)
        if match:
            # The counted noun: the first word that is not a nationality ("Russian projects").
            for noun in (match.group(1) or match.group(2)).split():
                if p.lang == "en":
                    noun = _english(noun) or noun
                if nationality_of(noun) is not None or noun in ("the", "of"):
                    continue
                if noun not in ("temps", "fois"):
                    p.unit = noun
                    p.figure_kind = "count"
                break
