"""The pages of a PDF read with pdfium (pypdfium2): characters, images and ruled tables.

pdfium interprets each page's content (the work pdfminer's page interpreter did in Python, most
of the reader's time) and hands over, for each character, its text, origin, text object, font,
font size and matrix; for each path, its segments and matrix; for each image, its bounds. From
these the reader makes exactly the characters pdfplumber's ``page.chars`` gives, so that the
layout code (:mod:`extractors.pdf.lines` onwards) reads the same lines:

- **Boxes.** pdfium's own character boxes are the glyph's ink (``FPDFText_GetCharBox``) or that
  box widened by the font's ascent and descent (``FPDFText_GetLooseCharBox``); pdfminer's box is
  the advance width across and the font size high, standing on the font descriptor's
  ``Descent``. The box is computed as pdfminer does: from the origin along the character's
  matrix, ``FPDFFont_GetGlyphWidth`` (the advance, from the font's ``Widths``) wide.
- **What pdfium does not expose** is read with pdfminer's parser, which reads the file's
  objects but interprets no page: each page's MediaBox and Rotate as pdfplumber inherits them
  (``FPDFPage_GetMediaBox`` does not inherit), and each font descriptor's ``Descent`` (pdfium
  replaces a zero ``Ascent``/``Descent`` by the height of the glyphs for ``A`` and ``g``).
- **Generated characters** (the spaces and line breaks pdfium adds between text objects, a
  space at a gap the ``TJ`` operator leaves) are skipped: only the glyphs drawn are read, as
  pdfminer reads them. A text object without ink (a run of spaces of its own) is left out of
  pdfium's text page; its space is read from the page's objects (:func:`_empty_text`). A hyphen
  pdfium marks at the end of a line is read as the ``-`` it draws.
- **Rotated pages** (``/Rotate 90``): pdfium gives positions in the page's own space; they are
  turned with pdfminer's initial matrix, as pdfplumber's are.
- **Rules.** Each path becomes the lines, rectangles or curves pdfminer would make of it
  (``paint_path``: a subpath a shape, ``re`` a rectangle) with their points in pdfplumber's
  coordinates; their edges go to pdfplumber's ``TableFinder``, as before.

pdfium is not thread-safe: every call into it holds :data:`LOCK` (the flow reads files in a
thread pool).
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

from extractors.model import ExtractionError
from extractors.pdf.grids import BBox
from extractors.pdf.lines import Char
from extractors.pdf.pages import (
    _ZERO_WIDTH,
    Page,
    Unseen,
    _read_page,
    _tables_of,
    _turned,
    check_pages,
    open_structure,
)

#: pdfium keeps global state and is not thread-safe: one document is read at a time.
LOCK = threading.Lock()

Matrix = tuple[float, float, float, float, float, float]

_TEXT, _PATH, _IMAGE, _FORM = (
    raw.FPDF_PAGEOBJ_TEXT,
    raw.FPDF_PAGEOBJ_PATH,
    raw.FPDF_PAGEOBJ_IMAGE,
    raw.FPDF_PAGEOBJ_FORM,
)
_MOVETO, _LINETO, _BEZIERTO = (
    raw.FPDF_SEGMENT_MOVETO,
    raw.FPDF_SEGMENT_LINETO,
    raw.FPDF_SEGMENT_BEZIERTO,
)
_SUBSET = re.compile(r"^[A-Z]{6}\+")


def read_pdf(data: bytes) -> tuple[list[Page], int]:
    """The pages of the PDF ``data`` and their number; :class:`ExtractionError` if unreadable."""
    pdf, plumber_pages = open_structure(data)
    try:
        geometry = [_Geometry.of(page) for page in plumber_pages]
        descents = _font_descents(plumber_pages)
    except Exception as exc:  # pdfminer raises many kinds of errors on broken files
        raise ExtractionError(f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pdf.close()
    read = []
    with LOCK:
        try:
            document = pdfium.PdfDocument(data, password="")
        except pdfium.PdfiumError as exc:
            raise ExtractionError(f"not a readable PDF (pdfium: {exc})") from None
        try:
            if len(document) != len(geometry):
                raise ExtractionError(
                    f"not a readable PDF (pdfium finds {len(document)} pages, "
                    f"the page tree {len(geometry)})"
                )
            fonts: dict[int, _Font] = {}
            for number, geo in enumerate(geometry, start=1):
                page = document[number - 1]
                try:
                    chars, unseen_text = _chars(page, geo, descents, fonts)
                    graphics, image_share, spaces = _objects(page, geo, descents, fonts)
                finally:
                    page.close()
                chars.extend(spaces)
                read.append((chars, graphics, Unseen(*unseen_text, min(image_share, 1.0))))
        except pdfium.PdfiumError as exc:
            raise ExtractionError(f"not a readable PDF (pdfium: {exc})") from None
        finally:
            document.close()
    pages: list[Page] = []
    for (chars, graphics, unseen), geo in zip(read, geometry, strict=True):
        tables = _tables_of(geo.bbox, graphics) if graphics else []
        number = len(pages) + 1
        pages.append(_read_page(number, geo.width, geo.height, chars, tables, unseen))
    return check_pages(pages)


@dataclass(frozen=True, slots=True)
class _Geometry:
    """A page's size and position as pdfplumber sees them, and pdfminer's initial matrix."""

    width: float
    height: float
    bbox: BBox
    mb_x0: float
    mb_top: float
    ctm: Matrix  # PDF user space to pdfminer's page space (rotation, MediaBox origin)

    @classmethod
    def of(cls, page: Any) -> _Geometry:
        x0, y0, x1, y1 = page.page_obj.mediabox
        rotate = page.page_obj.rotate
        if rotate == 90:
            ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif rotate == 180:
            ctm = (-1, 0, 0, -1, x1, y1)
        elif rotate == 270:
            ctm = (0, 1, -1, 0, y1, -x0)
        else:
            ctm = (1, 0, 0, 1, -x0, -y0)
        return cls(
            float(page.width),
            float(page.height),
            tuple(float(v) for v in page.bbox),  # type: ignore[arg-type]
            float(page.mediabox[0]),
            float(page.mediabox[1]),
            ctm,
        )


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` then ``m0`` (pdfminer's ``mult_matrix``)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


# --- pdfium's functions ---------------------------------------------------------------------


def _fn(name: str, restype: Any, *argtypes: Any) -> Any:
    """pdfium's function ``name`` with plain pointer and number arguments: cheaper to call
    than pypdfium2's typed binding, and it returns handles as integers, which compare."""
    address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_P, _INT, _DOUBLE_P = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)
_get_object = _fn("FPDFText_GetTextObject", _P, _P, _INT)
_get_origin = _fn("FPDFText_GetCharOrigin", _INT, _P, _INT, _DOUBLE_P, _DOUBLE_P)
_get_unicode = _fn("FPDFText_GetUnicode", ctypes.c_uint, _P, _INT)
_is_hyphen = _fn("FPDFText_IsHyphen", _INT, _P, _INT)
_map_error = _fn("FPDFText_HasUnicodeMapError", _INT, _P, _INT)
_is_generated = _fn("FPDFText_IsGenerated", _INT, _P, _INT)
_get_text = _fn("FPDFText_GetText", _INT, _P, _INT, _INT, _P)
_get_font = _fn("FPDFTextObj_GetFont", _P, _P)
_FLOAT_P = ctypes.POINTER(ctypes.c_float)
_font_name = _fn("FPDFFont_GetBaseFontName", ctypes.c_size_t, _P, ctypes.c_char_p, ctypes.c_size_t)
_glyph_width = _fn("FPDFFont_GetGlyphWidth", _INT, _P, ctypes.c_uint, ctypes.c_float, _FLOAT_P)
_font_descent = _fn("FPDFFont_GetDescent", _INT, _P, ctypes.c_float, _FLOAT_P)


# --- fonts ----------------------------------------------------------------------------------------


def _font_descents(pages: list[Any]) -> dict[str, float]:
    """Each font's descent per unit of font size, as pdfminer reads it, by font name (with and
    without its subset prefix): the descriptor's ``Descent`` (made negative), the AFM metrics'
    for the standard fonts pdfminer knows by name. A name given two descents keeps none."""
    found: dict[str, set[float]] = {}
    seen: set[int] = set()

    def visit(resources: Any) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict):
            return
        for ref in (resolve1(resources.get("Font")) or {}).values():
            key = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
            if key in seen:
                continue
            seen.add(key)
            spec = resolve1(ref)
            if isinstance(spec, dict):
                for name, descent in _descent(spec):
                    for n in {name, _SUBSET.sub("", name)}:
                        found.setdefault(n, set()).add(descent)
        for ref in (resolve1(resources.get("XObject")) or {}).values():
            key = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
            if key in seen:
                continue
            seen.add(key)
            xobj = resolve1(ref)
            if isinstance(xobj, PDFStream) and _name(xobj.get("Subtype")) == "Form":
                visit(xobj.get("Resources"))

    for page in pages:
        visit(page.page_obj.resources)
    return {name: next(iter(values)) for name, values in found.items() if len(values) == 1}


def _name(value: Any) -> str:
    value = resolve1(value)
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        return name.decode("latin-1")
    return str(name) if name is not None else ""


def _descent(spec: dict[str, Any]) -> Iterator[tuple[str, float]]:
    """The names of a font and its descent (pdfminer's ``PDFFont.get_descent``)."""
    subtype = _name(spec.get("Subtype")) or "Type1"
    base = _name(spec.get("BaseFont"))
    if subtype == "Type0":
        descendants = resolve1(spec.get("DescendantFonts")) or []
        if not descendants:
            return
        sub = resolve1(descendants[0])
        if not isinstance(sub, dict):
            return
        descriptor = resolve1(sub.get("FontDescriptor")) or {}
        names = [base, _name(sub.get("BaseFont"))]
    elif subtype == "Type3":
        return  # a descent in glyph space through the font matrix: read by pdfium
    else:
        if base in FONT_METRICS:
            descriptor = FONT_METRICS[base][0]
        else:
            descriptor = resolve1(spec.get("FontDescriptor")) or {}
        names = [base]
    if not isinstance(descriptor, dict):
        return
    value = resolve1(descriptor.get("Descent", 0))
    descent = float(value) if isinstance(value, int | float) else 0.0
    if descent > 0:
        descent = -descent
    names.append(_name(descriptor.get("FontName")))
    for name in names:
        if name:
            yield name, descent * 0.001


@dataclass(slots=True)
class _Font:
    name: str
    style: int  # 1 bold, 2 italic
    descent: float  # per unit of font size
    handle: int
    widths: dict[int, float]  # code point -> advance per unit of font size
    unmapped: bool = False  # some glyph of it maps to no letter

    def width(self, code: int) -> float:
        w = self.widths.get(code)
        if w is None:
            out = ctypes.c_float()
            ok = _glyph_width(self.handle, code, 1.0, ctypes.byref(out))
            w = out.value if ok else 0.0
            self.widths[code] = w
        return w


_NAME_BUF = ctypes.create_string_buffer(1024)


def _font(handle: int, descents: dict[str, float]) -> _Font:
    n = _font_name(handle, _NAME_BUF, len(_NAME_BUF))
    name = _NAME_BUF.value.decode("utf-8", "replace") if n else ""
    lower = name.lower()
    style = ("bold" in lower or "black" in lower or "heavy" in lower) + 2 * (
        "italic" in lower or "oblique" in lower
    )
    descent = descents.get(name)
    if descent is None:
        descent = descents.get(_SUBSET.sub("", name))
    if descent is None:
        out = ctypes.c_float()
        _font_descent(handle, 1.0, ctypes.byref(out))
        descent = out.value
    return _Font(name, style, descent, handle, {})


# --- characters -----------------------------------------------------------------------------------


def _chars(
    page: Any, geo: _Geometry, descents: dict[str, float], fonts: dict[int, _Font]
) -> tuple[list[Char], tuple[int, int]]:
    """The page's upright characters in pdfplumber's coordinates, and the numbers of glyphs
    without a letter and of letters set sideways."""
    textpage = page.get_textpage()
    try:
        return _read_chars(textpage.raw, geo, descents, fonts)
    finally:
        textpage.close()


def _page_text(tp: int, n: int) -> str | None:
    """The text of the page's ``n`` characters, one a character; None if pdfium's text does
    not line up with its characters (a character it leaves out of the text)."""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    units = _get_text(tp, 0, n, buf)
    text = buf.raw[: 2 * max(units - 1, 0)].decode("utf-16-le", "surrogatepass")
    return text if len(text) == n else None


def _read_chars(
    tp_handle: Any, geo: _Geometry, descents: dict[str, float], fonts: dict[int, _Font]
) -> tuple[list[Char], tuple[int, int]]:
    tp = ctypes.cast(tp_handle, ctypes.c_void_p).value or 0
    x_min, top_min, x_max, top_max = geo.bbox
    height, mb_x0, mb_top = geo.height, geo.mb_x0, geo.mb_top
    pa, pb, pc, pd, pe, pf = geo.ctm
    get_object, get_origin, map_error = _get_object, _get_origin, _map_error
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
    fs_matrix = raw.FS_MATRIX()
    chars: list[Char] = []
    append = chars.append
    unmapped = sideways = 0
    n = raw.FPDFText_CountChars(tp_handle)
    text_of = _page_text(tp, n) if n else ""
    if text_of is None:
        text_of = "".join(chr(_get_unicode(tp, i)) for i in range(n))
    special = _SPECIAL
    last_obj = None
    font: _Font | None = None
    widths: dict[int, float] = {}
    size = lo = hi = 0.0
    a = b = c = d = 0.0
    style = 0
    upright = check_map = straight = True
    for i in range(n):
        obj = get_object(tp, i)
        if not obj:
            continue  # generated by pdfium between two text objects: a space, a line break
        if obj != last_obj:
            last_obj = obj
            raw.FPDFText_GetMatrix(tp_handle, i, ctypes.byref(fs_matrix))
            m = (fs_matrix.a, fs_matrix.b, fs_matrix.c, fs_matrix.d, 0.0, 0.0)
            a, b, c, d = _mult(m, (pa, pb, pc, pd, 0.0, 0.0))[:4]
            size = raw.FPDFText_GetFontSize(tp_handle, i)
            handle = _get_font(obj)
            font = fonts.get(handle)
            if font is None:
                font = fonts[handle] = _font(handle, descents)
            widths, style = font.widths, font.style
            lo = font.descent * size
            hi = lo + size
            upright = a * d > 0 and b * c <= 0 and not _turned((a, b, c, d, 0.0, 0.0))
            straight = b == 0 and c == 0 and a > 0 and d > 0
            # a font that maps no glyph to a letter says so at the first glyph of a run
            check_map = font.unmapped or bool(map_error(tp, i))
            font.unmapped = check_map
        text = text_of[i]
        if text <= " " or text in special:
            if text == "\ufffe":  # a hyphen that ends a line, or a glyph with no letter
                code = _get_unicode(tp, i)
                if code == 2 and _is_hyphen(tp, i):
                    code = 0x2D  # pdfium marks a hyphen that ends a line; the glyph is drawn
                text = chr(code) if code else ""
            if text in _ZERO_WIDTH:
                continue
            if not upright:
                sideways += not text.isspace()
                continue
            if not text or (check_map and map_error(tp, i)):
                unmapped += 1
                continue
            if text < " " and not text.isspace():
                continue  # a control character
        elif not upright:
            sideways += not text.isspace()
            continue
        elif check_map and map_error(tp, i):
            unmapped += 1
            continue
        get_origin(tp, i, ox_ref, oy_ref)
        ux, uy = ox.value, oy.value
        if text == " " and _is_generated(tp, i) and i + 1 < n:
            # a space pdfium put at a gap left by the TJ operator, at the origin of the glyph
            # after it; or in place of the space glyph that was there, which pdfium then drops
            # as a second space in a row: that glyph is read
            get_origin(tp, i + 1, ox_ref, oy_ref)
            if abs(ox.value - ux) < 0.01 and abs(oy.value - uy) < 0.01:
                continue
        # the origin in pdfminer's page space, the box as pdfminer's apply_matrix_rect makes
        # it of (0, descent, advance, descent + size)
        x, y = pa * ux + pc * uy + pe, pb * ux + pd * uy + pf
        code = ord(text)
        w = widths.get(code)
        if w is None:
            w = font.width(code) if font is not None else 0.0
        adv = w * size
        if straight:
            x0, x1, y0, y1 = x, x + a * adv, y + d * lo, y + d * hi
        else:
            x0, x1, y0, y1 = _box(x, y, (a, b, c, d), adv, lo, hi)
        if mb_x0:
            x0, x1 = x0 + mb_x0, x1 + mb_x0
        top, bottom = height - y1 + mb_top, height - y0 + mb_top
        if x1 < x_min or x0 > x_max or bottom < top_min or top > top_max:
            continue  # outside the visible page
        append((x0, x1, top, bottom, text, y1 - y0, style))
    return chars, (unmapped, sideways)


#: Characters that take the slow path: a hyphen pdfium marks or a glyph without a letter
#: (U+FFFE in its text), characters that are not read, and spaces.
_SPECIAL = _ZERO_WIDTH | {"\ufffe"}


# --- graphics -------------------------------------------------------------------------------------


def _objects(
    page: Any, geo: _Geometry, descents: dict[str, float], fonts: dict[int, _Font]
) -> tuple[list[dict[str, Any]], float, list[Char]]:
    """The lines, rectangles and curves of the page as pdfplumber's objects (in its
    coordinates), the share of the page its largest image covers, and the spaces of the text
    objects pdfium's text page leaves out: a text object without ink (a run of spaces between
    two runs of other type, a space alone on a line) is dropped there, and pdfminer reads its
    space."""
    spaces: list[Char] = []
    graphics: list[dict[str, Any]] = []
    area = max(geo.width * geo.height, 1.0)
    image_share = 0.0
    fs_matrix = raw.FS_MATRIX()
    stack: list[tuple[Any, Matrix]] = []
    handle = page.raw
    count = raw.FPDFPage_CountObjects(handle)
    for k in range(count - 1, -1, -1):
        stack.append((raw.FPDFPage_GetObject(handle, k), geo.ctm))
    while stack:
        obj, outer = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (_PATH, _IMAGE, _FORM, _TEXT):
            continue
        raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(fs_matrix))
        own: Matrix = (fs_matrix.a, fs_matrix.b, fs_matrix.c, fs_matrix.d, fs_matrix.e, fs_matrix.f)
        matrix = _mult(own, outer)
        if kind == _FORM:
            n = raw.FPDFFormObj_CountObjects(obj)
            for k in range(n - 1, -1, -1):
                stack.append((raw.FPDFFormObj_GetObject(obj, k), matrix))
        elif kind == _IMAGE:
            corners = [_apply(matrix, p) for p in ((0, 0), (1, 0), (1, 1), (0, 1))]
            xs = [p[0] for p in corners]
            ys = [p[1] for p in corners]
            share = (max(xs) - min(xs)) * (max(ys) - min(ys)) / area
            image_share = max(image_share, share)
        elif kind == _PATH:
            graphics.extend(_path_objects(obj, matrix, geo))
        else:
            space = _empty_text(obj, matrix, geo, descents, fonts)
            if space is not None:
                spaces.append(space)
    return graphics, image_share, spaces


_text_font_size = _fn("FPDFTextObj_GetFontSize", _INT, _P, _FLOAT_P)
_bounds = _fn("FPDFPageObj_GetBounds", _INT, _P, _FLOAT_P, _FLOAT_P, _FLOAT_P, _FLOAT_P)


def _empty_text(
    obj: Any, matrix: Matrix, geo: _Geometry, descents: dict[str, float], fonts: dict[int, _Font]
) -> Char | None:
    """The space a text object without ink draws, as pdfminer reads its first glyph; None for
    a text object with ink (pdfium's text page reads it) or one out of sight."""
    handle = ctypes.cast(obj, ctypes.c_void_p).value
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = (ctypes.byref(v) for v in (left, bottom, right, top))
    if not _bounds(handle, *refs) or abs(right.value - left.value) >= _NO_WIDTH:
        return None
    a, b, c, d, x, y = matrix
    if not (a * d > 0 and b * c <= 0) or _turned(matrix):
        return None
    size_out = ctypes.c_float()
    if not _text_font_size(handle, ctypes.byref(size_out)):
        return None
    font_handle = _get_font(handle)
    font = fonts.get(font_handle)
    if font is None:
        font = fonts[font_handle] = _font(font_handle, descents)
    size = size_out.value
    lo = font.descent * size
    x0, x1, y0, y1 = _box(x, y, (a, b, c, d), font.width(0x20) * size, lo, lo + size)
    x0, x1 = x0 + geo.mb_x0, x1 + geo.mb_x0
    top_, bottom_ = geo.height - y1 + geo.mb_top, geo.height - y0 + geo.mb_top
    x_min, top_min, x_max, top_max = geo.bbox
    if x1 < x_min or x0 > x_max or bottom_ < top_min or top_ > top_max:
        return None
    return (x0, x1, top_, bottom_, " ", y1 - y0, font.style)


#: pdfium's text page drops a text object narrower than this (``kSizeEpsilon``).
_NO_WIDTH = 0.01


def _box(
    x: float, y: float, m: tuple[float, float, float, float], adv: float, lo: float, hi: float
) -> tuple[float, float, float, float]:
    """pdfminer's ``apply_matrix_rect`` of ``(0, lo, adv, hi)`` at the origin ``x``, ``y``."""
    a, b, c, d = m
    xs = (x + c * lo, x + a * adv + c * lo, x + a * adv + c * hi, x + c * hi)
    ys = (y + d * lo, y + b * adv + d * lo, y + b * adv + d * hi, y + d * hi)
    return min(xs), max(xs), min(ys), max(ys)


def _apply(m: Matrix, p: tuple[float, float]) -> tuple[float, float]:
    a, b, c, d, e, f = m
    x, y = p
    return a * x + c * y + e, b * x + d * y + f


def _segments(obj: Any) -> list[tuple[str, tuple[float, float]]]:
    """A path's operations as pdfminer lists them (``m``, ``l``, ``c`` with its end point, ``h``
    for a closed subpath), each with its point in the path's own space."""
    out: list[tuple[str, tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    xr, yr = ctypes.byref(x), ctypes.byref(y)
    n = raw.FPDFPath_CountSegments(obj)
    start = (0.0, 0.0)
    bezier = 0
    for k in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        kind = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, xr, yr)
        point = (x.value, y.value)
        if kind == _MOVETO:
            out.append(("m", point))
            start = point
            bezier = 0
        elif kind == _LINETO:
            out.append(("l", point))
            bezier = 0
        elif kind == _BEZIERTO:
            bezier += 1
            if bezier < 3:
                continue
            out.append(("c", point))
            bezier = 0
        else:
            continue
        if raw.FPDFPathSegment_GetClose(seg):
            out.append(("h", start))
    return out


def _path_objects(obj: Any, matrix: Matrix, geo: _Geometry) -> list[dict[str, Any]]:
    """The lines, rectangles and curves pdfminer's ``paint_path`` makes of a path, as
    pdfplumber's ``process_object`` gives them."""
    ops = _segments(obj)
    out: list[dict[str, Any]] = []
    starts = [k for k, (op, _) in enumerate(ops) if op == "m"]
    if not ops or ops[0][0] != "m":
        return out
    for s, e in zip(starts, [*starts[1:], len(ops)], strict=True):
        sub = ops[s:e]
        shape = "".join(op for op, _ in sub)
        pts = [_apply(matrix, p) for _, p in sub]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in {"mlh", "ml"}:
            out.append(_object("line", pts[:2], geo))
        elif shape in {"mlllh", "mllll"}:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            closed = pts[0] == pts[4]
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if closed and square:
                (ax, ay), (bx, by) = pts[0], pts[2]
                out.append(_object("rect", [(ax, ay), (bx, ay), (bx, by), (ax, by)], geo))
            else:
                out.append(_object("curve", pts, geo))
        else:
            out.append(_object("curve", pts, geo))
    return out


def _object(kind: str, pts: list[tuple[float, float]], geo: _Geometry) -> dict[str, Any]:
    """A line, rectangle or curve as ``page.process_object`` makes it (the keys the edges and
    ``TableFinder`` read)."""
    x0 = min(p[0] for p in pts)
    x1 = max(p[0] for p in pts)
    y0 = min(p[1] for p in pts)
    y1 = max(p[1] for p in pts)
    top = (geo.height - y1) + geo.mb_top
    attr: dict[str, Any] = {
        "object_type": kind,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "top": top,
        "bottom": (geo.height - y0) + geo.mb_top,
        "doctop": top,
    }
    if geo.mb_x0 != 0:
        attr["x0"] = x0 + geo.mb_x0
        attr["x1"] = x1 + geo.mb_x0
    if kind == "curve":
        mb0, mb1 = geo.mb_x0, geo.mb_top
        attr["pts"] = [(mb0 + x, mb1 + geo.height - y) for x, y in pts]
    return attr
