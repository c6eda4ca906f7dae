"""An article, read in full, with the cited sentence highlighted where it stands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from assistant.reply import Citation
from tui.backend import ArticleText
from tui.locate import locate_quote

HIGHLIGHT = "bold reverse"


class ArticleScreen(Screen[None]):
    """Escape goes back to the conversation."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.pop_screen", "Back", show=False),
    ]

    def __init__(self, article: ArticleText, citation: Citation | None = None) -> None:
        super().__init__()
        self.article = article
        self.citation = citation
        self.span = (
            locate_quote(article.text, citation.quote, citation.start, citation.end)
            if citation
            else None
        )

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Content.assemble((self.article.title, "bold"), f"  ·  {self.article.article_id}"),
            id="article-title",
        )
        if self.citation is not None and self.span is None:
            yield Static(
                Content.assemble(("Not in the article text: ", "bold"), f"“{self.citation.quote}”"),
                id="article-missing",
            )
        with VerticalScroll(id="article-body"):
            for number, section in enumerate(self.article.sections):
                yield self._paragraph(number, section.kind, section.start, section.end)
        yield Footer()

    def _paragraph(self, number: int, kind: str, start: int, end: int) -> Static:
        content = Content(self.article.text[start:end])
        highlighted = False
        if self.span is not None and self.span[0] < end and start < self.span[1]:
            content = content.stylize(
                HIGHLIGHT, max(self.span[0], start) - start, min(self.span[1], end) - start
            )
            highlighted = True
        if kind == "related":
            content = Content.assemble(("related  ", "italic"), content)
        classes = f"paragraph -{kind}" + (" -highlighted" if highlighted else "")
        return Static(content, id=f"paragraph-{number}", classes=classes)

    def on_mount(self) -> None:
        self.sub_title = self.article.title
        marked = self.query(".-highlighted")
        body = self.query_one("#article-body", VerticalScroll)
        body.focus()
        if marked:
            self.call_after_refresh(body.scroll_to_center, marked.first(), animate=False)
