"""Merging: one fact reported several times is one event with several pieces of evidence."""

from __future__ import annotations

from kronik.stages.merge import EvidenceRow, cluster, dates_compatible


def row(i: int, doc: int, etype: str = "CONSULT", src: str = "RUS", tgt: str | None = "PRK",
        date: str | None = "2024-06-19", status: str = "asserted", mode: str | None = "visit",
        **kw) -> EvidenceRow:
    return EvidenceRow(id=i, doc_id=doc, type=etype, mode=mode, source=src, target=tgt, date=date, status=status,
                       **kw)


def test_three_sources_one_event() -> None:
    merged = cluster([row(1, 1), row(2, 2, date="2024-06"), row(3, 3, date="2024")])
    assert len(merged) == 1
    ev = merged[0]
    assert (ev.n_documents, ev.evidence, ev.date, ev.conflicts) == (3, [1, 2, 3], "2024-06-19", [])


def test_same_fact_twice_in_one_document_is_one_event() -> None:
    merged = cluster([row(1, 1), row(2, 1, date=None)])
    assert len(merged) == 1 and merged[0].n_documents == 1 and merged[0].evidence == [1, 2]


def test_meeting_direction_does_not_matter() -> None:
    merged = cluster([row(1, 1, etype="CONSULT", mode="meet"), row(2, 2, etype="CONSULT", src="PRK", tgt="RUS",
                                                                mode="meet")])
    assert len(merged) == 1


def test_direction_matters_for_aid() -> None:
    merged = cluster([row(1, 1, etype="AID", mode="arms"), row(2, 2, etype="AID", src="PRK", tgt="RUS",
                                                                 mode="arms")])
    assert len(merged) == 2


def test_different_years_are_different_visits() -> None:
    merged = cluster([row(1, 1, date="2000"), row(2, 2, date="2024-06-19"), row(3, 3, date="2000-07")])
    assert sorted(e.date for e in merged) == ["2000-07", "2024-06-19"]


def test_sources_disagreeing_on_the_day_are_one_event_with_a_conflict() -> None:
    merged = cluster([row(1, 1, date="2024-06-19"), row(2, 2, date="2024-06-18"), row(3, 3, date="2024-06-19")])
    assert len(merged) == 1
    ev = merged[0]
    assert ev.date == "2024-06-19"
    (conflict,) = ev.conflicts
    assert conflict["field"] == "date"
    assert [v["value"] for v in conflict["values"]] == ["2024-06-18", "2024-06-19"]


def test_asserted_versus_denied_is_a_conflict() -> None:
    merged = cluster([row(1, 1, etype="AID", mode="arms", src="PRK", tgt="RUS", date=None, status="asserted"),
                      row(2, 2, etype="AID", mode="arms", src="PRK", tgt="RUS", date=None, status="denied"),
                      row(3, 3, etype="AID", mode="arms", src="PRK", tgt="RUS", date=None, status="alleged")])
    assert len(merged) == 1
    ev = merged[0]
    assert ev.status == "alleged"  # a three-way tie goes to the least certain report
    assert {v["value"] for v in ev.conflicts[0]["values"]} == {"asserted", "denied", "alleged"}


def test_a_mismatched_name_is_shown_as_a_conflict() -> None:
    note = {"kind": "name-mismatch", "text": "Vladimir Medvedev", "name": "Dmitry Medvedev"}
    merged = cluster([row(1, 1, notes=[note], actors=["Dmitry Medvedev"]), row(2, 2, actors=["Dmitry Medvedev"])])
    assert merged[0].conflicts == [{"field": "name", "written": "Vladimir Medvedev", "name": "Dmitry Medvedev",
                                    "documents": [1], "evidence": [1]}]


def test_undated_evidence_does_not_guess_between_two_dated_events() -> None:
    merged = cluster([row(1, 1, date="2000"), row(2, 2, date="2024"), row(3, 3, date=None)])
    assert len(merged) == 3
    merged = cluster([row(1, 1, date="2024"), row(3, 3, date=None)])
    assert len(merged) == 1


def test_intensity_and_quad_come_from_the_ontology() -> None:
    (ev,) = cluster([row(1, 1, etype="ASSAULT", mode="invasion", tgt="UKR", date="2022-02-24")])
    assert (ev.quad, ev.intensity, ev.cameo) == ("material-conflict", -10.0, "18")


def test_date_compatibility() -> None:
    assert dates_compatible("2024", "2024-06-19")
    assert dates_compatible("199X", "1995")
    assert not dates_compatible("2024-06", "2024-07-01")
    assert not dates_compatible(None, "2024") and dates_compatible(None, None)


def test_a_plan_is_not_merged_into_the_act_that_happened() -> None:
    merged = cluster([row(1, 1, mode="meet", date="2022-11-14"), row(2, 2, mode="visit", status="planned", date=None),
                      row(3, 3, mode="meet", status="planned", date=None), row(4, 4, mode="meet", date=None)])
    assert sorted((e.status, e.date, len(e.evidence)) for e in merged) == [
        ("asserted", "2022-11-14", 2), ("planned", None, 1), ("planned", None, 1)]


def test_a_dated_plan_also_reported_done_is_done() -> None:
    merged = cluster([row(1, 1, status="planned", date="2024-06"), row(2, 1, date="2024-06-19"),
                      row(3, 2, status="planned", date="2024-06")])
    assert [(e.status, e.date, sorted(e.evidence)) for e in merged] == [("asserted", "2024-06-19", [1, 2, 3])]
