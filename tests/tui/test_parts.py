"""The app's plain parts, without a terminal: quotes in text, commands, export, paste, CLI."""

from __future__ import annotations

import argparse

import pytest

from assistant.reply import Citation, Reply, Result
from tui.backend import Turn, sections_from_lines
from tui.commands import CommandError, SlashSuggester, parse_command
from tui.export import dialogue_case, key_phrase
from tui.locate import locate_quote
from tui.widgets.prompt import one_line
from tui.widgets.sources import citation_title

TEXT = "Titre\nLe 5 septembre, la délégation est arrivée à Moscou. Elle est repartie."


def test_a_quote_is_found_by_its_offsets() -> None:
    start = TEXT.index("Le 5")
    end = TEXT.index("Moscou.") + len("Moscou.")
    assert locate_quote(TEXT, TEXT[start:end], start, end) == (start, end)


def test_wrong_offsets_fall_back_to_finding_the_quote() -> None:
    quote = "Elle est repartie."
    assert locate_quote(TEXT, quote, 0, 5) == (TEXT.index(quote), len(TEXT))


def test_a_quote_is_found_despite_case_accents_and_spacing() -> None:
    span = locate_quote(TEXT, "la  delegation est ARRIVEE a moscou")
    assert span is not None
    assert TEXT[span[0] : span[1]] == "la délégation est arrivée à Moscou"


def test_a_quote_absent_from_the_text_is_not_located() -> None:
    assert locate_quote(TEXT, "Rien de tout cela.") is None
    assert locate_quote(TEXT, "  ") is None


def test_sections_follow_the_lines_of_a_bare_text() -> None:
    sections = sections_from_lines("un\n\ndeux")
    assert [(s.start, s.end) for s in sections] == [(0, 2), (4, 8)]


@pytest.mark.parametrize(
    ("typed", "name", "argument"),
    [
        ("/help", "help", ""),
        ("/open  abc ", "open", "abc"),
        ("/EXPORT a b.yaml", "export", "a b.yaml"),
    ],
)
def test_commands_are_parsed(typed: str, name: str, argument: str) -> None:
    invocation = parse_command(typed)
    assert invocation is not None
    assert (invocation.command.name, invocation.argument) == (name, argument)


def test_a_question_is_not_a_command() -> None:
    assert parse_command("Quand ?") is None


def test_a_command_missing_its_argument_says_how_to_type_it() -> None:
    with pytest.raises(CommandError, match="/export FILE"):
        parse_command("/export")


async def test_the_suggester_completes_names_and_article_ids() -> None:
    suggester = SlashSuggester(lambda: ["000_a", "001_b"])
    assert await suggester.get_suggestion("/he") == "/help"
    assert await suggester.get_suggestion("/op") == "/open "
    assert await suggester.get_suggestion("/open 001") == "/open 001_b"
    assert await suggester.get_suggestion("/help") is None
    assert await suggester.get_suggestion("Qui") is None


def test_pasted_lines_become_one_line() -> None:
    assert one_line("Qui est\n  le ministre\r\n?") == "Qui est le ministre ?"


def test_a_teaser_source_is_labelled_related() -> None:
    teaser = Citation(article_id="a", title="T", quote="q", kind="related")
    assert "related" in citation_title(1, teaser).plain
    assert "related" not in citation_title(1, teaser.model_copy(update={"kind": "body"})).plain


def _reply(text: str, answered: bool = True, results: list[Result] | None = None) -> Reply:
    return Reply(
        session_id="s",
        reply=text,
        intent="date_lookup",
        answered=answered,
        results=results or [],
        citations=[Citation(article_id="a1", title="T", quote="q")] if answered else [],
    )


def test_the_key_phrase_is_a_result_shown_in_the_reply() -> None:
    result = Result(kind="date", text="du 5 au 8 Septembre", article_id="a1", quote="q")
    assert key_phrase(_reply("Visite **du 5 au 8 septembre**.", results=[result])) == (
        "du 5 au 8 Septembre"
    )
    assert key_phrase(_reply("Visite en septembre.", results=[result])) is None


def test_an_exported_case_has_the_dialogue_shape() -> None:
    result = Result(kind="date", text="30 janvier 1950", article_id="a1", quote="q")
    turns = [
        Turn("Quand ?", _reply("Le 30 janvier 1950.", results=[result])),
        Turn("Et la météo ?", _reply("Les articles ne le disent pas.", answered=False)),
    ]
    assert dialogue_case(turns, "tui-x") == [
        {
            "id": "tui-x",
            "turns": [
                {
                    "ask": "Quand ?",
                    "expect": [["30 janvier 1950"]],
                    "source": "a1",
                    "intent": "date_lookup",
                    "answered": True,
                },
                {"ask": "Et la météo ?", "intent": "date_lookup", "answered": False},
            ],
        }
    ]


def test_the_chat_subcommand_is_registered() -> None:
    from assistant.cli.chat import add_parser, run_chat

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["chat", "--session", "abc", "--api-url", "http://h:1"])
    assert (args.session, args.api_url, args.func) == ("abc", "http://h:1", run_chat)
