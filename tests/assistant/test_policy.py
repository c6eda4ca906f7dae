"""The router's policy on its own: `decide` is pure, so each test builds the Parse (what
understanding would give) and the Memory (what the session remembers) by hand, as Rasa's
policy tests build trackers, and checks the decision and the memory left for the next
turn. No store, no tool runs."""

from __future__ import annotations

from typing import Any

from assistant.intents import Intent, ToolIntent
from assistant.memory import LastTurn, Memory, Pending
from assistant.router import decide
from assistant.understand import Parse
from store.text import normalise


def parse(text: str, intent: Intent = "search", rule: str | None = "a rule", **slots: Any) -> Parse:
    return Parse(
        text=text,
        folded=normalise(text),
        lang=slots.pop("lang", "fr"),
        intent=intent,
        rule=rule,
        **slots,
    )


def figures_2012() -> LastTurn:
    return LastTurn(
        intent="figure_lookup",
        words="montant echanges commerciaux",
        dates=["2012"],
        figure_kind="money",
    )


# -- one tool call per question -------------------------------------------------------


def test_a_date_question_calls_the_date_tool_with_the_question() -> None:
    p = parse("Quand Vladimir Poutine est-il venu ?", "date_lookup", actors=["Vladimir Poutine"])
    p.words = "venu"
    d = decide(p, Memory())
    assert (d.intent, d.tool) == ("date_lookup", "date_lookup")
    assert d.params == {"question": p.text, "actors": ["Vladimir Poutine"]}


def test_what_happened_on_a_date_asks_the_date_tool_for_that_date() -> None:
    p = parse(
        "Que s'est-il passé le 30 janvier 1950 ?", "date_lookup", reverse=True, dates=["1950-01-30"]
    )
    d = decide(p, Memory())
    assert d.params == {"date": "1950-01-30", "query": ""}


def test_an_evolution_asks_the_figure_tool_for_a_timeline() -> None:
    p = parse("Quelle est l'évolution du commerce ?", "figure_lookup", words="commerce")
    d = decide(p, Memory())
    assert d.tool == "figure_lookup"
    assert d.params["timeline"] is True and d.params["query"] == "commerce"


def test_a_figure_question_is_no_timeline() -> None:
    d = decide(parse("Combien de projets ?", "figure_lookup", words="projets"), Memory())
    assert d.params == {"question": "Combien de projets ?", "timeline": False}


def test_the_roles_of_a_known_person_are_asked_by_name() -> None:
    p = parse("Qui est Sergey Shoigu ?", "actor_lookup", actors=["Sergey Shoigu"])
    d = decide(p, Memory())
    assert d.params == {"name": "Sergey Shoigu", "relation": None, "query": ""}


def test_a_year_with_a_known_person_asks_for_the_roles_of_that_year() -> None:
    p = parse("Qui était Sergey Shoigu en 2019 ?", "actor_lookup", actors=["Sergey Shoigu"])
    p.dates = ["2019"]
    assert decide(p, Memory()).params["year"] == "2019"


def test_whom_someone_met_is_a_relation_of_that_person() -> None:
    p = parse("Qui Shoigu a-t-il rencontré ?", "actor_lookup", actors=["Sergey Shoigu"])
    p.relation, p.words = "met", "rencontre"
    d = decide(p, Memory())
    assert d.params == {"name": "Sergey Shoigu", "relation": "met", "query": "rencontre"}


def test_a_person_the_archive_does_not_know_is_asked_about_by_the_name_written() -> None:
    p = parse("Qui est Jean Dupont ?", "actor_lookup", unknown_names=["Jean Dupont"])
    d = decide(p, Memory())
    assert d.params == {"name": "Jean Dupont", "relation": None}


def test_a_bare_name_asks_who_that_is() -> None:
    d = decide(parse("Tran Van An ?", rule=None, actors=["Tran Van An"]), Memory())
    assert (d.intent, d.tool, d.params) == ("actor_lookup", "actor_lookup", {"name": "Tran Van An"})


def test_a_bare_date_asks_what_happened_then() -> None:
    d = decide(parse("1er mars 2001", rule=None, dates=["2001-03-01"]), Memory())
    assert (d.intent, d.tool, d.params) == ("date_lookup", "date_lookup", {"date": "2001-03-01"})


def test_what_an_acronym_stands_for_is_a_passage_search_for_its_definition() -> None:
    d = decide(parse("Que signifie ASEAN ?", words="signifie asean"), Memory())
    assert d.tool == "passage_search"
    assert d.params == {"query": "signifie asean", "acronym": "ASEAN"}


def test_other_words_are_a_passage_search_with_the_dates_as_written() -> None:
    p = parse("la centrale nucléaire en 2012", rule=None, words="centrale nucleaire")
    p.date_texts = ["en 2012"]
    d = decide(p, Memory())
    assert (d.intent, d.tool) == ("search", "passage_search")
    assert d.params == {"query": "centrale nucleaire en 2012", "actors": []}


def test_a_tool_s_own_question_form_passes_its_parameters_through() -> None:
    p = parse(
        "Combien de passages contiennent le mot Russie ?",
        ToolIntent("word_count"),
        tool="word_count",
    )
    p.params, p.ambiguous = {"word": "Russie"}, [["A", "B"]]  # no clarifying question
    d = decide(p, Memory())
    assert (d.intent, d.tool, d.params) == ("word_count", "word_count", {"word": "Russie"})


# -- dialogue turns -------------------------------------------------------------------


def test_help_and_small_talk_call_no_tool_and_keep_the_memory() -> None:
    memory = Memory(last=figures_2012())
    for intent in ("help", "smalltalk"):
        d = decide(parse("aide", intent), memory)
        assert (d.intent, d.tool) == (intent, None)
    assert memory.last == figures_2012()


def test_reset_forgets_everything() -> None:
    memory = Memory(last=figures_2012(), pending=Pending(["A", "B"], parse("A ?")))
    assert decide(parse("reset", "reset"), memory).intent == "reset"
    assert memory == Memory()


def test_a_tool_call_is_remembered_for_the_next_turn() -> None:
    memory = Memory()
    p = parse("Combien de projets ?", "figure_lookup", words="projets")
    p.figure_kind, p.unit, p.places = "count", "projets", ["Vietnam"]
    decide(p, memory)
    assert memory.last == LastTurn(
        intent="figure_lookup", words="projets", figure_kind="count", unit="projets",
        places=["Vietnam"],
    )  # fmt: skip


# -- follow-ups -----------------------------------------------------------------------


def test_an_elliptical_follow_up_keeps_the_intent_and_the_subject() -> None:
    p = parse("Et en 2017 ?", rule=None, dates=["2017"], follow_up=True)
    d = decide(p, Memory(last=figures_2012()))
    assert (d.intent, d.tool) == ("figure_lookup", "figure_lookup")
    assert p.words == "montant echanges commerciaux" and p.dates == ["2017"]
    assert "follow-up: subject kept from the last turn" in d.notes


def test_a_follow_up_with_a_new_subject_replaces_the_old_one() -> None:
    p = parse("Et les exportations ?", rule=None, words="exportations", follow_up=True)
    decide(p, Memory(last=figures_2012()))
    assert p.words == "exportations"
    assert p.dates == ["2012"]  # the period is kept


def test_how_much_after_a_figure_keeps_its_kind() -> None:
    p = parse("Pour quel montant ?", "figure_lookup", follow_up=True)
    decide(p, Memory(last=figures_2012()))
    assert p.figure_kind == "money"


def test_a_new_question_is_no_follow_up() -> None:
    p = parse("Qui a signé le traité ?", "actor_lookup", words="signe traite")
    d = decide(p, Memory(last=figures_2012()))
    assert d.intent == "actor_lookup" and not d.notes
    assert p.dates == []


def test_a_pronoun_stands_for_the_person_the_last_turn_asked_about() -> None:
    last = LastTurn(intent="actor_lookup", actors=["Sergey Shoigu"])
    p = parse("Quand est-il venu ?", "date_lookup", words="venu", pronoun=True)
    d = decide(p, Memory(last=last))
    assert p.actors == ["Sergey Shoigu"]
    assert "pronoun resolved to Sergey Shoigu" in d.notes


def test_a_pronoun_stands_for_the_person_the_last_answer_named() -> None:
    last = LastTurn(intent="actor_lookup", words="secretaire parti", people=["To Lam", "B"])
    p = parse("Quel poste occupait-il ?", "actor_lookup", pronoun=True)
    d = decide(p, Memory(last=last))
    assert p.actors == ["To Lam"]
    assert "pronoun resolved to To Lam, the last answer" in d.notes


# -- clarifying questions -------------------------------------------------------------


def test_an_ambiguous_name_gets_a_numbered_question_remembered_for_the_answer() -> None:
    memory = Memory()
    options = ["Nguyen Tan Dung", "Nguyen Minh Triet"]
    p = parse("Qui est Nguyen ?", "actor_lookup", ambiguous=[options], words="nguyen")
    d = decide(p, memory)
    assert (d.intent, d.tool, d.options) == ("clarify", None, options)
    assert memory.pending is not None and memory.pending.options == options
    assert memory.last is None  # nothing was asked of a tool yet


def test_a_number_answers_the_clarifying_question() -> None:
    options = ["Nguyen Tan Dung", "Nguyen Minh Triet"]
    asked = parse("Qui est Nguyen ?", "actor_lookup", ambiguous=[options], words="nguyen")
    memory = Memory(pending=Pending(options, asked))
    d = decide(parse("2", choice="2"), memory)
    assert (d.intent, d.tool) == ("actor_lookup", "actor_lookup")
    assert d.params["name"] == "Nguyen Minh Triet"
    assert "clarification answered: Nguyen Minh Triet" in d.notes
    assert memory.pending is None
    assert asked.actors == []  # the remembered parse is not changed by the answer


def test_an_ordinal_or_a_name_answers_it_too() -> None:
    options = ["Nguyen Tan Dung", "Nguyen Minh Triet"]
    asked = parse("Qui est Nguyen ?", "actor_lookup", ambiguous=[options], words="nguyen")
    by_ordinal = decide(
        parse("le premier", choice="le premier"), Memory(pending=Pending(options, asked))
    )
    assert by_ordinal.params["name"] == "Nguyen Tan Dung"
    by_name = decide(parse("Minh Triet"), Memory(pending=Pending(options, asked)))
    assert by_name.params["name"] == "Nguyen Minh Triet"


def test_another_question_drops_the_clarifying_question() -> None:
    options = ["Nguyen Tan Dung", "Nguyen Minh Triet"]
    memory = Memory(pending=Pending(options, parse("Qui est Nguyen ?", "actor_lookup")))
    d = decide(parse("Combien de projets ?", "figure_lookup", words="projets"), memory)
    assert d.tool == "figure_lookup" and memory.pending is None
