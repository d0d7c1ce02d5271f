"""Errors every stage may raise."""
from __future__ import annotations

from .rules import rule


class InputError(Exception):
    """A file that cannot be read as a document. ``rule`` names the kind of
    failure (``input.binary``, ``input.empty`` ...) for the report row, an
    id of the rule catalogue (``UnknownRule`` otherwise), whose severity the
    row takes (``info`` for a file passed over by its type)."""

    def __init__(self, rule_id: str, message: str):
        super().__init__(message)
        known = rule(rule_id)
        self.rule, self.severity = known.id, known.severity
        self.message = message
