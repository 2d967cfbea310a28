"""The SHA-256 of a file: one helper for the readers (provenance of inputs) and the writers, and a file that
hashes what its reader takes."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path


def sha256_of(path: str | Path) -> str:
    """The SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class HashingFile(io.FileIO):
    """A binary file whose bytes are hashed (SHA-256) as its reader takes them, front to back: the file's
    digest without reading it a second time (hashlib lets go of the GIL while it hashes a block)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "rb")
        self._sha, self._hashed, self._in_order = hashlib.sha256(), 0, True

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        """The next `size` bytes, hashed when they follow the bytes hashed so far."""
        start = self.tell()
        data = super().read(size) or b""
        if start == self._hashed and self._in_order:
            self._sha.update(data)
            self._hashed += len(data)
        else:
            self._in_order = False
        return data

    def digest(self) -> str | None:
        """The SHA-256 hex digest of the whole file when its reader read it in order to the end, else None."""
        whole = self._in_order and self._hashed == os.fstat(self.fileno()).st_size
        return self._sha.hexdigest() if whole else None
