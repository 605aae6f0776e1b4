"""Path rules shared by the story checks: no link may lead a story's file out of stories/."""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def has_link(folder: Path, name: PurePosixPath) -> bool:
    """Whether any part of ``folder/name`` below ``folder`` is a symbolic link.

    The story's own folder lies inside stories/ (links to folders are not entered),
    and ``name`` has no ``..``: only a link can lead the file out.
    """
    path = folder
    for part in name.parts:
        path = path / part
        if path.is_symlink():
            return True
    return False
