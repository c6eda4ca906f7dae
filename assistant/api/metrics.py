"""Prometheus text exposition, written by hand: prometheus_client is not a dependency, and
four metric families do not need it. Counts are per process (per uvicorn worker)."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable

from assistant.reply import Reply

BUCKETS: tuple[float, ...] = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _labels(**labels: str) -> str:
    def escape(v: str) -> str:
        return v.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')

    return "{" + ",".join(f'{k}="{escape(v)}"' for k, v in labels.items()) + "}"


def _number(value: float) -> str:
    return repr(float(value)) if value != int(value) else str(int(value))


class Metrics:
    """Requests by route and status, their latency, and the replies by intent."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[tuple[str, str, int]] = Counter()
        self._latency: dict[str, list[int]] = {}
        self._latency_sum: defaultdict[str, float] = defaultdict(float)
        self._latency_count: Counter[str] = Counter()
        self._replies: Counter[tuple[str, bool]] = Counter()

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(method, route, status)] += 1
            buckets = self._latency.setdefault(route, [0] * len(BUCKETS))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[i] += 1
            self._latency_sum[route] += seconds
            self._latency_count[route] += 1

    def observe_reply(self, reply: Reply) -> None:
        with self._lock:
            self._replies[(reply.intent, reply.answered)] += 1

    def render(self) -> str:
        with self._lock:
            return "".join(self._lines())

    def _lines(self) -> Iterable[str]:
        yield "# HELP assistant_http_requests_total HTTP requests by route template and status.\n"
        yield "# TYPE assistant_http_requests_total counter\n"
        for (method, route, status), n in sorted(self._requests.items()):
            labels = _labels(method=method, route=route, status=str(status))
            yield f"assistant_http_requests_total{labels} {n}\n"
        yield "# HELP assistant_http_request_duration_seconds Time to answer an HTTP request.\n"
        yield "# TYPE assistant_http_request_duration_seconds histogram\n"
        name = "assistant_http_request_duration_seconds"
        for route in sorted(self._latency):
            for bound, n in zip(BUCKETS, self._latency[route], strict=True):
                yield f"{name}_bucket{_labels(route=route, le=_number(bound))} {n}\n"
            count = self._latency_count[route]
            yield f"{name}_bucket{_labels(route=route, le='+Inf')} {count}\n"
            yield f"{name}_sum{_labels(route=route)} {self._latency_sum[route]!r}\n"
            yield f"{name}_count{_labels(route=route)} {count}\n"
        yield "# HELP assistant_replies_total Replies by intent and whether they found an answer.\n"
        yield "# TYPE assistant_replies_total counter\n"
        for (intent, found), n in sorted(self._replies.items()):
            labels = _labels(intent=intent, answered=str(found).lower())
            yield f"assistant_replies_total{labels} {n}\n"
        total = sum(self._replies.values())
        answered = sum(count for key, count in self._replies.items() if key[1])
        yield "# HELP assistant_answered_ratio Share of replies that found an answer.\n"
        yield "# TYPE assistant_answered_ratio gauge\n"
        yield f"assistant_answered_ratio {_number(answered / total) if total else 0}\n"
