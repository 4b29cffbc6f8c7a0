"""Ingest uploaded photos: size and type checks, pixel-flood limit, re-encode without metadata.

Every ingest path (forms, APIs, imports) must go through `clean_image` (reliability E1-E5).
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

_MAGIC = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}


def _sniff(head: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    return None


def clean_image(upload: object) -> ContentFile:
    """Return a new JPEG/PNG file with a random name and no EXIF/XMP/GPS, or raise ValidationError."""
    size = getattr(upload, "size", None)
    limit = settings.TRYGG_MAX_UPLOAD_BYTES
    if size is None or size > limit:
        raise ValidationError(
            _("Bilden är för stor. Största tillåtna storlek är %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)  # type: ignore[attr-defined]
    data = upload.read()  # type: ignore[attr-defined]
    if len(data) > limit:
        raise ValidationError(_("Bilden är för stor."), code="too_large")
    kind = _sniff(data[:8])
    if kind is None:
        raise ValidationError(_("Filen är ingen bild. Välj en JPEG- eller PNG-bild."), code="not_image")
    Image.MAX_IMAGE_PIXELS = settings.TRYGG_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != kind:
                    raise ValidationError(_("Filen är ingen giltig bild."), code="not_image")
                if probe.width * probe.height > settings.TRYGG_MAX_IMAGE_PIXELS:
                    raise ValidationError(_("Bilden har för många pixlar."), code="too_many_pixels")
                probe.load()
                image = ImageOps.exif_transpose(probe)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("Bilden har för många pixlar."), code="too_many_pixels") from exc
    except Exception as exc:  # Pillow raises many types for broken files
        raise ValidationError(_("Bilden kunde inte läsas. Försök med en annan bild."), code="broken") from exc

    # Re-encode from pixels only: EXIF, XMP, GPS and any trailing payload are dropped.
    out = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        ext = "jpg"
    else:
        clean = Image.new(image.mode if image.mode in ("RGB", "RGBA", "L", "LA") else "RGBA", image.size)
        clean.paste(image.convert(clean.mode))
        clean.save(out, format="PNG", optimize=True)
        ext = "png"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")
