"""Assertions the API tests share."""

from __future__ import annotations

from typing import Any

TRADE_2017 = "Quel était le volume des échanges commerciaux entre le Vietnam et la Russie en 2017 ?"
"""A figure question whose follow-up "Et en 2012 ?" needs the session's memory."""


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The error envelope every failure uses: a code, a sentence, and the request id.
    (`response`: an httpx response, or a TestClient's.)"""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["message"] and error["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text
    if code is not None:
        assert error["code"] == code
    return error
