"""Who someone is (every role, with its article), who holds a role, and whom someone met."""

from __future__ import annotations

from pydantic import Field

from store.models import Fact
from store.search import fold, terms
from tools.answers import result_of
from tools.base import Tool, ToolParams, ToolResult
from tools.knowledge import KIND_WEIGHT, Knowledge, SentenceKey
from tools.question import Question


class ActorParams(ToolParams):
    question: str = Field("", description="The question as asked (French or English)")
    name: str | None = Field(None, description="The person asked about")
    role: str | None = Field(None, description="A role, to find who holds it")
    nationality: str | None = Field(None, description="Nationality adjective to filter by")
    relation: str | None = Field(
        None, description="met, invited, invited_by, counterpart or any: people linked to `name`"
    )
    query: str = Field("", description="Other words of the question (place, topic)")
    year: str | None = Field(
        None, description="A year: the roles the articles give for that year, when they say"
    )
    k: int = Field(5, ge=1, le=50)


class ActorLookup(Tool[ActorParams]):
    name = "actor_lookup"
    description = (
        "Who a person is (all their roles, each with its article), who holds a role, or whom a "
        "person met, invited or was invited by, and their counterpart."
    )
    Params = ActorParams
    answers = ("person", "role")

    def run(
        self, params: ActorParams, knowledge: Knowledge, question: Question | None = None
    ) -> ToolResult:
        if params.name and params.relation:
            return self._related(params, knowledge)
        if params.name:
            result = self._roles(knowledge.person(params.name), knowledge, params.k)
            return self._in_year(result, params.year, knowledge) if params.year else result
        if params.role and question is None and not params.question:
            return self._holders(params, knowledge)
        if question is None:
            text = params.question or " ".join([params.role or "", params.query])
            question = knowledge.read(text)
        if question.expected != "person":
            question = question.retyped("person")
        return result_of(self.name, knowledge.reader.read(question), knowledge)

    def _roles(self, person: str, knowledge: Knowledge, k: int) -> ToolResult:
        result = ToolResult(tool=self.name, mode="roles")
        mentions = list(knowledge.mentions_of.get(person, []))
        mentions.sort(
            key=lambda f: (-KIND_WEIGHT.get(f.source_kind, 1.0), f.article_id, f.sentence)
        )
        seen: set[tuple[str, str]] = set()
        for fact in mentions:
            for role, inferred in self._role_of(fact, knowledge):
                key = (
                    fold(role),
                    fact.article_id if fact.source_kind != "related" else fold(fact.quote),
                )
                if key in seen:
                    continue
                seen.add(key)
                item = knowledge.item(fact, kind="role", text=role, value=person, role=role)
                if inferred:
                    item.inferred = True
                result.results.append(item)
                result.citations.append(knowledge.cite_fact(fact))
        result = self._without_subsumed(result)
        plain = [r for r in result.results if not fold(str(r.text)).startswith("homologue")]
        if plain and len(plain) < len(result.results):
            # "son homologue russe" describes a meeting, not a post, when a post is known.
            keep = {id(r) for r in plain}
            pairs = list(zip(result.results, result.citations, strict=True))
            result.results = [r for r, _ in pairs if id(r) in keep]
            result.citations = [c for r, c in pairs if id(r) in keep]
        if not result.results and mentions:
            fact = mentions[0]
            result.results.append(knowledge.item(fact, kind="mention", value=person, role=None))
            result.citations.append(knowledge.cite_fact(fact))
        result.results = result.results[: max(k, 8)]
        return result

    @staticmethod
    def _in_year(result: ToolResult, year: str, knowledge: Knowledge) -> ToolResult:
        """The roles whose article dates that year, first (all of them when none does)."""

        def dated(article_id: str) -> bool:
            return any(
                year in f.value
                for f in knowledge.facts.of_article(article_id, "date")
                if f.value[:4].isdigit()
            )

        pairs = list(zip(result.results, result.citations, strict=True))
        first = [p for p in pairs if dated(p[0].article_id)]
        if first:
            rest = [p for p in pairs if p not in first]
            result.results = [r for r, _ in first + rest]
            result.citations = [c for _, c in first + rest]
        return result

    @staticmethod
    def _without_subsumed(result: ToolResult) -> ToolResult:
        """Drop a role whose words all appear in a longer role from the same article
        ("ministre" beside "ministre vietnamien")."""
        words = [(set(terms(str(r.text))), r.article_id) for r in result.results]
        keep = []
        for i, (mine, article) in enumerate(words):
            covered = any(
                j != i and a == article and mine < other for j, (other, a) in enumerate(words)
            )
            keep.append(not covered)
        result.results = [r for r, k in zip(result.results, keep, strict=True) if k]
        result.citations = [c for c, k in zip(result.citations, keep, strict=True) if k]
        return result

    @staticmethod
    def _role_of(fact: Fact, knowledge: Knowledge) -> list[tuple[str, bool]]:
        """The role a mention gives, and for "son homologue <nationalité>" the counterpart's
        role with the nationality swapped, marked as inferred."""
        if not fact.role:
            return []
        if "homologue" not in fold(fact.role):
            return [(fact.role, False)]
        roles = [(fact.role, False)]
        nationality = fact.nationality
        for other in knowledge.by_sentence[(fact.article_id, fact.sentence)]:
            if other.kind != "actor" or other.start == fact.start or not other.role:
                continue
            if "homologue" in fold(other.role) or not other.nationality or not nationality:
                continue
            if other.nationality in other.role:
                swapped = other.role.replace(other.nationality, nationality, 1)
                roles.append((swapped, True))
                break
        return roles

    def _related(self, params: ActorParams, knowledge: Knowledge) -> ToolResult:
        person = knowledge.person(params.name or "")
        result = ToolResult(tool=self.name, mode=params.relation)
        query = knowledge.query(params.query)
        ranked: dict[str, tuple[float, SentenceKey]] = {}
        for key in knowledge.sentences_with([person]):
            others = knowledge.people_in.get(key, set()) - {person}
            if not others:
                continue
            score = knowledge.score(key, query) + self._relation_bonus(
                params.relation, key, knowledge
            )
            for other in others:
                if other not in ranked or score > ranked[other][0]:
                    ranked[other] = (score, key)
        if not ranked:
            return result
        best = max(s for s, _ in ranked.values())
        if query.groups and best < 0.3:
            return result
        for other, (score, key) in sorted(ranked.items(), key=lambda kv: (-kv[1][0], kv[0])):
            if score < best - 1e-9 or len(result.results) >= params.k:
                break
            fact = next(
                f
                for f in knowledge.by_sentence[key]
                if f.kind == "actor" and knowledge.person(f.value) == other
            )
            result.results.append(
                knowledge.item(fact, kind="person", value=other, text=other, role=fact.role)
            )
            result.citations.append(knowledge.cite_fact(fact))
        return result

    @staticmethod
    def _relation_bonus(relation: str | None, key: SentenceKey, knowledge: Knowledge) -> float:
        verbs = {
            "met": {"met", "talked", "received", "co-chaired", "signed"},
            "invited": {"invited"},
            "invited_by": {"invited"},
            "counterpart": {"met", "talked", "co-chaired", "signed"},
        }.get(relation or "", set())
        has_verb = any(
            f.kind == "interaction" and f.extra.get("verb") in verbs
            for f in knowledge.by_sentence.get(key, [])
        )
        words = {"counterpart": "homologu", "invited": "invit", "invited_by": "invit"}
        stem = words.get(relation or "")
        has_word = bool(stem) and any(
            t.startswith(stem or "") for t in knowledge.sentence_terms(key)
        )
        return 0.5 * has_verb + 0.5 * has_word

    def _holders(self, params: ActorParams, knowledge: Knowledge) -> ToolResult:
        """People whose role, or whose sentence, has every word of the role asked for."""
        result = ToolResult(tool=self.name, mode="holders")
        role_query = knowledge.query(params.role or "")
        if not role_query.groups:
            return result
        found: dict[str, Fact] = {}
        # Every word of the role is in a holder's sentence, so BM25 finds those sentences.
        candidates = knowledge.lexical_candidates(role_query, limit=5000)
        for key in candidates:
            for fact in knowledge.by_sentence.get(key, []):
                if fact.kind != "actor" or not fact.role:
                    continue
                if role_query.coverage(frozenset(terms(fact.role))) == 1.0:
                    found.setdefault(knowledge.person(fact.value), fact)
        if not found:
            for key in candidates:
                if role_query.coverage(knowledge.sentence_terms(key)) < 1.0:
                    continue
                for fact in knowledge.by_sentence.get(key, []):
                    if fact.kind == "actor":
                        found.setdefault(knowledge.person(fact.value), fact)
        if params.nationality:
            nationalities = knowledge.nationalities
            wanted = fold(params.nationality)[:6]
            found = {
                p: f
                for p, f in found.items()
                if not nationalities.get(p) or any(fold(n)[:6] == wanted for n in nationalities[p])
            }
        ordered = sorted(
            found.items(), key=lambda pf: (-KIND_WEIGHT.get(pf[1].source_kind, 1.0), pf[0])
        )
        for person, fact in ordered[: params.k]:
            result.results.append(
                knowledge.item(fact, kind="person", value=person, text=person, role=fact.role)
            )
            result.citations.append(knowledge.cite_fact(fact))
        return result
