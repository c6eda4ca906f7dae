"""One canonical name per person, learnt from the names the articles use.

Variants merge without any hand-written table: case and accents (`Lê Văn An`/`Le Van An`),
initials (`I. Petrov`), transliterations (`Petrov`/`Petrof`, `Dmitri`/`Dmitry`,
`Shukov`/`Choukov`) through a phonetic key per token compared with rapidfuzz. Tokens
are compared one by one and in order, so names that only share a syllable
(`Tran Van An`/`Le Quoc An`) stay apart.

Canonical form of a cluster: the most complete spelling (most full tokens, no
honorific), then the most frequent accent-folded form, then the spelling with the most
diacritics (they carry information the plain form lost), then the most frequent, then
alphabetical — so the choice is deterministic and stable across re-ingests.

Lookups go through phonetic keys indexed with their one-deletion neighbours, so `match`
never scans every name: well under a millisecond per question for thousands of names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import Levenshtein

from store.text import fold

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")
_INITIAL = re.compile(r"^[^\W\d_]\.$")
_HONORIFICS = {"m", "mme", "mlle", "mm", "dr", "me"}
# Question words that must never be read as a surname, even when fuzzy-close to one.
_STOP = set(
    "le la les de du des un une et ou a au aux en qui que quoi quel quelle quels quelles "
    "est sont il elle ils elles son sa ses avec pour par sur dans ce cette the of and who "
    "what when where did was is with".split()
)
# Transliteration variants (French/English/German spellings of one sound), applied in order.
_PHONETIC = [
    p.split(">") for p in "tch>ch sch>sh ch>sh ou>u y>i w>v ph>f ck>k qu>k gue>ge gui>gi".split()
]


# Names recur across the articles and across every rebuild of the index in a process
# (each ingest it sees): what is worked out per name or token is kept.
_MEMO = 200_000


@lru_cache(maxsize=_MEMO)
def phonetic(token: str) -> str:
    """A spelling-independent key for one name token (`Choukov` and `Shukov` give one key)."""
    key = fold(token).replace("’", "").replace("'", "").replace("-", "")
    for old, new in _PHONETIC:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)
    return key[:-1] if len(key) > 3 and key.endswith("e") else key


@lru_cache(maxsize=_MEMO)
def _tokens(name: str) -> tuple[str, ...]:
    """Name tokens without honorifics; initials keep their dot (`D.`)."""
    words = tuple(_WORD.findall(name))
    if len(words) > 2 and fold(words[0]).rstrip(".") in _HONORIFICS:
        words = words[1:]  # `M. Tran Van An`; but `M. Dupont` may be an initial
    return words


def _is_initial(token: str) -> bool:
    return len(token.rstrip(".")) == 1


def _close(a: str, b: str, strict: bool = False) -> bool:
    """Two phonetic keys are one token: equal, or one edit apart in a long word."""
    if a == b:
        return True
    shortest = min(len(a), len(b))
    allowed = 0 if shortest < 5 else 1 if shortest < 9 or strict else 2
    return allowed > 0 and Levenshtein.distance(a, b, score_cutoff=allowed) <= allowed


def _same_token(x: str, y: str) -> bool:
    """One token of two full names: close keys; an initial matches a first letter."""
    if _is_initial(x) or _is_initial(y):
        return x[0] == y[0]
    return _close(x, y)


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Full names: same number of tokens, each pair close. Initials match first letters."""
    return len(a) == len(b) and all(_same_token(x, y) for x, y in zip(a, b, strict=True))


@lru_cache(maxsize=_MEMO)
def _keys(name: str) -> tuple[str, ...]:
    """Phonetic key per token; an initial keys as its lowercase letter."""
    return tuple(fold(t)[0] if _is_initial(t) else phonetic(t) for t in _tokens(name))


@lru_cache(maxsize=_MEMO)
def _deletions(key: str) -> frozenset[str]:
    """A key and every key one deletion from it."""
    return frozenset({key} | {key[:i] + key[i + 1 :] for i in range(len(key))})


@lru_cache(maxsize=_MEMO)
def _form_rank(form: str) -> tuple[str, int, int, int]:
    """What ranks a spelling as a cluster's canonical name, bar its counts: without
    honorific and accent-folded, tokens in full, honorifics, diacritics."""
    tokens = _tokens(form)
    full = sum(not _is_initial(t) for t in tokens)
    honorific = len(_WORD.findall(form)) - len(tokens)
    accents = sum(fold(ch) != ch.lower() for ch in form)
    return fold(" ".join(tokens)), full, honorific, accents


def _fits(partial: Sequence[str], full: Sequence[str]) -> bool:
    """A lone surname or an initialled name fits a full name it abbreviates."""
    if len(partial) == 1 and len(full) > 1:
        return _close(partial[0], full[-1])
    return bool(partial) and _same_person(partial, full)


class _KeyTable:
    """Phonetic keys to cluster ids; a one-deletion neighbourhood (SymSpell-style) finds
    near keys without comparing against every key, so 5,000 names stay fast."""

    def __init__(self) -> None:
        # Each key's items in the order added (a dict as an ordered set: a first name
        # shared by thousands of people made a list's membership test quadratic).
        self.items: dict[str, dict[Any, None]] = {}
        self._deletes: dict[str, set[str]] = {}

    def add(self, key: str, item: Any) -> None:
        self.items.setdefault(key, {})[item] = None
        for variant in _deletions(key):
            self._deletes.setdefault(variant, set()).add(key)

    def near(self, key: str, strict: bool = False, exact_first: bool = False) -> list[str]:
        if exact_first and key in self.items:
            return [key]
        if len(key) < 5 or key in _STOP:
            return [key] if key in self.items else []
        near = set(self._deletes.get(key, ()))
        for i in range(len(key)):
            near |= self._deletes.get(key[:i] + key[i + 1 :], set())
        return sorted(k for k in near if _close(key, k, strict=strict))


@dataclass
class _Cluster:
    forms: Counter[str] = field(default_factory=Counter)

    @property
    def canonical(self) -> str:
        folded = Counter[str]()
        for form, n in self.forms.items():
            folded[_form_rank(form)[0]] += n

        def rank(form: str) -> tuple[int, int, int, int, int, str]:
            bare, full, honorific, accents = _form_rank(form)
            return (-full, honorific, -folded[bare], -accents, -self.forms[form], form)

        return min(self.forms, key=rank)


class AliasIndex:
    """Person names seen in the corpus, grouped by person; finds them in questions."""

    def __init__(self, clusters: list[_Cluster]) -> None:
        self._clusters = clusters
        self._by_form: dict[str, int] = {}
        # first token of every alias, and surname alone (`Petrov`) -> (cluster, alias keys)
        self._aliases = _KeyTable()
        for cid, cluster in enumerate(clusters):
            for form in cluster.forms:
                self._by_form[fold(form)] = cid
                keys = tuple(_keys(form))
                if keys:  # `I. Petrov` in a question finds `Ivan Petrov` by its initial
                    first = keys[0][0] + "." if len(keys) > 1 else keys[0]
                    for key in {keys[0], first} - ({keys[0]} if len(keys[0]) == 1 else set()):
                        self._aliases.add(key, (cid, keys))
                    if len(keys) > 1 and not _is_initial(keys[-1]):
                        self._aliases.add(keys[-1], (cid, keys[-1:]))
        self._canonical = [c.canonical for c in clusters]

    @classmethod
    def build(cls, names: Iterable[str]) -> AliasIndex:
        """Cluster names; each occurrence counts towards choosing the canonical form.

        Full names (two tokens or more, no initial) cluster first, longest and most
        frequent first; then initials (`I. Petrov`) and lone surnames (`Petrov`)
        join the one cluster they fit, or stay on their own when they fit none or many.
        """
        return cls.of_counts(Counter(names))

    @classmethod
    def of_counts(cls, names: Mapping[str, int]) -> AliasIndex:
        """`build` from each name's number of occurrences."""
        counts = Counter[str]()
        for name, n in names.items():
            if _tokens(name):
                counts[" ".join(name.split())] += n
        full = sorted(
            (n for n in counts if len(_tokens(n)) > 1 and not any(map(_is_initial, _tokens(n)))),
            key=lambda n: (-len(_tokens(n)), -counts[n], n),
        )
        clusters: list[_Cluster] = []
        keys: list[tuple[str, ...]] = []
        by_last = _KeyTable()  # last token -> full-name clusters
        # The same clusters by last key, then token count and first key: a full name is
        # compared with each first name once, not with every cluster of its surname (a
        # surname shared by thousands of people, « Nguyen », made this quadratic).
        groups: dict[str, dict[tuple[int, str], list[int]]] = defaultdict(dict)

        def near(key: str) -> list[int]:
            return sorted({c for k in by_last.near(key) for c in by_last.items[k]})

        def same_person(k: tuple[str, ...]) -> int | None:
            """The first cluster (lowest id) whose name `_same_person` finds `k` to be."""
            best: int | None = None
            for last in by_last.near(k[-1]):
                for (n, first), ids in groups[last].items():
                    if n != len(k) or not _same_token(k[0], first):
                        continue
                    # (ids ascending: the first that fits is this group's lowest)
                    found = next((i for i in ids if _same_person(k, keys[i])), None)
                    if found is not None and (best is None or found < best):
                        best = found
            return best

        for name in full:
            k = _keys(name)
            match = same_person(k)
            if match is None:
                clusters.append(_Cluster())
                keys.append(k)
                match = len(clusters) - 1
                by_last.add(k[-1], match)
                groups[k[-1]].setdefault((len(k), k[0]), []).append(match)
            clusters[match].forms[name] += counts[name]
        for name in sorted(set(counts) - set(full)):
            k = _keys(name)
            hits = [i for i in near(k[-1]) if _fits(k, keys[i])]
            if not hits and k[0] == "m":  # `M. Dupont` may be Monsieur Dupont
                hits = [i for i in near(k[-1]) if _fits(k[1:], keys[i])]
            if len(hits) == 1:
                clusters[hits[0]].forms[name] += counts[name]
            else:
                clusters.append(_Cluster(Counter({name: counts[name]})))
        return cls(clusters)

    def canonical(self, name: str) -> str | None:
        """The canonical form of a known name (any variant, case or accents), else None."""
        cid = self._by_form.get(fold(" ".join(name.split())))
        if cid is None:
            hits = {cid for cid, _, _ in self._find(name, whole=True)}
            cid = hits.pop() if len(hits) == 1 else None
        return None if cid is None else self._canonical[cid]

    def aliases(self, canonical: str) -> list[str]:
        """Every spelling seen for this person, most frequent first."""
        cid = self._by_form.get(fold(canonical))
        if cid is None:
            return []
        forms = self._clusters[cid].forms
        return sorted(forms, key=lambda f: (-forms[f], f))

    def names(self) -> list[str]:
        """Every canonical name, sorted."""
        return sorted(self._canonical)

    def match(self, query_text: str) -> list[tuple[str, int, int]]:
        """Known people named in a question: (canonical, start, end), longest match first
        at each place. A surname shared by several people yields one entry per person."""
        return [(self._canonical[c], s, e) for c, s, e in self._find(query_text)]

    def _find(self, text: str, whole: bool = False) -> list[tuple[int, int, int]]:
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        keys = [fold(w)[0] if _is_initial(w) else phonetic(w.rstrip(".")) for w, _, _ in words]
        lookup = [
            k + "." if _INITIAL.match(w) else k for k, (w, _, _) in zip(keys, words, strict=True)
        ]
        found: list[tuple[int, int, int]] = []
        i = 0
        while i < len(words):
            best: list[tuple[int, int]] = []  # (cluster, length)
            if fold(words[i][0]).rstrip(".") not in _STOP:
                for key in self._aliases.near(lookup[i], strict=True, exact_first=True):
                    for cid, alias in self._aliases.items[key]:
                        n = len(alias)
                        if keys[i : i + n] and self._matches(keys[i : i + n], alias, words[i]):
                            best.append((cid, n))
            if best:
                longest = max(n for _, n in best)
                for cid in sorted({c for c, n in best if n == longest}):
                    found.append((cid, words[i][1], words[i + longest - 1][2]))
                i += longest
            else:
                i += 1
        if whole:
            return [f for f in found if words and (f[1], f[2]) == (words[0][1], words[-1][2])]
        return found

    @staticmethod
    def _matches(got: list[str], alias: tuple[str, ...], first: tuple[str, int, int]) -> bool:
        if len(got) != len(alias):
            return False
        if len(alias) == 1 and not (first[0][:1].isupper() or len(alias[0]) >= 5):
            return False  # a lowercase short word is not a surname
        return all(
            (a[:1] == g[:1]) if len(a) == 1 or len(g) == 1 else _close(g, a)
            for g, a in zip(got, alias, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "people": [
                {"canonical": c.canonical, "forms": dict(sorted(c.forms.items()))}
                for c in self._clusters
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AliasIndex:
        if data.get("version") != 1:
            raise ValueError(f"unknown alias index version: {data.get('version')!r}")
        return cls([_Cluster(Counter(p["forms"])) for p in data["people"]])
