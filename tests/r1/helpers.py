from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tutor.events import Answer, Done, Notice, Reasoning, Usage


@dataclass
class Collected:
    reasoning: str = ""
    answer: str = ""
    notices: list[str] = field(default_factory=list)
    usage: list[Usage] = field(default_factory=list)
    done: Done | None = None
    order: list[str] = field(default_factory=list)


def collect(events: Iterable[object]) -> Collected:
    c = Collected()
    for ev in events:
        c.order.append(type(ev).__name__)
        if isinstance(ev, Reasoning):
            c.reasoning += ev.text
        elif isinstance(ev, Answer):
            c.answer += ev.text
        elif isinstance(ev, Notice):
            c.notices.append(ev.text)
        elif isinstance(ev, Usage):
            c.usage.append(ev)
        elif isinstance(ev, Done):
            assert c.done is None, "two Done events"
            c.done = ev
    assert c.done is not None and c.order[-1] == "Done", c.order
    return c
