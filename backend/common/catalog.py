"""Compile our Vietnamese message catalog (backend/locale/vi/LC_MESSAGES/django.po) without GNU gettext.

Django's compilemessages needs msgfmt, which a newcomer's machine or the image may lack. Our catalog is
simple (one msgid, one msgstr; a plural entry has one form, as Vietnamese has; no contexts), so it is compiled here in a few lines; the .mo is
committed, and tests/common/test_messages.py fails if it no longer matches the .po. After editing the
.po: `python manage.py compile_catalog`.
"""

from __future__ import annotations

import struct
from pathlib import Path

from django.conf import settings

MO_MAGIC = 0x950412DE
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def catalog_paths() -> tuple[Path, Path]:
    folder = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"
    return folder / "django.po", folder / "django.mo"


def _unquote(line: str, where: str) -> str:
    line = line.strip()
    if len(line) < 2 or not (line.startswith('"') and line.endswith('"')):
        raise ValueError(f"{where}: expected a quoted string")
    body, out, index = line[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            out.append(_ESCAPES[body[index + 1]])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def po_read(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file; fuzzy and untranslated entries are left out, as msgfmt does."""
    catalog: dict[str, str] = {}
    entry: dict[str, str] = {}
    key = ""
    fuzzy = False

    def finish() -> None:
        nonlocal entry, fuzzy
        if "msgid_plural" in entry:  # Vietnamese has one plural form: msgstr[0]; the .mo key is "one\0many"
            entry["msgid"] += "\x00" + entry.pop("msgid_plural")
            entry["msgstr"] = entry.pop("msgstr[0]", "")
        if "msgid" in entry and (entry.get("msgstr") or entry["msgid"] == "") and not fuzzy:
            catalog[entry["msgid"]] = entry["msgstr"]
        entry, fuzzy = {}, False

    for number, line in enumerate([*text.splitlines(), ""], start=1):
        where = f"django.po line {number}"
        stripped = line.strip()
        if not stripped:
            finish()
        elif stripped.startswith("#"):
            fuzzy = fuzzy or (stripped.startswith("#,") and "fuzzy" in stripped)
        elif stripped.startswith('"'):
            entry[key] += _unquote(stripped, where)
        else:
            key, _, rest = stripped.partition(" ")
            if key not in ("msgid", "msgstr", "msgid_plural", "msgstr[0]"):
                raise ValueError(f"{where}: {key} is not supported here (one msgid, one msgstr per entry)")
            if key == "msgid" and "msgid" in entry:
                finish()
            entry[key] = _unquote(rest, where)
    return catalog


def mo_bytes(catalog: dict[str, str]) -> bytes:
    """The GNU .mo file of `catalog` (little-endian, no hash table), as gettext and Django read it."""
    keys = sorted(catalog)
    ids = [key.encode() for key in keys]
    strs = [catalog[key].encode() for key in keys]
    count = len(keys)
    ids_start = 7 * 4 + 16 * count
    strs_start = ids_start + sum(len(i) + 1 for i in ids)
    originals, translations, offset = [], [], ids_start
    for raw in ids:
        originals += [len(raw), offset]
        offset += len(raw) + 1
    offset = strs_start
    for raw in strs:
        translations += [len(raw), offset]
        offset += len(raw) + 1
    header = struct.pack("<7I", MO_MAGIC, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 7 * 4 + 16 * count)
    tables = struct.pack(f"<{4 * count}I", *originals, *translations)
    return header + tables + b"".join(i + b"\0" for i in ids) + b"".join(s + b"\0" for s in strs)


def catalog_compile() -> Path:
    po_path, mo_path = catalog_paths()
    mo_path.write_bytes(mo_bytes(po_read(po_path.read_text(encoding="utf-8"))))
    return mo_path
