"""The archive tools called directly: summaries are the article's own sentences at their
offsets, lists page and narrow, and a bad parameter is refused with a clear error."""

from __future__ import annotations

import pytest

from assistant.engine import Engine
from assistant.errors import InvalidToolParameters
from tools.archive.periods import Period, period_in


def _ids(engine: Engine) -> list[str]:
    return [a.article_id for a in engine.store.articles()]


def test_every_summary_sentence_is_the_article_s_own_text_at_its_offsets(engine: Engine) -> None:
    for article_id in _ids(engine):
        result = engine.call_tool("article_summary", {"article": article_id})
        stored = engine.store.article(article_id)
        assert 3 <= len(result.citations) <= 5, (article_id, len(result.citations))
        assert result.header is not None and result.header["article_id"] == article_id
        for source in result.citations:
            assert source.article_id == article_id
            assert source.start is not None and source.end is not None, source
            assert stored.text[source.start : source.end] == source.quote, source
            assert source.kind in ("lead", "body"), source


def test_a_summary_opens_on_the_lead_and_keeps_the_article_s_order(engine: Engine) -> None:
    for article_id in _ids(engine):
        result = engine.call_tool("article_summary", {"article": article_id})
        assert result.citations[0].kind == "lead"
        sentences = [s.sentence for s in result.citations]
        assert sentences == sorted(sentences), article_id
        assert len(set(sentences)) == len(sentences)


def test_a_summary_asked_for_three_sentences_has_three(engine: Engine) -> None:
    article_id = _ids(engine)[1]
    result = engine.call_tool("article_summary", {"article": article_id, "sentences": 3})
    assert len(result.citations) == 3


def test_an_unknown_article_gets_no_summary(engine: Engine) -> None:
    result = engine.call_tool("article_summary", {"article": "zzz-no-such-article-qwxj"})
    assert result.results == [] and result.citations == []


def test_article_list_pages_cover_the_whole_list_without_repeats(engine: Engine) -> None:
    whole = engine.call_tool("article_list", {"query": "Russie", "limit": 50})
    ids = [r.value for r in whole.results]
    assert len(ids) >= 3 and whole.more == 0
    first = engine.call_tool("article_list", {"query": "Russie", "limit": 2})
    second = engine.call_tool("article_list", {"query": "Russie", "limit": 2, "offset": 2})
    assert first.more == len(ids) - 2
    assert [r.value for r in first.results + second.results] == ids[:4]


def test_every_listed_article_cites_a_sentence_of_its_own_that_names_the_subject(
    engine: Engine,
) -> None:
    result = engine.call_tool("article_list", {"query": "défense", "limit": 50})
    assert result.results
    for item, source in zip(result.results, result.citations, strict=True):
        assert source.article_id == item.article_id
        assert "fense" in source.quote.lower(), source.quote


def test_a_subject_no_article_names_lists_nothing(engine: Engine) -> None:
    result = engine.call_tool("article_list", {"query": "Groenland"})
    assert result.results == [] and result.header is None


def test_a_timeline_is_oldest_first_and_within_its_period(engine: Engine) -> None:
    result = engine.call_tool("timeline", {"start": "2001", "end": "2012", "limit": 100})
    assert result.results
    period = Period.between("2001", "2012")
    assert period is not None
    periods = [Period.of(str(r.value)) for r in result.results]
    assert all(p is not None and period.holds(p) for p in periods)
    firsts = [p.first for p in periods if p is not None]
    assert firsts == sorted(firsts)


def test_a_bad_period_is_refused_with_the_value_named(engine: Engine) -> None:
    with pytest.raises(InvalidToolParameters, match="not-a-date"):
        engine.call_tool("timeline", {"start": "not-a-date"})


def test_an_unknown_parameter_is_refused(engine: Engine) -> None:
    with pytest.raises(InvalidToolParameters, match="colour"):
        engine.call_tool("article_list", {"query": "Russie", "colour": "red"})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Que s'est-il passé en 2012 ?", "2012"),
        ("Que s'est-il passé en mars 2013 ?", "2013-03"),
        ("Que s'est-il passé entre 2001 et 2006 ?", "2001/2006"),
        ("What happened between 2001 and 2006?", "2001/2006"),
    ],
)
def test_the_period_a_question_names(text: str, value: str) -> None:
    period, _rest = period_in(text)
    assert period is not None and period.value == value
