"""Deleting network documents (the uploader or the samordnare; the file goes after commit) and uploads that roll
back (the written file is removed)."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from trygg.collaboration import services
from trygg.collaboration.models import NetworkDocument
from trygg.core.models import AuditEntry

from .factories import NetworkFactory

pytestmark = pytest.mark.django_db


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n%test", "application/pdf")


@pytest.fixture
def network(cast: dict[str, Any], make_member: Any) -> Any:
    """A network of Kfast (the partner and a colleague) and Securitas; Helena (partner) uploaded a plan."""
    network = NetworkFactory(members=[cast["partner_org"], cast["other_org"]])
    cast["colleague"] = make_member(role="rapportor", organisation=cast["partner_org"], username="colleague")
    return network


def _stored(network: Any) -> set[str]:
    folder = f"collaboration/networks/{network.pk}"
    return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()


def test_document__delete_by_uploader__row_now_file_after_commit_audited(
        network: Any, cast: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    document = services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.document_delete(document=document, by=cast["partner"])
    assert not NetworkDocument.objects.exists()
    assert default_storage.exists(name)  # not before the deletion has committed
    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)
    entry = AuditEntry.objects.get(action="deleted", object_type="collaboration.networkdocument")
    assert entry.actor == cast["partner"] and entry.detail["network"] == network.pk


def test_document__delete_rolled_back__row_and_file_kept(network: Any, cast: dict[str, Any],
                                                         django_capture_on_commit_callbacks: Any) -> None:
    document = services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.document_delete(document=document, by=cast["partner"])
        raise RuntimeError("crash before commit")
    assert NetworkDocument.objects.filter(pk=document.pk).exists()
    assert default_storage.exists(document.file.name)


def test_document__delete_by_samordnare__allowed(network: Any, cast: dict[str, Any],
                                                 django_capture_on_commit_callbacks: Any) -> None:
    document = services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document, by=cast["samordnare"])
    assert not NetworkDocument.objects.exists() and not default_storage.exists(document.file.name)


@pytest.mark.parametrize("who", ["colleague", "other"])
def test_document__delete_by_other_member__denied_and_kept(network: Any, cast: dict[str, Any], who: str) -> None:
    document = services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    with pytest.raises(PermissionDenied):
        services.document_delete(document=document, by=cast[who])
    assert NetworkDocument.objects.exists() and default_storage.exists(document.file.name)


def test_document__uploader_whose_organisation_left__denied(network: Any, cast: dict[str, Any]) -> None:
    document = services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    network.members.remove(cast["partner_org"])
    with pytest.raises(PermissionDenied):
        services.document_delete(document=document, by=cast["partner"])
    assert NetworkDocument.objects.exists()


def test_document__upload_fails_after_file_written__file_removed(network: Any, cast: dict[str, Any]) -> None:
    before = _stored(network)
    with mock.patch("trygg.collaboration.services.networks.audit", side_effect=RuntimeError("audit down")), \
            pytest.raises(RuntimeError):
        services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    assert not NetworkDocument.objects.exists()
    assert _stored(network) == before


def test_document__upload_commit_fails__file_removed(network: Any, cast: dict[str, Any]) -> None:
    """The failure may come from the end of the transaction itself (its commit): the file still goes."""
    before = _stored(network)
    real_commit, calls = connection.savepoint_commit, []

    def fail_once(sid: str) -> None:  # the service's block commits a savepoint inside the test's transaction
        calls.append(sid)
        if len(calls) == 1:
            raise DatabaseError("commit failed")
        real_commit(sid)

    with mock.patch.object(connection, "savepoint_commit", side_effect=fail_once), pytest.raises(DatabaseError):
        services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    assert not NetworkDocument.objects.exists()
    assert _stored(network) == before


def test_document__upload_inside_another_transaction__refused_nothing_stored(network: Any,
                                                                              cast: dict[str, Any]) -> None:
    """The service owns its transaction: inside another one it could not see that one's rollback."""
    before = _stored(network)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    assert _stored(network) == before and not NetworkDocument.objects.exists()


def test_document__remove_via_view__confirm_then_gone(network: Any, cast: dict[str, Any], login: Any,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    document = services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    client = login(cast["partner"])
    remove = reverse("collaboration:network_document_remove", args=[network.slug, document.pk])
    page = client.get(reverse("collaboration:network", args=[network.slug])).content.decode()
    confirm = client.get(remove)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove)
    assert remove in page
    assert confirm.status_code == 200 and "Ta bort dokumentet" in confirm.content.decode()
    assert response.status_code == 302 and not NetworkDocument.objects.exists()
    assert not default_storage.exists(document.file.name)


@pytest.mark.parametrize(("who", "status"), [("colleague", 403), ("other", 403), ("kommunpolis", 404),
                                             ("styrgrupp", 404)])
def test_document_remove_view__not_uploader_nor_samordnare__refused(network: Any, cast: dict[str, Any], login: Any,
                                                                    who: str, status: int) -> None:
    document = services.document_upload(network=network, title="Handlingsplan", upload=_pdf(), by=cast["partner"])
    client = login(cast[who])
    remove = reverse("collaboration:network_document_remove", args=[network.slug, document.pk])
    if status == 403:  # members see the document but no remove link
        assert remove not in client.get(reverse("collaboration:network", args=[network.slug])).content.decode()
    assert client.get(remove).status_code == status
    assert client.post(remove).status_code == status
    assert NetworkDocument.objects.exists() and default_storage.exists(document.file.name)
