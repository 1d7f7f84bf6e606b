"""Raw pages in, normalised sentences with page numbers out."""

from .normalise import normalise_pages
from .segment import Sentence, Text, segment

__all__ = ["Sentence", "Text", "normalise_pages", "prepare", "segment"]


def prepare(pages: "list[Page]") -> Text:
    """Normalise a document's pages and split them into sentences that keep their page."""
    return segment(normalise_pages(pages))


from ..extract import Page  # noqa: E402
