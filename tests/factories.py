from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from units.models import PhoneLabel, Unit, UnitKind, UnitPhone


class UnitKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKind
        django_get_or_create = ("code",)

    code = "cong_an_xa"
    name = "Công an xã"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Công an xã Thử Nghiệm {n}")
    kind = factory.SubFactory(UnitKindFactory)
    parent = None


class UnitPhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitPhone

    unit = factory.SubFactory(UnitFactory)
    label = PhoneLabel.DUTY
    number = factory.Sequence(lambda n: f"0200 000 {n:03d}")


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    is_staff = True
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-nghiem")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()
