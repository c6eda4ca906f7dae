"""Bytes to text: the encodings French news archives come in, detected and named.

A byte-order mark decides first, then strict UTF-8 (text that decodes as UTF-8 is
UTF-8), then charset-normalizer among the few encodings such archives use. Left to
itself, charset-normalizer takes short French text for Central European (cp1250), so
its candidates are limited. Windows-1252 and Latin-1 differ only in bytes 0x80–0x9F
(’ « œ … € in Windows-1252, control characters in Latin-1): a file with none of those
bytes reads the same either way and is recorded as Latin-1.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from store.errors import ArticleError

# What charset-normalizer may answer (its own codec names).
CANDIDATES = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "cp1252", "latin_1"]
# The names recorded for each codec (IANA's, as a person would write them).
NAMES = {
    "utf_8": "utf-8",
    "utf_16": "utf-16",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    "utf_32": "utf-32",
    "cp1252": "windows-1252",
    "latin_1": "iso-8859-1",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
]
# More control characters than this share of the text means binary data, not text.
MAX_CONTROL_SHARE = 0.01
# A UTF-8 encoded accented letter (« é » is C3 A9). Bytes that are not UTF-8 but hold
# these are UTF-8 text with pieces in another encoding (a file edited in two editors):
# read as Windows-1252 it would come out as « CafÃ© », so it is refused instead. In
# genuine Windows-1252 or Latin-1 French text « Ã » followed by such a byte does not occur.
_UTF8_LETTER = re.compile(rb"[\xc2\xc3\xc5][\x80-\xbf]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _from_bom(raw: bytes) -> Decoded | None:
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(codec), name)
            except UnicodeDecodeError:
                return None
    return None


def _detected(raw: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    if b"\x00" not in raw and _UTF8_LETTER.search(raw):
        return None

    best = from_bytes(raw, cp_isolation=CANDIDATES).best()
    if best is None:
        return None
    name = NAMES.get(best.encoding, best.encoding)
    if best.encoding in ("cp1252", "latin_1"):
        windows = any(0x80 <= b <= 0x9F for b in raw)
        name = NAMES["cp1252"] if windows else NAMES["latin_1"]
        return Decoded(raw.decode("cp1252" if windows else "latin_1", errors="strict"), name)
    return Decoded(str(best), name)


def decode(raw: bytes, where: str) -> Decoded:
    """The text of a file's bytes and the encoding they were read with; raises ArticleError
    (naming `where`) for an empty file, binary data or an encoding that cannot be told."""
    if not raw.strip():
        raise ArticleError(where, "the file is empty")
    decoded = _from_bom(raw)
    if decoded is None and b"\x00" not in raw:
        try:
            decoded = Decoded(raw.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = None
    if decoded is None:
        # NUL bytes are valid UTF-8 but mean UTF-16 without a byte-order mark (or binary).
        try:
            decoded = _detected(raw)
        except UnicodeDecodeError:
            decoded = None
    if decoded is None:
        if b"\x00" in raw:
            raise ArticleError(where, "the file is binary, not text")
        raise ArticleError(
            where,
            "the file's encoding cannot be determined (it is not UTF-8, UTF-16, "
            "Windows-1252 or Latin-1 text); convert it to UTF-8",
        )
    text = decoded.text
    if not text.strip():
        raise ArticleError(where, "the file is empty")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > len(text) * MAX_CONTROL_SHARE:
        raise ArticleError(where, "the file is binary, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(unicodedata.normalize("NFC", text), decoded.encoding)
