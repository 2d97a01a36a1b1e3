#!/usr/bin/env python3
"""Writes the hostile corpus: files built to crash, exhaust or hang a document parser.

Standard library only. Run from anywhere; the files land next to this script:

    python3 crates/domain/cv/tests/hostile/make_hostile.py

Every file is small (the largest is about 2.5 MB, under the 5 MB upload cap), so each reaches
the parser instead of being refused for its size. What each one attacks is in HOSTILE below.
"""

import io
import os
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Jane Doe, engineer) Tj ET"


def pdf(objects, root=1, xref=True):
    """A PDF of `objects` (bytes bodies, numbered from 1) with a classic xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    if xref:
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root))
    out.write(b"startxref\n%d\n%%%%EOF\n" % start)
    return out.getvalue()


def stream(dictionary, data):
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def page_objects(content, resources):
    """Catalog (1), pages (2), one page (3), its content (4)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
        + resources
        + b" /Contents 4 0 R >>",
        stream(b"", content),
    ]


def self_drawing_xobject():
    """A Form XObject whose content draws itself: unbounded recursion in the renderer."""
    objects = page_objects(TEXT + b"\n/X1 Do", b"<< /Font << /F1 6 0 R >> /XObject << /X1 5 0 R >> >>")
    objects.append(
        stream(
            b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
            b"/Resources << /XObject << /X1 5 0 R >> >>",
            b"/X1 Do",
        )
    )
    objects.append(FONT)
    return pdf(objects)


def xobject_chain(length=20_000):
    """Forms 1..n each drawing the next: no cycle, but 20,000 frames of recursion."""
    first = 6
    objects = page_objects(TEXT + b"\n/X Do", b"<< /Font << /F1 5 0 R >> /XObject << /X %d 0 R >> >>" % first)
    objects.append(FONT)
    for i in range(length):
        number = first + i
        if i + 1 < length:
            body = stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /X %d 0 R >> >>"
                % (number + 1),
                b"/X Do",
            )
        else:
            body = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 1 1]", b"")
        objects.append(body)
    return pdf(objects)


def double_flate_bomb(inflated=1 << 30):
    """A content stream filtered twice with Flate: a few KB that inflate to 1 GiB."""
    inner = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [inner.compress(chunk) for _ in range(inflated // len(chunk))]
    parts.append(inner.flush())
    once = b"".join(parts)
    twice = zlib.compress(once, 9)
    objects = page_objects(b"", b"<< /Font << /F1 5 0 R >> >>")
    objects[3] = stream(b"/Filter [/FlateDecode /FlateDecode]", twice)
    objects.append(FONT)
    return pdf(objects)


def memory_hog(inflated=30 << 20):
    """Within every preflight cap (one stream of 30 MiB): harmless to a worker with the
    default memory, fatal to one with a small limit. Tests use it to make the worker die."""
    content = zlib.compress(b" " * inflated, 9)
    objects = page_objects(b"", b"<< /Font << /F1 5 0 R >> >>")
    objects[3] = stream(b"/Filter /FlateDecode", content)
    objects.append(FONT)
    return pdf(objects)


def huge_page_tree(pages=40_000):
    """Tens of thousands of pages, every one of them real."""
    first = 4
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d /Resources << /Font << /F1 3 0 R >> >> /MediaBox [0 0 612 792] >>" % pages,
        FONT,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R >>"] * pages
    return pdf(objects)


def deep_arrays_and_dictionaries(depth=100_000):
    """An array and a dictionary nested 100,000 deep, as a content-stream operand and as
    objects the page refers to: a recursive-descent parser's stack. No other text."""
    objects = page_objects(b"[" * depth + b"]" * depth + b" TJ", b"<< /Font << /F1 5 0 R >> >>")
    objects.append(FONT)
    objects.append(b"[" * depth + b"]" * depth)
    objects.append(b"<< /A " * depth + b"1" + b" >>" * depth)
    # The page refers to both so a lazy parser still reaches them.
    objects[2] = objects[2][:-2] + b" /Deep 6 0 R /Deeper 7 0 R >>"
    return pdf(objects)


def broken_xref():
    """An xref table whose offsets point nowhere and a startxref past the end of the file."""
    good = pdf(page_objects(TEXT, b"<< /Font << /F1 5 0 R >> >>") + [FONT])
    head, _, _ = good.partition(b"xref\n")
    xref = b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % (999_999_999 - i) for i in range(5))
    return head + xref + b"trailer\n<< /Size 6 /Root 1 0 R /Prev 123456789 >>\nstartxref\n99999999\n%%EOF\n"


def circular_parent():
    """A page whose /Parent chain loops, and which lacks /MediaBox and /Resources, so
    a renderer looking up inherited attributes follows the loop forever."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 5 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        stream(b"", TEXT),
        b"<< /Type /Pages /Kids [] /Count 0 /Parent 2 0 R >>",
    ]
    return pdf(objects)


def deep_docx(depth=50_000):
    """A DOCX whose body nests content controls 50,000 deep around an empty paragraph."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (
        "<w:sdt><w:sdtContent>" * depth
        + "<w:p><w:r><w:t></w:t></w:r></w:p>"
        + "</w:sdtContent></w:sdt>" * depth
    )
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>{body}</w:body></w:document>'
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("word/document.xml", document)
    return out.getvalue()


def nuls():
    """A text file of nothing but NUL bytes."""
    return b"\0" * 65_536


HOSTILE = {
    "self-drawing-xobject.pdf": self_drawing_xobject,
    "xobject-chain-20000.pdf": xobject_chain,
    "double-flate-bomb.pdf": double_flate_bomb,
    "huge-page-tree.pdf": huge_page_tree,
    "deep-arrays-and-dictionaries.pdf": deep_arrays_and_dictionaries,
    "broken-xref.pdf": broken_xref,
    "circular-parent.pdf": circular_parent,
    "deep-nesting.docx": deep_docx,
    "nuls.txt": nuls,
    "memory-hog.pdf": memory_hog,
}

if __name__ == "__main__":
    for name, make in HOSTILE.items():
        data = make()
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data):,} bytes")
