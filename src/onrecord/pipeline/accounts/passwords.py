"""Password hashing with argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Swap the hasher (returns the previous one). Tests use cheap parameters with it;
    production keeps argon2-cffi's recommended ones."""
    global _hasher
    previous, _hasher = _hasher, hasher
    return previous


MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; never raises for a wrong password."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with older parameters and should be redone at next login."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def new_session_token() -> str:
    """A fresh random token; rotating it ends every login session of a user."""
    return secrets.token_hex(16)


#: A hash of a random password, verified against when the username is unknown so
#: that a login attempt takes the same time whether or not the user exists.
DUMMY_HASH = hash_password(secrets.token_hex(16))
