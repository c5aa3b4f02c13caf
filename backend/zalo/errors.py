"""What to do with each Zalo error code: ONE table, kept as data (docs/zalo.md explains it).

The codes come from the OA and ZNS error appendices (secondary sources, UNVERIFIED): change the table,
not the code that reads it. Unknown codes give up and alert an operator, never retry forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    RETRY = "retry"  # transient: exponential backoff, bounded attempts
    REFRESH_TOKEN = "refresh_token"  # single-flight OA token refresh, then retry once
    DEFER_NIGHT = "defer_night"  # ZNS cannot be sent 22:00–06:00: try again at 06:00 local time
    DEFER_QUOTA = "defer_quota"  # a daily/monthly quota is used up: try again the next quota day
    FALLBACK = "fallback"  # not reachable through this channel: try the next one
    GIVE_UP_UNREACHABLE = "give_up_unreachable"  # the user cannot receive Zalo messages at all
    GIVE_UP_USER_CHOICE = "give_up_user_choice"  # the user refused or blocked us: respect it
    GIVE_UP_ALERT = "give_up_alert"  # our configuration is wrong: stop and tell an operator


class Api(StrEnum):
    OA = "oa"
    ZNS = "zns"
    GRAPH = "graph"  # /me and phone exchange
    MINIAPP = "miniapp"  # Mini App notifications (UNVERIFIED codes: none known, all give up + alert)


@dataclass(frozen=True)
class Classification:
    action: Action
    meaning: str


_OA: dict[int, Classification] = {
    -32: Classification(Action.RETRY, "rate limited"),
    -201: Classification(Action.GIVE_UP_ALERT, "invalid parameters"),
    -204: Classification(Action.GIVE_UP_ALERT, "OA deleted"),
    -205: Classification(Action.GIVE_UP_ALERT, "OA not found"),
    -209: Classification(Action.GIVE_UP_ALERT, "API not supported"),
    -211: Classification(Action.DEFER_QUOTA, "out of quota"),
    -213: Classification(Action.FALLBACK, "user not following the OA"),
    -216: Classification(Action.REFRESH_TOKEN, "invalid access token"),
    -220: Classification(Action.REFRESH_TOKEN, "access token expired"),
    -217: Classification(Action.GIVE_UP_USER_CHOICE, "user blocked the follow invitation"),
    -221: Classification(Action.GIVE_UP_ALERT, "OA not authenticated"),
    -222: Classification(Action.GIVE_UP_USER_CHOICE, "user blocked the OA"),
    -224: Classification(Action.GIVE_UP_ALERT, "OA has no service package"),
    -227: Classification(Action.GIVE_UP_USER_CHOICE, "user inactive for more than 45 days"),
    -230: Classification(Action.FALLBACK, "no interaction in 7 days"),
    -233: Classification(Action.GIVE_UP_ALERT, "message type invalid"),
    -305: Classification(Action.FALLBACK, "48 h reply window passed"),
    -311: Classification(Action.DEFER_QUOTA, "reply quota exhausted"),
    -320: Classification(Action.GIVE_UP_ALERT, "must link a Zalo Business Account"),
    -321: Classification(Action.GIVE_UP_ALERT, "low balance"),
}

_ZNS: dict[int, Classification] = {
    -100: Classification(Action.RETRY, "unknown error"),
    -108: Classification(Action.GIVE_UP_UNREACHABLE, "phone number invalid"),
    -109: Classification(Action.GIVE_UP_ALERT, "template id invalid"),
    -111: Classification(Action.GIVE_UP_ALERT, "template data invalid"),
    -112: Classification(Action.GIVE_UP_ALERT, "template data invalid"),
    -1122: Classification(Action.GIVE_UP_ALERT, "template data invalid"),
    # Prevented before sending: notifications/channels.py zns_data cuts each parameter to its template limit.
    -1121: Classification(Action.GIVE_UP_ALERT, "template parameter too long"),
    -114: Classification(Action.GIVE_UP_UNREACHABLE, "user cannot receive the message"),
    -115: Classification(Action.DEFER_QUOTA, "out of quota"),
    -117: Classification(Action.GIVE_UP_ALERT, "no permission for the template"),
    -118: Classification(Action.GIVE_UP_UNREACHABLE, "no Zalo account for this phone"),
    -119: Classification(Action.GIVE_UP_UNREACHABLE, "account cannot receive"),
    -124: Classification(Action.REFRESH_TOKEN, "access token invalid"),
    # Development mode reaches only the phones on the app's test list: not a quota, the next channel may reach.
    -126: Classification(Action.FALLBACK, "phone not on the development whitelist"),
    -127: Classification(Action.GIVE_UP_ALERT, "test messages go to admins only"),
    -131: Classification(Action.GIVE_UP_ALERT, "template not approved"),
    -133: Classification(Action.DEFER_NIGHT, "not sendable between 22:00 and 06:00"),
    -135: Classification(Action.GIVE_UP_ALERT, "OA lacks ZNS permission"),
    -1351: Classification(Action.GIVE_UP_ALERT, "OA blocked from ZNS"),
    -136: Classification(Action.GIVE_UP_ALERT, "needs a Zalo Cloud Account"),
    -137: Classification(Action.GIVE_UP_ALERT, "charge failed"),
    -139: Classification(Action.GIVE_UP_USER_CHOICE, "user refused this message type"),
    -141: Classification(Action.GIVE_UP_USER_CHOICE, "user refused this OA"),
    -144: Classification(Action.DEFER_QUOTA, "OA daily limit"),
    -1441: Classification(Action.DEFER_QUOTA, "OA monthly limit"),
    -146: Classification(Action.GIVE_UP_ALERT, "template disabled for low quality"),
    -147: Classification(Action.DEFER_QUOTA, "template daily quota"),
    -160: Classification(Action.DEFER_QUOTA, "daily quota"),
    -1241: Classification(Action.GIVE_UP_ALERT, "appsecret_proof invalid"),
}

TABLE: dict[Api, dict[int, Classification]] = {Api.OA: _OA, Api.ZNS: _ZNS, Api.GRAPH: {}, Api.MINIAPP: {}}

UNKNOWN = Classification(Action.GIVE_UP_ALERT, "unknown error code")
TRANSPORT = Classification(Action.RETRY, "network error, timeout or HTTP 5xx")


def classify(api: Api, code: int) -> Classification:
    return TABLE[api].get(code, UNKNOWN)


class ZaloError(Exception):
    """A failed call to Zalo, with what to do about it."""

    def __init__(self, *, api: Api, code: int | None, message: str, classification: Classification):
        self.api = api
        self.code = code
        self.classification = classification
        super().__init__(f"Zalo {api.value} error {code}: {message}")

    @property
    def action(self) -> Action:
        return self.classification.action

    @property
    def transient(self) -> bool:
        return self.action in {Action.RETRY, Action.REFRESH_TOKEN}
