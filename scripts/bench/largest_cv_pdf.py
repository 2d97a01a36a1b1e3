#!/usr/bin/env python3
"""Writes the largest CV the API accepts: a two-page PDF CV carrying an incompressible photo,
sized to just under the 5 MiB upload cap. Reuses the fixture generator's CV renderer.

Needs reportlab, pillow and python-docx (the fixture generator's imports):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install reportlab pillow python-docx
Usage: largest_cv_pdf.py OUT.pdf
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "crates", "domain", "cv", "tests", "fixtures"))
import generate  # noqa: E402
from reportlab.lib.pagesizes import LETTER  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

CAP = 5 * 1024 * 1024  # jobr_cv::MAX_UPLOAD_BYTES


def render(path, side):
    p = generate.PEOPLE[0]
    c = canvas.Canvas(path, pagesize=LETTER)
    photo = generate.Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    c.drawImage(ImageReader(photo), 400, 640, width=140, height=140)
    pw = generate.PdfWriter.__new__(generate.PdfWriter)
    pw.c, (pw.w, pw.h), pw.y, pw.pages = c, LETTER, LETTER[1] - 60, 1
    pw.line(50, p["name"], "Helvetica-Bold", 22)
    pw.line(50, generate.contact_line(p), size=9)
    for heading, blocks in generate.sections(p) * 3:
        pw.line(50, heading, "Helvetica-Bold", 12)
        for _kind, text, right in blocks:
            pw.line(50, text, right=right)
    c.save()
    return os.path.getsize(path)


def main(out):
    # The photo's side is searched so the file lands between 95 % and 100 % of the cap.
    low, high = 200, 2000
    while low < high:
        side = (low + high + 1) // 2
        if render(out, side) <= CAP:
            low = side
        else:
            high = side - 1
    size = render(out, low)
    print(f"{out}: {size} bytes ({size / CAP:.1%} of the cap), photo {low}x{low}")


if __name__ == "__main__":
    main(sys.argv[1])
