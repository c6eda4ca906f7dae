"""Generate a synthetic corpus of French news articles in the VNA file format.

    python benchmarks/gen_corpus.py --n 500 --seed 7 --out bench-data/corpus-500

writes ``NNNNN_<16 hex>.txt`` articles and ``planted.yaml`` (regression cases in the
format of ``shared/eval/questions.yaml``) into the output directory.

Articles are recombined from the templates and vocabulary of ``vocab.yaml``. Article
``i`` depends only on (seed, i), so a corpus of N articles is a prefix of any larger
one with the same seed. Planted facts live in the first five articles and use a
reserved vocabulary (names, countries, places, products) that no other article
uses, so their answers stay unambiguous at any N.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

VOCAB_PATH = Path(__file__).with_name("vocab.yaml")
V: dict[str, Any] = yaml.safe_load(VOCAB_PATH.read_text(encoding="utf-8"))
MONTHS: list[str] = V["mois"]
PLANTED_ARTICLES = 5  # planted stories go into articles 0..4
FILE_RE = re.compile(r"^\d{5}_[0-9a-f]{16}\.txt$")
ELISION = re.compile(r"\bde (?=[AEIOUÉ][a-zé])")  # "de Ostrava" -> "d'Ostrava"
SUBJECT_KEYS = ("A", "B", "C", "pays", "lieu", "denree")
ORDINALS = ["premier", "deuxième", "troisième", "quatrième"]
COUNTS = ["deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze"]
RESERVED = {"lieu": "lieux", "denree": "denrees", "festival": "festivals"}  # planted only
RANGES = {"annee": (2005, 2024, "{}"), "anneefutur": (2025, 2035, "{}"), "nb": (12, 380, "{}"),
          "ordinal": (2, 30, "{}e")}  # fmt: skip
ALIASES = {"date1": "date", "plagej": "plage", "futur": "periode"}
SIMPLE = {"domaine": "domaines", "ministere": "ministeres", "province": "provinces",
          "villevn": "villes_vn", "partenariat": "partenariats", "produit": "produits",
          "projettype": "projets_types", "visite": "visites", "accord": "accords"}  # fmt: skip


def article_id(seed: int, index: int) -> str:
    digest = hashlib.sha256(f"vna-bench:{seed}:{index}".encode()).hexdigest()
    return f"{index:05d}_{digest[:16]}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def le(phrase: str) -> str:
    return ("l'" if phrase[:1].lower() in "aeiouyéèêâîô" else "le ") + phrase


def de(phrase: str) -> str:
    """'le X' -> 'du X', 'la X' -> 'de la X', "l'X" -> "de l'X", 'les X' -> 'des X'."""
    for article, contracted in (("le ", "du "), ("les ", "des ")):
        if phrase.startswith(article):
            return contracted + phrase[len(article) :]
    return "de " + phrase


def feminine(adj: str) -> str:
    return adj if adj.endswith("e") else adj + ("ne" if adj.endswith("en") else "e")


def plural(adj: str) -> str:
    return adj if adj.endswith(("s", "x")) else adj + "s"


def fmt_int(value: int, sep: str = ".") -> str:
    return f"{value:,}".replace(",", sep) if value >= 1000 else str(value)


def fmt_dec(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def day_month(d: date) -> str:
    return f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]}"


def country_slots(c: dict[str, Any]) -> dict[str, str]:
    adj = c["adj"]
    adjf = c.get("adjf") or feminine(adj)
    return {
        "pays": c["nom"],
        "pays_le": c["le"],
        "pays_du": c["du"],
        "pays_en": c["en"],
        "pays_adj": adj,
        "pays_adjf": adjf,
        "pays_adjs": c.get("adjs") or plural(adj),
        "pays_adjfp": c.get("adjs") or plural(adjf),
        "pays_cap": c["cap"],
        "pays_villes": "|".join([c["cap"], *c.get("villes", [])]),
        "pays_noms": c.get("noms", ""),
    }


def person_slots(letter: str, name: str, role: str) -> dict[str, str]:
    return {
        letter: name,
        f"{letter}_role": role,
        f"{letter}_le": le(role),
        f"{letter}_du": de(le(role)),
        f"{letter}_full": f"{le(role)} {name}",
        f"{letter}_dufull": f"{de(le(role))} {name}",
    }


class Reserve:
    """Reserved vocabulary for planted stories, each item handed out at most once."""

    def __init__(self, rng: random.Random) -> None:
        self.pools = {k: rng.sample(v, len(v)) for k, v in V["reserve"].items()}

    def take(self, kind: str) -> Any:
        if not self.pools[kind]:
            raise RuntimeError(f"reserved vocabulary '{kind}' exhausted")
        return self.pools[kind].pop()


class Slots(dict[str, str]):
    """Template slots; a missing slot is drawn by the generator (and kept if cache)."""

    def __init__(self, gen: Gen, base: dict[str, str], cache: bool) -> None:
        super().__init__(base)
        self.gen, self.cache = gen, cache

    def __missing__(self, key: str) -> str:
        group = self.gen.group(key, self)
        if self.cache:
            for k, v in group.items():
                self.setdefault(k, v)
        return group[key]


def fill(template: str, slots: Slots) -> str:
    for _ in range(5):
        if "{" not in template:
            break
        template = template.format_map(slots)
    return ELISION.sub("d'", template)


class Gen:
    """Draws slot values. One call returns a family of related slots (date, date_iso…)."""

    def __init__(self, rng: random.Random, reserve: Reserve | None = None) -> None:
        self.rng, self.reserve = rng, reserve
        self.people: set[str] = set()

    def group(self, key: str, slots: Slots) -> dict[str, str]:
        family = key.split("_")[0]
        if family in SIMPLE:
            return {family: fill(self.rng.choice(V[SIMPLE[family]]), slots)}
        if family in RESERVED:
            return {family: fill(self.reserved(RESERVED[family]), slots)}
        if family in RANGES:
            lo, hi, fmt = RANGES[family]
            return {family: fmt.format(self.rng.randint(lo, hi))}
        if family in ("A", "B", "C"):
            return self.person(family, slots)
        if family == "n":  # n_<counted noun>
            return self.count(key)
        method = getattr(self, "g_" + ALIASES.get(family, family), None)
        if method is None:
            raise KeyError(key)
        result: dict[str, str] = method(family, slots)
        return result

    # -- people ---------------------------------------------------------------
    def name(self, foreign: bool, slots: Slots) -> str:
        r, vn = self.rng, V["noms"]["vietnamien"]
        if self.reserve is None:
            parts = V["noms"][slots["pays_noms"]] if foreign else vn
            name = " ".join(r.choice(part) for part in parts)
            self.people.add(name)
            return name
        # planted people: a reserved surname, never used twice, with common given names
        if foreign:
            return f"{r.choice(V['prenoms_reserve'])} {self.reserved('noms_etr')}"
        return f"{self.reserved('noms_vn')} {r.choice(vn[1])} {r.choice(vn[2])}"

    def person(self, letter: str, slots: Slots) -> dict[str, str]:
        foreign = letter == "B"
        name = self.name(foreign, slots)
        if letter == "C":
            return person_slots("C", name, "directeur " + slots["org_du"])
        nat, natf = (slots["pays_adj"], slots["pays_adjf"]) if foreign else ("vietnamien", "")
        template = self.rng.choice(V["roles_etr" if foreign else "roles_vn"])
        role = fill(template.replace("{nat}", nat).replace("{natf}", natf), slots)
        bare = fill(template.replace(" {nat}", "").replace(" {natf}", ""), slots)
        return person_slots(letter, name, role) | {f"{letter}_role2": bare}

    def g_personne(self, family: str, slots: Slots) -> dict[str, str]:
        letter = "B" if self.rng.random() < 0.5 else "A"
        return {"personne": self.person(letter, slots)[f"{letter}_full"]}

    def g_pays(self, family: str, slots: Slots) -> dict[str, str]:
        return country_slots(self.reserved("pays"))

    def reserved(self, kind: str) -> Any:
        if self.reserve is None:
            raise KeyError(kind)
        return self.reserve.take(kind)

    def g_projet(self, family: str, slots: Slots) -> dict[str, str]:
        the, of = self.reserved("projets")
        return {"projet": fill(the, slots), "projet_du": fill(of, slots)}

    def g_org(self, family: str, slots: Slots) -> dict[str, str]:
        org = fill(self.reserved("orgs"), slots)
        return {"org": org, "org_du": de(org)}

    def g_organisme(self, family: str, slots: Slots) -> dict[str, str]:
        org = self.rng.choice(V["organismes"])
        return {"organisme": org, "organisme_de": de(org)}

    def g_ville(self, family: str, slots: Slots) -> dict[str, str]:
        return {"ville": self.rng.choice(slots["pays_villes"].split("|"))}

    # -- dates ----------------------------------------------------------------
    def day(self, y0: int = 1992, y1: int = 2024) -> date:
        r = self.rng
        return date(r.randint(y0, y1), r.randint(1, 12), r.randint(1, 28))

    def g_date(self, family: str, slots: Slots) -> dict[str, str]:
        p, d = family, self.day().replace(day=1) if family == "date1" else self.day()
        txt = f"{day_month(d)} {d.year}"
        return {p: "le " + txt, f"{p}_txt": txt, f"{p}_iso": d.isoformat()}

    def g_jour(self, family: str, slots: Slots) -> dict[str, str]:
        d = self.day()
        weekday = V["jours"][d.weekday()] + " " if self.rng.random() < 0.2 else "le "
        return {"jour": weekday + day_month(d), "jour_txt": day_month(d)}

    def g_plage(self, family: str, slots: Slots) -> dict[str, str]:
        p, d1 = family, self.day()
        d2 = d1 + timedelta(days=self.rng.randint(1, 5))
        start = day_month(d1) if d1.month != d2.month else day_month(d1).split()[0]
        txt, iso = f"{start} au {day_month(d2)}", f"{d1.isoformat()}/{d2.isoformat()}"
        if p == "plagej":  # without a year
            return {p: "du " + txt, f"{p}_txt": txt, f"{p}_iso": f"--{d1:%m-%d}/--{d2:%m-%d}"}
        return {p: f"du {txt} {d2.year}", f"{p}_txt": txt, f"{p}_iso": iso}

    def g_mois(self, family: str, slots: Slots) -> dict[str, str]:
        d = self.day()
        txt = f"{MONTHS[d.month - 1]} {d.year}"
        return {"mois": "en " + txt, "mois_txt": txt, "mois_iso": f"{d.year}-{d.month:02d}"}

    def g_periode(self, family: str, slots: Slots) -> dict[str, str]:
        """A past ("periode") or future ("futur") period: "fin 2018", "d'ici 2030"…"""
        r = self.rng
        y = r.randint(2025, 2035) if family == "futur" else r.randint(2005, 2024)
        o, m, c = r.choice(ORDINALS), r.choice(MONTHS), r.choice(COUNTS)
        return {family: r.choice(V[family + "s"]).format(y=y, o=o, m=m, c=c)}

    def g_fin(self, family: str, slots: Slots) -> dict[str, str]:
        y = self.rng.randint(2016, 2030)
        return {"fin": f"fin {y}", "fin_iso": str(y)}

    def g_trim(self, family: str, slots: Slots) -> dict[str, str]:
        q, y = self.rng.randrange(4), self.rng.randint(2012, 2024)
        txt = f"{ORDINALS[q]} trimestre {y}"
        return {"trim": "au " + txt, "trim_txt": txt, "trim_alt": f"Q{q + 1} {y}"}

    # -- figures --------------------------------------------------------------
    def g_usd(self, family: str, slots: Slots) -> dict[str, str]:
        r = self.rng
        qualifier = r.choice(["", "", "", "près de ", "environ ", "plus de ", "quelque "])
        currency = "d'euros" if r.random() < 0.1 else "de dollars"
        if r.random() < 0.5:
            return {"usd": f"{qualifier}{r.randrange(10, 1000, 5)} millions {currency}"}
        v = r.randint(100, 990) / 100
        word = "milliards" if v >= 2 else "milliard"
        return {"usd": f"{qualifier}{fmt_dec(v)} {word} {currency}"}

    def g_mrd(self, family: str, slots: Slots) -> dict[str, str]:
        v = self.rng.choice([x for x in range(11, 99) if x % 10]) / 10
        txt = f"{fmt_dec(v)} milliard"
        return {"mrd": f"{txt}{'s' if v >= 2 else ''} de dollars", "mrd_txt": txt,
                "mrd_alt": f"{v} billion"}  # fmt: skip

    def g_mio(self, family: str, slots: Slots) -> dict[str, str]:
        v = self.rng.randrange(120, 990, 10)
        return {"mio": f"près de {v} millions de dollars", "mio_txt": f"{v} millions",
                "mio_alt": f"{v} million"}  # fmt: skip

    def g_pct(self, family: str, slots: Slots) -> dict[str, str]:
        v = str(self.rng.randint(3, 48))
        if self.reserve is None and self.rng.random() < 0.3:
            v += "," + str(self.rng.randint(1, 9))
        forms = [f"{v}%", f"{v} %"]
        if self.rng.random() < 0.3:
            forms.reverse()
        return {"pct": forms[0], "pct_alt": forms[1]}

    def g_qte(self, family: str, slots: Slots) -> dict[str, str]:
        v = self.rng.randrange(1200, 48000, 100)
        return {"qte": fmt_int(v), "qte_alt": fmt_int(v, " ")}

    def count(self, key: str) -> dict[str, str]:
        noun = key[2:]
        v = self.rng.randint(*V["comptes"][noun])
        if v >= 1000:
            v = round(v, -2)
        return {key: f"{fmt_int(v, '.' if self.rng.random() < 0.8 else ' ')} {noun}"}


@dataclass
class Story:
    article: int
    paragraph: str
    cases: list[dict[str, Any]]
    subjects: list[str]


@dataclass
class Article:
    article_id: str
    text: str
    people: set[str] = field(default_factory=set)


@dataclass
class Corpus:
    seed: int
    articles: list[Article]
    stories: list[Story]

    @property
    def cases(self) -> list[dict[str, Any]]:
        n = len(self.articles)
        cases = [c for s in self.stories if s.article < n for c in s.cases]
        return sorted(cases, key=lambda c: c["id"])


def plant(seed: int) -> list[Story]:
    """Planted stories: the same for every N with this seed."""
    rng = random.Random(f"vna-bench:{seed}:planted")
    reserve, stories = Reserve(rng), []
    counters: dict[str, int] = {}
    kinds = {"date_lookup": "date", "figure_lookup": "figure", "actor_lookup": "actor"}
    for k, spec in enumerate(V["plantes"]):
        slots = Slots(Gen(rng, reserve), {}, cache=True)
        paragraph = cap(fill(spec["phrase"], slots))
        index = k % PLANTED_ARTICLES
        cases = []
        for case in spec["cas"]:
            turns = []
            for t in case.get("turns", [case]):
                groups = [list(dict.fromkeys(fill(s, slots) for s in g)) for g in t["expect"]]
                turn: dict[str, Any] = {"ask": fill(t["ask"], slots)}
                if "intent" in t:
                    turn["intent"] = t["intent"]
                turns.append(turn | {"expect": groups, "source": article_id(seed, index)})
            kind = "dialogue" if len(turns) > 1 else kinds[turns[0]["intent"]]
            counters[kind] = counters.get(kind, 0) + 1
            cases.append({"id": f"plant-{kind}-{counters[kind]:02d}", "turns": turns})
        subjects = [slots[k] for k in SUBJECT_KEYS if k in slots and slots[k] in paragraph]
        stories.append(Story(index, paragraph, cases, subjects))
    return stories


def context(rng: random.Random) -> tuple[Gen, Slots]:
    """A generic article context: a partner country, a Vietnamese (A) and a foreign (B) actor."""
    gen = Gen(rng)
    slots = Slots(gen, country_slots(rng.choice(V["pays"])), cache=False)
    for letter in "AB":
        slots.update(gen.person(letter, slots))
    return gen, slots


def caption(rng: random.Random, slots: Slots) -> str:
    return fill(rng.choice(V["legendes"]), slots)


def glue(text: str, rng: random.Random) -> str:
    """Drop the space at simulated line breaks, as in badly scraped pages."""
    words, width = [""], 0
    for word in text.split(" "):
        if width > rng.randint(60, 80):
            words[-1] += word
            width = len(word)
        else:
            words.append(word)
            width += len(word) + 1
    return " ".join(words[1:]).strip()


class Teasers:
    """Related-news teasers shared across articles: teaser k depends only on (seed, k)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.cache: dict[int, tuple[list[str], set[str]]] = {}

    def get(self, k: int) -> tuple[list[str], set[str]]:
        if k not in self.cache:
            rng = random.Random(f"vna-bench:{self.seed}:teaser:{k}")
            gen, slots = context(rng)
            title = cap(fill(rng.choice(V["titres"]), slots))
            summary = cap(fill(rng.choice(V["ouvertures"]), slots))
            photo = f"{cap(caption(rng, slots))}. {rng.choice(['Photo : VNA', 'Photo: VNA'])}"
            form = rng.choice([[photo, title, summary]] * 3 + [[title, title, summary]])
            self.cache[k] = (form if rng.random() < 0.9 else [title, summary], gen.people)
        return self.cache[k]


def make_article(seed: int, i: int, teasers: Teasers, planted: list[str]) -> Article:
    rng = random.Random(f"vna-bench:{seed}:{i}")
    gen, slots = context(rng)
    title = cap(fill(rng.choice(V["titres"]), slots))
    lead = cap(fill(rng.choice(V["ouvertures"]), slots))
    count = rng.randint(8, 15)
    sentences = [cap(fill(t, slots)) for t in rng.sample(V["corps"], count)]
    take = rng.randint(0, 1)
    paras = [" ".join([lead, *sentences[:take]])]
    rest = sentences[take:]
    while rest:
        k = rng.randint(1, 3)
        paras.append(" ".join(rest[:k]))
        rest = rest[k:]
    for _ in range(rng.randint(1, 3)):
        quote = fill(f'"{rng.choice(V["citations"])}", {rng.choice(V["dire"])}.', slots)
        paras.insert(rng.randint(1, len(paras)), quote)
    paras.append(cap(fill(rng.choice(V["clotures"]), slots)))
    if rng.random() < 0.12:
        paras = [glue(p, rng) for p in paras]
    for p in planted:
        paras.insert(rng.randint(1, len(paras) - 1), p)

    # dateline, end mark, photo captions
    place = rng.choice(V["datelines_vn"] + [slots["pays_cap"]] * 3)
    when = f", {day_month(gen.day())}" if rng.random() < 0.4 else ""
    paras[0] = f"{place}{when} (VNA) {'–' if rng.random() < 0.85 else '-'} {paras[0]}"
    paras[-1] += rng.choice([" – VNA", " – VNA", "-VNA", " - VNA"])
    if rng.random() < 0.15:
        paras.append(rng.choice(["source", '"']))
    photo = f"{cap(caption(rng, slots))}. {rng.choice(['Photo : VNA', 'Photo: VNA'])}"
    layout = rng.randrange(4)
    head = [title, lead]
    if layout == 0:  # dateline paragraph, then an "ảnh 1" caption and an empty line
        head += [paras.pop(0), f"{title} ảnh 1{photo}\n"]
    elif layout == 1:  # caption glued under the lead
        head[1] += f"\n{title} ảnh 1{photo}"
    elif layout == 2:  # lead, caption and dateline paragraph without blank lines
        head[1] += f"\n{title} ảnh 1{photo}\n{paras.pop(0)}"
    else:  # caption repeated, later a bare .jpg line with its caption
        head.append(f"{photo}\n{photo}\n")
        jpg = f"{rng.randint(1, 9)}-{rng.randint(1000, 9999)}.jpg"
        legend = rng.choice(V["legendes_jpg"])
        paras.insert(rng.randint(1, len(paras) - 1), f"{jpg}\n{legend}. Photo / VNA")
    if layout != 3 and rng.random() < 0.3:
        photo2 = f"{cap(caption(rng, slots))}. Photo : VNA"
        paras.insert(rng.randint(1, len(paras) - 1), f"{title} ảnh 2{photo2}")

    blocks = [*head, *paras, "Voir plus"]
    people = set(gen.people)
    for k in rng.sample(range(20 + i // 3), rng.randint(2, 6)):
        teaser, who = teasers.get(k)
        blocks += teaser
        people |= who
    return Article(article_id(seed, i), "\n\n".join(blocks), people)


def generate(n: int, seed: int) -> Corpus:
    stories, teasers = plant(seed), Teasers(seed)
    articles = [
        make_article(seed, i, teasers, [s.paragraph for s in stories if s.article == i])
        for i in range(n)
    ]
    return Corpus(seed, articles, stories)


def write(corpus: Corpus, out: Path) -> None:
    """Write the articles and planted.yaml; stale generated files in `out` are removed."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if FILE_RE.match(old.name):
            old.unlink()
    for a in corpus.articles:
        (out / f"{a.article_id}.txt").write_text(a.text, encoding="utf-8")
    header = (
        f"# Planted facts for a generated corpus (seed {corpus.seed}, "
        f"{len(corpus.articles)} articles), written by benchmarks/gen_corpus.py.\n"
        "# Same ids and answers for every corpus size >= 5 with this seed.\n"
    )
    body = yaml.safe_dump(
        corpus.cases, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None
    )
    (out / "planted.yaml").write_text(header + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="number of articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="output dir (default bench-data/corpus-N)")
    args = parser.parse_args(argv)
    out = args.out or Path("bench-data") / f"corpus-{args.n}"
    start = time.perf_counter()
    corpus = generate(args.n, args.seed)
    write(corpus, out)
    people = set().union(*(a.people for a in corpus.articles)) if corpus.articles else set()
    words = sum(len(a.text.split()) for a in corpus.articles)
    print(
        f"{len(corpus.articles)} articles ({words} words, {len(people)} distinct people), "
        f"{len(corpus.cases)} planted cases -> {out} in {time.perf_counter() - start:.2f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
