"""Questions the assistant can answer, picked with the keys (1-9, arrows, enter) or the mouse."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class Suggestions(OptionList):
    """Each pick posts `Suggestions.Picked` with the question."""

    BINDINGS = [Binding(str(n), f"pick_number({n})", f"Ask {n}", show=False) for n in range(1, 10)]

    class Picked(Message):
        def __init__(self, question: str) -> None:
            super().__init__()
            self.question = question

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.questions: list[str] = []
        self.border_title = "Try — f2, then a number or enter"

    def show_questions(self, questions: list[str]) -> None:
        self.clear_options()
        self.add_options(
            Option(f"{n}. {q}", id=f"suggestion-{n}") for n, q in enumerate(questions, 1)
        )
        self.questions = list(questions)
        self.display = bool(questions)

    def action_pick_number(self, number: int) -> None:
        if 0 < number <= len(self.questions):
            self.post_message(self.Picked(self.questions[number - 1]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(self.questions[event.option_index]))
