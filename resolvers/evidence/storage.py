"""Evidence files on disk: size limit, type allow-list checked by content, storage by SHA-256."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from resolvers.errors import bad_input

DEFAULT_DIRECTORY = Path("data") / "evidence"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _zip_with(member: str) -> Callable[[bytes], bool]:
    def check(content: bytes) -> bool:
        if not content.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return member in archive.namelist()
        except zipfile.BadZipFile:
            return False

    return check


def _text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


#: Allowed extension → (media type, check of the content's leading bytes or structure).
ALLOWED: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "pdf": ("application/pdf", lambda c: c.startswith(b"%PDF-")),
    "png": ("image/png", lambda c: c.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda c: c.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda c: c.startswith(b"\xff\xd8\xff")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _zip_with("word/document.xml"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _zip_with("xl/workbook.xml"),
    ),
    "txt": ("text/plain; charset=utf-8", _text),
    "csv": ("text/csv; charset=utf-8", _text),
}


#: The longest file name kept (the ``file_name`` column, and what file systems allow).
MAX_FILE_NAME_CHARS = 255


@dataclass(frozen=True)
class StoredContent:
    sha256: str
    size: int
    media_type: str
    file_name: str


@dataclass(frozen=True)
class EvidenceStore:
    """Where files go and how large they may be (``DUTYGRAPH_EVIDENCE_*`` settings)."""

    directory: Path = DEFAULT_DIRECTORY
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def of(cls, settings: Any) -> EvidenceStore:
        """The store configured by the app's settings (defaults when there are none)."""
        return cls(
            directory=Path(getattr(settings, "evidence_dir", DEFAULT_DIRECTORY)),
            max_bytes=int(getattr(settings, "evidence_max_bytes", DEFAULT_MAX_BYTES)),
        )

    def path_of(self, sha256: str) -> Path:
        return self.directory / sha256[:2] / sha256

    def decode(self, file_name: str, content_base64: str) -> tuple[bytes, StoredContent]:
        """Check name, size and type of base64 content; nothing is written yet."""
        name = Path(file_name.strip()).name
        if len(name) > MAX_FILE_NAME_CHARS:
            raise bad_input(
                f"`fileName` is longer than {MAX_FILE_NAME_CHARS} characters.", "file.fileName"
            )
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in ALLOWED:
            allowed = ", ".join(sorted(ALLOWED))
            raise bad_input(
                f"Files of type {extension or '(none)'!r} are not accepted; allowed: {allowed}.",
                "file.fileName",
            )
        if len(content_base64) // 4 * 3 > self.max_bytes + 3:
            raise self._too_large()
        try:
            content = base64.b64decode(content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise bad_input("`contentBase64` is not valid base64.", "file.contentBase64") from None
        if not content:
            raise bad_input("The file is empty.", "file.contentBase64")
        if len(content) > self.max_bytes:
            raise self._too_large()
        media_type, looks_right = ALLOWED[extension]
        if not looks_right(content):
            raise bad_input(
                f"The content is not a {extension} file (its bytes do not match the type).",
                "file.contentBase64",
            )
        digest = hashlib.sha256(content).hexdigest()
        return content, StoredContent(digest, len(content), media_type, name)

    def _too_large(self) -> Exception:
        return bad_input(
            f"The file is larger than the limit of {self.max_bytes} bytes.", "file.contentBase64"
        )

    def write(self, content: bytes, sha256: str) -> Path:
        """Store once under its hash (atomic rename); the same content is never written twice."""
        target = self.path_of(sha256)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target


def check_url(url: str) -> str:
    value = url.strip()
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in value)
    ):
        raise bad_input("The link must be an http:// or https:// address.", "url")
    if len(value) > 2000:
        raise bad_input("The link is longer than 2000 characters.", "url")
    return value
