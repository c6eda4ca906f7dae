"""`.gz` files and `.zip` archives, opened without trusting what they claim to hold.

A member is never expanded past the limit of its format, an archive never past
MAX_EXPANDED_BYTES in all, and a member whose declared size is far more than its
compressed size allows (a zip bomb) is refused before any of it is expanded. Sizes a
zip declares can lie, so every read is bounded as well.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from store.errors import ArticleError

# What all the members of one archive may expand to.
MAX_EXPANDED_BYTES = 1_000_000_000
# Text compresses 3 to 10 times, a repetitive export maybe 30 times; a member beyond this
# ratio (and over MIN_BOMB_BYTES, as a tiny file can compress oddly) is a zip bomb.
MAX_RATIO = 100
MIN_BOMB_BYTES = 1_000_000
MAX_MEMBERS = 100_000
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Member:
    """A file read out of an archive: its name inside, its bytes, how to name it."""

    name: str
    data: bytes
    location: str


Limit = Callable[[str], int]


def _bomb(where: str, size: int, packed: int) -> ArticleError:
    return ArticleError(
        where,
        f"refused as a likely zip bomb: it expands to {size:,} bytes from {packed:,} "
        f"(over {MAX_RATIO} times); unpack it yourself if it is genuine",
    )


def _bounded_read(read: Callable[[int], bytes], limit: int, where: str, packed: int) -> bytes:
    """Read a stream to its end, refusing it once it passes `limit` bytes or expands
    past MAX_RATIO times its compressed size."""
    parts: list[bytes] = []
    total = 0
    while chunk := read(_CHUNK):
        total += len(chunk)
        if total > MIN_BOMB_BYTES and total > packed * MAX_RATIO:
            raise _bomb(where, total, packed)
        if total > limit:
            raise ArticleError(
                where, f"it expands past the {limit:,}-byte limit for this kind of file"
            )
        parts.append(chunk)
    return b"".join(parts)


def gunzip(path: Path, limit: int) -> bytes:
    """The expanded content of a `.gz` file."""
    where = str(path)
    try:
        packed = path.stat().st_size
        with gzip.open(path, "rb") as fh:
            return _bounded_read(fh.read, limit, where, packed)
    except (OSError, EOFError, zlib.error) as err:
        raise ArticleError(where, f"not a readable gzip file ({err})") from None


def zip_members(
    path: Path, limit: Limit, wanted: Callable[[str], bool]
) -> Iterator[Member | ArticleError]:
    """Every member of a `.zip` that `wanted` names, in order; a member that cannot be
    read is reported (as `archive.zip:member`) and the others are still read. Raises
    ArticleError when the archive itself cannot be opened."""
    where = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        raise ArticleError(where, f"not a readable zip archive ({err})") from None
    with archive:
        infos = [
            i
            for i in archive.infolist()
            if not i.is_dir()
            and not PurePosixPath(i.filename).name.startswith(".")
            and "__MACOSX" not in i.filename
        ]
        if len(infos) > MAX_MEMBERS:
            raise ArticleError(
                where, f"the archive holds {len(infos):,} files, over {MAX_MEMBERS:,}"
            )
        budget = MAX_EXPANDED_BYTES
        for info in sorted(infos, key=lambda i: i.filename):
            name = info.filename
            member_where = f"{where}:{name}"
            if not wanted(name):
                continue
            packed = max(info.compress_size, 1)
            cap = min(limit(name), budget)
            if info.file_size > MIN_BOMB_BYTES and info.file_size > packed * MAX_RATIO:
                yield _bomb(member_where, info.file_size, packed)
                continue
            if info.file_size > cap:
                yield ArticleError(
                    member_where,
                    f"it is {info.file_size:,} bytes, over the {cap:,}-byte limit",
                )
                continue
            try:
                with archive.open(info) as fh:
                    data = _bounded_read(fh.read, cap, member_where, packed)
            except ArticleError as err:
                yield err
                continue
            except (OSError, EOFError, zipfile.BadZipFile, zlib.error, RuntimeError) as err:
                yield ArticleError(member_where, f"cannot be read from the archive ({err})")
                continue
            budget -= len(data)
            yield Member(name, data, member_where)
