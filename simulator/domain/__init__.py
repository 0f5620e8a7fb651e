"""Domain rules of Kaiken, free of Flask and Socket.IO so they can be tested directly."""


class DomainError(Exception):
    """A refused action; `code` picks the translated message, `params` fill it."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# The largest whole number SQLite binds (64 bits): a larger one fails the query itself.
MAX_INTEGER = 2**63 - 1


def out_of_range(value):
    """Whether a client's value holds a whole number too large for any column or id."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, int) and not isinstance(item, bool):
            if not -MAX_INTEGER - 1 <= item <= MAX_INTEGER:
                return True
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False
