"""QR codes for the join link: SVG for the shared screen, text for the terminal."""

import io

import segno


def svg_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=8, border=2, dark="#000", light="#fff")


def terminal(url):
    """The QR code drawn with block characters, for `make run`'s output."""
    buffer = io.StringIO()
    segno.make(url, error="l").terminal(out=buffer, compact=True, border=2)
    return buffer.getvalue()
