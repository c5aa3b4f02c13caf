"""The applicant's personal data, as little of it as the service needs: the name masked, the ID number
and phone cleaned, then kept only as keyed hashes (the phone also encrypted, by the caller).

Chứng minh nhân dân (9 digits) stopped being valid after 31/12/2024 (Luật Căn cước 2023); every citizen has a
12-digit số định danh cá nhân, printed on the thẻ căn cước. See docs/dossiers.md, "Số định danh cá nhân".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from common.crypto import keyed_hash
from common.errors import ApplicationError, ErrorCode


def mask_name(full_name: str) -> str:
    """ "Nguyễn Văn An" → "Nguyễn V. A.": enough for the owner to recognise, too little to identify."""
    words = full_name.split()
    if not words:
        return ""
    if len(words) == 1:
        return f"{words[0][0].upper()}."
    return " ".join([words[0].capitalize(), *(f"{word[0].upper()}." for word in words[1:])])


CMND_LENGTH = 9
ID_NUMBER_LENGTH = 12
CMND_NO_LONGER_VALID = "Chứng minh nhân dân 9 số không còn giá trị sử dụng từ ngày 01/01/2025."
ID_NUMBER_INVALID_MESSAGE = f"Số định danh cá nhân gồm 12 chữ số (in trên thẻ căn cước). {CMND_NO_LONGER_VALID}"


def id_number_clean(raw: str) -> str:
    """The 12-digit số định danh cá nhân typed at the counter; a 9-digit CMND is refused with its reason."""
    digits = "".join(ch for ch in raw if not ch.isspace())
    if not (digits.isascii() and digits.isdigit() and len(digits) == ID_NUMBER_LENGTH):
        raise ApplicationError(
            ErrorCode("id_number_invalid", ID_NUMBER_INVALID_MESSAGE, 400),
            fields={"applicant_id_number": [ID_NUMBER_INVALID_MESSAGE]},
        )
    return digits


def id_hash(id_number: str, hasher: Callable[[str], str] = keyed_hash) -> str:
    """`hasher`: keyed_hash, or a bulk caller's keyed_hasher() (the same hash, the key set up once)."""
    return hasher(f"id:{id_number}")


def id_tail_hash(code: str, tail: str, hasher: Callable[[str], str] = keyed_hash) -> str:
    # Bound to the code: four digits alone would be one of 10,000 values shared by many dossiers.
    return hasher(f"id-tail:{code}:{tail}")


_NOT_DIGITS = re.compile(r"[^0-9]")


def phone_clean(raw: str) -> str | None:
    """'0912 345 678' / '+84912345678' → '84912345678' (the form Citizen.phone_hash uses); None if not a phone."""
    digits = _NOT_DIGITS.sub("", raw)
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    if digits.startswith("84") and len(digits) == 11:
        return digits
    return None
