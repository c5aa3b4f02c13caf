"""Signals about dossier events.

- `dossier_event_created(event=…)` is sent inside the transaction that records the event, so listeners
  can write rows that must commit or roll back with it (the notification outbox).
- `dossier_event_recorded(event_id=…)` is sent after that transaction commits.
- `dossier_events_created(events=[…])` is the bulk form the upstream sync sends, inside the chunk's
  transaction, for the events that should reach citizens; receivers return the rows they wrote.
"""

from django.dispatch import Signal

dossier_event_created = Signal()
dossier_event_recorded = Signal()
dossier_events_created = Signal()
