"""Specification of the chroma-backed Store: what it holds, hybrid search and its filters.

Every test runs on the embedded store and on a chroma server (see conftest.py).
"""

from __future__ import annotations

import shutil
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from chromadb.errors import NotFoundError

from store.errors import UnknownArticle
from store.ingest import builtin_corpus
from store.models import Article
from store.parse import load_article
from store.records import passages_of
from store.store import Hit, Store
from tests.store.conftest import WITH_POSTGRES, OpenStore
from tests.store.test_search import same_index

A001 = "001_5f0feb072f1e1255"
A002 = "002_4ab8014841a9bdf6"
A003 = "003_3d485451dd2f1f97"
A004 = "004_5a294bfd1c110c67"
PAIRS = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "retrieval_pairs.yaml").read_text("utf-8")
)


@pytest.fixture(scope="module")
def corpus() -> dict[str, Article]:
    return {p.stem: load_article(p) for p in sorted(builtin_corpus().glob("*.txt"))}


def texts(hits: list[Hit]) -> list[str]:
    return [h.passage.text for h in hits]


# -- what the store holds -----------------------------------------------------------------


def test_every_article_is_listed_once_with_its_title_and_fingerprint(
    read_store: Store, corpus: dict[str, Article]
) -> None:
    infos = read_store.articles()
    assert [i.article_id for i in infos] == sorted(corpus)
    for info in infos:
        article = corpus[info.article_id]
        assert (info.title, info.sha256, info.sentences) == (
            article.title,
            article.sha256,
            len(article.sentences),
        )
        assert Path(info.source).name == f"{info.article_id}.txt"
    assert not read_store.is_empty()


def test_an_article_reads_back_as_it_was_parsed(
    read_store: Store, corpus: dict[str, Article]
) -> None:
    for article_id, article in corpus.items():
        stored = read_store.article(article_id)
        assert stored.title == article.title
        assert stored.dateline == article.dateline
        assert stored.text == article.text
        assert stored.paragraphs == article.paragraphs
        assert stored.sentences == article.sentences
        assert stored.facts, f"{article_id} has no facts"
        assert all(f.article_id == article_id for f in stored.facts)
        for fact in stored.facts:
            assert stored.text[fact.start : fact.end] == fact.text, fact


def test_an_unknown_article_is_an_error(read_store: Store) -> None:
    with pytest.raises(UnknownArticle):
        read_store.article("999_nope")


def test_the_snapshot_holds_each_passage_of_the_corpus_once(
    read_store: Store, corpus: dict[str, Article]
) -> None:
    snap = read_store.snapshot()
    ids = [p.id for p in snap.passages]
    assert len(ids) == len(set(ids))
    expected = {p.id: p for a in corpus.values() for p in passages_of(a)}
    assert set(ids) == set(expected)
    for passage in snap.passages:
        assert passage.text == expected[passage.id].text
    article_text = Counter(p.article_id for p in snap.passages if p.kind != "related")
    assert article_text == Counter(
        s.article_id for a in corpus.values() for s in a.sentences if s.kind != "related"
    )
    assert snap.facts and {f.article_id for f in snap.facts} == set(corpus)


def test_every_passage_points_into_the_text_of_the_article_it_is_cited_under(
    read_store: Store,
) -> None:
    # A teaser shown on several pages is stored once: its offsets must be those of the
    # page it is cited under, so a citation can be shown in place.
    stored = {a.article_id: read_store.article(a.article_id) for a in read_store.articles()}
    for passage in read_store.snapshot().passages:
        article = stored[passage.article_id]
        assert passage.title == article.title
        assert article.text[passage.start : passage.end] == passage.text, passage
        sentence = article.sentences[passage.sentence]
        assert (sentence.text, sentence.kind, sentence.paragraph) == (
            passage.text,
            passage.kind,
            passage.paragraph,
        )


def test_the_snapshot_is_reused_while_nothing_changes(read_store: Store) -> None:
    assert read_store.snapshot() is read_store.snapshot()


# -- search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mode", [{}, {"dense": False}, {"lexical": False}], ids=["hybrid", "bm25", "dense"]
)
def test_search_returns_at_most_k_hits_best_first(read_store: Store, mode: dict[str, bool]) -> None:
    hits = read_store.search("échanges commerciaux entre le Vietnam et la Russie", k=7, **mode)
    assert 0 < len(hits) <= 7
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert len({h.passage.id for h in hits}) == len(hits)
    for hit in hits:
        assert (hit.lexical_rank is not None) or (hit.dense_rank is not None)
        if mode.get("dense") is False:
            assert hit.dense_rank is None
        if mode.get("lexical") is False:
            assert hit.lexical_rank is None


@pytest.mark.parametrize(
    "mode", [{}, {"dense": False}, {"lexical": False}], ids=["hybrid", "bm25", "dense"]
)
def test_asking_for_more_hits_does_not_reorder_the_first_ones(
    read_store: Store, mode: dict[str, bool]
) -> None:
    # A caller asking for 20 candidates to filter (passage_search) must see the same
    # first five as one asking for five.
    for pair in PAIRS:
        five = [h.passage.id for h in read_store.search(pair["question"], k=5, **mode)]
        twenty = [h.passage.id for h in read_store.search(pair["question"], k=20, **mode)]
        assert twenty[:5] == five, pair["question"]


def test_a_distinctive_sentence_is_found_first(read_store: Store) -> None:
    hits = read_store.search("Alexander Bortnikov Service fédéral de sécurité", k=3)
    assert "Alexander Bortnikov" in hits[0].passage.text
    assert hits[0].passage.article_id == A003
    assert hits[0].lexical_rank == 0


@pytest.mark.parametrize(
    "mode", [{}, {"dense": False}, {"lexical": False}], ids=["hybrid", "bm25", "dense"]
)
def test_the_article_filter_keeps_one_article(read_store: Store, mode: dict[str, bool]) -> None:
    hits = read_store.search("coopération dans la défense", k=10, article_id=A004, **mode)
    assert hits
    assert {h.passage.article_id for h in hits} == {A004}


@pytest.mark.parametrize(
    "mode", [{}, {"dense": False}, {"lexical": False}], ids=["hybrid", "bm25", "dense"]
)
@pytest.mark.parametrize("kinds", [["caption"], ["related"], ["lead", "body"], ["title"]])
def test_the_kind_filter_keeps_those_kinds(
    read_store: Store, kinds: list[str], mode: dict[str, bool]
) -> None:
    hits = read_store.search(
        "secrétaire général Vietnam Russie coopération", k=10, kinds=kinds, **mode
    )
    assert hits
    assert {h.passage.kind for h in hits} <= set(kinds)


def test_article_and_kind_filters_combine(read_store: Store) -> None:
    hits = read_store.search(
        "Sergey Shoigu Ngo Xuan Lich", k=10, article_id=A003, kinds=["caption"]
    )
    assert texts(hits) == [
        "L’entretien entre le ministre russe de la Défense, général d’armée Sergey Shoigu "
        "et son homologue vietnamien Ngo Xuan Lich."
    ]
    assert read_store.search("Sergey Shoigu", k=10, article_id=A001, kinds=["caption"]) == []


@pytest.mark.parametrize(
    ("query", "article_text", "teaser"),
    [
        (
            "établi leurs relations diplomatiques",
            "ont établi leurs relations diplomatiques le 30 janvier 1950",
            "ont officiellement établi leurs relations diplomatiques",
        ),
        (
            "centrale nucléaire de Ninh Thuan",
            "centrale nucléaire Ninh Thuan 1",
            "la centrale nucléaire de Ninh Thuan",
        ),
        (
            "coopération décentralisée",
            "La coopération décentralisée des deux pays",
            "renforce la coopération décentralisée Vietnam–Japon",
        ),
    ],
)
@pytest.mark.parametrize("mode", [{}, {"dense": False}], ids=["hybrid", "bm25"])
def test_teasers_rank_below_article_text_matching_the_same_words(
    read_store: Store, query: str, article_text: str, teaser: str, mode: dict[str, bool]
) -> None:
    found = texts(read_store.search(query, k=60, **mode))

    def rank(fragment: str) -> int:
        return next(i for i, text in enumerate(found) if fragment in text)

    assert rank(article_text) < rank(teaser)


def test_a_query_of_unknown_words_does_not_fail(read_store: Store) -> None:
    assert read_store.search("xqzw vbnk", k=3, dense=False) == []
    assert len(read_store.search("xqzw vbnk", k=3)) <= 3
    assert read_store.search("", k=3, dense=False) == []


def recall_at(store: Store, k: int, **mode: bool) -> tuple[float, list[str]]:
    missed = []
    for pair in PAIRS:
        hits = store.search(pair["question"], k=k, **mode)
        if not any(pair["expected"] in h.passage.text for h in hits):
            missed.append(pair["question"])
    return 1 - len(missed) / len(PAIRS), missed


def test_the_retrieval_pairs_name_sentences_of_their_article(
    read_store: Store, corpus: dict[str, Article]
) -> None:
    assert len(PAIRS) >= 40
    for pair in PAIRS:
        sentences = [s.text for s in corpus[pair["article"]].sentences if s.kind != "related"]
        assert any(pair["expected"] in s for s in sentences), pair


def test_bm25_finds_the_expected_sentence_in_the_top_five(read_store: Store) -> None:
    # Measured 0.96 (55/57) when this floor was set; see benchmarks/results/retrieval.md.
    recall, missed = recall_at(read_store, 5, dense=False)
    assert recall >= 0.94, missed


def test_hybrid_search_finds_the_expected_sentence_in_the_top_five(read_store: Store) -> None:
    # Measured 0.96 (55/57) when this floor was set; see benchmarks/results/retrieval.md.
    recall, missed = recall_at(read_store, 5)
    assert recall >= 0.94, missed


def test_hybrid_search_ranks_the_expected_sentence_first_more_often_than_either_alone(
    read_store: Store,
) -> None:
    hybrid = recall_at(read_store, 1)[0]
    assert hybrid > recall_at(read_store, 1, dense=False)[0]
    assert hybrid > recall_at(read_store, 1, lexical=False)[0]


def test_hybrid_search_loses_nothing_either_retriever_finds_in_the_top_five(
    read_store: Store,
) -> None:
    # The goal is "better than either alone" at recall@5; measured, hybrid ties BM25
    # (0.96): the two questions both miss share no content word with their sentence, and
    # the word-vector side is too weak to rescue them (BENCHMARKS.md). What holds is pinned.
    hybrid, missed = recall_at(read_store, 5)
    assert hybrid >= 0.95, missed
    assert hybrid >= recall_at(read_store, 5, dense=False)[0]
    assert hybrid > recall_at(read_store, 5, lexical=False)[0]


# -- writing and the chroma collections ------------------------------------------------------


def test_the_embedding_function_is_registered_with_the_articles(
    open_store: OpenStore, raw_collection: Callable[[str], Any], corpus: dict[str, Article]
) -> None:
    open_store().write_article(corpus[A004], [])
    collection = raw_collection("articles")  # a client of its own, given no embedding function
    function = collection.configuration_json["embedding_function"]
    assert function["name"] == "fr_word_vectors"
    assert function["config"]["model"] == "fr_core_news_md"


def test_dense_search_alone_finds_a_passage_by_its_words(
    open_store: OpenStore, corpus: dict[str, Article]
) -> None:
    store = open_store()
    store.write_article(corpus[A004], [])
    hits = store.search("la viande et les produits aquatiques", k=3, lexical=False)
    assert any("produits aquatiques" in h.passage.text for h in hits)
    assert all(h.dense_rank is not None and h.lexical_rank is None for h in hits)


def test_chroma_holds_no_passages_the_snapshot_holds_their_vectors(
    open_store: OpenStore, raw_collection: Callable[[str], Any], corpus: dict[str, Article]
) -> None:
    # chroma's embedded HNSW index is loaded whole by every process that queries it: the
    # passages' vectors are in the snapshot's files, mapped (store.dense).
    store = open_store()
    store.write_article(corpus[A004], [])
    with pytest.raises(NotFoundError):
        raw_collection("passages")
    snap = store.snapshot()
    vectors = snap.dense.vectors_of(np.arange(len(snap.passages))).astype(np.float32)
    assert vectors.shape == (len(snap.passages), 300)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-2)


def test_a_store_of_an_earlier_release_loses_its_passage_collection_at_the_next_write(
    open_store: OpenStore,
    raw_client: Callable[[], Any],
    raw_collection: Callable[[str], Any],
    corpus: dict[str, Article],
) -> None:
    store = open_store()
    store.write_article(corpus[A004], [])
    raw_client().create_collection("passages").add(ids=["x"], embeddings=[[1.0, 0.0]])
    assert raw_collection("passages").count() == 1
    open_store().write_article(corpus[A004], [])
    with pytest.raises(NotFoundError):
        raw_collection("passages")


def test_writing_an_article_twice_keeps_one_copy_of_each_passage(
    open_store: OpenStore, raw_collection: Callable[[str], Any], corpus: dict[str, Article]
) -> None:
    store = open_store()
    store.write_article(corpus[A004], [])
    count = len(store.snapshot().passages)
    store.write_article(corpus[A004], [])
    assert len(store.snapshot().passages) == count == len(passages_of(corpus[A004]))
    assert raw_collection("articles").count() == 1


@pytest.mark.parametrize("backend", WITH_POSTGRES)
def test_a_removed_article_is_gone_from_listing_reading_and_search(
    open_store: OpenStore, corpus: dict[str, Article]
) -> None:
    store = open_store()
    store.write_article(corpus[A003], [])
    store.write_article(corpus[A004], [])
    assert store.search("Alexander Bortnikov", k=1)[0].passage.article_id == A003
    store.remove_article(A003)
    assert [a.article_id for a in store.articles()] == [A004]
    with pytest.raises(UnknownArticle):
        store.article(A003)
    assert all(h.passage.article_id != A003 for h in store.search("Alexander Bortnikov", k=20))
    assert A003 not in {p.article_id for p in store.snapshot().passages}


def test_search_sees_writes_made_after_it_first_ran(
    open_store: OpenStore, corpus: dict[str, Article]
) -> None:
    store = open_store()
    store.write_article(corpus[A004], [])
    assert all(h.passage.article_id == A004 for h in store.search("Alexander Bortnikov", k=3))
    store.write_article(corpus[A003], [])
    assert store.search("Alexander Bortnikov", k=1)[0].passage.article_id == A003


@pytest.mark.parametrize("backend", WITH_POSTGRES)
def test_a_snapshot_sees_writes_made_through_another_store_object(
    open_store: OpenStore, corpus: dict[str, Article]
) -> None:
    reader, writer = open_store(), open_store()
    writer.write_article(corpus[A004], [])
    assert {p.article_id for p in reader.snapshot().passages} == {A004}
    writer.write_article(corpus[A003], [])
    assert {p.article_id for p in reader.snapshot().passages} == {A003, A004}


@pytest.mark.parametrize("backend", WITH_POSTGRES)
def test_a_passage_written_without_its_article_record_is_not_visible(
    open_store: OpenStore, raw_collection: Callable[[str], Any], corpus: dict[str, Article]
) -> None:
    # What a process killed between the passages and the article record leaves behind.
    store = open_store()
    store.write_article(corpus[A004], [])
    store.write_article(corpus[A003], [])
    raw_collection("articles").delete(ids=[A003])
    fresh = open_store()
    assert {p.article_id for p in fresh.snapshot().passages if p.kind != "related"} == {A004}
    assert all(h.passage.article_id != A003 for h in fresh.search("Alexander Bortnikov", k=20))


@pytest.mark.parametrize("backend", WITH_POSTGRES)
def test_an_article_record_is_kept_compressed_apart_from_chroma_documents(
    open_store: OpenStore, raw_collection: Callable[[str], Any], corpus: dict[str, Article]
) -> None:
    # Chroma copies and indexes every document twice (metadata and trigram FTS): a record
    # kept there cost five times its size on disk.
    store = open_store()
    store.write_article(corpus[A004], [])
    marker = raw_collection("articles").get(ids=[A004], include=["documents", "metadatas"])
    assert marker["documents"] == [""]
    assert marker["metadatas"][0]["sha256"] == corpus[A004].sha256
    (sha, blob) = store._records.get([A004])[A004]
    assert sha == corpus[A004].sha256
    assert len(blob) < len(corpus[A004].text.encode("utf-8"))
    assert open_store().article(A004).text == corpus[A004].text


@pytest.mark.parametrize("backend", WITH_POSTGRES)
def test_a_record_written_from_other_text_than_its_marker_is_not_committed(
    open_store: OpenStore, corpus: dict[str, Article]
) -> None:
    # What a process killed between an updated article's record and its marker leaves.
    from store.record_store import pack
    from store.records import article_payload

    store = open_store()
    store.write_article(corpus[A004], [])
    store.write_article(corpus[A003], [])
    store._records.put([(A003, "f" * 64, pack(article_payload(corpus[A003], [])))])
    fresh = open_store()
    assert {p.article_id for p in fresh.snapshot().passages if p.kind != "related"} == {A004}
    with pytest.raises(UnknownArticle):
        fresh.article(A003)


@pytest.mark.parametrize("backend", WITH_POSTGRES)
def test_a_store_whose_records_are_chroma_documents_is_still_read_and_then_rewritten(
    open_store: OpenStore, raw_collection: Callable[[str], Any], corpus: dict[str, Article]
) -> None:
    # Stores written before records moved out of chroma hold them as the marker's document.
    from store.records import article_payload

    store = open_store()
    store.write_article(corpus[A004], [])
    store.write_article(corpus[A003], [])
    store._records.delete([A003, A004])
    markers = raw_collection("articles")
    got = markers.get(ids=[A003, A004], include=["metadatas", "embeddings"])
    markers.upsert(
        ids=got["ids"],
        documents=[article_payload(corpus[aid], []) for aid in got["ids"]],
        metadatas=got["metadatas"],
        embeddings=got["embeddings"],
    )
    old = open_store()
    assert old.article(A003).text == corpus[A003].text
    assert {p.article_id for p in old.snapshot().passages if p.kind != "related"} == {A003, A004}
    old.write_article(corpus[A003], [])
    assert markers.get(ids=[A003], include=["documents"])["documents"] == [""]
    assert open_store().article(A003).text == corpus[A003].text


def test_a_snapshot_reads_each_sentence_analysis_from_disk_not_from_memory(
    open_store: OpenStore, corpus: dict[str, Article]
) -> None:
    from store.analysis import SentenceAnalysis
    from store.analysis_file import AnalysisFile

    article = corpus[A004]
    analyses = [
        SentenceAnalysis((0,), (len(s.text),), (s.text,), ("X",), ("ROOT",), (0,))
        for s in article.sentences
    ]
    open_store().write_article(article, [], analyses)
    for store in (open_store(), open_store()):  # the process that builds it, then a reader
        snapshot = store.snapshot()
        assert isinstance(snapshot.analyses, AnalysisFile)
        for sentence, analysis in zip(article.sentences, analyses, strict=True):
            assert snapshot.analyses.get((A004, sentence.index)) == analysis


def test_a_snapshot_cache_written_by_another_release_is_rebuilt(
    open_store: OpenStore, corpus: dict[str, Article]
) -> None:
    store = open_store()
    store.write_article(corpus[A004], [])
    signature = store.snapshot().signature
    cached = store._cache_dir / signature / "snapshot.pickle.z"
    assert cached.exists()
    # A pickle naming a class this release does not have (one added by a newer release).
    cached.write_bytes(zlib.compress(b"cstore.models\nArticleFromTheFuture\n."))
    fresh = open_store()
    assert {p.article_id for p in fresh.snapshot().passages} == {A004}


def test_a_snapshot_whose_passage_text_was_cut_short_is_built_again(
    open_store: OpenStore, corpus: dict[str, Article]
) -> None:
    store = open_store()
    store.write_article(corpus[A004], [])
    expected = list(store.snapshot().passages)
    text = store._cache_dir / store.snapshot().signature / "passages.text"
    text.write_bytes(text.read_bytes()[:100])
    assert list(open_store().snapshot().passages) == expected
    assert text.stat().st_size > 100  # put back in place, not built aside at every open


def test_a_snapshot_cache_of_another_release_is_not_read_even_when_current(
    open_store: OpenStore, corpus: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pointer says the cache is current; its files may still be another release's.
    store = open_store()
    store.write_article(corpus[A004], [])
    before = store.snapshot().signature
    monkeypatch.setattr("store.store.SNAPSHOT_VERSION", 999)
    after = open_store().snapshot()
    assert after.signature != before
    assert {p.article_id for p in after.passages} == {A004}


@pytest.mark.parametrize("backend", WITH_POSTGRES)
@pytest.mark.parametrize("patched", [True, False], ids=["facts-patched", "facts-relabelled"])
def test_a_snapshot_after_a_write_is_updated_from_the_last_and_equals_one_built_anew(
    open_store: OpenStore,
    corpus: dict[str, Article],
    monkeypatch: pytest.MonkeyPatch,
    patched: bool,
) -> None:
    # An ingest of a few articles into a large archive reads those few records; its facts
    # file is the previous one patched, or (no label left in a gap) written anew.
    from store.analysis import SentenceAnalysis

    if not patched:
        monkeypatch.setattr("store.store.fit_labels", lambda order, kept: None)

    def analysed(article: Article) -> list[SentenceAnalysis]:
        return [
            SentenceAnalysis((0,), (len(s.text),), (s.text[:9],), ("X",), ("ROOT",), (0,))
            for s in article.sentences
        ]

    store = open_store()
    for aid in (A001, A002, A004):
        store.write_article(corpus[aid], [], analysed(corpus[aid]))
    store.snapshot()
    reader = open_store()
    reader.snapshot()
    read: list[list[str]] = []
    committed = Store._committed

    def spy(self: Store, got: dict[str, Any]) -> Any:
        read.append(list(got["ids"]))
        return committed(self, got)

    monkeypatch.setattr(Store, "_committed", spy)
    store.write_article(corpus[A003], [], analysed(corpus[A003]))  # added
    store.remove_article(A001)  # removed
    changed = replace(corpus[A002], sha256="0" * 64)
    store.write_article(changed, [], analysed(changed))  # changed
    updated = store.snapshot()
    assert sorted(aid for ids in read for aid in ids) == [A002, A003]
    monkeypatch.setattr(Store, "_committed", committed)
    for path in store._cache_dir.iterdir():  # nothing cached: built from every record
        if path.is_dir():
            shutil.rmtree(path)
    (store._cache_dir / "current.json").unlink()
    rebuilt = open_store().snapshot()
    assert rebuilt.signature == updated.signature
    assert list(rebuilt.passages) == list(updated.passages)
    assert list(rebuilt.facts) == list(updated.facts)
    assert same_index(rebuilt.lexical, updated.lexical)  # the postings merged, to the bit
    # (A003 was filed between A002 and A004, which kept their labels.)
    assert (updated.facts.labels.tolist() != rebuilt.facts.labels.tolist()) is patched
    for aid in rebuilt.shas:  # every page, teasers shown on several included
        assert rebuilt.passages.page(aid) == updated.passages.page(aid)
    assert (
        rebuilt.shas
        == updated.shas
        == {
            A002: "0" * 64,
            A003: corpus[A003].sha256,
            A004: corpus[A004].sha256,
        }
    )
    assert dict(rebuilt.analyses.items()) == dict(updated.analyses.items())
    assert list(reader.snapshot().passages) == list(updated.passages)  # another process follows


def test_the_generation_changes_with_a_write_through_another_store_object(
    open_store: OpenStore, corpus: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What lets one server notice another's ingest without a restart, embedded (a file
    # beside the cache) or on a chroma server (the articles collection's metadata).
    monkeypatch.setattr("store.store.SERVER_GENERATION_TTL", 0.0)
    reader, writer = open_store(), open_store()
    writer.write_article(corpus[A004], [])
    before = reader.generation()
    assert before is not None
    assert reader.generation() == before  # nothing written since
    writer.write_article(corpus[A003], [])
    after = reader.generation()
    assert after not in (None, before)
    assert {p.article_id for p in reader.snapshot().passages} == {A003, A004}


@pytest.mark.parametrize("backend", ["server"])
def test_a_server_generation_is_read_without_chromas_client_and_says_the_same(
    open_store: OpenStore, corpus: dict[str, Article], tmp_path: Path
) -> None:
    """A process answering from its snapshot reads the chroma server's generation with
    one HTTP request: it never imports chroma's client for it (a second at start-up)."""
    import json
    import subprocess
    import sys

    writer = open_store()
    writer.write_article(corpus[A004], [])
    server = writer._server
    assert server is not None
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from store.store import Store\n"
        "host, port = sys.argv[2], int(sys.argv[3])\n"
        "store = Store.open(Path(sys.argv[1]), chroma_host=host, chroma_port=port)\n"
        "print(json.dumps([store.generation(), 'chromadb' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "probe"), server[0], str(server[1])],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    generation, imported = json.loads(done.stdout.strip().splitlines()[-1])
    assert not imported
    assert generation == writer.generation() and generation not in (None, "-")
