"""Every shipped data file loads and validates."""

from __future__ import annotations

import pytest

from kronik import langdata
from kronik.errors import DataError
from kronik.ontology import PLOVER_TYPES, ontology
from kronik.stages.language import identify
from kronik.stages.segment import rules


def test_every_yaml_file_parses() -> None:
    files = sorted(langdata.data_dir().rglob("*.yaml"))
    assert files
    for path in files:
        assert langdata.read_yaml(path) is not None, path


def test_segment_rules_load_for_every_language() -> None:
    r = rules()
    assert {"no", "hal", "prof", "dkk"} <= r.never_final | r.maybe_final
    assert r.months["juni"] == 6 and r.months["june"] == 6


def test_plover_ontology_is_complete_and_consistent() -> None:
    onto = ontology()
    assert set(onto.types) == set(PLOVER_TYPES)
    for t in onto.types.values():
        assert t.cameo and -10 <= t.intensity <= 10
        sign = 1 if t.quad.endswith("coop") else -1
        assert all(v * sign > 0 for v in t.modes.values()), t.name


def test_a_bare_no_in_yaml_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("words: [yes, no]\n")
    with pytest.raises(DataError, match="quote"):
        langdata.string_list(langdata.read_yaml(bad), "words", str(bad))


@pytest.mark.parametrize(("text", "lang"), [
    ("Presiden Rusia mengunjungi Korea Utara pada tahun ini dan bertemu dengan pemimpinnya.", "id"),
    ("The President of Russia visited North Korea this year and met with its leader.", "en"),
    ("12345 67890", None),
])
def test_language_identification(text: str, lang: str | None) -> None:
    assert identify(text) == lang
