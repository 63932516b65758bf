"""Stages declare what they need; an impossible order is refused."""

from __future__ import annotations

import pytest

from kronik.errors import PipelineError
from kronik.pipeline import Pipeline, Stage, default_stages


def test_default_pipeline_is_in_a_possible_order() -> None:
    names = [s.name for s in Pipeline(default_stages()).stages]
    assert names[:2] == ["segment", "language"]
    assert names.index("temporal") < names.index("entities") < names.index("events")


def test_impossible_order_is_refused() -> None:
    stages = default_stages()
    events = next(s for s in stages if s.name == "events")
    with pytest.raises(PipelineError, match="stage 'events' needs"):
        Pipeline([events, *[s for s in stages if s is not events]])


def test_unknown_requirement_is_refused() -> None:
    with pytest.raises(PipelineError, match="needs translations"):
        Pipeline([Stage("translate", lambda d: d, frozenset({"translations"}))])


def test_the_stages_left_out_are_not_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipeline of the temporal stage alone loads no gazetteer (the entity stage's making)."""
    from kronik.stages import entities, registry

    def refuse(*_: object) -> None:
        raise AssertionError("the entity stage was made")

    monkeypatch.setattr(entities, "EntityRecognizer", refuse)
    assert [s.name for s in registry.stages(names={"temporal"})] == ["temporal"]
    with pytest.raises(AssertionError, match="was made"):
        registry.stages(names={"temporal", "entities"})
