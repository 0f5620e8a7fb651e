"""The typed objects of the scenario files (docs/scenarios.md)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    id: str
    label: dict


@dataclass(frozen=True)
class Parameter:
    id: str
    label: dict
    type: str
    default: object
    values: tuple = ()
    options: tuple = ()
    multiple: bool = False
    unit: dict | None = None


@dataclass(frozen=True)
class Incident:
    id: str
    title: dict
    what_happened: dict
    source: dict
    received_by: dict
    number: int | None = None
    facts: dict = field(default_factory=dict)
    parameters: tuple = ()
    hints: tuple = ()
    custom: bool = False


@dataclass(frozen=True)
class Effect:
    type: str
    keywords: dict | None = None
    unless: dict | None = None
    parameter: str | None = None
    by: int | None = None
    fact: str | None = None
    value: bool | None = None
    level: int | None = None
    words: dict | None = None
    message: dict | None = None


@dataclass(frozen=True)
class Factor:
    id: str
    title: dict
    description: dict
    breaking_news: dict
    effects: tuple
    requirements: tuple = ()
    custom: bool = False


@dataclass(frozen=True)
class SheetItem:
    id: str
    name: dict
    mark: str
    management: dict
    logs: dict
    gaps: tuple = ()


@dataclass(frozen=True)
class Section:
    id: str
    title: dict
    items: tuple


@dataclass(frozen=True)
class FactSheet:
    id: str
    title: dict
    sections: tuple

    def all_items(self):
        return [item for section in self.sections for item in section.items]


@dataclass(frozen=True)
class Stakeholder:
    id: str
    name: dict
    role: dict
    contact: dict
    standby: dict
    note: dict | None = None


@dataclass(frozen=True)
class Stakeholders:
    id: str
    title: dict
    internal: tuple
    external: tuple

    def everyone(self):
        return [*self.internal, *self.external]
