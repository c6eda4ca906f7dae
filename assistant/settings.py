"""Settings, read once from the environment (this is the only module that reads it)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from assistant.errors import InvalidSettings

LogLevel = Literal["critical", "error", "warning", "info", "debug", "trace"]
"""The levels uvicorn takes (`trace` is its own, below `debug`)."""

ENV_PREFIX = "ASSISTANT_"

# What a browser sends as `Origin`: a scheme and a host, maybe a port, never a path.
_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s?#]+$", re.IGNORECASE)


def _default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("vna-assistant"))


class Settings(BaseSettings):
    """Every setting, with its environment variable `ASSISTANT_<NAME>` (or `CHROMA_*`)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    chroma_host: str | None = Field(default=None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, validation_alias="CHROMA_PORT")
    api_key: SecretStr | None = None
    # NoDecode: the variable is comma-separated origins, not the JSON list settings expect
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_message_chars: int = 2000
    max_body_bytes: int = 64_000
    ready_timeout: float = 60.0  # seconds an API request waits for the engine to load
    session_ttl_days: float = 30.0
    # A PostgreSQL URL (postgresql://user:password@host/db): sessions shared by replicas.
    sessions_url: SecretStr | None = None
    # A PostgreSQL URL for a chroma server's article records; by default `sessions_url`.
    records_url: SecretStr | None = None
    model_name: str = "vna-assistant"
    log_level: LogLevel = "info"

    @classmethod
    def from_env(cls) -> Settings:
        """The settings from the environment; `InvalidSettings` names each bad variable."""
        try:
            return cls()
        except ValidationError as err:
            raise InvalidSettings(explain(err)) from None

    @field_validator("api_key", mode="before")
    @classmethod
    def _blank_key_is_none(cls, value: Any) -> Any:
        """`ASSISTANT_API_KEY=` (set but empty) means no key, not an empty one."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("sessions_url", "records_url", mode="before")
    @classmethod
    def _is_postgres_url(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and not value.startswith(("postgresql://", "postgres://")):
            unset = (
                "unset it to keep sessions in the data directory's SQLite file"
                if info.field_name == "sessions_url"
                else "unset it to keep the article records in the sessions' database, or "
                "in chroma without one"
            )
            raise ValueError(
                "is not a PostgreSQL URL: write postgresql://user:password@host:port/database "
                f"({unset})"
            )
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _are_origins(cls, origins: list[str]) -> list[str]:
        wrong = [o for o in origins if o != "*" and not _ORIGIN.match(o)]
        if wrong:
            verb = "is not an origin" if len(wrong) == 1 else "are not origins"
            raise ValueError(
                f"{', '.join(map(repr, wrong))} {verb}: write each as scheme://host[:port] "
                "with no path or trailing slash "
                "(such as https://chat.example.org), or *"
            )
        return origins

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower_level(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    def records_database(self) -> str | None:
        """The PostgreSQL URL a chroma server's article records are kept in: its own
        setting, else the sessions' database, which the replicas already share. None for
        an embedded store (its records stay in its data directory) or without a database
        (they stay in a chroma collection)."""
        url = self.records_url or self.sessions_url
        return url.get_secret_value() if url is not None and self.chroma_host else None

    def api_key_text(self) -> str | None:
        """The API key itself, for the code that sends or checks it; None when unset."""
        return None if self.api_key is None else self.api_key.get_secret_value()


def _field_named(name: str) -> str | None:
    """The setting a validation error is about: `loc` holds its alias when it has one."""
    for field, info in Settings.model_fields.items():
        if name in (field, info.validation_alias):
            return field
    return None


def variable_of(field: str) -> str:
    """The environment variable a setting is read from."""
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else f"{ENV_PREFIX}{field.upper()}"


def explain(err: ValidationError) -> str:
    """One sentence per bad setting: the variable, what it holds, why that is wrong, the fix."""
    sentences = []
    for error in err.errors():
        field = _field_named(str(error["loc"][0])) if error["loc"] else None
        if field is None:
            sentences.append(f"A setting is not valid: {error['msg']}.")
            continue
        held = "" if field == "api_key" else f" is {error['input']!r}, which"
        why = str(error["msg"]).removeprefix("Value error, ")
        default = Settings.model_fields[field].get_default(call_default_factory=True)
        fallback = f" ({default})" if isinstance(default, str | int | float | Path) else ""
        sentences.append(
            f"The environment variable {variable_of(field)}{held} is not valid: "
            f"{why[:1].lower()}{why[1:]}. Set it to a valid value, or unset it for the "
            f"default{fallback}."
        )
    return " ".join(sentences)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
