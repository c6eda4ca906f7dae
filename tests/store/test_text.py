"""Folding: accents go, every other character stays, the same way for every script."""

from __future__ import annotations

import unicodedata

from store.text import fold, strip_accents


def _by_character(text: str) -> str:
    """The definition: decompose (the Vietnamese d with stroke has no decomposition),
    then drop every character of a non-zero combining class."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_accents_are_stripped_and_case_kept() -> None:
    assert strip_accents("Trịnh Đức Khoa") == "Trinh Duc Khoa"
    assert fold("Đỗ Hoàng « Été »") == "do hoang « ete »"
    assert strip_accents("plain ascii") == "plain ascii"


def test_stripping_equals_the_per_character_definition_across_scripts() -> None:
    samples = [
        "".join(chr(c) for c in range(0x80, 0x3000)),  # Latin to CJK punctuation
        "Ελληνικά ά Москва́ नमस्ते עִבְרִית ﬁ ½ €",
        "e\u0301\u0327 a\u20d7",
        "𝄞\U0001d165x\u0301",  # a combining mark beyond the Basic Multilingual Plane
    ]
    for text in samples:
        assert strip_accents(text) == _by_character(text)
