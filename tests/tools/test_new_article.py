"""Nothing about the corpus is in the code: an article written for this test is answered
from its own text, the same way as the built-in ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.engine import Engine
from assistant.settings import Settings

ARTICLE = Path(__file__).parent / "data" / "999_test_article.txt"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = Engine.open(Settings(data_dir=tmp_path_factory.mktemp("fresh")))
    report = engine.ingest([ARTICLE])
    assert report.added == ["999_test_article"]
    return engine


def test_date_of_a_new_event(fresh: Engine) -> None:
    reply = fresh.reply("Quand Batbayar Ganzorig a-t-il reçu Phetsamone Vongsa ?")
    assert reply.answered and reply.results[0].value == "--04-03"
    assert reply.citations[0].article_id == "999_test_article"


def test_figure_with_its_unit_and_period(fresh: Engine) -> None:
    reply = fresh.reply("Quel montant ont atteint les échanges de thé en 2023 ?")
    assert reply.answered
    assert reply.results[0].value == pytest.approx(12.5e6) and reply.results[0].unit == "USD"


def test_count_by_its_noun(fresh: Engine) -> None:
    reply = fresh.reply("Combien de projets communs ont été annoncés ?")
    assert reply.answered and reply.results[0].value == 42


def test_role_of_a_new_person(fresh: Engine) -> None:
    reply = fresh.reply("Qui est Batbayar Ganzorig ?")
    assert reply.answered and "ministre mongol de l'Agriculture" in reply.reply


def test_a_yearless_range_stays_yearless(fresh: Engine) -> None:
    reply = fresh.reply("Quand aura lieu la prochaine réunion ?")
    assert reply.answered and reply.results[0].value == "--10-14/--10-16"


def test_the_teaser_is_not_part_of_the_article(fresh: Engine) -> None:
    article = fresh.store.article("999_test_article")
    assert "plantation de thé modèle" not in " ".join(
        s.text for s in article.sentences if s.kind != "related"
    )
