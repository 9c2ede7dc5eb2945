"""Finding the files to check, and writing fixed files back atomically."""

from __future__ import annotations

import fnmatch
import os
import tempfile
from pathlib import Path


def walk(paths: list[str], include: tuple[str, ...], exclude: tuple[str, ...]):
    """Yield (path, error) in a stable order; a named file is always checked."""
    for p in paths:
        if p == "-":
            yield p, None
            continue
        path = Path(p)
        if path.is_symlink() and not path.exists():
            yield p, "broken symbolic link"
            continue
        if path.is_file():
            yield p, None
            continue
        if not path.exists():
            yield p, "no such file or directory"
            continue
        for root, dirs, files in os.walk(path, onerror=None):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(d, exclude))
            for name in sorted(files):
                full = os.path.join(root, name)
                if name.startswith(".") or _excluded(full, exclude):
                    continue
                if any(fnmatch.fnmatch(name, g) for g in include):
                    yield full, None


def _excluded(path: str, exclude) -> bool:
    return any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(os.path.basename(path), g)
               for g in exclude)


def atomic_write(path: str, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` via a temporary file in the same folder.

    The file keeps its permissions. When ``expected`` is given and the file on disk no longer
    holds it (another process changed it since we read it), nothing is written.
    """
    target = Path(path)
    st = target.stat()
    if expected is not None and target.read_bytes() != expected:
        raise FileChangedError(f"{path}: changed on disk since it was read; not rewritten")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".hygiene-tmp",
                               dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class FileChangedError(Exception):
    pass
