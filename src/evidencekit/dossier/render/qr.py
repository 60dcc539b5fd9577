"""QR code as vector squares (the qrcode package only computes the module matrix)."""

from __future__ import annotations

import qrcode
from reportlab.lib import colors
from reportlab.platypus import Flowable


class QRFlowable(Flowable):
    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        qr = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
        qr.add_data(data)
        qr.make(fit=True)
        self.matrix: list[list[bool]] = qr.get_matrix()
        self.size = size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        n = len(self.matrix)
        m = self.size / n
        c.saveState()
        c.setFillColor(colors.black)
        for r, row in enumerate(self.matrix):
            for col, on in enumerate(row):
                if on:
                    c.rect(col * m, self.size - (r + 1) * m, m, m, stroke=0, fill=1)
        c.restoreState()


def qr_matrix(data: str) -> list[list[bool]]:
    """The module matrix of ``data`` with a 2-module quiet zone (for a terminal QR code)."""
    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    return [list(map(bool, row)) for row in qr.get_matrix()]
