"""Finding English in text a citizen or an officer reads.

A token of ASCII letters only is English when it is a common English word, or when it cannot be a Vietnamese
syllable written without diacritics ("Show", "counts", "Toggle" can't; "tin", "cho", "nhanh" can), unless it is
a name or abbreviation we keep on purpose (ALLOWED, each with its reason). Words holding a digit, "_", "@", "/" or
an inner "." or "-" are codes, usernames, addresses or file names: data, not wording.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Vietnamese syllable without diacritics: onset, vowel group, final consonant.
_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
    r"(uye|uya|uyu|oai|oay|oao|oeo|uoi|uou|uay|ieu|yeu|ia|ie|ye|ua|uo|ue|ui|uy|uu|oa|oe|oi|ai|ao|au|ay|eo|eu|iu|"
    r"[aeiouy])(ch|nh|ng|[cmnpt])?$"
)

# English words that also have the shape of a Vietnamese syllable (so the shape test alone lets them through),
# and the commonest words of software screens. Vietnamese syllables written without marks ("in" = print, "an",
# "so", "do", "can", "ban", "pin", "tin") are deliberately not here.
ENGLISH_WORDS = frozenset(
    """the at it up be he me no go by my we us not get set let yet top hot got lot hit cut bit tip main
    add change delete save view edit show hide search filter home log out sign user users name date time
    all and or of for with from this that is are was were has have none yes true false null undefined
    error errors forbidden found page server internal request bad not unauthorized denied access
    history toggle theme current auto skip content navigation sidebar start end
    select action actions go back next previous submit cancel close open remove clear reset
    object objects item items list count counts total of run runs task tasks schedule enabled""".split()
)

# Names and abbreviations a Vietnamese reader meets as they are (reason for each).
ALLOWED = frozenset(
    {
        "zalo",  # the platform's name
        "oa",  # never alone in our wording ("trang Zalo"); kept for Zalo's own product name "Zalo OA" in the operator guide
        "zns",  # Zalo's notification service, named in officers' notification settings
        "vneid",  # the state's identity app, by its name
        "csv",  # file formats officers export and import
        "xlsx",
        "jpeg",  # the photo and video formats a report accepts, by their names
        "jpg",
        "png",
        "webp",
        "mov",
        "webm",
        "pdf",
        "excel",
        "qr",  # "mã QR" is how every Vietnamese phone user says it
        "id",  # "ID" of a technical record (officers only)
        "otp",  # "mã OTP" on bank and government apps
        "cccd",  # Vietnamese abbreviations written without marks
        "cmnd",
        "ubnd",
        "hs",
        "sms",
        "email",  # in everyday Vietnamese use ("thư điện tử (email)")
        "website",
        "app",  # "Mini App" is Zalo's product name
        "mini",
        "url",
        "api",
        "json",
        "xml",  # the other format a data source answers in (Quản trị › Nguồn đồng bộ)
        "gps",
        "iso",
        "utc",
        "tp",  # "TP." = thành phố
        "km",
        "mb",
        "kb",
        "gb",
        "tt",
        "nd",
        "cp",
        "bca",
        "bcdcdd",
        "ca",
        "visa",  # written after «thị thực» for those who know the stamp by that name
        "web",  # "trang web": everyday Vietnamese
        "video",  # everyday Vietnamese
        "ip",  # "địa chỉ IP"
        "http",  # the kind of a data source officers choose ("Nguồn dữ liệu HTTP (JSON)")
        "byte",
        "ctrl",  # the key's name, as printed on it
        "mili",  # "mili giây"  # a unit ("dung lượng (byte)")
        "glitchtip",
        "sentry",
    }
)

_INNER = re.compile(r"[0-9_@/\\=:{}*<>]|\w[.\-]\w")
_TOKEN = re.compile(r"[A-Za-z]+")


def english_words(text: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    found = []
    for word in text.split():
        if _INNER.search(word) or word.startswith(("http", "www.")):
            continue
        for token in _TOKEN.findall(word):
            # Letters next to a Vietnamese letter are part of a Vietnamese word ("Ngày" -> "Ng", "y").
            if not re.fullmatch(r"\W*[A-Za-z]+\W*", word):
                break
            low = token.lower()
            if len(low) == 1:  # an initial ("Nguyễn V. A.") or a list letter
                continue
            if low in ALLOWED or low in allowed:
                continue
            if low in ENGLISH_WORDS or not _SYLLABLE.match(low):
                found.append(token)
    return found


class VisibleText(HTMLParser):
    """What a reader sees or hears: text outside script/style/template, plus title, aria-label, placeholder,
    alt and the value of buttons."""

    SKIP = {"script", "style", "template", "noscript"}
    ATTRS = ("title", "aria-label", "placeholder", "alt", "aria-description")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        a = {k: v or "" for k, v in attrs}
        self.parts += [a[k] for k in self.ATTRS if a.get(k)]
        if tag == "input" and a.get("type") in ("submit", "button", "reset") and a.get("value"):
            self.parts.append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def english_in_html(html: str, *, allowed: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(word, the text it was found in) for every English word the page shows."""
    return [(w, part[:120]) for part in visible_text(html) for w in english_words(part, allowed=allowed)]
