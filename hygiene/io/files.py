"""Finding the files to check, and writing fixed files back atomically.

Every rewrite goes through a temporary file beside the target (``.NAME.XXXXXXXX.hygiene-tmp``)
that its writer holds an advisory lock on until it is renamed over the target, and the
compare-before-replace runs under a lock on the target itself, so two runs fixing the same files
at once cannot overwrite each other's work. A run that is killed can leave a temporary file
behind; no process holds its lock any more, so the next ``--fix`` run removes it.
"""

from __future__ import annotations

import fnmatch
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks
    fcntl = None

TMP_SUFFIX = ".hygiene-tmp"


def walk(paths: list[str], include: tuple[str, ...], exclude: tuple[str, ...],
         temps: list[str] | None = None):
    """Yield (path, error) in a stable order; a named file is always checked.

    Temporary files (dot-files) are never checked; when ``temps`` is a list, the ones found in
    the walked folders and beside the named files are added to it.
    """
    named: dict[str, set[str]] = {}
    for p in paths:
        if p == "-":
            yield p, None
            continue
        path = Path(p)
        if path.is_symlink() and not path.exists():
            yield p, "broken symbolic link (or a loop)"
            continue
        if path.is_file():
            named.setdefault(os.path.dirname(p) or ".", set()).add(path.name)
            yield p, None
            continue
        if not path.exists():
            yield p, "no such file or directory"
            continue
        for root, dirs, files in os.walk(path, onerror=None):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(d, exclude))
            for name in sorted(files):
                full = os.path.join(root, name)
                if temps is not None and name.endswith(TMP_SUFFIX):
                    temps.append(full)
                if name.startswith(".") or _excluded(full, exclude):
                    continue
                if any(fnmatch.fnmatch(name, g) for g in include):
                    yield full, None
    if temps is not None:
        temps.extend(_temps_beside(named))


def _temps_beside(named: dict[str, set[str]]) -> list[str]:
    """The temporary files of the named files, one directory listing per folder."""
    found = []
    for folder, names in named.items():
        try:
            entries = sorted(os.listdir(folder))
        except OSError:
            continue
        for entry in entries:
            # ".NAME.XXXXXXXX.hygiene-tmp": mkstemp's random part has no dot.
            if entry.endswith(TMP_SUFFIX) and entry[1:].rsplit(".", 2)[0] in names:
                found.append(os.path.join(folder, entry))
    return found


def _excluded(path: str, exclude) -> bool:
    return any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(os.path.basename(path), g)
               for g in exclude)


# -- writing --------------------------------------------------------------------------------


def make_temp(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target``, locked so no other run takes it for stale.

    Another run's clean-up may lock and delete the file in the instant between its creation and
    our lock; then the lock is ours but the name is gone, so start again.
    """
    for _ in range(5):
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX,
                                   dir=target.parent)
        try:
            if fcntl:
                fcntl.flock(fd, fcntl.LOCK_EX)
            if os.stat(tmp).st_ino == os.fstat(fd).st_ino:
                return fd, tmp
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            _unlink(tmp)
            raise
        os.close(fd)
    raise OSError(f"could not create a temporary file beside {target}")


def remove_stale(temps: list[str]) -> list[str]:
    """Delete the temporary files no running process holds (left by a killed run)."""
    removed = []
    for tmp in temps:
        try:
            fd = os.open(tmp, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _abandoned(fd):
                os.unlink(tmp)
                removed.append(tmp)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def _abandoned(fd: int) -> bool:
    if fcntl is None:  # without locks, only an old file is surely abandoned
        return time.time() - os.fstat(fd).st_mtime > 3600
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def locked(path: str | Path):
    """Hold an exclusive advisory lock on the file ``path`` names; yields its stat.

    The lock is on the inode: if another run replaced the file while we waited, we hold a lock
    on the old one, so look again and lock the new one.
    """
    while True:
        fd = os.open(path, os.O_RDONLY)
        try:
            if fcntl:
                fcntl.flock(fd, fcntl.LOCK_EX)
            st = os.fstat(fd)
            now = os.stat(path)
            if (st.st_dev, st.st_ino) == (now.st_dev, now.st_ino):
                yield st
                return
        finally:
            os.close(fd)


def atomic_write(path: str, data: bytes, expected: bytes | None = None) -> bool:
    """Replace ``path`` with ``data`` via a temporary file in the same folder.

    The file keeps its permissions (and owner, when we may set it); a symbolic link is followed,
    not replaced. When ``expected`` is given and the file on disk no longer holds it (another
    process changed it since we read it), nothing is written. Returns False when the file already
    holds ``data`` (another run fixed it first).
    """
    target = Path(os.path.realpath(path))
    with locked(target) as st:
        if expected is not None:
            current = target.read_bytes()
            if current == data:
                return False
            if current != expected:
                raise FileChangedError(f"{path}: changed on disk since it was read; not rewritten")
        fd, tmp = make_temp(target)
        try:
            _write_all(fd, data)
            os.fsync(fd)
            keep_mode(tmp, st)
            os.replace(tmp, target)
        except BaseException:
            _unlink(tmp)
            raise
        finally:
            os.close(fd)
    return True


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def keep_mode(tmp: str, st: os.stat_result) -> None:
    """Give the replacement the original's permission bits, and its owner where allowed."""
    own = os.stat(tmp)
    if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (own.st_uid, own.st_gid):
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except OSError:  # only root may give a file away; the group may still be ours to set
            pass
    os.chmod(tmp, st.st_mode & 0o7777)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class FileChangedError(Exception):
    pass
