"""Third-party tools are found through the same entry points as the built-in ones."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.engine import Engine
from tools.registry import Registry

PLUGIN = Path(__file__).parent / "plugin_pkg"


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Install the plugin package into a private folder (no network, no build isolation)."""
    target = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("src") / "plugin"
    shutil.copytree(PLUGIN, source)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
    )
    sys.path.insert(0, str(target))
    yield target
    sys.path.remove(str(target))
    for name in [m for m in sys.modules if m.startswith("assistant_echo_tool")]:
        del sys.modules[name]


def test_built_in_tools_come_through_the_entry_point_group() -> None:
    names = Registry.discover().names()
    assert {"date_lookup", "figure_lookup", "actor_lookup", "passage_search"} <= set(names)


def test_an_installed_plugin_is_discovered_listed_and_callable(installed_plugin, engine) -> None:  # type: ignore[no-untyped-def]
    registry = Registry.discover()
    assert "word_count" in registry.names()
    tool = registry.get("word_count")
    assert tool is not None
    schema = tool.schema()
    assert schema["function"]["parameters"]["required"] == ["word"]
    result = tool.call({"word": "Vietnam"}, engine.knowledge)
    assert result.results and int(result.results[0].value) > 5
    assert result.citations[0].article_id in result.results[0].article_id


@pytest.fixture(scope="module")
def engine_with_plugin(installed_plugin, engine: Engine) -> Engine:  # type: ignore[no-untyped-def]
    """The engine over the built-in corpus, with every tool the entry points give now."""
    return Engine(engine.settings, engine.store, Registry.discover())


def test_a_plugin_s_own_question_form_is_answered_with_its_own_reply(
    engine_with_plugin: Engine,
) -> None:
    """The plugin declares its rules, parameters and replies; nothing in assistant/ names it."""
    reply = engine_with_plugin.reply("Combien de passages contiennent le mot coopération ?")
    assert (reply.intent, reply.tool, reply.answered) == ("word_count", "word_count", True)
    count = int(reply.results[0].value)
    assert count > 3
    assert reply.reply.startswith(f"**{count}** passages contiennent « coopération », dont")
    assert reply.citations and reply.citations[0].quote in reply.reply
    assert reply.trace is not None and reply.trace["params"] == {"word": "coopération"}


def test_a_plugin_replies_in_english_to_an_english_question(engine_with_plugin: Engine) -> None:
    reply = engine_with_plugin.reply("How many passages contain the word Vietnam?")
    assert (reply.lang, reply.tool, reply.answered) == ("en", "word_count", True)
    assert reply.reply.startswith(f"**{reply.results[0].value}** passages contain “Vietnam”")


def test_a_plugin_s_own_text_says_what_it_did_not_find(engine_with_plugin: Engine) -> None:
    reply = engine_with_plugin.reply("Combien de passages contiennent le mot zygomatique ?")
    assert (reply.tool, reply.answered) == ("word_count", False)
    assert reply.reply.startswith(
        "Les articles ne le disent pas.\nAucun passage ne contient ce mot."
    )


def test_a_plugin_leaves_the_other_questions_to_the_built_in_tools(
    engine_with_plugin: Engine,
) -> None:
    reply = engine_with_plugin.reply("Combien de projets la Russie a-t-elle au Vietnam ?")
    assert reply.tool == "figure_lookup"
    assert engine_with_plugin.reply("aide").intent == "help"


def test_a_broken_plugin_is_skipped_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        name = "broken"

        def load(self) -> object:
            raise ImportError("missing dependency")

    import tools.registry as registry_module

    real = registry_module.entry_points
    monkeypatch.setattr(
        registry_module, "entry_points", lambda group: [*real(group=group), Broken()]
    )
    assert "date_lookup" in Registry.discover().names()
