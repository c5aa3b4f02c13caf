from __future__ import annotations

import pytest

from zalo.errors import TABLE, Action, Api, classify


@pytest.mark.parametrize(
    ("api", "code", "action"),
    [
        (Api.OA, -216, Action.REFRESH_TOKEN),
        (Api.ZNS, -124, Action.REFRESH_TOKEN),
        (Api.OA, -32, Action.RETRY),
        (Api.ZNS, -100, Action.RETRY),
        (Api.ZNS, -133, Action.DEFER_NIGHT),
        (Api.ZNS, -115, Action.DEFER_QUOTA),
        (Api.ZNS, -144, Action.DEFER_QUOTA),
        (Api.ZNS, -1441, Action.DEFER_QUOTA),
        (Api.ZNS, -147, Action.DEFER_QUOTA),
        (Api.ZNS, -160, Action.DEFER_QUOTA),
        (Api.OA, -211, Action.DEFER_QUOTA),
        (Api.OA, -311, Action.DEFER_QUOTA),
        (Api.OA, -213, Action.FALLBACK),
        (Api.OA, -230, Action.FALLBACK),
        (Api.ZNS, -114, Action.GIVE_UP_UNREACHABLE),
        (Api.ZNS, -118, Action.GIVE_UP_UNREACHABLE),
        (Api.ZNS, -119, Action.GIVE_UP_UNREACHABLE),
        (Api.ZNS, -139, Action.GIVE_UP_USER_CHOICE),
        (Api.ZNS, -141, Action.GIVE_UP_USER_CHOICE),
        (Api.OA, -217, Action.GIVE_UP_USER_CHOICE),
        (Api.OA, -222, Action.GIVE_UP_USER_CHOICE),
        (Api.OA, -227, Action.GIVE_UP_USER_CHOICE),
        (Api.OA, -201, Action.GIVE_UP_ALERT),
        (Api.OA, -320, Action.GIVE_UP_ALERT),
        (Api.OA, -321, Action.GIVE_UP_ALERT),
        (Api.ZNS, -109, Action.GIVE_UP_ALERT),
        (Api.ZNS, -117, Action.GIVE_UP_ALERT),
        (Api.ZNS, -131, Action.GIVE_UP_ALERT),
        (Api.ZNS, -135, Action.GIVE_UP_ALERT),
        (Api.ZNS, -1351, Action.GIVE_UP_ALERT),
        (Api.ZNS, -136, Action.GIVE_UP_ALERT),
        (Api.ZNS, -137, Action.GIVE_UP_ALERT),
        (Api.ZNS, -1241, Action.GIVE_UP_ALERT),
    ],
)
def test_each_reference_code_maps_to_its_action(api, code, action):
    assert classify(api, code).action is action


@pytest.mark.parametrize("api", list(Api))
def test_unknown_codes_give_up_and_alert_rather_than_retry_forever(api):
    assert classify(api, -999_999).action is Action.GIVE_UP_ALERT


def test_every_entry_of_the_table_has_an_action_and_a_meaning():
    for codes in TABLE.values():
        for code, classification in codes.items():
            assert code < 0 and classification.meaning and isinstance(classification.action, Action)
