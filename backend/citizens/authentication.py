from __future__ import annotations

from typing import NoReturn

from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from citizens import tokens
from citizens.models import Citizen
from citizens.tokens import (
    InvalidToken,
    RevocationUnknown,
    RevokedToken,
    access_token_citizen,
    access_token_citizen_id,
    access_token_claims,
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
            return self.authenticate_token(request, header[1].decode("ascii"))
        except RevokedToken as exc:
            raise exceptions.AuthenticationFailed(SESSION_REVOKED_MESSAGE) from exc
        except (InvalidToken, UnicodeDecodeError) as exc:
            raise exceptions.AuthenticationFailed(AUTHENTICATION_FAILED.message) from exc
        except RevocationUnknown as exc:
            raise ApplicationError(THROTTLED, message=REVOCATION_UNKNOWN_MESSAGE) from exc

    def authenticate_token(self, request: Request, token: str) -> tuple[Citizen, object]:
        return self.citizen_for(token), None

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

    def __init__(self, *, revocation_by_view: bool = False) -> None:
        # revocation_by_view (the dossier lookup, through its get_authenticators): the revocation check is left to
        # the view, which makes it inside the Redis call that counts the attempt (one round trip instead of two);
        # request.auth is then the RevocationPending. The view must settle it before any answer: the lookup does,
        # and its handle_exception calls revocation_settled_exception for every other way out, so a revoked token
        # still gets its 401 (or the busy 429 when Redis cannot say) whatever else was wrong with the request,
        # exactly as when the check came first. One class for both uses: the OpenAPI schema names one scheme per
        # class, and both are the same bearer token to a client.
        self.revocation_by_view = revocation_by_view

    def authenticate_token(self, request: Request, token: str) -> tuple[Citizen, object]:
        if not self.revocation_by_view:
            return super().authenticate_token(request, token)
        citizen_id, family = access_token_claims(token)
        return Citizen.from_db(None, ["id"], [citizen_id]), RevocationPending(family)


class RevocationPending:
    """A token whose family's revocation is still to be checked (CitizenClaimsAuthentication(revocation_by_view=True)). Until `settle`d, no
    answer may depend on the token: the view settles it in its own Redis call (`veto_key`, then `vetoed` or
    `passed`) or by `settle`, and on any other way out (revocation_settled_exception)."""

    def __init__(self, family: str) -> None:
        self.family = family
        self.settled = False

    def veto_key(self) -> str | None:
        """The key to check in the caller's own Redis call, or None: call `settle` instead."""
        return tokens.revoked_family_key(self.family)

    def vetoed(self) -> NoReturn:
        self.settled = True
        raise exceptions.AuthenticationFailed(SESSION_REVOKED_MESSAGE)

    def passed(self) -> None:
        self.settled = True

    def settle(self) -> None:
        """Check now (one Redis call) unless already done: what CitizenTokenAuthentication does up front."""
        if self.settled:
            return
        try:
            revoked = tokens.family_revoked(self.family)
        except RevocationUnknown as exc:
            self.settled = True
            raise ApplicationError(THROTTLED, message=REVOCATION_UNKNOWN_MESSAGE) from exc
        if revoked:
            self.vetoed()
        self.settled = True


def revocation_settled_exception(request: Request, exc: Exception) -> Exception:
    """`exc`, or the refusal a still unsettled revocation check gives (checked now); for a view's handle_exception.
    Reads the authentication's result only if it ran (a failure before it has nothing to settle)."""
    pending = getattr(request, "_auth", None)  # DRF's Request keeps request.auth here once authentication ran
    if not isinstance(pending, RevocationPending) or pending.settled:
        return exc
    try:
        pending.settle()
    except (exceptions.AuthenticationFailed, ApplicationError) as refusal:
        return refusal
    return exc


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
