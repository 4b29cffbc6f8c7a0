"""Network writes: shared interventions and documents (checked by extension, size and magic bytes; deleted by the
uploader or the samordnare)."""

from __future__ import annotations

import io
import logging
import zipfile
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .. import permissions as collab_permissions
from ..models import Network, NetworkDocument

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
# The part a genuine file of each zip-based kind must contain.
_ZIP_MARKER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "content.xml"}

logger = logging.getLogger(__name__)


def max_document_bytes() -> int:
    return int(getattr(settings, "TRYGG_MAX_UPLOAD_BYTES", 8 * 1024 * 1024))


def can_upload(user: Any, network: Network) -> bool:
    from trygg.accounts import permissions

    return collab_permissions.can_manage(user) or network.members.filter(
        pk__in=permissions.organisation_ids(user)).exists()


def check_document(upload: Any) -> tuple[str, bytes]:
    """(extension, content) for an allowed document; a ValidationError with a clear message otherwise."""
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError({"file": _("Filtypen stöds inte. Ladda upp PDF, DOCX, XLSX eller ODT.")})
    limit = max_document_bytes()
    if upload.size > limit:
        raise ValidationError({"file": _("Filen är för stor (högst %(mb)s MB).") % {"mb": limit // (1024 * 1024)}})
    content = upload.read()
    if extension == "pdf":
        if not content.startswith(b"%PDF-"):
            raise ValidationError({"file": _("Filen är inte en giltig PDF.")})
        return extension, content
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError({"file": _("Filen är inte ett giltigt %(kind)s-dokument.") % {"kind": extension.upper()}})
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    except zipfile.BadZipFile as exc:
        raise ValidationError({"file": _("Filen är skadad.")}) from exc
    if _ZIP_MARKER[extension] not in names or (extension == "odt" and mimetype.strip() != ALLOWED["odt"]):
        raise ValidationError({"file": _("Filen är inte ett giltigt %(kind)s-dokument.") % {"kind": extension.upper()}})
    return extension, content


def document_upload(*, network: Network, title: str, upload: Any, by: Any) -> NetworkDocument:
    """Store a checked document. The file is written before its row, so a committed row always has its file; if
    the transaction does not commit, the file is removed again. The service therefore owns its transaction
    (durable: inside another one it could not see that one's rollback)."""
    if not can_upload(by, network):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Ge dokumentet en rubrik.")})
    extension, content = check_document(upload)
    document = NetworkDocument(network=network, title=title.strip(), extension=extension,
                               content_type=ALLOWED[extension], size=len(content), uploaded_by=by)
    storage = document.file.storage
    try:
        with transaction.atomic(durable=True):
            document.file.save("upload", ContentFile(content), save=False)
            document.full_clean()
            document.save()
            audit(action=AuditAction.CREATED, actor=by, obj=document)
    except BaseException:
        if document.file.name:  # written, but the row was not committed
            _remove_stored_file(storage, document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, document: NetworkDocument, by: Any) -> None:
    """Delete a network document (the uploader or the samordnare); its file goes from storage once the deletion
    has committed, so a rolled-back deletion never leaves a row without its file."""
    locked = NetworkDocument.objects.select_for_update().select_related("network").filter(pk=document.pk).first()
    if locked is None:  # deleted already (a second click)
        return
    if not collab_permissions.can_delete_document(by, locked):
        raise PermissionDenied
    storage, name = locked.file.storage, locked.file.name
    audit(action=AuditAction.DELETED, actor=by, obj=locked, network=locked.network_id)
    locked.delete()
    if name:
        transaction.on_commit(partial(_remove_stored_file, storage, name))


def _remove_stored_file(storage: Any, name: str) -> None:
    """Remove a stored file; a storage failure is logged (the file is then an orphan), never raised."""
    try:
        storage.delete(name)
    except Exception:
        logger.exception("Could not remove the stored file %s", name)


@transaction.atomic
def network_link_intervention(*, network: Network, intervention: Any, by: Any) -> Network:
    if not can_upload(by, network):
        raise PermissionDenied
    network.interventions.add(intervention)
    audit(action=AuditAction.UPDATED, actor=by, obj=network, intervention=intervention.pk)
    return network
