"""The officers' "Việc cần làm" page and the unit leaders' daily digest (backend/inbox/, docs/inbox.md)."""

from __future__ import annotations

from config.env import env_int, env_list

# A dossier (or a report) whose date falls within this many working days from today is "due soon" on the page.
INBOX_DUE_SOON_WORKING_DAYS = env_int("INBOX_DUE_SOON_WORKING_DAYS", 2)
# How many items of each source the page lists (the counts are always whole).
INBOX_ITEMS_PER_SOURCE = env_int("INBOX_ITEMS_PER_SOURCE", 15)
# Sources beyond the built-in ones: dotted paths to a Source object (inbox/sources.py), e.g. "questions.inbox.SOURCE".
INBOX_EXTRA_SOURCES = env_list("INBOX_EXTRA_SOURCES", [])
# The unit leaders' digest: sent by beat at this hour (Vietnam time) on working days.
INBOX_DIGEST_HOUR = env_int("INBOX_DIGEST_HOUR", 7)
INBOX_DIGEST_MINUTE = env_int("INBOX_DIGEST_MINUTE", 0)
# An officer links their Zalo by sending the code shown in the admin to the OA: valid this many minutes.
INBOX_ZALO_CODE_MINUTES = env_int("INBOX_ZALO_CODE_MINUTES", 30)
# The admin index's counts are cached this long per officer (the "Việc cần làm" page itself is always live).
INBOX_COUNTS_CACHE_SECONDS = env_int("INBOX_COUNTS_CACHE_SECONDS", 60)
# Counts above this read "hơn 10.000" on the page and the index: counting 200,000 late dossiers of a whole province
# exactly would cost most of the page's time and tell the officer nothing more (the lists count exactly).
INBOX_COUNT_CAP = env_int("INBOX_COUNT_CAP", 10_000)
