"""The reader and its verifier on hand-built sentences: the parse is written out by
hand (as spaCy gives it at ingest), so each test says exactly what the sentence holds
and pins one decision: which span answers, in which role, and when to refuse."""

from __future__ import annotations

from store.analysis import Entity, SentenceAnalysis
from store.models import Fact
from tests.tools.lexicon import Lexicon, read
from tools.question import Question, read_question
from tools.reader import weights as W
from tools.reader.evidence import EMPTY, Evidence, WordTable, read_evidence, sentence_words
from tools.reader.reader import Answer, Reader, _dates_event, _reversed, _role
from tools.reader.spans import Span, person_spans

Token = tuple[str, str, str, int]  # text, part of speech, dependency, head


def parse(tokens: list[Token], entities: tuple[Entity, ...] = ()) -> tuple[str, SentenceAnalysis]:
    """The sentence text (tokens joined by spaces) and its analysis."""
    starts, ends, at = [], [], 0
    for word, *_ in tokens:
        starts.append(at)
        ends.append(at + len(word))
        at += len(word) + 1
    text = " ".join(t[0] for t in tokens)
    return text, SentenceAnalysis(
        starts=tuple(starts),
        ends=tuple(ends),
        lemmas=tuple(t[0].lower() for t in tokens),
        tags=tuple(t[1] for t in tokens),
        deps=tuple(t[2] for t in tokens),
        heads=tuple(t[3] for t in tokens),
        entities=entities,
    )


def evidence(
    question: Question,
    parsed: tuple[str, SentenceAnalysis],
    key: tuple[str, int] = ("a1", 0),
    context: str = "",
    lemmas: dict[str, str] | None = None,
) -> Evidence:
    text, analysis = parsed
    words = WordTable.of(sentence_words(text, analysis), lemmas=lemmas)
    context_table = WordTable.of(context.split()) if context else EMPTY
    return read_evidence(question, key, text, "body", analysis, words, context_table, EMPTY, 1.0)


# « Elina Marsk a signé le traité en 2022 . »
SIGNED = parse(
    [
        ("Elina", "PROPN", "nsubj", 3),
        ("Marsk", "PROPN", "flat:name", 0),
        ("a", "AUX", "aux:tense", 3),
        ("signé", "VERB", "ROOT", 3),
        ("le", "DET", "det", 5),
        ("traité", "NOUN", "obj", 3),
        ("en", "ADP", "case", 7),
        ("2022", "NUM", "obl:mod", 3),
        (".", "PUNCT", "punct", 3),
    ],
    (Entity(0, 2, "PER"),),
)


def answer(ev: Evidence, span: Span | None = None, strength: float = 0.0) -> Answer:
    span = span or Span("person", 0, 11, "Elina Marsk", 0, 1, 0, "PER")
    return Answer(span, ev, 1.0, strength=strength)


def test_the_subject_of_the_question_s_verb_answers_who() -> None:
    q = read("Qui a signé le traité ?")
    ev = evidence(q, SIGNED)
    [person] = [s for s in person_spans(ev.text, SIGNED[1]) if s.entity == "PER"]
    assert person.text == "Elina Marsk"
    score, role = _role(q, ev, person, ev.tokens_of(("word", "focus")))
    assert role == "subject" and score == W.ROLE_SUBJECT


def test_the_object_answers_when_the_question_names_the_subject() -> None:
    q = read("Qu'a signé Elina Marsk en 2022 ?")
    ev = evidence(q, SIGNED)
    treaty = Span("person", 16, 25, "le traité", 4, 5, 5, None)
    _, role = _role(q, ev, treaty, ev.tokens_of(("word", "focus")))
    assert role != "subject"


def test_a_sentence_that_says_the_question_is_not_in_doubt() -> None:
    q = read("Qui a signé le traité en 2022 ?")
    ev = evidence(q, SIGNED)
    assert ev.coverage == 1.0
    assert Reader._doubt(q, answer(ev, strength=W.ROLE_SUBJECT)) is None


def test_a_sentence_with_only_the_question_s_names_does_not_answer() -> None:
    # « Quand Elina Marsk est-elle morte ? » is not answered by a sentence on her
    # that says nothing of dying.
    q = read("Quand Elina Marsk est-elle décédée ?")
    ev = evidence(q, SIGNED)
    reason = Reader._doubt(q, answer(ev))
    assert reason is not None


def test_a_sentence_covering_too_little_of_the_question_is_refused() -> None:
    q = read("Qui a présidé la commission mixte intergouvernementale de coopération ?")
    ev = evidence(q, SIGNED)
    assert ev.coverage < W.MIN_COVERAGE
    assert Reader._doubt(q, answer(ev)) == f"coverage {ev.coverage:.2f}"


def test_a_word_found_only_in_the_article_context_counts_for_less() -> None:
    q = read("Qui a signé le traité de Lorvanie ?")
    in_context = evidence(q, SIGNED, context="Coopération avec la Lorvanie")
    nowhere = evidence(q, SIGNED)
    [match] = [m for m in in_context.matches if m.term.word == "lorvanie"]
    assert match.where == "context"
    assert nowhere.coverage < in_context.coverage < 1.0
    assert [t.word for t in nowhere.missing()] == ["lorvanie"] and not in_context.missing()


def test_an_irregular_form_meets_the_question_s_word_through_its_lemma() -> None:
    # « a obtenu » in the question, « obtint » in an encyclopaedia: one verb.
    q = read("Quand Elina Marsk a-t-elle obtenu le poste ?")
    won = parse(
        [
            ("Elina", "PROPN", "nsubj", 2),
            ("Marsk", "PROPN", "flat:name", 0),
            ("obtint", "VERB", "ROOT", 2),
            ("le", "DET", "det", 4),
            ("poste", "NOUN", "obj", 2),
            (".", "PUNCT", "punct", 2),
        ]
    )
    with_lemmas = evidence(q, won, lemmas={"obtint": "obten"})
    without = evidence(q, won)
    [match] = [m for m in with_lemmas.matches if m.term.word == "obtenu"]
    assert match.tokens == (2,) and match.quality == 1.0
    assert without.coverage < with_lemmas.coverage


# « Le Vietnam compte 16 projets lorvaniens . » / « La Lorvanie compte 47 projets au Vietnam . »
HOSTED = parse(
    [
        ("Le", "DET", "det", 1),
        ("Vietnam", "PROPN", "nsubj", 2),
        ("compte", "VERB", "ROOT", 2),
        ("16", "NUM", "nummod", 4),
        ("projets", "NOUN", "obj", 2),
        ("lorvaniens", "ADJ", "amod", 4),
        (".", "PUNCT", "punct", 2),
    ]
)
OWNED = parse(
    [
        ("La", "DET", "det", 1),
        ("Lorvanie", "PROPN", "nsubj", 2),
        ("compte", "VERB", "ROOT", 2),
        ("47", "NUM", "nummod", 4),
        ("projets", "NOUN", "obj", 2),
        ("au", "ADP", "case", 6),
        ("Vietnam", "PROPN", "obl:mod", 2),
        (".", "PUNCT", "punct", 2),
    ]
)


def test_a_sentence_whose_subject_is_the_place_asked_reads_backwards() -> None:
    q = read("Combien de projets la Lorvanie a-t-elle au Vietnam ?")
    assert _reversed(evidence(q, HOSTED, context="la Lorvanie"))
    assert not _reversed(evidence(q, OWNED))


def test_a_question_without_a_place_has_no_direction() -> None:
    q = read("Combien de projets compte le Vietnam ?")
    assert not _reversed(evidence(q, HOSTED))


def date(value: str, key: tuple[str, int]) -> Answer:
    fact = Fact("date", value, value, key[0], key[1], 0, 5, "")
    span = Span("date", 0, 5, value, 0, 0, 0, fact=fact)
    return Answer(span, Evidence(key, "", "body", None, (), 1.0, 1.0), 1.0)


def test_tied_answers_from_two_sentences_of_one_article_are_torn() -> None:
    q = read("Quand le forum a-t-il eu lieu ?")
    assert Reader._torn([date("--04-02", ("a1", 1)), date("--05-02", ("a1", 4))], q)
    # two articles that differ are shown side by side instead
    assert not Reader._torn([date("--04-02", ("a1", 1)), date("--05-02", ("a2", 4))], q)


def test_a_date_inside_a_tied_range_gives_way_to_the_range() -> None:
    q = read("Quand la visite a-t-elle eu lieu ?")
    kept = Reader._keep([date("--03-16", ("a1", 2)), date("--03-14/--03-16", ("a1", 1))], q)
    assert [a.span.fact.value for a in kept if a.span.fact] == ["--03-14/--03-16"]


def test_the_same_value_twice_is_one_answer() -> None:
    q = read("Quand le forum a-t-il eu lieu ?")
    kept = Reader._keep([date("--04-02", ("a1", 1)), date("--04-02", ("a2", 3))], q)
    assert len(kept) == 1 and kept[0].evidence.key == ("a1", 1)


class _Facts:
    """The two things the reader asks the archive about one sentence."""

    def __init__(self, facts: list[Fact]) -> None:
        self.by_sentence = {("a1", 0): facts}

    def sentence_start(self, key: tuple[str, int]) -> int:
        return 0


# « Louis Marsk ( 1714-1791 ) fut consul . »
LIFE = parse(
    [
        ("Louis", "PROPN", "nsubj", 6),
        ("Marsk", "PROPN", "flat:name", 0),
        ("(", "PUNCT", "punct", 3),
        ("1714-1791", "NUM", "appos", 0),
        (")", "PUNCT", "punct", 3),
        ("fut", "AUX", "cop", 6),
        ("consul", "NOUN", "ROOT", 6),
        (".", "PUNCT", "punct", 6),
    ],
    (Entity(0, 2, "PER"),),
)
SPAN = Fact("date", "1714-1791", "1714/1791", "a1", 0, 14, 23, LIFE[0])


def test_a_life_span_after_a_name_says_the_birth_and_the_death() -> None:
    reader = Reader(_Facts([SPAN]))  # type: ignore[arg-type]
    for text, year in (
        ("Quand est mort Louis Marsk ?", "1791"),
        ("Quand est né Louis Marsk ?", "1714"),
    ):
        q = read(text)
        ev = reader._with_life_span(q, evidence(q, LIFE))
        assert all(m.where == "sentence" for m in ev.matches if m.term.word in q.life_words)
        assert [s.text for s in reader.spans(q, ev)] == [year]


def test_two_years_in_brackets_after_no_name_are_no_life_span() -> None:
    war = parse(
        [
            ("La", "DET", "det", 1),
            ("guerre", "NOUN", "ROOT", 1),
            ("(", "PUNCT", "punct", 3),
            ("1714-1791", "NUM", "appos", 1),
            (")", "PUNCT", "punct", 3),
        ]
    )
    at = war[0].index("1714")
    span = Fact("date", "1714-1791", "1714/1791", "a1", 0, at, at + 9, war[0])
    reader = Reader(_Facts([span]))  # type: ignore[arg-type]
    q = read("Quand est mort Louis Marsk ?")
    assert reader._life_span(evidence(q, war)) is None


def test_a_decade_is_met_by_a_year_of_it_and_a_sentence_without_a_year_by_the_one_before() -> None:
    q = read("Qui a signé le traité dans les années 2020 ?")
    assert [m.where for m in evidence(q, SIGNED).matches if m.term.kind == "year"] == ["sentence"]
    undated = parse(
        [
            ("Elina", "PROPN", "nsubj", 2),
            ("Marsk", "PROPN", "flat:name", 0),
            ("signa", "VERB", "ROOT", 2),
            ("le", "DET", "det", 4),
            ("traité", "NOUN", "obj", 2),
            (".", "PUNCT", "punct", 2),
        ]
    )
    text, analysis = undated
    words = WordTable.of(sentence_words(text, analysis))
    before = WordTable.of("Durant les années 2020 , la Lorvanie négocia .".split())
    ev = read_evidence(q, ("a1", 1), text, "body", analysis, words, EMPTY, before, 1.0)
    assert [m.where for m in ev.matches if m.term.kind == "year"] == ["previous"]
    dated = WordTable.of("Elina Marsk signa le traité en 1990 .".split())
    ev = read_evidence(q, ("a1", 1), text, "body", analysis, dated, EMPTY, before, 1.0)
    assert [m.where for m in ev.matches if m.term.kind == "year"] == [None]


def test_a_which_question_is_answered_by_the_name_after_its_noun() -> None:
    # « … l'ouverture de la ligne Hanoï – Lorvanieville . »
    opened = parse(
        [
            ("l'", "DET", "det", 1),
            ("ouverture", "NOUN", "ROOT", 1),
            ("de", "ADP", "case", 4),
            ("la", "DET", "det", 4),
            ("ligne", "NOUN", "nmod", 1),
            ("Hanoï", "PROPN", "appos", 4),
            ("–", "PROPN", "flat:name", 5),
            ("Lorvanieville", "PROPN", "nmod", 1),
            (".", "PUNCT", "punct", 1),
        ]
    )
    from tools.reader.spans import thing_spans

    [span] = thing_spans(opened[0], opened[1], {4})
    assert span.text == "Hanoï – Lorvanieville" and span.kind == "thing"
    assert thing_spans(opened[0], opened[1], {1}) == []  # « ouverture » names nothing


def test_a_number_of_the_question_is_met_by_its_spelling() -> None:
    q = read("Qui a signé 5 traités ?")
    five = parse(
        [
            ("Elina", "PROPN", "nsubj", 2),
            ("Marsk", "PROPN", "flat:name", 0),
            ("signa", "VERB", "ROOT", 2),
            ("cinq", "NUM", "nummod", 4),
            ("traités", "NOUN", "obj", 2),
        ]
    )
    [match] = [m for m in evidence(q, five).matches if m.term.kind == "number"]
    assert match.tokens == (3,)


def test_a_sentence_making_the_question_s_person_the_focus_does_not_say_whose_it_is() -> None:
    # « Qui est l'adversaire de Marsk ? » vs « X a pour adversaire Elina Marsk . »
    q = read("Qui est l'adversaire d'Elina Marsk ?")
    rival = parse(
        [
            ("Kesselring", "PROPN", "nsubj", 1),
            ("a", "VERB", "ROOT", 1),
            ("pour", "ADP", "case", 3),
            ("adversaire", "NOUN", "obl:arg", 1),
            ("Elina", "PROPN", "appos", 3),
            ("Marsk", "PROPN", "flat:name", 4),
            (".", "PUNCT", "punct", 1),
        ],
        (Entity(0, 1, "PER"), Entity(4, 6, "PER")),
    )
    ev = evidence(q, rival)
    reason = Reader._doubt(q, answer(ev, Span("person", 0, 10, "Kesselring", 0, 0, 0, "PER")))
    assert reason is not None and "adversaire" in reason


def test_a_date_the_text_opens_or_closes_with_is_a_beginning_or_an_end() -> None:
    from tools.reader.reader import _phase_of

    def phase(text: str, date: str) -> str | None:
        at = text.index(date)
        return _phase_of(text, Span("date", at, at + len(date), date, 0, 0, 0))

    assert phase("Elle règne jusqu'à la chute du roi en 1912.", "1912") == "end"
    assert phase("Sa présidence dure jusqu'en 1911.", "1911") == "end"
    assert phase("La guerre entraîna à partir de 1777 d'autres pays.", "1777") == "start"
    assert phase("Il est président depuis 1990.", "1990") == "start"
    assert phase("Il devient président en 1876.", "1876") is None
    assert read("Quand débute la guerre ?").phase == "start"
    assert read("Quand cesse-t-il d'être président ?").phase == "end"
    assert read("Quand est-il venu ?").phase is None


def test_a_sentence_opening_on_the_thing_asked_goes_on_about_the_one_before() -> None:
    q = read("Quand la liaison Lorvanie-Vietnam sera-t-elle inaugurée ?")
    text, analysis = parse(
        [
            ("La", "DET", "det", 1),
            ("liaison", "NOUN", "nsubj:pass", 3),
            ("sera", "AUX", "aux:pass", 3),
            ("inaugurée", "VERB", "ROOT", 3),
            ("le", "DET", "det", 5),
            ("15", "NUM", "obl:mod", 3),
            ("mars", "NOUN", "nmod", 5),
        ]
    )
    words = WordTable.of(sentence_words(text, analysis))
    before = WordTable.of("On ouvrira la ligne Lorvanie - Vietnam .".split())
    ev = read_evidence(q, ("a1", 1), text, "body", analysis, words, EMPTY, before, 1.0)
    assert {m.term.word: m.where for m in ev.matches if m.term.kind == "name"} == {
        "lorvanie": "previous",
        "vietnam": "previous",
    }
    pronoun = WordTable.of("Elle sera inaugurée le 15 mars .".split())  # « elle »: the ligne
    ev = read_evidence(q, ("a1", 1), text, "body", analysis, pronoun, EMPTY, before, 1.0)
    assert all(m.where == "previous" for m in ev.matches if m.term.kind == "name")
    other = WordTable.of("Elina Marsk signa le traité .".split())  # names none of them
    text2, analysis2 = SIGNED
    ev = read_evidence(q, ("a1", 1), text2, "body", analysis2, other, EMPTY, before, 1.0)
    assert all(m.where is None for m in ev.matches if m.term.kind == "name")


def test_a_title_tagged_as_a_thing_answers_with_the_person_in_apposition() -> None:
    # « la Première ministre lorvanienne Elina Marsk a proposé … »
    text, analysis = parse(
        [
            ("la", "DET", "det", 2),
            ("Première", "ADJ", "amod", 2),
            ("ministre", "NOUN", "nsubj", 6),
            ("lorvanienne", "ADJ", "amod", 2),
            ("Elina", "PROPN", "appos", 2),
            ("Marsk", "PROPN", "flat:name", 4),
            ("proposa", "VERB", "ROOT", 6),
        ],
        (Entity(1, 3, "MISC"), Entity(4, 6, "PER")),
    )
    texts = {(s.text, s.head) for s in person_spans(text, analysis)}
    assert ("Elina Marsk", 2) in texts  # the name, in the title's role (subject)
    assert not any(t == "Première ministre" for t, _ in texts)


def test_which_country_is_answered_by_the_country_that_acts() -> None:
    from tools.reader.spans import place_spans

    # « La Lorvanie assumera la présidence . »
    text, analysis = parse(
        [
            ("La", "DET", "det", 1),
            ("Lorvanie", "PROPN", "nsubj", 2),
            ("assumera", "VERB", "ROOT", 2),
            ("la", "DET", "det", 4),
            ("présidence", "NOUN", "obj", 2),
        ],
        (Entity(1, 2, "LOC"),),
    )
    assert place_spans(text, analysis) == []  # « Où… ? » wants where, not who acts
    assert [s.text for s in place_spans(text, analysis, acting=True)] == ["Lorvanie"]


def test_a_name_beside_the_noun_of_the_question_s_verb_is_who_did_it() -> None:
    # « … de son fondateur , Elina Marsk , … » for « Qui a fondé la compagnie ? », the
    # parser hanging the name on another word; the noun is met as « fondé »'s synonym.
    q = read_question(
        "Qui a fondé la compagnie ?",
        Lexicon(),
        lambda stem: frozenset({"fondateur"}) if stem == "fond" else frozenset(),
    )
    founder = parse(
        [
            ("règne", "NOUN", "nsubj", 7),
            ("de", "ADP", "case", 3),
            ("son", "DET", "det", 3),
            ("fondateur", "NOUN", "nmod", 0),
            (",", "PUNCT", "punct", 4),
            ("Elina", "PROPN", "appos", 0),
            ("Marsk", "PROPN", "flat:name", 5),
            ("dura", "VERB", "ROOT", 7),
        ],
        (Entity(5, 7, "PER"),),
    )
    ev = evidence(q, founder)
    span = Span(
        "person", founder[0].index("Elina"), len(founder[0]) - 5, "Elina Marsk", 5, 6, 5, "PER"
    )
    assert _role(q, ev, span, ev.tokens_of(("word", "focus"))) == (W.ROLE_APPOSITION, "agent noun")
    # the question's own noun is no agent: « … les prisonniers , dont Elina Marsk »
    q = read("Qui a tué les prisonniers ?")
    prisoners = parse(
        [
            ("les", "DET", "det", 1),
            ("prisonniers", "NOUN", "obj", 7),
            (",", "PUNCT", "punct", 5),
            ("Elina", "PROPN", "nmod", 1),
            ("Marsk", "PROPN", "flat:name", 3),
            ("x", "X", "dep", 7),
            ("y", "X", "dep", 7),
            ("tua", "VERB", "ROOT", 7),
        ],
        (Entity(3, 5, "PER"),),
    )
    ev = evidence(q, prisoners)
    span = Span("person", prisoners[0].index("Elina"), 0, "Elina Marsk", 3, 4, 3, "PER")
    assert _role(q, ev, span, ev.tokens_of(("word", "focus")))[1] != "agent noun"


# « le vice-ministre de la Santé Đỗ Xuân Tuyên a reçu Mme Marsk », parsed as spaCy's French
# model parses an unknown Vietnamese name: NER runs « Santé » into the name, and the
# name's own first word is the model's guess at a determiner.
RECEIVED = parse(
    [
        ("le", "DET", "det", 1),
        ("vice-ministre", "NOUN", "ROOT", 1),
        ("de", "ADP", "case", 4),
        ("la", "DET", "det", 4),
        ("Santé", "NOUN", "nmod", 1),
        ("Đỗ", "NUM", "det", 6),
        ("Xuân", "PROPN", "nsubj", 9),
        ("Tuyên", "PROPN", "flat:name", 6),
        ("a", "AUX", "aux:tense", 9),
        ("reçu", "VERB", "ROOT", 9),
        ("Mme", "NOUN", "obj", 9),
        ("Marsk", "PROPN", "flat:name", 10),
    ],
    (Entity(4, 8, "PER"), Entity(10, 12, "PER")),
)


def test_a_name_the_parser_splits_takes_the_role_of_its_word_attached_to_the_verb() -> None:
    text, analysis = RECEIVED
    people = {s.text: s for s in person_spans(text, analysis) if s.entity == "PER"}
    # the ministry's noun is not part of the name, and the name is the verb's subject
    assert "Đỗ Xuân Tuyên" in people
    assert analysis.deps[people["Đỗ Xuân Tuyên"].head] == "nsubj"


def test_an_object_clitic_asks_for_the_subject_never_the_object() -> None:
    question = read("Qui l'a reçu ?")
    assert question.object_clitic
    assert not read("Qui a reçu Mme Marsk ?").object_clitic
    ev = evidence(question, RECEIVED)
    reader = Reader.__new__(Reader)
    scored = {s.text: reader._score_span(question, ev, s)[0] for s in person_spans(*RECEIVED)}
    assert scored["Mme Marsk"] < 0 <= scored["Đỗ Xuân Tuyên"]


def test_a_sentence_naming_again_in_other_words_what_the_one_before_named_goes_on_about_it() -> (
    None
):
    # « … ouvre la ligne Lorvaneck – Marsk. La liaison comptera trois vols par semaine. »
    question = read("Combien de vols par semaine entre Lorvaneck et Marsk ?")
    text = "La liaison comptera trois vols par semaine ."
    words = WordTable.of(text.split())
    previous = WordTable.of("La compagnie ouvre la ligne Lorvaneck – Marsk .".split())

    def related(stem: str) -> frozenset[str]:
        return frozenset({"lign"}) if stem == "liaison" else frozenset()

    def where(rel: object) -> dict[str, str | None]:
        ev = read_evidence(
            question, ("a1", 1), text, "body", None, words, EMPTY, previous, 1.0, None, rel
        )
        return {m.term.word: m.where for m in ev.matches}

    assert where(related)["lorvaneck"] == "previous"
    assert where(None)["lorvaneck"] is None  # without the synonym, no link to the sentence before


def test_a_participle_describing_the_question_noun_dates_its_event() -> None:
    # « les favoris du championnat , disputé à Salò le 2 septembre » (the parser hangs the
    # participle on « favoris »)
    text, analysis = parse(
        [
            ("les", "DET", "det", 1),
            ("favoris", "NOUN", "ROOT", 1),
            ("du", "ADP", "case", 3),
            ("championnat", "NOUN", "nmod", 1),
            (",", "PUNCT", "punct", 5),
            ("disputé", "VERB", "acl", 1),
            ("à", "ADP", "case", 7),
            ("Salò", "PROPN", "obl:arg", 5),
            ("le", "DET", "det", 9),
            ("2", "NUM", "obl:mod", 5),
            ("septembre", "NOUN", "nmod", 9),
        ]
    )
    question = read("Quand se déroule le championnat ?")
    ev = evidence(question, (text, analysis))
    start = text.index("le 2")
    date = Span("date", start, len(text), "le 2 septembre", 8, 10, 9)
    assert _dates_event(ev, date, {3})  # « championnat » is the question's noun
    assert not _dates_event(ev, date, {7})  # a word elsewhere is not what it dates
