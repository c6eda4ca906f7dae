"""The one spaCy pass of ingest gives the entities of NER alone and the parse of the parser."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc

from store.nlp import NER_ONLY, ner_pipeline, pipeline
from store.vectors import _fold, vector_table

# The parser starts a sentence inside the first name: NER run after it (the model's own
# order) finds "Trieu" and "Tai Vinh", two people.
CUT = (
    "Trieu Tai Vinh (à gauche), vice-président de la Commission de sensibilisation, "
    "d’éducation et de mobilisation des masses du Comité central du Parti communiste du "
    "Vietnam (PCV), rencontre Khamphanh Pheuyavong, secrétaire du Comité central du Parti "
    "populaire révolutionnaire lao (PPRL) et président de la Commission de sensibilisation "
    "et d’entraînement du Comité central du PPRL."
)


def _ents(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_ner_sees_the_sentence_whole_although_the_parser_cuts_it() -> None:
    doc = next(pipeline().pipe([CUT]))
    assert any(t.is_sent_start for t in doc[1:3])  # the parser did cut the name
    assert (0, len("Trieu Tai Vinh"), "PER") in _ents(doc)
    assert _ents(doc) == _ents(ner_pipeline()(CUT))


def test_the_pass_also_gives_tags_lemmas_and_the_parse() -> None:
    doc = next(pipeline().pipe(["Les ministres ont signé deux accords à Hanoï."]))
    assert [t.pos_ for t in doc][:3] == ["DET", "NOUN", "AUX"]
    assert [t.lemma_ for t in doc][:4] == ["le", "ministre", "avoir", "signer"]
    assert doc[3].dep_ == "ROOT" and doc[1].head.i == 3
    assert set(NER_ONLY) == set(pipeline().pipe_names) - {"ner"}


def _embed_word_by_word(text: str) -> list[float]:
    """The embedding as it was computed before one search for all words: a reference."""
    import re

    table = vector_table()
    total = np.zeros(table.dim, dtype=np.float32)
    found = 0
    for token in re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", text):
        hit = table.row(token.lower()) or table.row(_fold(token.lower()))
        if hit is not None:
            total += hit[1] * table.vectors[hit[0]]
            found += 1
    norm = float(np.linalg.norm(total))
    if not found or norm == 0.0:
        total = np.zeros(table.dim, dtype=np.float32)
        total[0] = 1.0
        return total.tolist()
    return (total / norm).tolist()


@pytest.mark.parametrize(
    "text",
    [
        CUT,
        "Le Président a reçu l'ambassadeur à la Maison-Blanche.",
        "ETE ÉTÉ Ete été",  # capitals and the accent-free fallback
        "xqzwv 2014 ---",  # no known word
        "",
    ],
)
def test_embedding_is_the_word_by_word_sum(text: str) -> None:
    # Summed per text with numpy, not word by word: equal to float32 rounding.
    assert np.allclose(vector_table().embed(text), _embed_word_by_word(text), atol=1e-6)


def test_texts_embedded_together_get_the_vectors_each_gets_alone() -> None:
    texts = [CUT, "", "xqzwv", "Le Président a reçu l'ambassadeur.", CUT]
    together = vector_table().embed_many(texts)
    assert together.shape == (5, vector_table().dim)
    for text, row in zip(texts, together, strict=True):
        assert np.array_equal(row, np.asarray(vector_table().embed(text), dtype=np.float32))


def test_a_full_word_memory_starts_again_and_embeds_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from store import vectors

    shared = vector_table()
    table = vectors._VectorTable(shared.vectors, shared.keys, shared.rows, shared.weights)
    texts = [CUT, "Le Président a reçu l'ambassadeur à la Maison-Blanche.", "ETE ÉTÉ Ete été"]
    expected = [shared.embed_many([t])[0] for t in texts]
    monkeypatch.setattr(vectors, "_FOUND_AT_MOST", 3)
    for _ in range(2):
        for text, vector in zip(texts, expected, strict=True):
            assert np.array_equal(table.embed_many([text])[0], vector)
    most = max(len(set(vectors._TOKEN.findall(t.lower()))) for t in texts)
    assert len(table._found) <= 3 + most  # bounded: replaced once past the limit
