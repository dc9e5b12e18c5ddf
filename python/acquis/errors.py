"""errors: the library's ACQ_E* return codes as Python exceptions.

Every exception raised for a failed C call is an :class:`Error` carrying the
code (``.code``), the library's short name for it (``.reason``, from
``acq_strerror``) and its message for a person (``.message``). Each code has
its own subclass, which also derives from the closest built-in exception, so
that ``except OSError`` or ``except ValueError`` work as a Python user
expects.
"""
from __future__ import annotations

import re
from typing import Dict, Optional, Type

from ._native import lib

OK = 0
EIO, ECORRUPT, ENOMEM, EINPUT, EQUERY, EARG, ELOCKED, ENOTFOUND, ELIMIT, EVERSION = range(-1, -11, -1)


class Error(Exception):
    """A failure reported by libacquis."""

    code: int = 0

    def __init__(self, message: str, code: Optional[int] = None) -> None:
        if code is not None:
            self.code = code
        self.message = message
        self.reason = lib.acq_strerror(self.code).decode("utf-8", "replace")
        super().__init__(message or self.reason)


class FileError(Error, OSError):
    """ACQ_EIO: a file could not be read or written."""
    code = EIO


class CorruptIndexError(Error):
    """ACQ_ECORRUPT: an index file is damaged or not an acquis file."""
    code = ECORRUPT


class NoMemoryError(Error, MemoryError):
    """ACQ_ENOMEM: out of memory."""
    code = ENOMEM


class InputError(Error, ValueError):
    """ACQ_EINPUT: a bad document, topics, qrels or run line."""
    code = EINPUT


class QuerySyntaxError(Error, ValueError):
    """ACQ_EQUERY: the query has a syntax error; ``.column`` (from 1) says where."""
    code = EQUERY

    def __init__(self, message: str, code: Optional[int] = None) -> None:
        super().__init__(message, code)
        # "column N: ..." (a search), "topic QID: column N: ..." (a batch)
        m = re.match(r"(?:topic \S+: )?column (\d+)", message)
        self.column: Optional[int] = int(m.group(1)) if m else None


class ArgumentError(Error, ValueError):
    """ACQ_EARG: an invalid argument or a misuse of the API."""
    code = EARG


class LockedError(Error):
    """ACQ_ELOCKED: another writer holds the index."""
    code = ELOCKED


class NotFoundError(Error, LookupError):
    """ACQ_ENOTFOUND: no index, or no document with that id."""
    code = ENOTFOUND


class LimitError(Error):
    """ACQ_ELIMIT: a limit was hit (too many prefix expansions, fields, ...)."""
    code = ELIMIT


class VersionError(Error):
    """ACQ_EVERSION: the index was written by an incompatible version."""
    code = EVERSION


_BY_CODE: Dict[int, Type[Error]] = {c.code: c for c in (
    FileError, CorruptIndexError, NoMemoryError, InputError, QuerySyntaxError, ArgumentError, LockedError,
    NotFoundError, LimitError, VersionError)}


def error(code: int, message: str) -> Error:
    """The exception for a return code and the library's message."""
    cls = _BY_CODE.get(code)
    return cls(message) if cls else Error(message, code)


def check(code: int, message) -> None:
    """Raises the exception for a negative code; ``message`` is bytes (an
    errmsg buffer's value) or str."""
    if code != OK:
        if isinstance(message, (bytes, bytearray)):
            message = bytes(message).decode("utf-8", "replace")
        raise error(code, message)


def c_string(s: str, what: str) -> bytes:
    """``s`` as UTF-8 for a NUL-terminated C argument. A U+0000 inside would
    silently cut the string short there (delete("a\\0b") would delete "a"),
    so it is refused."""
    b = s.encode("utf-8", "surrogatepass")
    if b"\0" in b:
        raise InputError("%s contains U+0000, which acquis does not accept: %r" % (what, s))
    return b


def c_path(path) -> bytes:
    """A file name for the C library, refused if it holds a NUL byte."""
    import os
    b = os.fsencode(path)
    if b"\0" in b:
        raise ArgumentError("a path contains a NUL byte: %r" % (path,))
    return b
