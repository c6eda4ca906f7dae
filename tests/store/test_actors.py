"""Sentence-level tests of person, role and interaction extraction."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.extract.actors import NATIONALITIES, TITLES, Interaction, find_actors, find_interactions
from store.models import ActorMention
from store.nlp import ner_pipeline


@pytest.fixture(scope="module")
def nlp() -> Any:
    return ner_pipeline()


def actors(nlp: Any, text: str) -> dict[str, ActorMention]:
    found = find_actors(nlp(text))
    for a in found:
        assert text[a.start : a.end] == a.text
    return {a.name: a for a in found}


def role(nlp: Any, text: str, name: str) -> tuple[str | None, str | None]:
    found = actors(nlp, text)
    assert name in found, f"{name!r} not in {sorted(found)}"
    return found[name].role, found[name].nationality


def interactions(nlp: Any, text: str) -> set[tuple[str, str, str]]:
    doc = nlp(text)
    return {(i.subject, i.verb, i.object) for i in find_interactions(doc, find_actors(doc))}


@pytest.mark.parametrize(
    ("text", "name", "expected_role", "nationality"),
    [
        (
            "La Russie considère le Vietnam comme son partenaire, a déclaré le ministre russe "
            "de la Défense, le général Sergey Shoigu.",
            "Sergey Shoigu",
            "ministre russe de la Défense",
            "russe",
        ),
        (
            "Le secrétaire général du Parti communiste du Vietnam (PCV) Nguyên Phu Trong se "
            "rendra en Russie.",
            "Nguyên Phu Trong",
            "secrétaire général du Parti communiste du Vietnam (PCV)",
            None,
        ),
        (
            "Il aura des échanges avec le président russe Vladimir Putin à Moscou.",
            "Vladimir Putin",
            "président russe",
            "russe",
        ),
        (
            "Le vice-Premier ministre Trinh Dinh Dung a participé à la réunion.",
            "Trinh Dinh Dung",
            "vice-Premier ministre",
            None,
        ),
        (
            "Le ministre russe a reçu son homologue vietnamien Ngo Xuan Lich à Moscou.",
            "Ngo Xuan Lich",
            "homologue vietnamien",
            "vietnamien",
        ),
        (
            "Le ministre a eu une entrevue avec le directeur du Service fédéral de sécurité, "
            "Alexander Bortnikov et rencontré des vétérans.",
            "Alexander Bortnikov",
            "directeur du Service fédéral de sécurité",
            None,
        ),
        (
            "Le secrétaire général To Lam a rencontré Dmitri Medvedev, président du Parti "
            "Russie unie (PRU) et vice-président du Conseil de sécurité russe, à Moscou.",
            "Dmitri Medvedev",
            "président du Parti Russie unie (PRU) et vice-président du Conseil de sécurité russe",
            "russe",
        ),
        (
            "L'entretien entre le ministre russe de la Défense, général d’armée Sergey Shoigu "
            "et son homologue vietnamien Ngo Xuan Lich.",
            "Sergey Shoigu",
            "ministre russe de la Défense",
            "russe",
        ),
        (
            "Le secrétaire général Nguyên Phu Trong et le présidenr russe Vladimir Putin "
            "supervisent la signature.",
            "Vladimir Putin",
            "président russe",
            "russe",
        ),
    ],
)
def test_roles(nlp: Any, text: str, name: str, expected_role: str, nationality: str) -> None:
    assert role(nlp, text, name) == (expected_role, nationality)


def test_title_in_misc_entity_is_stripped(nlp: Any) -> None:
    # NER labels "Premier ministre Nguyen Tan Dung" as one MISC entity.
    found = actors(nlp, "Le Premier ministre Nguyen Tan Dung effectuera une visite officielle.")
    assert list(found) == ["Nguyen Tan Dung"]
    assert found["Nguyen Tan Dung"].role == "Premier ministre"


def test_distributed_plural_title_with_own_nationality(nlp: Any) -> None:
    text = (
        "Le Premier ministre Nguyen Tan Dung effectuera une visite officielle du 12 au 15 mai "
        "en Russie et du 15 au 17 mai en Biélorussie, sur invitation des Premier-ministres "
        "russe, D. Medvedev, et biélorusse, M. Myasnikovich."
    )
    assert role(nlp, text, "D. Medvedev") == ("Premier ministre russe", "russe")
    assert role(nlp, text, "M. Myasnikovich") == ("Premier ministre biélorusse", "biélorusse")
    assert interactions(nlp, text) == {
        ("D. Medvedev", "invited", "Nguyen Tan Dung"),
        ("M. Myasnikovich", "invited", "Nguyen Tan Dung"),
    }


def test_distributed_plural_title_across_dates(nlp: Any) -> None:
    text = (
        "On peut citer les visites en Russie des présidents du Vietnam Tran Duc Luong en mai "
        "2004 et Nguyen Minh Triet en août 2008, celles du Premier ministre Nguyen Tan Dung en "
        "septembre 2007."
    )
    found = actors(nlp, text)
    assert found["Tran Duc Luong"].role == "président du Vietnam"
    assert found["Nguyen Minh Triet"].role == "président du Vietnam"
    assert found["Nguyen Tan Dung"].role == "Premier ministre"


def test_plural_nationality_made_singular(nlp: Any) -> None:
    text = (
        "Des visites au Vietnam, notamment celles des présidents russes V. Poutine en mars "
        "2001 et en novembre 2006, et D. Medvedev en octobre 2010."
    )
    assert role(nlp, text, "V. Poutine") == ("président russe", "russe")
    assert role(nlp, text, "D. Medvedev") == ("président russe", "russe")


def test_apposition_before_name_with_commas(nlp: Any) -> None:
    text = (
        "Le secrétaire général du Parti communiste du Vietnam (PCV), To Lam, a rencontré "
        "Dmitri Medvedev à Moscou."
    )
    found = actors(nlp, text)
    assert found["To Lam"].role == "secrétaire général du Parti communiste du Vietnam (PCV)"
    assert interactions(nlp, text) == {("To Lam", "met", "Dmitri Medvedev")}


def test_honorific_is_not_part_of_the_name(nlp: Any) -> None:
    found = actors(nlp, "La visite en Russie de M. Nguyen Tan Dung a pour objet d'affirmer.")
    assert list(found) == ["Nguyen Tan Dung"]
    assert found["Nguyen Tan Dung"].role is None


@pytest.mark.parametrize(
    ("text", "name", "expected_role"),
    [
        # NER calls this name LOC; the title phrase and the comma say it is a person.
        (
            "La vice-ministre vietnamienne des Affaires étrangères, Le Thi Thu Hang, a reçu "
            "la délégation.",
            "Le Thi Thu Hang",
            "vice-ministre vietnamienne des Affaires étrangères",
        ),
        # NER reads "Parti To Lam" as one ORG and misses "Luong Cuong".
        (
            "Le secrétaire général du Parti To Lam et le président de la République Luong "
            "Cuong ont inauguré le siège.",
            "Luong Cuong",
            "président de la République",
        ),
        (
            "Le secrétaire général du Parti To Lam et le président de la République Luong "
            "Cuong ont inauguré le siège.",
            "To Lam",
            "secrétaire général du Parti",
        ),
        (
            "Trieu Tai Vinh (à gauche), vice-président de la Commission de sensibilisation, "
            "reçoit la délégation.",
            "Trieu Tai Vinh",
            "vice-président de la Commission de sensibilisation",
        ),
    ],
)
def test_names_ner_misses(nlp: Any, text: str, name: str, expected_role: str) -> None:
    assert role(nlp, text, name)[0] == expected_role


def test_article_or_place_noun_before_a_capital_is_no_person(nlp: Any) -> None:
    assert "République" not in actors(nlp, "Le président de la République a parlé.")
    text = "Les forces acheminent de la nourriture pour la population de la province de Dak Lak."
    assert actors(nlp, text) == {}


def test_name_in_place_name(nlp: Any) -> None:
    found = actors(nlp, "Ils sont allés fleurir le Mémorial du Président Ho Chi Minh à Moscou.")
    assert found["Ho Chi Minh"].role == "président"


def test_places_listed_with_places_are_not_people(nlp: Any) -> None:
    text = (
        "Leurs localités ont signé des documents de coopération, notamment Hanoi, Ho Chi "
        "Minh-Ville, Da Nang, Quang Ninh, Hai Phong et Binh Thuan avec des localités."
    )
    assert actors(nlp, text) == {}


def test_no_role_from_a_clause_about_something_else(nlp: Any) -> None:
    text = (
        "Ngo Xuan Lich a indiqué qu’en tant que président de l’ASEAN en 2020, le Vietnam "
        "continuait de coopérer avec la Russie."
    )
    assert role(nlp, text, "Ngo Xuan Lich") == (None, None)


def test_acronyms_and_adjectives_are_not_people(nlp: Any) -> None:
    text = (
        "Le ministre a invité son homologue à participer à la Conférence des ministres de la "
        "Défense de l’ASEAN élargie (ADMM+) et à la célébration du 10e anniversaire de l’ADMM+."
    )
    assert actors(nlp, text) == {}
    assert actors(nlp, "Le ministre vietnamien a eu une entrevue avec des vétérans.") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le ministre Ngo Xuan Lich a invité son homologue russe Sergey Shoigu à effectuer "
            "une visite officielle au Vietnam.",
            {("Ngo Xuan Lich", "invited", "Sergey Shoigu")},
        ),
        (
            "Le secrétaire général Nguyên Phu Trong qui se rendra en Russie sur l’invitation du "
            "président russe Vladimir Putin, a plaidé pour le renforcement des liens.",
            {("Vladimir Putin", "invited", "Nguyên Phu Trong")},
        ),
        (
            "La Russie est un partenaire, a déclaré le ministre russe de la Défense, le général "
            "Sergey Shoigu, lors d’un entretien, le 5 février à Moscou, avec son homologue "
            "vietnamien Ngo Xuan Lich, en visite officielle en Russie.",
            {("Sergey Shoigu", "talked", "Ngo Xuan Lich")},
        ),
        (
            "To Lam a saisi l'occasion pour inviter Dmitri Medvedev à se rendre au Vietnam.",
            {("To Lam", "invited", "Dmitri Medvedev")},
        ),
        (
            "To Lam et Dmitri Medvedev ont discuté des moyens de renforcer la coopération.",
            {("To Lam", "talked", "Dmitri Medvedev")},
        ),
        (
            "Le secrétaire général To Lam a reçu l'ambassadeur des États-Unis, Marc Knapper.",
            {("To Lam", "received", "Marc Knapper")},
        ),
        (
            "Le président Vladimir Poutine s'est entretenu avec le secrétaire général To Lam.",
            {("Vladimir Poutine", "talked", "To Lam")},
        ),
        (
            "Le ministre Ngo Xuan Lich a eu une entrevue avec le directeur du Service fédéral "
            "de sécurité, Alexander Bortnikov.",
            {("Ngo Xuan Lich", "met", "Alexander Bortnikov")},
        ),
        (
            "Séance de travail en ligne entre le vice-Premier ministre Trinh Dinh Dung et son "
            "homologue russe Dmitry Chernyshenko, le 11 novembre.",
            {("Trinh Dinh Dung", "talked", "Dmitry Chernyshenko")},
        ),
        (
            "Le vice-Premier ministre Trinh Dinh Dung et son homologue russe Dmitry "
            "Chernyshenko, qui sont également co-présidents du Comité intergouvernemental, ont "
            "tenu une réunion.",
            {("Trinh Dinh Dung", "co-chaired", "Dmitry Chernyshenko")},
        ),
        (
            "Le ministre Ngo Xuan Lich et le général Sergey Shoigu ont signé une déclaration.",
            {("Ngo Xuan Lich", "signed", "Sergey Shoigu")},
        ),
        (
            "Le ministre Ngo Xuan Lich et le ministre Sergey Shoigu ont visité le musée.",
            set(),
        ),
    ],
)
def test_interactions(nlp: Any, text: str, expected: set[tuple[str, str, str]]) -> None:
    assert interactions(nlp, text) == expected


def test_interaction_offsets_cover_both_people(nlp: Any) -> None:
    text = "To Lam a saisi l'occasion pour inviter Dmitri Medvedev à se rendre au Vietnam."
    doc = nlp(text)
    (found,) = find_interactions(doc, find_actors(doc))
    assert isinstance(found, Interaction)
    assert text[found.start : found.end] == "To Lam a saisi l'occasion pour inviter Dmitri Medvedev"


def test_span_offsets_are_relative_to_the_span(nlp: Any) -> None:
    doc = nlp("Il pleut. Le président russe Vladimir Putin est arrivé.")
    span = doc[3:]
    (found,) = find_actors(span)
    assert span.text[found.start : found.end] == "Vladimir Putin"
    assert found.role == "président russe"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "La coopération économique entre les deux pays se développe rapidement.",
        "The weather in London is fine today and nobody is named here.",
        "😀😀😀 ### \u200b\t\n",
        "1234 5678 !!! ??? ...",
        "Le Premier ministre effectuera une visite officielle du 12 au 15 mai en Russie.",
    ],
)
def test_no_people(nlp: Any, text: str) -> None:
    doc = nlp(text)
    assert find_actors(doc) == []
    assert find_interactions(doc, []) == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "le",
                "président",
                "russe",
                "Vladimir",
                "Putin",
                ",",
                "et",
                "de",
                "la",
                "Défense",
                "To",
                "Lam",
                "a",
                "reçu",
                "(",
                ")",
                "M.",
                "D.",
                "Le",
                "Thi",
                "ministres",
                "x",
            ]
        ),
        max_size=30,
    )
    | st.text(max_size=120)
)
def test_never_fails_and_offsets_hold(nlp: Any, words: list[str] | str) -> None:
    text = words if isinstance(words, str) else " ".join(words)
    doc = nlp(text)
    found = find_actors(doc)
    for a in found:
        assert text[a.start : a.end] == a.text and a.name
    for i in find_interactions(doc, found):
        assert 0 <= i.start < i.end <= len(text)


def test_other_languages_do_not_break(nlp: Any) -> None:
    # NER trained on French may call a Vietnamese word a person; offsets must still hold.
    text = "Hôm nay trời đẹp và không có ai ở đây cả. Привет, мир!"
    for a in find_actors(nlp(text)):
        assert text[a.start : a.end] == a.text


def test_long_text_is_handled(nlp: Any) -> None:
    text = "Le président russe Vladimir Putin a reçu le ministre Ngo Xuan Lich. " * 40
    found = find_actors(nlp(text))
    assert {a.name for a in found} == {"Vladimir Putin", "Ngo Xuan Lich"}
    assert len(found) == 80


def test_deterministic(nlp: Any) -> None:
    text = "Le président russe Vladimir Putin a reçu son homologue vietnamien To Lam."
    assert find_actors(nlp(text)) == find_actors(nlp(text))


def test_tables_are_general_vocabulary() -> None:
    assert "Premier ministre" in TITLES and "ambassadrice" in TITLES
    assert NATIONALITIES["vietnamienne"] == "vietnamien"
    assert NATIONALITIES["russes"] == "russe"
    assert NATIONALITIES["chinoises"] == "chinois"
    assert all(t[:1].islower() or t.startswith(("Premier", "Première")) for t in TITLES)
