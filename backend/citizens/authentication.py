from __future__ import annotations

from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from citizens.models import Citizen
from citizens.tokens import (
    InvalidToken,
    RevocationUnknown,
    RevokedToken,
    access_token_citizen,
    access_token_citizen_id,
)
from common.errors import AUTHENTICATION_FAILED, THROTTLED, ApplicationError

SESSION_REVOKED_MESSAGE = (
    "Phiên đăng nhập này đã bị thu hồi vì mã đăng nhập của bạn bị dùng lại ở nơi khác. Vui lòng đăng nhập lại."
)
# As the lookup does when Redis cannot count (dossiers/services.py): refuse rather than let a revoked token in.
REVOCATION_UNKNOWN_MESSAGE = "Hệ thống tạm thời bận. Vui lòng thử lại sau ít phút."


class CitizenTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <our access token>` → request.user is the Citizen."""

    keyword = "Bearer"

    def citizen_for(self, token: str) -> Citizen:
        return access_token_citizen(token)

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(AUTHENTICATION_FAILED.message)
        try:
            citizen = self.citizen_for(header[1].decode("ascii"))
        except RevokedToken as exc:
            raise exceptions.AuthenticationFailed(SESSION_REVOKED_MESSAGE) from exc
        except (InvalidToken, UnicodeDecodeError) as exc:
            raise exceptions.AuthenticationFailed(AUTHENTICATION_FAILED.message) from exc
        except RevocationUnknown as exc:
            raise ApplicationError(THROTTLED, message=REVOCATION_UNKNOWN_MESSAGE) from exc
        return citizen, None

    def authenticate_header(self, request):
        return 'Bearer realm="api"'  # makes DRF answer 401, not 403


class CitizenClaimsAuthentication(CitizenTokenAuthentication):
    """The same token check without reading the citizen row: request.user has its id loaded, nothing else.

    For hot endpoints that need nothing but the citizen's id (dossier lookup). The token is ours,
    signed, and lives CITIZEN_TOKEN_TTL_SECONDS; a citizen deleted meanwhile keeps that much access
    to lookups, which need the code and the second factor anyway. A revoked token family is refused
    here too: that check is the same Redis call as on every other endpoint.
    """

    def citizen_for(self, token: str) -> Citizen:
        # Only the id is loaded; any other field is deferred (read from the database if ever used),
        # never a default value standing in for the real one.
        return Citizen.from_db(None, ["id"], [access_token_citizen_id(token)])


class IsCitizen(permissions.BasePermission):
    message = "Bạn cần đăng nhập bằng Zalo để tiếp tục."

    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, Citizen)


def citizen_of(request: Request) -> Citizen:
    """The signed-in citizen of a request that passed `IsCitizen`; anything else is a 401."""
    user = request.user
    if not isinstance(user, Citizen):
        raise exceptions.NotAuthenticated()
    return user
