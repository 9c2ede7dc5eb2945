"""The built-in readers: plain text and Markdown, and HTML through trafilatura."""

from __future__ import annotations

from .. import hookimpl
from ..model import Document
from .textfile import InputError, decode

HTML_SUFFIXES = (".html", ".htm")


@hookimpl(trylast=True)
def hygiene_read_document(path, data, settings):
    if path.lower().endswith(HTML_SUFFIXES):
        return [read_html(path, data)]
    text, _ = decode(data)
    return [Document(path, text)]


def read_html(path: str, data: bytes) -> Document:
    """The article text trafilatura extracts; findings point into that text, not the HTML."""
    import trafilatura  # heavy: imported only when an HTML file is read

    text = trafilatura.extract(
        data, include_comments=True, include_tables=False, favor_recall=True, deduplicate=False
    )
    if text is None:
        raise InputError("no article text could be extracted from this HTML")
    return Document(path, text, source="html")
