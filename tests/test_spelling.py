"""One spelling of Vietnamese everywhere (docs/thuat-ngu.md): the tone mark of "oa", "oe" and "uy" at the end of a
syllable sits on the first vowel ("xóa", "hóa", "khóa", "tùy", "thủy", "hủy", "khỏe"), as in the names of the
procedures in the national catalogue; "ký" not "kí", "lý" not "lí". "quý", "quỳ" keep theirs (the "u" belongs to
"qu"). Migrations are history and are not read; the text they seeded can be edited in the admin."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READ = [ROOT / "backend", ROOT / "miniapp" / "src", ROOT / "docs", ROOT / "README.md", ROOT / "tests"]
SUFFIXES = {".py", ".ts", ".tsx", ".html", ".txt", ".md", ".po", ".json", ".css", ".csv"}

# A syllable ending in oa/oe/uy with the mark on the second vowel (not after "q"), and the "i" spellings.
NEW_STYLE = re.compile(r"(?<![^\W\d_])(\w*?)(?<![qQ])([oO][àáảãạÀÁẢÃẠ]|[oO][èéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")
I_FOR_Y = re.compile(r"(?<![^\W\d_])([kKlL][íÍ])(?![^\W\d_])")


def _files() -> list[Path]:
    found = []
    for root in READ:
        paths = [root] if root.is_file() else root.rglob("*")
        for path in paths:
            # these name the spellings refused; the search test table holds what citizens really type ("đăng kí")
            if path.name in ("test_spelling.py", "thuat-ngu.md", "test_search_variants.py"):
                continue
            if path.suffix in SUFFIXES and "migrations" not in path.parts and "node_modules" not in path.parts:
                found.append(path)
    return found


def spelling_problems(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    return [m.group(0) for m in NEW_STYLE.finditer(text)] + [m.group(0) for m in I_FOR_Y.finditer(text)]


def test_the_checker_tells_the_two_spellings_apart():
    assert spelling_problems("xoá hoá khoá tuỳ thuỷ huỷ uỷ khoẻ kí") == [
        "xoá", "hoá", "khoá", "tuỳ", "thuỷ", "huỷ", "uỷ", "khoẻ", "kí"
    ]  # fmt: skip
    assert spelling_problems("xóa hóa khóa tùy thủy hủy ủy khỏe ký quý quỳ hoàn toàn khuyến Xóa đăng ký") == []
    assert spelling_fix("Xoá, hoá đơn, khoẻ, tuỳ, Thuỷ, quý, hoàn") == "Xóa, hóa đơn, khỏe, tùy, Thủy, quý, hoàn"


def test_one_spelling_in_every_file():
    problems = []
    for path in _files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for word in spelling_problems(line):
                if word.lower() in ("kí", "lí") and spelling_fix(word) in line:
                    continue  # a line naming both spellings describes the variants search folds (common/text.py)
                problems.append(f"{path.relative_to(ROOT)}:{number}: {word}")
    assert len(_files()) > 100
    assert problems == [], "\n".join(problems[:50])


_MARKS = {"̀": "àèỳ", "́": "áéý", "̉": "ảẻỷ", "̃": "ãẽỹ", "̣": "ạẹỵ"}


def _first_vowel(match: re.Match[str]) -> str:
    word = match.group(0)
    pair = match.group(2)
    second = pair[1]
    mark = next(m for m, letters in _MARKS.items() if second.lower() in letters)
    plain = unicodedata.normalize("NFD", second)[0]
    return word[:-2] + unicodedata.normalize("NFC", pair[0] + mark) + plain


def spelling_fix(text: str) -> str:
    """The same text in the chosen spelling (the "i" spellings are left for a person to judge)."""
    return NEW_STYLE.sub(_first_vowel, unicodedata.normalize("NFC", text))


if __name__ == "__main__":  # python tests/test_spelling.py: rewrite every file read above in the chosen spelling
    for path in _files():
        text = path.read_text(encoding="utf-8")
        if spelling_fix(text) != text and unicodedata.normalize("NFC", text) == text:
            path.write_text(spelling_fix(text), encoding="utf-8")
            print(path.relative_to(ROOT))
