"""Settings, read once from the environment (this is the only module that reads it)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("vna-assistant"))


class Settings(BaseSettings):
    """Every setting, with its environment variable `ASSISTANT_<NAME>` (or `CHROMA_*`)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    chroma_host: str | None = Field(default=None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, validation_alias="CHROMA_PORT")
    api_key: str | None = None
    cors_origins: str = ""
    max_message_chars: int = 2000
    max_body_bytes: int = 64_000
    ready_timeout: float = 60.0  # seconds an API request waits for the engine to load
    session_ttl_days: float = 30.0
    model_name: str = "vna-assistant"
    log_level: str = "info"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
