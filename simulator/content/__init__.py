"""Kaiken's content files: the scenarios (and, later, the question bank), each kind checked
against its schema when loaded."""

from .checks import ContentError, Problem
from .scenarios import Scenarios, load, localise

__all__ = ["ContentError", "Problem", "Scenarios", "load", "localise"]
