from __future__ import annotations

import factory
from django.utils import timezone

from dossiers.models import Dossier, DossierStatus
from ratings.models import Proof, Rating


class FinishedDossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    code = factory.Sequence(lambda n: f"R-{n:06d}")
    status = DossierStatus.DONE
    received_at = factory.LazyFunction(timezone.now)
    finished_at = factory.SelfAttribute("received_at")


class RatingFactory(factory.django.DjangoModelFactory):
    """Pass unit, procedure and officer; the dossier is made to match (rated when it finished)."""

    class Meta:
        model = Rating

    dossier = factory.SubFactory(
        FinishedDossierFactory,
        unit=factory.SelfAttribute("..unit"),
        procedure=factory.SelfAttribute("..procedure"),
        created_by=factory.SelfAttribute("..officer"),
        received_at=factory.SelfAttribute("..created_at"),
    )
    officer = None
    level = 3
    proof = Proof.LOOKUP
    created_at = factory.LazyFunction(timezone.now)
