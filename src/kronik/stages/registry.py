"""The analysis stages after segmentation, in order, built with the user's options.

Takes: extra gazetteer files from `kronik build --gazetteer`. Gives: the Stage list that
`pipeline.default_stages()` appends after segmentation and language identification:
temporal → entities → events. Imported lazily, so `import kronik` loads no language data.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from kronik.pipeline import Stage


def stages(gazetteers: Sequence[Path] = (), names: Collection[str] | None = None) -> list[Stage]:
    """The stages, or those of them `names` lists (a stage left out is not made: the entity
    stage loads the gazetteer and builds its automaton when made)."""
    from kronik.stages import entities, events, temporal

    made = {
        "temporal": lambda: Stage("temporal", temporal.tag, frozenset({"sentences", "references", "lang"}),
                                  frozenset({"timexes", "doc_date", "narrative"})),
        "entities": lambda: Stage("entities", entities.EntityRecognizer(gazetteers),
                                  frozenset({"sentences", "timexes", "narrative"}), frozenset({"mentions"})),
        "events": lambda: Stage("events", events.code, frozenset({"sentences", "mentions", "timexes", "narrative"}),
                                frozenset({"events"})),
    }
    return [make() for name, make in made.items() if names is None or name in names]
