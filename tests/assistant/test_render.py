"""The renderer on its own: a hand-built ToolResult in, the reply text out, in French and
English, with no store and no tool running."""

from __future__ import annotations

from typing import Any

from assistant.render import (
    render_clarify,
    render_none,
    render_result,
    render_smalltalk,
    responses,
    text,
)
from tools.base import Instead, Item, Source, Tool, ToolResult

QUOTE = "Les deux pays ont établi leurs relations diplomatiques le 30 janvier 1950."
SOURCE = Source(article_id="001_x", title="Relations Vietnam-Russie", quote=QUOTE)


def _item(kind: str, text_: str, value: Any, **extra: Any) -> Item:
    return Item(kind=kind, text=text_, value=value, article_id="001_x", quote=QUOTE, **extra)


def _result(tool: str, *items: Item, **fields: Any) -> ToolResult:
    return ToolResult(tool=tool, results=list(items), citations=[SOURCE] * len(items), **fields)


def test_a_date_comes_first_in_bold_then_its_sentence_and_article() -> None:
    result = _result("date_lookup", _item("date", "le 30 janvier 1950", "1950-01-30"))
    assert render_result(result, "fr") == (
        f"**le 30 janvier 1950**\n\n> « {QUOTE} »\n> — *Relations Vietnam-Russie* (`001_x`)"
    )


def test_a_citation_says_when_its_article_was_published_when_the_source_does() -> None:
    dated = SOURCE.model_copy(update={"published": "2014-06-16"})
    item = _item("date", "le 30 janvier 1950", "1950-01-30")
    result = ToolResult(tool="date_lookup", results=[item], citations=[dated])
    assert render_result(result, "fr").endswith(
        "> — *Relations Vietnam-Russie*, 16 juin 2014 (`001_x`)"
    )
    assert render_result(result, "en").endswith(
        "> — *Relations Vietnam-Russie*, June 16, 2014 (`001_x`)"
    )
    monthly = dated.model_copy(update={"published": "2014-06"})
    result = ToolResult(tool="date_lookup", results=[item], citations=[monthly])
    assert "*Relations Vietnam-Russie*, juin 2014 (`001_x`)" in render_result(result, "fr")


def test_an_english_date_is_rendered_in_english_with_the_french_words_beside_it() -> None:
    result = _result("date_lookup", _item("date", "le 30 janvier 1950", "1950-01-30"))
    reply = render_result(result, "en")
    assert reply.startswith("**January 30, 1950 (« le 30 janvier 1950 »)**")
    assert f"> « {QUOTE} »" in reply  # the quote stays in French


def test_an_inferred_date_says_so() -> None:
    item = _item("date", "le 5 février", "2019-02-05", inferred=True)
    assert render_result(_result("date_lookup", item), "fr").startswith("**le 5 février** (déduit)")
    assert render_result(_result("date_lookup", item), "en").startswith(
        "**February 5, 2019 (« le 5 février »)** (inferred)"
    )


def test_an_english_amount_of_money_is_spelt_out_with_its_qualifier() -> None:
    item = _item(
        "figure", "près de 3,5 milliards de dollars", 3.5e9, unit="USD", approx=True, period="2017"
    )
    reply = render_result(_result("figure_lookup", item), "en")
    assert reply.startswith(
        "**about 3.5 billion USD (« près de 3,5 milliards de dollars »)** (2017)"
    )
    assert render_result(_result("figure_lookup", item), "fr").startswith(
        "**près de 3,5 milliards de dollars** (2017)"
    )


def test_the_roles_of_a_person_are_introduced_by_their_name() -> None:
    item = _item("role", "ministre de la Défense", "Sergey Shoigu")
    reply = render_result(_result("actor_lookup", item, mode="roles"), "fr")
    assert reply.startswith("**Sergey Shoigu** :\n\n**ministre de la Défense**")
    reply = render_result(_result("actor_lookup", item, mode="roles"), "en")
    assert reply.startswith("**Sergey Shoigu**:\n\n")


def test_results_from_several_sentences_are_a_numbered_list_each_with_its_source() -> None:
    other = Source(article_id="002_y", title="Autre article", quote="Une autre phrase.")
    first = _item("person", "Vladimir Poutine", "Vladimir Poutine", role="président")
    second = Item(
        kind="person", text="Nguyen Van A", value="Nguyen Van A", article_id="002_y", quote="x"
    )
    result = ToolResult(
        tool="actor_lookup", mode="met", results=[first, second], citations=[SOURCE, other]
    )
    reply = render_result(result, "fr")
    assert reply.startswith("D'après les articles :\n\n1. **Vladimir Poutine** (président)\n")
    assert "\n\n2. **Nguyen Van A**\n   > « Une autre phrase. »" in reply


def test_sources_that_disagree_are_shown_side_by_side() -> None:
    a = _item("date", "en 2001", "2001")
    b = Item(kind="date", text="en 2002", value="2002", article_id="002_y", quote="autre")
    result = ToolResult(tool="date_lookup", results=[a, b], citations=[SOURCE, SOURCE], differ=True)
    assert render_result(result, "fr").startswith(
        "Les sources ne donnent pas la même valeur : **en 2001** (`001_x`) ; **en 2002** (`002_y`)"
    )
    assert render_result(result, "en").startswith("The sources do not give the same value:")


def test_a_passage_search_shows_the_passages_only() -> None:
    item = _item("passage", QUOTE, 0.9)
    reply = render_result(_result("passage_search", item, mode="search"), "fr")
    origin = f"> « {QUOTE} »\n> — *{SOURCE.title}* (`001_x`)"
    assert reply == f"Voici ce que disent les articles :\n\n{origin}"


def test_a_caption_or_a_teaser_is_labelled_as_not_article_text() -> None:
    teaser = SOURCE.model_copy(update={"kind": "related"})
    result = ToolResult(
        tool="date_lookup", results=[_item("date", "en 1950", "1950")], citations=[teaser]
    )
    assert render_result(result, "fr").endswith("— brève « Voir plus », hors article")
    caption = SOURCE.model_copy(update={"kind": "caption"})
    result.citations = [caption]
    assert render_result(result, "en").endswith("— photo caption")


def test_nothing_found_says_the_articles_do_not_say_and_why() -> None:
    assert render_none("date_lookup", "fr", []) == (
        "Les articles ne le disent pas.\n"
        "Je n'ai trouvé dans les articles aucune date qui y réponde."
    )
    assert render_none("figure_lookup", "en", []).startswith("The articles do not say.\nI found no")
    assert render_none(None, "fr", []) == "Les articles ne le disent pas."


def test_nothing_found_suggests_questions() -> None:
    reply = render_none("actor_lookup", "fr", ["Qui est X ?", "Quand ?"])
    assert reply.endswith("Vous pouvez demander par exemple :\n- Qui est X ?\n- Quand ?")


def test_a_close_passage_is_quoted_as_not_giving_the_answer() -> None:
    reply = render_none("date_lookup", "fr", [], near=SOURCE)
    assert reply.startswith(
        "Les articles ne le disent pas.\nIls en parlent, mais sans donner ce que vous demandez :\n"
        f"> « {QUOTE} »"
    )


def test_a_passage_about_another_year_says_what_it_gives_instead() -> None:
    instead = [Instead(asked="2017", given="2012")]
    reply = render_none("figure_lookup", "fr", [], near=SOURCE, instead=instead)
    assert reply.splitlines()[:2] == [
        "Les articles ne le disent pas.",
        "Les articles donnent cela pour 2012, pas pour 2017 :",
    ]
    reply = render_none("figure_lookup", "en", [], near=SOURCE, instead=instead)
    assert "The articles give this for 2012, not for 2017:" in reply


def test_a_clarifying_question_numbers_the_people() -> None:
    assert render_clarify(["Nguyen Van A", "Nguyen Thi B"], "fr") == (
        "Plusieurs personnes correspondent. Laquelle ?\n"
        "1. Nguyen Van A\n2. Nguyen Thi B\n"
        "Répondez par un numéro ou un nom."
    )


def test_small_talk_answers_in_kind() -> None:
    assert render_smalltalk("merci beaucoup", "fr") == text("fr", "thanks")
    assert render_smalltalk("bye", "en") == "Goodbye!"
    assert render_smalltalk("bonjour", "fr").startswith("Bonjour !")


def test_every_text_exists_in_french_and_in_english() -> None:
    texts = responses()
    for key, by_lang in texts.texts.items():
        assert set(by_lang) == {"fr", "en"}, key
    for tool, keys in texts.tools.items():
        for key, by_lang in keys.items():
            assert set(by_lang) == {"fr", "en"}, (tool, key)


class _Counter(Tool[Any]):
    name = "word_count"
    description = "Counts."
    responses = {
        "answer": {"fr": "**{value}** passages citent « {word} »{missing}", "en": "**{value}**"},
        "none": {"fr": "Aucun passage ne le contient.", "en": "No passage has it."},
    }


def test_a_tool_s_own_texts_head_its_results_and_say_what_it_did_not_find() -> None:
    texts = responses().with_tools([_Counter()])
    item = _item("count", "12", 12, word="Russie")
    result = _result("word_count", item)
    reply = render_result(result, "fr", texts)
    assert reply.startswith(f"**12** passages citent « Russie »\n\n> « {QUOTE} »")
    assert render_result(result, "en", texts).startswith("**12**\n\n")
    assert render_none("word_count", "fr", [], texts=texts) == (
        "Les articles ne le disent pas.\nAucun passage ne le contient."
    )
    # Without the tool's texts, its results get no headline, only their sources.
    assert render_result(result, "fr").startswith("> « ")


def test_a_tool_s_own_texts_do_not_replace_the_built_in_ones() -> None:
    texts = responses().with_tools([_Counter()])
    assert texts.text("fr", "none") == "Les articles ne le disent pas."
    assert texts.tool_text("date_lookup", "none", "en") == responses().tool_text(
        "date_lookup", "none", "en"
    )


def test_a_thing_the_search_read_by_name_is_an_answer_not_a_list_of_passages() -> None:
    item = _item("thing", "Hanoï – Vientiane", "Hanoï – Vientiane")
    read = _result("passage_search", item, mode="read")
    assert render_result(read, "fr").startswith("**Hanoï – Vientiane**\n\n> « ")
    listed = _result("passage_search", item, mode="search")
    assert render_result(listed, "fr").startswith(text("fr", "search"))
