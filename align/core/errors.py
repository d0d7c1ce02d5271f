"""Errors every stage may raise."""
from __future__ import annotations

from .rules import rule


class InputError(Exception):
    """A file that cannot be read as a document. ``rule`` names the kind of
    failure (``input.binary``, ``input.empty`` ...) for the report row, an
    id of the rule catalogue (``UnknownRule`` otherwise)."""

    def __init__(self, rule_id: str, message: str):
        super().__init__(message)
        self.rule = rule(rule_id).id
        self.message = message
