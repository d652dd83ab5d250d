"""What the three agent classes share: they are views of the model's arrays, not owners of state.

The household rules act on every household's row at once (:mod:`sim.rules`), so an agent has
no ``step`` of its own, its properties read the model's arrays, and writing one of them, or
removing the agent, would leave those arrays unchanged. Rather than ignore such a change,
these agents refuse it with a message that says what to do instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import mesa

if TYPE_CHECKING:
    from sim.model import PovertyModel


class ReadOnlyAttributeError(AttributeError):
    """An agent attribute that reads the model's arrays was given a value."""


class RemovalError(RuntimeError):
    """An agent was removed while the model still holds its rows."""


class View(mesa.Agent):
    """A Mesa agent whose properties read the model's state arrays.

    Its properties (and its identity, set once: ``row``, ``village``, ``index``...) are
    read-only: ``agent.x = ...`` and ``AgentSet.set("x", ...)`` raise
    :class:`ReadOnlyAttributeError`; ``remove()`` raises :class:`RemovalError` (the model's
    arrays would keep the household); ``step()`` raises ``NotImplementedError`` (the model's
    ``step`` moves every household at once). ``model.remove_all_agents()``, which discards
    the whole model, still works.
    """

    model: PovertyModel
    table: ClassVar[str] = "the household table"
    identity: ClassVar[frozenset[str]] = frozenset()
    read_only: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names = {
            name
            for klass in cls.__mro__
            for name, value in vars(klass).items()
            if isinstance(value, property)
        }
        names -= {name for name, value in vars(mesa.Agent).items() if isinstance(value, property)}
        cls.read_only = frozenset(names)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in type(self).read_only or (name in type(self).identity and name in self.__dict__):
            raise ReadOnlyAttributeError(
                f"{type(self).__name__}.{name} is a read-only view of {type(self).table}; change "
                "parameters (PovertyModel(overrides=...), a scenario file) or the programme instead, "
                "or, in a script that keeps the state consistent, write model.state directly"
            )
        super().__setattr__(name, value)

    def remove(self) -> None:
        """Refused: the household table would keep this agent's rows (see the class docstring)."""
        if getattr(self.model, "discarding", False):
            super().remove()
            return
        raise RemovalError(
            f"{type(self).__name__} {self.unique_id} cannot be removed: it is a view of {type(self).table}, "
            "which would keep its rows and go on simulating them; build the model with other villages "
            "(PovertyModel(villages=...)) instead"
        )

    def step(self) -> None:
        """Refused: households have no step of their own; ``model.step()`` moves them all at once."""
        raise NotImplementedError(
            f"{type(self).__name__} has no step of its own: the monthly rules act on every household "
            "at once; call model.step()"
        )
