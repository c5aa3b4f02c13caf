"""The Mini App's pages as the beacon names them: route patterns (miniapp/src/app.tsx), never a concrete path,
so a dossier or report code in an address can never reach the figures."""

from __future__ import annotations

PAGES = [
    "/",
    "/contacts",
    "/contacts/:id",
    "/contacts/:id/survey",
    "/procedures",
    "/procedures/:id",
    "/handbook",
    "/news",
    "/news/:id",
    "/account",
    "/account/phone",
    "/account/privacy",
    "/account/delete",
    "/dossiers",
    "/dossiers/lookup",
    "/dossiers/result",
    "/dossiers/mine",
    "/dossiers/:id",
    "/ratings",
    "/ratings/dossier/:id",
    "/reports",
    "/reports/new/:kind",
    "/reports/track",
    "/reports/mine",
    "/reports/mine/:code",
    "/questions",
    "/questions/new",
    "/questions/:id",
]
# Pages about one unit: their views count for that unit.
UNIT_PAGES = {"/contacts/:id", "/contacts/:id/survey"}
