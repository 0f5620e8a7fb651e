"""Static files under a content-hashed path, cached for a year, sent compressed.

Every page names its scripts and stylesheet as /static/<hash>/..., where <hash> is taken from
the contents of the whole static folder. The scripts are ES modules that import each other by
relative path, so one hash for the folder keeps each import inside the same version: a change
to any file gives every file a new address, and a phone never mixes an old module with a new
one. A path with an old hash, or none, still answers with today's file, uncached, so a page
left open across an upgrade keeps working.
"""

import hashlib
import re
from pathlib import Path

from flask import request, send_from_directory
from flask_compress import Compress

HASH_LENGTH = 12
_HASHED = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}/")
YEAR = 365 * 24 * 3600

# Text worth compressing; images (the QR code is SVG, so it is text too) and fonts aside.
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/markdown",
    "text/csv",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
]


def fingerprint(folder):
    """The first characters of a SHA-256 over every file's relative path and bytes."""
    digest = hashlib.sha256()
    root = Path(folder)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:HASH_LENGTH]


class StaticOnlyCache:
    """Flask-Compress's cache, holding only the compressed static files: pages differ for
    every visitor and are compressed afresh."""

    def __init__(self):
        self._held = {}

    def get(self, key):
        return self._held.get(key)

    def set(self, key, value):
        if not key.endswith(";"):  # pages get an empty key (see `cache_key`)
            self._held[key] = value


def cache_key(req):
    return req.path if req.endpoint == "static" else ""


def install(app):
    """The unhashed fall-back route, long cache lifetimes and compression."""

    @app.route("/static/<path:filename>", endpoint="static_any")
    def static_any(filename):
        """A file by its plain name, or by a hash that is no longer current: today's file."""
        return send_from_directory(app.static_folder, _HASHED.sub("", filename), max_age=0)

    @app.after_request
    def cache_lifetime(response):
        if request.endpoint == "static":
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        elif request.endpoint == "static_any":
            response.headers["Cache-Control"] = "no-cache"
        return response

    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    app.config.setdefault("COMPRESS_STREAMS", False)
    app.config.setdefault("COMPRESS_CACHE_KEY", cache_key)
    app.config.setdefault("COMPRESS_CACHE_BACKEND", StaticOnlyCache)
    Compress(app)

    # After-request functions run last-registered first: this one hands Flask-Compress the
    # static file as bytes, which it compresses once and keeps, instead of a file stream,
    # which it would leave alone.
    @app.after_request
    def static_as_bytes(response):
        if request.endpoint in ("static", "static_any") and response.direct_passthrough:
            response.direct_passthrough = False
            stream = response.response
            response.set_data(response.get_data())
            if hasattr(stream, "close"):
                stream.close()
        return response
