"""The one signal about dossier events.

`dossier_events_created(events=[…])` is sent inside the transaction that records the events — an officer's
one event, or a chunk of the upstream sync (events carrying only ids, dossier ids and statuses) — so
receivers write rows that commit or roll back with them (the notification outbox, the rating reminder),
and return the rows they wrote.
"""

from django.dispatch import Signal

dossier_events_created = Signal()
