"""The data files of the exploring commands load, validate and hold what the code relies on."""

from __future__ import annotations

import pytest

from kronik import langdata
from kronik.actors import codes
from kronik.ask import KINDS, language
from kronik.errors import DataError
from kronik.ontology import PLOVER_TYPES, ontology


@pytest.mark.parametrize("lang", ["id", "en"])
def test_questions_file_loads_and_covers_what_is_asked(lang: str) -> None:
    lg = language(lang)
    assert {q.kind for q in lg.question_words} == set(KINDS)
    assert len({a.id for a in lg.actions}) == len(lg.actions)
    typed = {t for a in lg.actions for t in a.types}
    assert typed <= set(PLOVER_TYPES) and len(typed) >= 14
    for a in lg.actions:
        for mode in a.modes:
            assert any(mode in ontology()[t].modes for t in a.types), f"{lang}: {a.id}: unknown mode {mode}"
        assert a.verb or not a.types, f"{lang}: {a.id} has no verb for its answers"
    assert set(lg.type_phrases) == set(PLOVER_TYPES) and len(lg.months) == 12


def test_questions_files_have_the_same_keys() -> None:
    id_, en = langdata.load("questions", "id"), langdata.load("questions", "en")
    assert set(id_) == set(en)
    assert set(id_["answers"]) == set(en["answers"])
    assert language("id").actions and {t for a in language("id").actions for t in a.types} == {
        t for a in language("en").actions for t in a.types}


def test_a_bad_questions_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    good = langdata.load("questions", "en")
    bad = {**good, "actions": [*good["actions"], {"id": "visit", "any": ["x"], "type": "CONSULT"}]}
    monkeypatch.setattr(langdata, "load", lambda name, lang=None: bad)
    language.cache_clear()
    try:
        with pytest.raises(DataError, match="duplicate action id 'visit'"):
            language("en")
        bad["actions"] = [{"id": "x", "any": ["y"], "type": "VISIT"}]
        with pytest.raises(DataError, match="unknown event type"):
            language("en")
    finally:
        language.cache_clear()


def test_actor_codes_name_the_schemas_codes() -> None:
    table = codes()
    schema = {"RUS", "PRK", "KOR", "USA", "CHN", "JPN", "UKR", "SYR", "IRQ", "AFG", "IDN", "IND", "BRA", "ZAF",
              "GBR", "FRA", "DEU", "SUN", "UN", "UNSC", "IMF", "WB", "BRICS", "G20", "G8", "APEC", "EU", "NATO",
              "COE", "SPT"}  # shared/eval/SCHEMA.md
    assert schema <= set(table)
    assert all(set(info.names) == {"en", "id"} for info in table.values())
    assert table["UNSC"].names["en"] == "United Nations Security Council" and table["UNSC"].type == "ORG"
