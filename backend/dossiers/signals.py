"""`dossier_event_recorded(event_id=…)` is sent after the transaction that recorded a dossier event
commits; the notifications package listens to it."""

from django.dispatch import Signal

dossier_event_recorded = Signal()
