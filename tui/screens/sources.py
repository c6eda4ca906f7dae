"""The sources of the last reply, to pick one and read it in its article."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from assistant.reply import Citation
from tui.widgets.sources import citation_label


class SourcesScreen(ModalScreen[Citation | None]):
    """Dismissed with the picked citation, or None on escape."""

    BINDINGS = [Binding("escape", "dismiss_none", "Close")]

    def __init__(self, citations: list[Citation]) -> None:
        super().__init__()
        self.citations = citations

    def compose(self) -> ComposeResult:
        with Vertical(id="sources-dialog"):
            yield Static("Sources of the last reply — enter opens the article", id="sources-help")
            yield OptionList(
                *(Option(citation_label(n, c)) for n, c in enumerate(self.citations, 1)),
                id="sources-list",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.citations[event.option_index])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
