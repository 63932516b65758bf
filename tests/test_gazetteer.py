"""Tests for gazetteer.py: every shipped file is valid, and malformed files are refused.

Takes the shipped data/gazetteer/*.yaml and data/<lang>/entities.yaml, and small files written
here. Checks that each shipped file loads, that ids are unique across files, that every actor
code, office role and date is valid; and that the loader refuses broken files with a DataError
that names the file and the entry.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kronik import gazetteer, langdata
from kronik.errors import DataError
from kronik.stages.actor_roles import bounds, holder, rules
from kronik.stages.entities import EntityRecognizer

SHIPPED = gazetteer.shipped_files()


def test_every_shipped_file_is_there() -> None:
    names = {p.name for p in SHIPPED}
    assert {"codes.yaml", "countries.yaml", "organisations.yaml", "places.yaml", "people.yaml",
            "media.yaml"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_file_loads_and_validates(path: Path) -> None:
    data = langdata.read_yaml(path)
    codes, roles, _ = gazetteer._codes([(p, langdata.read_yaml(p), False) for p in SHIPPED])
    entries = gazetteer.parse_file(path, data, codes, roles)
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert e.name and e.names
        assert e.code is None or e.code in codes
        assert e.country is None or e.country in codes
        for office in e.offices:
            assert office.role in roles and office.country in codes
            assert bounds(office.start) and (office.end is None or office.end >= office.start)


def test_ids_are_unique_across_files_and_qids_look_right() -> None:
    gaz = gazetteer.load()
    counts = Counter(e.id for p in SHIPPED
                     for e in gazetteer.parse_file(p, langdata.read_yaml(p), set(gaz.codes), set(gaz.roles)))
    assert [i for i, n in counts.items() if n > 1] == []
    assert all(e.qid is None or e.qid == e.id for e in gaz.entries.values())


def test_coverage_of_states_and_offices() -> None:
    """Every UN member state (and the main former states) is there, with office-holders."""
    gaz = gazetteer.load()
    states = {e.code for e in gaz.entries.values() if e.type == "GPE" and e.code}
    assert len(states) >= 195
    assert {"SUN", "YUG", "DDR", "CSK", "RUS", "PRK", "KOR", "USA", "CHN", "JPN", "UKR", "IDN"} <= states
    head = {"RUS": "president", "SUN": "leader", "PRK": "leader", "KOR": "president", "USA": "president",
            "CHN": "leader", "JPN": "prime-minister", "UKR": "president", "IDN": "president"}
    for country, role in head.items():
        for r in (role, "foreign-minister", "defence-minister"):
            assert gaz.offices.get((r, country)), (country, r)
    # heads of state and government and foreign ministers of more states, since 2000
    for country in ("IND", "BRA", "ZAF", "TUR", "SAU", "ARG", "MEX", "CAN", "AUS", "GBR", "FRA", "DEU", "ITA",
                    "IRN", "ISR", "PAK", "EGY", "PHL", "VNM", "MYS", "SGP", "THA", "MMR", "SWE", "FIN", "POL",
                    "HUN", "BLR", "SYR", "IRQ", "AFG", "QAT", "ARE", "TWN", "VEN", "CUB", "EU"):
        for r in ("leader", "foreign-minister"):
            assert holder(gaz, r, country, "2015") is not None, (country, r)


@pytest.mark.parametrize(("role", "country", "when", "who"), [
    ("president", "RUS", "2006", "Vladimir Putin"),
    ("president", "RUS", "2010", "Dmitry Medvedev"),
    ("president", "RUS", "2008-06", "Dmitry Medvedev"),
    ("defence-minister", "RUS", "2023-07", "Sergei Shoigu"),
    ("leader", "PRK", "2023", "Kim Jong Un"),
    ("leader", "PRK", "1990", "Kim Il Sung"),
    ("leader", "RUS", "2015", "Vladimir Putin"),  # no 'leader' office in Russia: the president
    ("leader", "JPN", "2015", "Shinzo Abe"),  # nor in Japan: the prime minister
    ("leader", "SUN", "1975", "Leonid Brezhnev"),
    ("leader", "SUN", "198X", "Mikhail Gorbachev"),  # the one in office longest in the decade
    ("foreign-minister", "PRK", "2018", "Ri Yong Ho"),
    ("president", "IDN", "2016", "Joko Widodo"),
    ("president", "USA", None, "Donald Trump"),  # no date: the holder now
    ("president", "IRN", "2022", "Ebrahim Raisi"),
    ("president", "IRN", "2024-06", "Mohammad Mokhber"),  # acting after Raisi's death
    ("president", "PHL", "1975", "Ferdinand Marcos"),
    ("president", "PHL", "2024", "Ferdinand Marcos Jr."),
    ("foreign-minister", "SAU", "2021", "Faisal bin Farhan Al Saud"),
    ("leader", "SAU", "2024", "Mohammed bin Salman"),  # no leader or president: the prime minister
    ("leader", "DEU", "2023", "Olaf Scholz"),  # the chancellor before the ceremonial president
    ("president", "DEU", "2023", "Frank-Walter Steinmeier"),  # no president: the head of state
    ("president", "TUR", "2010", "Abdullah Gül"),  # no president then: the head of state
    ("president", "TUR", "2020", "Recep Tayyip Erdoğan"),
    ("leader", "SYR", "2010", "Bashar al-Assad"),  # 'leader' only for 2024–2025: the president
    ("leader", "VNM", "2015", "Nguyễn Phú Trọng"),
    ("foreign-minister", "EU", "2022", "Josep Borrell"),
    ("secretary-general", "NATO", "2005", "Jaap de Hoop Scheffer"),
    ("director-general", "IAEA", "2015", "Yukiya Amano"),
])
def test_office_holder_by_date(role: str, country: str, when: str | None, who: str) -> None:
    found = holder(gazetteer.load(), role, country, when)
    assert found is not None and found.name == who


def test_no_holder_outside_the_dates() -> None:
    assert holder(gazetteer.load(), "president", "RUS", "1985") is None


def test_language_data_loads() -> None:
    r = rules()
    assert {"presiden", "president", "menlu", "ketua"} <= r.title_words
    assert {"Utara", "Selatan", "North", "South"} <= r.directions
    EntityRecognizer()  # templates, blockers and patterns compile


# --- the loader refuses malformed files -------------------------------------------------------

BROKEN = {
    "not-a-mapping": ("- just a list\n", "must be a mapping"),
    "unknown-top-key": ("entries: []\nextra: 1\n", "unknown top-level key"),
    "bad-id": ("entries:\n  - {id: 'some person', name: X, type: PER, names: [X]}\n", "'id' should be"),
    "no-name": ("entries:\n  - {id: 'kronik:per:x', type: PER, names: [X]}\n", "'name'"),
    "bad-type": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PERSON, names: [X]}\n", "'type'"),
    "bad-code": ("entries:\n  - {id: 'kronik:gpe:x', name: X, type: GPE, code: XYZ, names: [X]}\n",
                 "not a valid actor code"),
    "no-names": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PER}\n", "at least one name"),
    "yaml-no-is-false": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PER, names: [No]}\n",
                         "empty or non-text"),
    "unknown-field": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PER, names: [X], born: 1950}\n",
                      "unknown field"),
    "bad-date": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PER, names: [X],\n"
                 "     offices: [{role: president, country: RUS, from: '5 May 2000'}]}\n", "ISO date"),
    "bad-role": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PER, names: [X],\n"
                 "     offices: [{role: emperor-of-mars, country: RUS, from: '2000'}]}\n", "office role"),
    "ends-before-start": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PER, names: [X],\n"
                          "     offices: [{role: president, country: RUS, from: '2000', to: '1999'}]}\n",
                          "ends (1999) before it starts"),
    "office-for-a-state": ("entries:\n  - {id: 'kronik:gpe:x', name: X, type: GPE, names: [X],\n"
                           "     offices: [{role: president, country: RUS, from: '2000'}]}\n",
                           "only people"),
    "duplicate-in-file": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PER, names: [X]}\n"
                          "  - {id: 'kronik:per:x', name: Y, type: PER, names: [Y]}\n", "duplicate id"),
    "bad-case": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PER, names: [{text: X, case: loud}]}\n",
                 "name case"),
    "yaml-syntax": ("entries:\n  - {id: 'kronik:per:x', name: X, type: PER, names: [X}\n", "invalid YAML"),
}


@pytest.mark.parametrize("key", sorted(BROKEN))
def test_broken_user_file_is_refused(key: str, tmp_path: Path) -> None:
    text, message = BROKEN[key]
    path = tmp_path / f"{key}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        gazetteer.load([path])
    assert message in str(err.value)
    assert str(path) in str(err.value)
    if "kronik:per:x" in text and key not in ("yaml-syntax", "bad-id"):
        assert "kronik:per:x" in str(err.value)  # the entry is named


def test_broken_shipped_file_is_refused(tmp_path: Path) -> None:
    """The same loader for shipped files: a duplicate of a shipped id in another shipped file."""
    codes, roles, _ = gazetteer._codes([(p, langdata.read_yaml(p), False) for p in SHIPPED])
    data = {"entries": [{"id": "Q159", "name": "Russia", "type": "GPE", "code": "RUS", "names": ["Rusia"]},
                        {"id": "Q159", "name": "Russia", "type": "GPE", "code": "RUS", "names": ["Rusia"]}]}
    with pytest.raises(DataError, match="duplicate id"):
        gazetteer.parse_file(tmp_path / "countries.yaml", data, codes, roles)


def test_user_file_adds_codes_and_overrides_entries(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("codes: [TUMEN]\nentries:\n"
                    "  - {id: 'kronik:org:tumen', name: Tumen Forum, type: ORG, code: TUMEN, names: [Forum Tumen]}\n"
                    "  - {id: Q159, name: Russian Federation, type: GPE, code: RUS, names: [Rusia]}\n",
                    encoding="utf-8")
    gaz = gazetteer.load([path])
    assert gaz["kronik:org:tumen"].user and gaz["kronik:org:tumen"].actor == "TUMEN"
    assert gaz["Q159"].name == "Russian Federation" and gaz["Q159"].user
    assert gazetteer.load()["Q159"].name == "Russia"  # without the file, the shipped entry


def test_cli_refuses_a_broken_gazetteer(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kronik.cli import main

    (tmp_path / "doc.txt").write_text("Rusia dan Korea Utara.", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - {id: 'kronik:per:x', name: X, type: PERSON, names: [X]}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "doc.txt"), "--db", str(tmp_path / "kb.db"),
                                       "--gazetteer", str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml" in result.output and "kronik:per:x" in result.output


def test_cli_build_with_a_user_gazetteer(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kronik.cli import main
    from kronik.export import eval_records
    from kronik.store import KnowledgeBase

    (tmp_path / "doc.txt").write_text("Delegasi Inisiatif Tumen Raya tiba di Vladivostok.", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text("entries:\n  - {id: 'kronik:org:gti', name: Greater Tumen Initiative, type: ORG,\n"
                    "     names: [Inisiatif Tumen Raya]}\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "doc.txt"), "--db", str(db), "--gazetteer", str(mine)])
    assert result.exit_code == 0, result.output
    with KnowledgeBase(db, readonly=True) as kb:
        [record] = list(eval_records(kb))
    assert [(e["name"], e["type"]) for e in record["entities"]] == [
        ("Greater Tumen Initiative", "ORG"), ("Vladivostok", "LOC")]


def test_the_documented_example_loads(tmp_path: Path) -> None:
    """The example file of docs/gazetteer.md is valid as it stands."""
    doc = Path(__file__).resolve().parents[1] / "docs" / "gazetteer.md"
    example = doc.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    gaz = gazetteer.load([path])
    assert gaz["kronik:org:greater-tumen-initiative"].actor == "GTI"
    assert gaz["kronik:per:budi-santoso"].offices[0].role == "ambassador"
