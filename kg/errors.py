"""Errors a user can act on.  The CLI prints `str(error)` as one line and exits non-zero;
anything else escaping is a bug."""

import stat


class KGError(Exception):
    """Base class: the message names the problem and, where it applies, the file and line."""


class InputError(KGError):
    def __init__(self, path: str, message: str, line: int | None = None):
        self.path, self.line, self.reason = path, line, message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class GraphFileError(KGError):
    pass


class GraphBusyError(KGError):
    pass


class WriteError(KGError):
    """An output that cannot be written (full or read-only disk, a device, a folder);
    whatever was there before is left as it was."""


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, for messages (readers and the store
    name what they refuse with it)."""
    for test, name in (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return "special file"
