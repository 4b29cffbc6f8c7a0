import factory
from factory.django import DjangoModelFactory

from trygg.accounts.models import Membership, Organisation, OrganisationKind, Role, User


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Aktör {n}")
    slug = factory.Sequence(lambda n: f"aktor-{n}")
    kind = OrganisationKind.FORVALTNING


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save(update_fields=["password"])


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.RAPPORTOR

    @classmethod
    def create_samordnare(cls, **kwargs: object) -> Membership:
        return cls(role=Role.SAMORDNARE, organisation=OrganisationFactory(kind=OrganisationKind.FORVALTNING), **kwargs)
