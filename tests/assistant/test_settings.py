"""Settings are typed: origins a list, the API key a secret, the log level one of uvicorn's;
a bad value stops start-up with a sentence naming the variable, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from assistant.cli.main import main
from assistant.errors import InvalidSettings
from assistant.settings import Settings, get_settings


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test reads the environment it sets, not a cached read of another's."""
    for name in ("ASSISTANT_CORS_ORIGINS", "ASSISTANT_API_KEY", "ASSISTANT_LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_cors_origins_are_read_from_a_comma_separated_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSISTANT_CORS_ORIGINS", " https://chat.example.org,,http://localhost:3000")
    assert Settings.from_env().cors_origins == ["https://chat.example.org", "http://localhost:3000"]


def test_no_cors_variable_means_no_origins() -> None:
    assert Settings.from_env().cors_origins == []


def test_cors_origins_can_be_given_as_a_list() -> None:
    assert Settings(cors_origins=["*"]).cors_origins == ["*"]


@pytest.mark.parametrize("origin", ["chat.example.org", "https://chat.example.org/"])
def test_an_origin_with_no_scheme_or_with_a_path_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, origin: str
) -> None:
    monkeypatch.setenv("ASSISTANT_CORS_ORIGINS", f"http://localhost:3000,{origin}")
    with pytest.raises(InvalidSettings) as refused:
        Settings.from_env()
    message = str(refused.value)
    assert "ASSISTANT_CORS_ORIGINS" in message and f"{origin!r} is not an origin" in message
    assert "scheme://host[:port]" in message and "'http://localhost:3000' is" not in message


def test_the_api_key_is_a_secret_kept_out_of_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_API_KEY", "s3cret-key")
    settings = Settings.from_env()
    assert isinstance(settings.api_key, SecretStr)
    assert settings.api_key_text() == "s3cret-key"
    assert "s3cret-key" not in repr(settings) and "s3cret-key" not in str(settings)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_an_unset_or_blank_api_key_means_no_key(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is not None:
        monkeypatch.setenv("ASSISTANT_API_KEY", value)
    settings = Settings.from_env()
    assert settings.api_key is None and settings.api_key_text() is None


@pytest.mark.parametrize(("value", "level"), [("debug", "debug"), ("WARNING", "warning")])
def test_the_log_level_is_one_of_uvicorns_in_any_case(
    monkeypatch: pytest.MonkeyPatch, value: str, level: str
) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_LEVEL", value)
    assert Settings.from_env().log_level == level


def test_an_unknown_log_level_names_the_variable_the_value_and_the_choices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_LEVEL", "loud")
    with pytest.raises(InvalidSettings) as refused:
        get_settings()
    message = str(refused.value)
    assert message.startswith("The environment variable ASSISTANT_LOG_LEVEL is 'loud'")
    assert "'critical', 'error', 'warning', 'info', 'debug' or 'trace'" in message
    assert message.endswith("or unset it for the default (info).")


def test_every_bad_variable_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_LEVEL", "loud")
    monkeypatch.setenv("CHROMA_PORT", "eight")
    with pytest.raises(InvalidSettings) as refused:
        Settings.from_env()
    assert "ASSISTANT_LOG_LEVEL is 'loud'" in str(refused.value)
    assert "CHROMA_PORT is 'eight'" in str(refused.value)


@pytest.mark.parametrize(
    ("argv", "starter"),
    [
        (["serve"], "uvicorn.run"),
        (["mcp", "--http"], "uvicorn.run"),
        (["mcp"], "anyio.run"),
        (["chat"], "tui.app.ChatApp.run"),
    ],
)
def test_a_bad_setting_stops_a_command_at_start_up_with_one_clear_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    starter: str,
) -> None:
    def started(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{argv} started despite a bad setting")

    monkeypatch.setattr(starter, started)
    monkeypatch.setenv("ASSISTANT_LOG_LEVEL", "loud")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The environment variable ASSISTANT_LOG_LEVEL is 'loud'")
    assert "Traceback" not in err and "ValidationError" not in err and err.count("\n") == 1
