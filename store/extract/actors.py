"""People named in one sentence, the role the sentence gives them, and who met whom.

Reads only a sentence's tokens and entities (ingest's doc, or `store.nlp.ner_pipeline()`'s):
NER finds most people, and small tables of general French titles and nationality
adjectives recover the ones it misses and read the roles around each name. Nothing
here knows any name: the tables are plain vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from store.models import ActorMention
from store.nationalities import nationality_forms

if TYPE_CHECKING:
    from collections.abc import Collection

    from spacy.tokens import Doc, Span, Token

# Display forms; matching ignores case and hyphens and accepts plurals.
_TITLE_TABLE = """président|présidente|vice-président|vice-présidente|co-président|
    Premier ministre|Première ministre|vice-Premier ministre|ministre|vice-ministre|
    secrétaire général|secrétaire générale|secrétaire|premier secrétaire|directeur|directrice|
    directeur général|directrice générale|
    président-directeur général|présidente-directrice générale|
    ambassadeur|ambassadrice|général|général d'armée|
    colonel|amiral|lieutenant-général|maréchal|commandant|chef|gouverneur|vice-gouverneur|
    homologue|chancelier|chancelière|roi|reine|prince|princesse|maire|député|députée|sénateur|
    consul|porte-parole|conseiller|conseillère|professeur|docteur|responsable|membre|leader|
    chef de l'État|chef d'état-major|dirigeant|dirigeante|délégué|déléguée|commissaire|juge"""
TITLES = tuple(t.strip() for t in _TITLE_TABLE.split("|"))
_NOT_TITLES = {"ministère", "ministères", "présidence", "directement", "générale"}
# Any form of a nationality adjective -> its masculine singular (one table for the
# whole product: store/data/nationalities.yaml).
NATIONALITIES = nationality_forms()
_MODIFIERS = set(
    "adjoint adjointe honoraire sortant sortante permanent permanente intérimaire délégué "
    "déléguée chargé chargée nouveau nouvelle ancien ancienne ex actuel actuelle".split()
)
_ADJECTIVES = set(NATIONALITIES) | _MODIFIERS
_PREPOSITIONS = set("de du des d' à au aux en pour chargé (".split())
_DETERMINERS = set("le la l' les son sa ses leur leurs un une ce cet cette notre votre".split())
_ARTICLES = set("le la l' les un une du des au aux ce cet cette son sa ses".split())
_FUNCTION = set("de du des d' la le l' les et à au aux en y".split())
_HONORIFICS = set("m. mme mme. mlle mm. dr dr. me".split())
_BREAKS = set(
    "a ont est sont était étaient sera seront avait avaient aura auront fut qui que qu' dont "
    'où avec lors selon ; : . ! ? « » " – —'.split()
)
_VERB_STARTS = set("a ont est sont avait sera aura s' se ne n'".split())
_OF = {"de", "du", "des", "d'"}
# Adverbs that date a second title in an apposition (`ancien X et aujourd'hui Y`).
_NOW = {"aujourd'hui", "aujourd’hui", "actuellement", "désormais", "maintenant", "depuis"}
_OPENERS = set('« " ( . - – — :'.split())
_PLACES = set(
    "province provinces ville villes région régions district districts commune communes "
    "localité localités village villages capitale préfecture quartier rue avenue boulevard "
    "place port aéroport pont île îles pays".split()
)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def _parts(word: str) -> list[str]:
    return [p for p in _norm(word).split("-") if p]


_TITLE_INDEX = {tuple(p for w in t.split() for p in _parts(w)): t for t in reversed(TITLES)}
_TITLE_WORDS = {w for key in _TITLE_INDEX for w in key}
_LONG_TITLE_WORDS = sorted(w for w in _TITLE_WORDS if len(w) >= 8)


@lru_cache(maxsize=8192)
def _singular(part: str) -> tuple[str, bool]:
    """Title sub-word in the singular, and whether it was plural or misspelt."""
    if part in _TITLE_WORDS:
        return part, False
    if part.endswith("s") and part[:-1] in _TITLE_WORDS:
        return part[:-1], True
    if part.endswith("aux") and part[:-3] + "al" in _TITLE_WORDS:
        return part[:-3] + "al", True
    if len(part) >= 8 and part not in _NOT_TITLES:
        for word in _LONG_TITLE_WORDS:  # one typo in a long title word (`présidenr`)
            if Levenshtein.distance(part, word, score_cutoff=1) <= 1:
                return word, True
    return part, False


def _is_initial(text: str) -> bool:
    return len(text) == 2 and text[0].isupper() and text[1] == "."


@lru_cache(maxsize=4096)
def _is_name_token(text: str) -> bool:
    if _is_initial(text):
        return True
    if not text[:1].isupper() or not any(c.islower() for c in text[1:]):
        return False  # acronyms (`ADMM+`) and lowercase words
    if not all(c.isalpha() or c in "-'’" for c in text) or "ville" in _parts(text):
        return False
    low = _norm(text)
    return (
        low not in NATIONALITIES
        and low not in _FUNCTION | _DETERMINERS
        and _singular(_parts(text)[-1])[0] not in _TITLE_WORDS
    )


@dataclass(frozen=True)
class Interaction:
    """Two people linked by a verb in one sentence; offsets span both mentions."""

    subject: str
    verb: str
    object: str
    start: int
    end: int


# The second half of a hyphenated place name ("Saint-Marc-Ville"), never of a surname.
_PLACE_SUFFIXES = frozenset({"ville", "city"})


@dataclass(frozen=True)
class _Title:
    start: int
    end: int
    display: str
    plural: bool


@dataclass
class _Cand:
    start: int
    end: int
    role: tuple[int, int] | None = None
    plural: _Title | None = None


class _Sentence:
    """Tokens, titles and entities of one sentence, and the rules that read them."""

    def __init__(self, doc: Doc | Span) -> None:
        self.toks: list[Token] = list(doc)
        self.words = [_norm(t.text) for t in self.toks]
        s0 = getattr(doc, "start", 0)
        self.ents = [(e.start - s0, e.end - s0, e.label_) for e in doc.ents]
        self.titles = self._find_titles()
        self.people: set[int] = set()

    def _find_titles(self) -> list[_Title]:
        """Longest title matches, aligned on token boundaries."""
        parts = [[_singular(p) for p in _parts(t.text)] for t in self.toks]
        found: list[_Title] = []
        i = 0
        while i < len(parts):
            for n in (4, 3, 2, 1) if parts[i] and parts[i][0][0] in _TITLE_WORDS else ():
                norm = [p for token in parts[i : i + n] for p in token]
                key = tuple(w for w, _ in norm)
                if i + n <= len(parts) and key in _TITLE_INDEX:
                    found.append(_Title(i, i + n, _TITLE_INDEX[key], any(c for _, c in norm)))
                    i += n - 1
                    break
            i += 1
        return found

    def is_name_at(self, i: int, end: int) -> bool:
        """A name token; a capitalised `Le`/`La` inside a sentence starts a Vietnamese
        name (`Le Thi Thu Hang`) when two name tokens follow."""
        if _is_name_token(self.toks[i].text):
            return True
        nxt = [t.text for t in self.toks[i + 1 : min(i + 3, end)]]
        return (
            self.toks[i].text in {"Le", "La"}
            and i > 0
            and self.words[i - 1] not in _OPENERS
            and len(nxt) == 2
            and all(_is_name_token(t) and not _is_initial(t) for t in nxt)
        )

    def name_runs(self, start: int, end: int, hyphens: bool = False) -> list[tuple[int, int]]:
        """Runs of name tokens in [start, end) without honorifics; a run after an article
        (`la République`) or a place noun (`province de X`) is no person."""
        runs, i = [], start
        while i < end:
            if not self.is_name_at(i, end):
                i += 1
                continue
            j = i
            while j < end and self.is_name_at(j, end):
                j += 1
                # A hyphenated surname ("Garcia-Lopez") is one name; "-Ville" is a place.
                if (
                    hyphens
                    and j + 1 < end
                    and self.toks[j].text == "-"
                    and not self.toks[j - 1].whitespace_
                    and not self.toks[j].whitespace_
                    and (self.is_name_at(j + 1, end) or self._syllable(j + 1))
                    and self.words[j + 1] not in _PLACE_SUFFIXES
                ):
                    j += 1
                    if not self.is_name_at(j, end):
                        j += 1  # the syllable itself: `Jae-won`
            if self.words[i] in _HONORIFICS and j - i > 2:  # `M. Dupont` may be an initial
                i += 1
            before = self.words[max(0, i - 2) : i]
            glued = j < len(self.toks) and not self.toks[j - 1].whitespace_ and self.words[j] == "-"
            placed = before[-1:] and (
                before[-1] in _ARTICLES or (before[-1] in {"de", "d'"} and before[0] in _PLACES)
            )
            if not glued and not placed and not all(_is_initial(t.text) for t in self.toks[i:j]):
                runs.append((i, j))
            i = j
        return runs

    def _syllable(self, i: int) -> bool:
        """The lower-case second half of a hyphenated given name (`Jae-won`, `Sung-ho`)."""
        word = self.toks[i].text
        return word.isalpha() and word.islower() and len(word) <= 4

    def valid_gap(self, start: int, end: int, people: Collection[int]) -> bool:
        """Between a title and a name: modifiers, then a complement (`de la Défense`)."""
        i = start
        while i < end and self.words[i] in _ADJECTIVES:
            i += 1
        if i == end:
            return True
        if self.words[i] not in _PREPOSITIONS or end - start > 14:
            return False
        for k in range(i, end):
            if k in people or self.words[k] in _BREAKS:
                return False
            if self.words[k] == "," and (k + 1 >= end or self.words[k + 1] not in _PREPOSITIONS):
                return False
        return True

    def phrase_before(self, end: int, people: Collection[int] = ()) -> tuple[int, int] | None:
        """The title phrase ending at `end` (a comma before `end` is skipped)."""
        if end > 0 and self.words[end - 1] == ",":
            end -= 1
        near = [t for t in self.titles if t.end <= end and end - t.start <= 20]
        if not near:
            return None
        t = max(near, key=lambda t: t.end)
        return (t.start, end) if self.valid_gap(t.end, end, people) else None

    def candidates(self) -> list[_Cand]:
        """PER entities, name-shaped MISC next to a verb or a person, and any name run
        right after a title phrase (NER misses or mislabels those)."""
        ents = self.ents
        per = {i for s, e, lab in ents if lab == "PER" for i in (s, e)}
        blocked = {i for s, e, lab in ents if lab in ("LOC", "ORG") for i in range(s, e)}
        starts = {s for s, _, lab in ents if lab in ("LOC", "ORG")}
        cands: dict[tuple[int, int], _Cand] = {}
        for s, e, label in ents:
            for found in self.name_runs(s, e, hyphens=label == "PER"):
                if label == "PER" or (
                    found == (s, e)
                    and e - s >= 2
                    and (
                        (label == "MISC" and self._bare_ok(s, e, per))
                        or self._titled_after(e)  # "Le Van Minh, secrétaire du …" (NER: LOC)
                    )
                ):
                    cands[found] = _Cand(*found)
        for k in range(1, len(self.toks)):
            if any(c.start <= k < c.end for c in cands.values()) or not self.is_name_at(k, k + 3):
                continue
            runs = self.name_runs(k, min(len(self.toks), k + 5))
            if not runs or runs[0][0] != k:
                continue
            run, comma = range(*runs[0]), self.words[k - 1] == ","
            if (len(run) >= 2 or not blocked.intersection(run)) and (
                comma or not starts.intersection(run)
            ):
                if self.phrase_before(k):
                    cands[runs[0]] = _Cand(*runs[0])
        # `directeur général de Nordvik Semitronics`: a name right after a title and « de »
        # is what the title is of (a company, a country), not who holds it.
        cands = {
            span: c
            for span, c in cands.items()
            if not (
                c.start > 1
                and self.words[c.start - 1] in _OF
                and any(t.end == c.start - 1 for t in self.titles)
            )
        }
        kept: list[_Cand] = []
        for c in sorted(cands.values(), key=lambda c: (c.start, -c.end)):
            if (not kept or c.start >= kept[-1].end) and not self._in_place_list(c):
                kept.append(c)
        return kept

    def _titled_after(self, end: int) -> bool:
        """The name is followed by an apposition that starts with a title."""
        j = end
        if j >= len(self.toks) or self.words[j] != ",":
            return False
        j += 1 + (j + 1 < len(self.toks) and self.words[j + 1] in _DETERMINERS)
        return any(t.start == j for t in self.titles)

    def _bare_ok(self, start: int, end: int, per: set[int]) -> bool:
        """A name-shaped MISC (`Le Minh`) is a person next to a verb or another person."""
        after = self.words[end : end + 2]
        return bool(
            (after[:1] and after[0] in _VERB_STARTS)
            or (after[:1] == [","] and after[1:] and after[1] in _VERB_STARTS)
            or (after[:1] == ["et"] and end + 1 in per)
            or (start > 0 and self.words[start - 1] == "et" and start - 1 in per)
        )

    def _in_place_list(self, c: _Cand) -> bool:
        """`Hanoi, Hai Phong et Binh Thuan`: an untitled name listed with places."""
        if self.phrase_before(c.start):
            return False
        items = sorted(set(self.ents) | {(c.start, c.end, "PER")})
        chains: list[list[tuple[int, int, str]]] = []
        for item in items:
            prev = chains[-1][-1] if chains else None
            if prev and item[0] == prev[1] + 1 and self.words[prev[1]] in {",", "et"}:
                chains[-1].append(item)
            else:
                chains.append([item])
        chain = next(ch for ch in chains if (c.start, c.end, "PER") in ch)
        joined = len(chain) >= 3 or (len(chain) == 2 and self.words[chain[0][1]] == "et")
        return joined and any(lab == "LOC" for _, _, lab in chain)

    def preceding_role(self, c: _Cand) -> tuple[int, int] | None:
        """The outermost of stacked title phrases (`le ministre X, le général` → ministre)."""
        found = self.phrase_before(c.start, self.people)
        while found:
            k = found[0] - (found[0] > 0 and self.words[found[0] - 1] in _DETERMINERS)
            if (
                k == 0
                or self.words[k - 1] != ","
                or not (outer := self.phrase_before(k, self.people))
            ):
                break
            found = outer
        return found

    def following_role(self, c: _Cand) -> tuple[int, int] | None:
        """`X, président de A et vice-président de B,`: the apposition after a name."""
        j, n = c.end, len(self.toks)
        if j < n and self.words[j] == "(":  # `Trieu Tai Vinh (à gauche), vice-président`
            j = next((k + 1 for k in range(j, min(n, j + 6)) if self.words[k] == ")"), j)
        if j >= n or self.words[j] != ",":
            return None
        j += 1 + (j + 1 < n and self.words[j + 1] in _DETERMINERS)
        starts = {t.start for t in self.titles}
        first = j
        while first < n and self.words[first] in _MODIFIERS:
            first += 1  # `X, ancien ambassadeur …`
        if first not in starts:
            return None
        k, depth = j, 0
        while k < n and k - j < 30 and k not in self.people:
            depth += (self.words[k] == "(") - (self.words[k] == ")")
            if self.words[k] in _BREAKS or (self.words[k] == "," and depth <= 0):
                break
            if self.words[k] == "et":
                nxt = k + 1
                while nxt < n and (self.words[nxt] in _MODIFIERS or self.words[nxt] in _NOW):
                    nxt += 1  # `… et aujourd'hui vice-ministre de …`
                if nxt not in starts:
                    break
            k += 1
        return j, k

    def role_text(self, span: tuple[int, int], singular: bool) -> str:
        """The phrase as written, titles in display form, plurals made singular."""
        out, i = [], span[0]
        while i < span[1]:
            t = next((t for t in self.titles if t.start == i and t.end <= span[1]), None)
            if t:
                out.append(t.display + self.toks[t.end - 1].whitespace_)
                i = t.end
                continue
            word = self.toks[i].text
            if singular and self.words[i] in NATIONALITIES:
                word = NATIONALITIES[self.words[i]]
            out.append(word + self.toks[i].whitespace_)
            i += 1
        return re.sub(r"\s+", " ", "".join(out)).strip(" ,")

    def nationality(self, span: tuple[int, int]) -> str | None:
        return next(
            (NATIONALITIES[w] for w in self.words[slice(*span)] if w in NATIONALITIES), None
        )

    def own_nationality(self, c: _Cand) -> str | None:
        """`et polonais, M. Nowak`: the adjective right before a name."""
        k = c.start - (c.start > 0 and self.words[c.start - 1] == ",")
        return NATIONALITIES.get(self.words[k - 1]) if k > 0 else None

    def shares_title(self, prev: _Cand, c: _Cand) -> bool:
        """`les présidents du pays A en mai 2004 et B`: B shares A's plural title."""
        gap = set(self.words[prev.end : c.start])
        return (
            c.start - prev.end <= 12
            and bool(gap & {",", "et"})
            and not gap & _BREAKS
            and not any(prev.end <= t.start < c.start for t in self.titles)
        )


def find_actors(doc: Doc | Span) -> list[ActorMention]:
    """People named in one parsed sentence, with role and nationality when given."""
    sent = _Sentence(doc)
    if not sent.toks:
        return []
    cands = sent.candidates()
    sent.people = {i for c in cands for i in range(c.start, c.end)}
    base = getattr(doc, "start_char", 0)  # a Span's offsets are relative to its own text
    out: list[ActorMention] = []
    prev: _Cand | None = None
    for c in cands:
        c.role = sent.preceding_role(c) or sent.following_role(c)
        if c.role:
            first = next((t for t in sent.titles if t.start == c.role[0]), None)
            c.plural = first if first and first.plural else None
        elif prev and prev.plural and sent.shares_title(prev, c):
            c.role, c.plural = prev.role, prev.plural
        prev = c
        start = sent.toks[c.start].idx - base
        end = sent.toks[c.end - 1].idx + len(sent.toks[c.end - 1].text) - base
        role = nationality = None
        if c.role:
            role, nationality = (
                sent.role_text(c.role, c.plural is not None),
                sent.nationality(c.role),
            )
            own = sent.own_nationality(c) if c.plural else None
            if own and c.plural:
                role, nationality = f"{c.plural.display} {own}", own
        text = doc.text[start:end]
        out.append(ActorMention(start, end, text, " ".join(text.split()), role, nationality))
    return out


# (regex, verb) on the text between two people: `A a reçu B`. An empty verb blocks the rest.
_BETWEEN = [
    (r"\bsur (l')?invitation\b", ""),
    (r"\b(a|ont|avait|avaient) reçu\b|\breçoi(t|vent)\b|\brecevra\b|\baccueill", "received"),
    (r"\b(a|ont|avait) invité\b|\binvite(nt|ra)?\b|\binviter\b", "invited"),
    (r"\brencontr(é|e|ent|era)\b|\bentrevue\b", "met"),
    (r"\bentret(enu|enue|enus|ient|iendra)\s+avec\b|\bentretien\b.*\bavec\b", "talked"),
]
# After two coordinated people (`A et B ...`): what they did together.
_AFTER = [
    (r"\bco-?présid", "co-chaired"),
    (r"\bont (signé|paraphé)\b|\bsignent\b", "signed"),
    (r"\bse sont rencontrés\b|\bont eu\b[^.;]*\b(rencontre|entrevue)\b", "met"),
    (
        r"\bont (discuté|échangé)\b|\bse sont entretenus\b|\bont eu\b[^.;]*\b(entretien|séance de "
        r"travail|discussion|pourparlers)\b",
        "talked",
    ),
]
# Before them: `séance de travail entre A et B`.
_BEFORE = [
    (r"\b(rencontre|entrevue)\b[^.;]*\bentre\b[^.;]*$", "met"),
    (
        r"\b(entretien|séance de travail|discussion|pourparlers|échanges?)\b[^.;]*\bentre\b[^.;]*$",
        "talked",
    ),
]
_INVITATION = re.compile(r"\bsur (l')?invitation d(u|e|es)?\b")
_COORDINATED = re.compile(r"^\s*,?\s*(\([^)]*\)\s*,?\s*)?et\b")
_CLAUSE_BREAK = re.compile(r"\b(a|ont|est|sont|avait|sera)\b|[;:]|(?<!\b\w)\.")


def find_interactions(doc: Doc | Span, actors: list[ActorMention]) -> list[Interaction]:
    """Who met, received, invited, talked with, signed or co-chaired with whom."""
    text = _norm(doc.text)
    found: list[Interaction] = []

    def add(a: ActorMention, verb: str, b: ActorMention) -> None:
        item = Interaction(a.name, verb, b.name, min(a.start, b.start), max(a.end, b.end))
        if a.name != b.name and item not in found:
            found.append(item)

    for inv in _INVITATION.finditer(text):  # `A ... sur l'invitation du président B`
        hosts = [a for a in actors if a.end <= inv.start()]
        for guest in (a for a in actors if a.start >= inv.end()):
            if hosts and not _CLAUSE_BREAK.search(text[inv.end() : guest.start]):
                add(guest, "invited", hosts[-1])
    for a, b in zip(actors, actors[1:], strict=False):
        between = text[a.end : b.start]
        verb = next((v for rx, v in _BETWEEN if re.search(rx, between)), None)
        if verb is not None:
            if verb:
                add(a, verb, b)
        elif _COORDINATED.match(between):
            for rules, context in ((_AFTER, text[b.end :]), (_BEFORE, text[: a.start])):
                for rx, v in rules:
                    if re.search(rx, context):
                        add(a, v, b)
    return found
