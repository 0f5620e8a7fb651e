"""Python's garbage collector tuned for a server that holds a thousand connections.

With the defaults, a full collection walks every object the process holds: the question
bank, the Japanese dictionary, every connection's buffers. With a thousand phones it stopped
the whole server for up to 190 ms, several times a minute, and every phone waited. What is
loaded at start stays for the process's life, so it is frozen out of the collector's walks,
and young objects are collected less often, so a request's short-lived objects die before
they are promoted to the generation the full walks cover (`docs/performance.md`)."""

import gc

# Collections of the youngest generation after this many new objects (default 700); of the
# middle one after 10 of those; a full one after 100 middle ones (default 10).
THRESHOLDS = (10_000, 10, 100)


def settle():
    """Call once, when start-up has loaded what the process keeps."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
