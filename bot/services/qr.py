"""QR codes of payment links, drawn locally: the link never goes to a third-party service."""

from __future__ import annotations

import io


def payment_qr_png(url: str) -> bytes:
    """A PNG a phone camera reads from a screen across a desk (quiet zone included)."""
    import segno  # loaded on the first QR code asked for, not at every start

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()
