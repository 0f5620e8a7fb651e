"""Domain rules of Kaiken, free of Flask and Socket.IO so they can be tested directly."""


class DomainError(Exception):
    """A refused action; `code` picks the translated message, `params` fill it."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params
