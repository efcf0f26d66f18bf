"""Signed checkpoints: the journal head signed with the server's Ed25519 key.

Whoever can write the database can edit an entry and recompute every later hash; the chain
then verifies. A checkpoint published earlier (in a report, with the auditor, in another
system) holds a hash such a copy no longer has at that seq, and its signature shows the
server made it. Only the public key is needed to check one: ``dutygraph journal public-key``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from resolvers.journal.chain import canonical, format_time
from resolvers.journal.pins import Pin

FORMAT = "dutygraph-journal-checkpoint/1"
SIGNED_FIELDS = ("format", "seq", "hash", "signed_at", "key_id")


class CheckpointError(ValueError):
    """A key or checkpoint that cannot be used; the message says what to do."""


def key_id(public_key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key (hex): names the key inside each checkpoint."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _load_private(path: Path) -> Ed25519PrivateKey:
    mode = path.stat().st_mode
    if mode & 0o077:
        raise CheckpointError(
            f"the journal signing key {path} is readable by other users "
            f"(mode {oct(mode & 0o777)}): run `chmod 600 {path}`"
        )
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} does not hold an Ed25519 private key")
    return key


def signing_key(path: Path) -> Ed25519PrivateKey:
    """The server's key at ``path``, made on first use (mode 0600, never overwritten)."""
    if path.exists():
        return _load_private(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use that one
        return _load_private(path)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())
    return key


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def trusted_key(path: Path) -> Ed25519PublicKey:
    """The public key in ``path``: a public key PEM, or the server's private key file."""
    if not path.is_file():
        raise CheckpointError(f"no key at {path}: export it with `dutygraph journal public-key`")
    data = path.read_bytes()
    try:
        if b"PRIVATE KEY" in data:
            return _load_private(path).public_key()
        key = serialization.load_pem_public_key(data)
    except ValueError as error:
        raise CheckpointError(f"{path} is not a PEM key: {error}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(f"{path} does not hold an Ed25519 public key")
    return key


def sign(key: Ed25519PrivateKey, seq: int, digest: str, at: datetime) -> dict[str, Any]:
    """The checkpoint document of head ``seq``/``digest``, signed at ``at``."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "seq": seq,
        "hash": digest,
        "signed_at": format_time(at),
        "key_id": key_id(key.public_key()),
    }
    signature = key.sign(canonical(document))
    return {**document, "signature": base64.b64encode(signature).decode()}


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint whose signature checked: the pin it gives, and when it was signed."""

    pin: Pin
    signed_at: str
    key_id: str


def check(document: Any, public_key: Ed25519PublicKey, source: str = "checkpoint") -> Checkpoint:
    """The checkpoint if ``public_key`` signed exactly this document; else CheckpointError."""
    if not isinstance(document, dict) or set(document) != {*SIGNED_FIELDS, "signature"}:
        raise CheckpointError(f"{source}: not a journal checkpoint (fields {list(SIGNED_FIELDS)})")
    if document["format"] != FORMAT:
        raise CheckpointError(f"{source}: unknown format {document['format']!r}")
    seq, digest = document["seq"], document["hash"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise CheckpointError(f"{source}: seq is not a whole number")
    if not isinstance(digest, str) or len(digest) != 64:
        raise CheckpointError(f"{source}: hash is not 64 hex digits")
    if document["key_id"] != key_id(public_key):
        raise CheckpointError(
            f"{source}: signed by key {str(document['key_id'])[:16]}…, not by the trusted key "
            f"{key_id(public_key)[:16]}…"
        )
    try:
        signature = base64.b64decode(str(document["signature"]), validate=True)
        public_key.verify(signature, canonical({k: document[k] for k in SIGNED_FIELDS}))
    except (InvalidSignature, binascii.Error):
        raise CheckpointError(
            f"{source}: the signature does not match (the checkpoint was altered)"
        ) from None
    return Checkpoint(Pin(seq, digest, source), str(document["signed_at"]), str(document["key_id"]))


def read(path: Path, public_key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint stored in ``path`` (as ``journal checkpoint`` wrote it), checked."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CheckpointError(f"{path}: cannot read a checkpoint ({error})") from None
    return check(document, public_key, f"checkpoint {path.name}")
