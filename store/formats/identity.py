"""Article ids that stay the same across re-ingests, whatever the format.

An id comes from the article's URL, else the record's own id, else the file's stem,
else a hash of its text: a URL names an article in its page, its feed and every export
alike, where a record id names it in one CMS only. A plain id (`12345`,
`vna-2014-06-16-01`) is kept as it is; a URL or an id with other characters becomes a
readable slug and a short hash (`hanoi-moscou-energie_4f1c2a9e0b7d`), so an id is always
safe in a path or a command line. URLs are normalised first (scheme, `www.`, case of the
host, tracking parameters, fragment, trailing slash), so one page linked two ways is one
article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
_TRACKING = re.compile(r"^(?:utm_\w+|xtor|at_\w+|fbclid|gclid|mc_cid|mc_eid|ref)$", re.I)
SLUG_CHARS = 48
HASH_CHARS = 12


def slug(text: str, limit: int = SLUG_CHARS) -> str:
    """Lower-case ASCII words joined by hyphens: « Hanoï et Moscou » → hanoi-et-moscou."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "article"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:HASH_CHARS]


def normalise_url(url: str) -> str:
    """One spelling of a URL: no scheme, no `www.`, lower-case host, no fragment, no
    tracking parameters, no trailing slash.

    courlan (trafilatura's) normalises too, but keeps the scheme and `www.`, which an
    export and a saved page of one article often disagree on: an id must not."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, query, "")).lstrip("/")


def id_from_record(value: str) -> str:
    value = value.strip()
    if _PLAIN_ID.fullmatch(value):
        return value
    return f"{slug(value)}_{_digest(value)}"


def id_from_url(url: str) -> str:
    normal = normalise_url(url)
    segments = [s for s in urlsplit("//" + normal).path.split("/") if s]
    name = re.sub(r"\.(?:s?html?|php|aspx?)$", "", segments[-1]) if segments else normal
    return f"{slug(name)}_{_digest(normal)}"


def id_from_text(title: str, text: str) -> str:
    return f"{slug(title)}_{_digest(fingerprint(title + chr(10) + text))}"


def fingerprint(text: str) -> str:
    """The text with case, accents' composition, punctuation and spacing folded away:
    the same article from two formats has the same fingerprint."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\W+", " ", folded).strip()


def looks_like_url(value: str) -> bool:
    return bool(re.match(r"^(?:https?:)?//|^www\.", value.strip(), re.I))
