"""The analysis stages after segmentation, in order, built with the user's options.

Takes: extra gazetteer files from `kronik build --gazetteer`. Gives: the Stage list that
`pipeline.default_stages()` appends after segmentation and language identification:
temporal → entities → events. Imported lazily, so `import kronik` loads no language data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kronik.pipeline import Stage


def stages(gazetteers: Sequence[Path] = ()) -> list[Stage]:
    from kronik.stages import entities, events, temporal

    return [
        Stage("temporal", temporal.tag, frozenset({"sentences", "references", "lang"}),
              frozenset({"timexes", "doc_date", "narrative"})),
        Stage("entities", entities.EntityRecognizer(gazetteers), frozenset({"sentences", "timexes", "narrative"}),
              frozenset({"mentions"})),
        Stage("events", events.code, frozenset({"sentences", "mentions", "timexes", "narrative"}),
              frozenset({"events"})),
    ]
