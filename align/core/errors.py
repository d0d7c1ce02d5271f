"""Errors every stage may raise."""
from __future__ import annotations


class InputError(Exception):
    """A file that cannot be read as a document. ``rule`` names the kind of
    failure (``input.binary``, ``input.empty`` ...) for the report row."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message
