"""The article in a saved news page, or in HTML inside an export's text field.

trafilatura finds the main text and drops menus, cookie banners, share bars, comments
and related-links blocks; its metadata gives the title, author, URL and publication
date (htmldate, the original date rather than the last update). trafilatura keeps an
image's place in the text but not its caption, so captions are read from the page
itself (`<figcaption>`, or a caption element beside the image) for the images it kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from store.formats.identity import fingerprint
from store.formats.metadata import author_name
from store.models import Block

_HTML_HINT = re.compile(
    r"<(?:p|br|div|span|a|em|strong|b|i|h[1-6]|ul|li|figure|img)\b[^>]*>|&[a-z]+;", re.I
)
_CAPTION_CLASS = re.compile(r"caption|legende|légende", re.I)
_TEXT_TAGS = ("p", "quote", "item", "head")
_PROMO_CLASS = "related|share|sharing|social|promo|newsletter|advert|outbrain|taboola|lire-aussi"
_DROPPED = (
    "//script|//style|//noscript|//iframe|//form|//button|//nav|//aside|//object|//embed"
    f"|//*[re:test(@class, '{_PROMO_CLASS}', 'i')]"
)
_PROMOTION = re.compile(r"^(?:à\s+)?(?:lire|voir)\s+aussi\b|^(?:publicité|advertisement)$", re.I)
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figcaption",
    "figure",
    "section",
    "article",
    "tr",
    "ul",
    "ol",
}


# A paragraph that says something: at least this many words, ending like a sentence.
MIN_SENTENCE_WORDS = 5
_SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*$")


def has_sentence(blocks: list[Block] | tuple[Block, ...]) -> bool:
    """Whether any paragraph (not a caption) reads as a sentence, not a menu or a list
    of links."""
    return any(
        not b.caption and len(b.text.split()) >= MIN_SENTENCE_WORDS and _SENTENCE_END.search(b.text)
        for b in blocks
    )


@dataclass(frozen=True)
class Page:
    title: str | None
    blocks: tuple[Block, ...]
    published: str | None
    url: str | None
    author: str | None


def looks_like_html(text: str) -> bool:
    """Text holding markup or entities (a CMS body field), not plain text."""
    return len(_HTML_HINT.findall(text[:20_000])) >= 1


def _text_of(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _captions(tree: Any) -> dict[str, str]:
    """Image source → its caption, for every image the page captions."""
    found: dict[str, str] = {}
    for img in tree.iter("img"):
        sources = [img.get(a) for a in ("src", "data-src", "data-lazy-src") if img.get(a)]
        if not sources:
            continue
        caption = ""
        figure = next((a for a in img.iterancestors("figure")), None)
        if figure is not None:
            caption = " ".join(_text_of(c) for c in figure.iter("figcaption"))
        if not caption and (parent := img.getparent()) is not None:
            for holder in (parent, parent.getparent()):
                if holder is None:
                    continue
                for el in holder.iter():
                    if el is not img and _CAPTION_CLASS.search(el.get("class") or ""):
                        caption = _text_of(el)
                        break
                if caption:
                    break
        if caption:
            for src in sources:
                found.setdefault(src, caption)
    return found


def _blocks(body: Any, title: str | None, captions: dict[str, str]) -> list[Block]:
    blocks: list[Block] = []
    folded_title = fingerprint(title) if title else None
    for el in body.iter():
        if el.tag == "graphic":
            caption = captions.get(el.get("src") or "")
            if caption:
                blocks.append(Block(caption, caption=True))
            continue
        if el.tag not in _TEXT_TAGS or (el.tag == "p" and el.getparent().tag == "item"):
            continue
        text = _text_of(el)
        if not text:
            continue
        if el.tag == "head" and fingerprint(text) == folded_title:
            continue  # the page's own headline, already the title
        blocks.append(Block(text))
    return blocks


def _extract(html: str, fragment: bool) -> tuple[Any, list[Block]]:
    import trafilatura

    tree = trafilatura.load_html(
        f"<html><body><article>{html}</article></body></html>" if fragment else html
    )
    if tree is None:
        return None, []
    captions = _captions(tree)
    doc: Any = trafilatura.bare_extraction(
        tree,
        # On a whole page, precision: a home page or a list of links is no article (its
        # recall on the test pages is the same, see benchmarks/bench_formats.py).
        favor_precision=not fragment,
        include_comments=False,
        include_tables=False,
        include_images=True,
        with_metadata=not fragment,
        date_extraction_params={"original_date": True},
    )
    if doc is None or doc.body is None:
        return doc, []
    return doc, _blocks(doc.body, None if fragment else doc.title, captions)


def read_page(html: str) -> Page:
    """The article of a whole page, with what its markup says about it."""
    doc, blocks = _extract(html, fragment=False)
    if doc is None:
        return Page(None, (), None, None, None)
    return Page(
        title=" ".join((doc.title or "").split()) or None,
        blocks=tuple(blocks),
        published=doc.date or None,
        url=doc.url or None,
        author=author_name(doc.author),  # « Par X » in a byline is X
    )


def fragment_blocks(html: str) -> list[Block]:
    """The paragraphs and captions of an HTML fragment (an export's body field).

    trafilatura tells an article from the page around it; a body field is all article
    but for embedded promotions, and on so little markup trafilatura's fallback runs the
    paragraphs together. So the fragment is cleaned here: scripts, forms, embeds and
    promotion blocks (share, related, newsletter, « Lire aussi ») dropped, one
    paragraph per block element, `<figcaption>` as a caption."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return []
    for bad in root.xpath(_DROPPED, namespaces={"re": "http://exslt.org/regular-expressions"}):
        bad.drop_tree()
    captions = {_text_of(c) for c in root.iter("figcaption")}
    for el in root.iter():
        if el.tag in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag != "br":
                el.text = "\n" + (el.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return [
        Block(line, caption=line in captions)
        for line in lines
        if line and not _PROMOTION.match(line)
    ]
