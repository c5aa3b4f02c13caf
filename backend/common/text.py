"""Text normalisation for search: diacritic- and case-insensitive, đ = d, i/y spelling variants folded."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# The i/y spelling variants (ký/kí, lý/lí, mỹ/mĩ, quy/qui, sỹ/sĩ, tỷ/tỉ, hy/hi …): both are in everyday use
# in the open syllable "consonant onset + i/y" and mean the same word. Rule (docs/guides.md, "Tìm kiếm"): a word that
# is exactly an onset followed by a lone `y` is folded to `i`. Everything else keeps its `y`: the
# diphthongs `uy` (thủy, tuy, huy — not thui, tui, hui), `ay`/`ây`, `uyê`, `yê`, and a word that is `y`
# alone (y tế, ý kiến). `qu` counts as an onset, so quy/qui fold, while `tuy`/`tui` stay distinct.
_ONSETS = "ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
_FINAL_Y = re.compile(rf"(?<![a-z0-9])({_ONSETS})y(?![a-z0-9])")


def fold_i_y(normalized: str) -> str:
    """Fold the syllable-final `y` after a consonant onset into `i` in already normalised text."""
    return _FINAL_Y.sub(r"\1i", normalized)


def normalize_search(text: str) -> str:
    """'  Đăng KÝ tạm trú ' -> 'dang ki tam tru'.

    The same function fills the stored search columns and normalises the query, so both sides
    always agree (SQLite has no unaccent; PostgreSQL gets the same column plus its indexes).
    Changing it means recomputing the stored columns: `manage.py rebuild_search`.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return fold_i_y(_SPACES.sub(" ", stripped.casefold()).strip())
