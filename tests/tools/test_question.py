"""The question reader on hand-built input: a made-up archive vocabulary, no store.

Each test pins one thing the reader must get from the question alone (what it asks,
the noun it counts, the constraints an answer must meet), in the forms people type.
"""

from __future__ import annotations

import pytest

from tests.tools.lexicon import Lexicon, read
from tools.question import Question, Term


def kinds(question: Question) -> dict[str, str]:
    return {t.word: t.kind for t in question.terms}


def named(question: Question, word: str) -> Term:
    return next(t for t in question.terms if t.word == word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quand Elina Marsk est-elle venue en Lorvanie ?", "date"),
        ("elina marsk est venue quand en lorvanie", "date"),  # spoken order, lower case
        ("En quelle année la Lorvanie a-t-elle signé le traité ?", "date"),
        ("When did Elina Marsk visit Lorvania?", "date"),
        ("Combien de projets la Lorvanie compte-t-elle ?", "number"),
        ("combein de projets", "number"),  # a cue typed a letter off
        ("À combien s'élève le budget ?", "number"),
        ("Quel est le montant des échanges ?", "number"),
        ("How many projects are there?", "number"),
        ("Qui a signé le traité ?", "person"),
        ("Par qui le traité a-t-il été signé ?", "person"),
        ("Avec qui Elina Marsk s'est-elle entretenue ?", "person"),
        ("Où se trouve le centre de recherche ?", "place"),
        ("Dans quelle ville le forum a-t-il eu lieu ?", "place"),
        ("Que signifie ASEAN ?", "expansion"),
        ("What does ASEAN stand for?", "expansion"),
        ("Quel est le rôle d'Elina Marsk ?", "role"),
    ],
)
def test_the_answer_type_comes_from_the_question_form(text: str, expected: str) -> None:
    assert read(text).expected == expected


def test_english_is_told_from_french() -> None:
    assert read("When did the forum open?").lang == "en"
    assert read("Quand le forum a-t-il ouvert ?").lang == "fr"


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("Combien de projets d'investissement la Lorvanie compte-t-elle ?", "projets"),
        ("Combien d'entreprises ont participé au forum ?", "entreprises"),
        ("How many Russian projects are registered?", "projets"),  # adjective skipped
        ("How many times did she come?", "fois"),
    ],
)
def test_a_count_question_names_the_noun_it_counts(text: str, focus: str | None) -> None:
    assert read(text).focus == focus


def test_a_money_question_asks_for_the_money_dimension() -> None:
    assert read("Quel est le montant des échanges en 2022 ?").dimension == "money"


def test_names_years_and_nationalities_are_constraints() -> None:
    q = read("Combien de projets lorvaniens la ministre Elina Marsk a-t-elle signés en 2022 ?")
    terms = kinds(q)
    assert terms["2022"] == "year" and q.years == ("2022",)
    assert terms["marsk"] == "name" and terms["elina"] == "name"
    assert "Elina Marsk" in q.names
    assert terms["projets"] == "focus"
    assert terms["signes"] == "word"
    assert {t.kind for t in q.constraints()} >= {"year", "name", "focus"}


def test_a_lower_case_question_finds_names_through_the_archive() -> None:
    q = read("quand elina marsk est venue")
    assert kinds(q)["marsk"] == "name"


def test_a_place_written_after_a_preposition_is_where_not_who() -> None:
    q = read("Combien de projets la Lorvanie a-t-elle au Vietnam ?")
    assert named(q, "vietnam").locative
    assert not named(q, "lorvanie").locative


def test_verbs_that_only_ask_for_a_figure_weigh_little() -> None:
    q = read("À combien se sont élevées les importations en 2012 ?")
    assert named(q, "elevees").weight < named(q, "importations").weight


def test_a_known_acronym_matches_the_words_of_its_expansion() -> None:
    lexicon = Lexicon(acronyms={"PCV": "Parti communiste du Vietnam"})
    term = named(read("Qui dirige le PCV ?", lexicon), "pcv")
    assert term.kind == "name" and {"part", "commun"} <= set(term.phrase)


def test_an_unknown_acronym_is_a_word_not_a_constraint() -> None:
    term = named(read("Qui dirige le ZQX ?"), "zqx")
    assert term.kind == "word"


def test_figures_the_question_states_are_not_its_answer() -> None:
    assert 9.7 in read("Qui a obtenu les 9,7 % des voix ?").numbers


@pytest.mark.parametrize(
    ("text", "anaphoric"),
    [
        ("Qui l'a invitée ?", True),
        ("Quand est-il venu ?", False),  # the inverted pronoun is read by the dialogue
        ("Qui a invité Elina Marsk ?", False),
    ],
)
def test_a_question_pointing_back_says_so(text: str, anaphoric: bool) -> None:
    assert read(text).anaphoric is anaphoric


def test_a_follow_up_replaces_the_constraint_it_restates_and_keeps_the_rest() -> None:
    before = read("Quel a été le montant des échanges de la Lorvanie en 2012 ?")
    after = read("Et en 2017 ?").follow_up(before)
    assert after.years == ("2017",)
    assert after.expected == "number" and after.dimension == "money"
    assert "lorvanie" in kinds(after) and kinds(after).get("echanges") == "word"
    assert all(t.inherited for t in after.terms if t.word != "2017")


def test_a_follow_up_with_its_own_subject_drops_the_old_words() -> None:
    before = read("Combien de projets la Lorvanie a-t-elle ?")
    after = read("Et le montant des échanges ?").follow_up(before)
    assert "echanges" in kinds(after)
    assert after.focus != "projets"


def test_a_question_survives_the_session_memory() -> None:
    q = read("Combien de projets la Lorvanie a-t-elle au Vietnam en 2022 ?")
    again = Question.from_state(q.to_state())
    assert again == q
    assert named(again, "vietnam").locative


def test_a_session_written_before_a_field_existed_still_reads() -> None:
    state = read("Combien de projets la Lorvanie a-t-elle ?").to_state()
    for term in state["terms"]:
        term.pop("locative")
        term.pop("weak")
    again = Question.from_state(state)
    assert [t.word for t in again.terms] == [t["word"] for t in state["terms"]]


def test_a_decade_is_any_year_of_it() -> None:
    q = read("Qui a publié un catalogue dans les années 1880 ?")
    assert q.years == ("188",) and q.year_spans() == [(1880, 1889)]
    assert "annees" not in {t.word for t in q.terms}


def test_a_plural_role_noun_asks_for_people_of_the_nationality_beside_it() -> None:
    q = read("Quels présidents russes ont visité le Vietnam ?")
    assert q.expected == "person" and q.list_answer
    assert q.focus == "presidents"
    assert q.focus_nationality == "russe"
    assert read("Qui a visité le Vietnam ?").focus_nationality is None


def test_an_ordinal_in_figures_is_the_word() -> None:
    q = read("Qui a gagné pour la 1ère fois le tour ?")
    assert "premiere" in {t.word for t in q.terms}


def test_the_noun_asked_about_comes_after_its_prenominal_adjectives() -> None:
    assert read("Qui est le principal adversaire de Marsk ?").focus == "adversaire"
    assert read("Combien de nouveaux membres la Lorvanie compte-t-elle ?").focus == "membres"


def test_for_how_much_asks_for_a_price() -> None:
    assert read("Pour combien la Lorvanie a-t-elle acheté de riz ?").dimension == "money"


def test_a_general_abbreviation_is_read_as_the_words_articles_write() -> None:
    q = read("Qui est le PDG de Lorvanie Telecom ?")
    assert q.text == "Qui est le président-directeur général de Lorvanie Telecom ?"
    assert q.focus == "president-directeur"
    # one the archive defines keeps its own meaning; one asked about stays itself
    defined = read("Qui dirige la PDG ?", Lexicon(acronyms={"PDG": "Parti des Gens"}))
    assert "pdg" in {t.word for t in defined.terms}
    assert read("Que signifie PDG ?").expected == "expansion"


def test_a_prime_minister_is_a_minister() -> None:
    assert read("Qui est la Première ministre lorvanienne ?").focus == "ministre"


def test_a_country_typed_in_lower_case_is_a_name_the_archive_need_not_know() -> None:
    q = read("combien de tonnes de riz le vietnam a offertes au venezuela")
    assert {t.word: t.kind for t in q.terms}["venezuela"] == "name"


def test_english_counts_a_people_by_its_plural_nationality() -> None:
    q = read("How many Greeks died during the journey?")
    assert q.focus == "grecs" and "grecs" in {t.word for t in q.terms}
    assert read("When did she die?").life == "death"


def test_a_nationality_typed_in_lower_case_inside_a_name_the_archive_writes_is_the_name() -> None:
    # « Thai Nguyen » typed « thai nguyen »: « thai » is also a nationality (thaï).
    archive = Lexicon(names={"thai", "nguyen", "elina", "marsk"})
    q = read("quand l'usine de thai nguyen a-t-elle ete inauguree", archive)
    assert kinds(q)["thai"] == "name" and "thai nguyen" in [n.lower() for n in q.names]
    assert not q.nationalities
    # alone, the word is still the nationality
    assert read("quelles entreprises thai ont investi", archive).nationalities
