"""The irregular-form table built from the French model's lemma lookup."""

from __future__ import annotations

from pathlib import Path

from store.lemmas import lemma_stems
from store.search import terms


def test_irregular_forms_lead_to_their_lemma_s_stem(vectors_dir: Path) -> None:
    table = lemma_stems(vectors_dir)
    assert table["obtint"] == terms("obtenir")[0] == table["obtenu"]
    assert table["naquit"] == terms("naître")[0]
    assert table["devint"] == terms("devenir")[0]
    # a participle the lookup table reads as an adjective is still its verb's
    assert table["remis"] == terms("remettre")[0] == table["remet"]


def test_forms_of_etre_and_avoir_lead_nowhere(vectors_dir: Path) -> None:
    table = lemma_stems(vectors_dir)
    assert "ete" not in table and "eut" not in table  # « l'été 2012 » is no « être »


def test_regular_forms_are_left_to_the_stemmer(vectors_dir: Path) -> None:
    table = lemma_stems(vectors_dir)
    assert "signe" not in table and "signa" not in table  # both stem to « sign »
    assert 5_000 < len(table) < 100_000


def test_the_table_is_read_back_from_its_file(vectors_dir: Path) -> None:
    import store.lemmas as lemmas

    first = lemma_stems(vectors_dir)
    lemmas._tables.clear()
    assert lemma_stems(vectors_dir) == first
    assert list(vectors_dir.glob("lemmas-v*.json"))
