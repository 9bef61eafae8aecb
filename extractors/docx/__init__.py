"""DOCX extractor: Word files (Office Open XML, ``.docx``) read into a :class:`Document`.

The reader is split by concern:

- :mod:`~extractors.docx.safety`: the bytes must be a zip archive; the declared uncompressed size
  of every part read and of the whole archive is checked before anything is inflated
  (``MAX_PART_BYTES``, ``MAX_ARCHIVE_BYTES``), and reading stops at the limit whatever the archive
  declares. XML is parsed with entities left unresolved, no DTD loading and no network, and a
  part that declares a DOCTYPE is refused: Word never writes one, so it can only be an entity
  trick (XXE, billion laughs).
- :mod:`~extractors.docx.package`: the main document, numbering and styles parts.
- :mod:`~extractors.docx.body`: the body walked in document order (paragraphs, tables, content
  controls); page headers, footers, footnotes, comments, text boxes, deleted revisions, field
  instructions and hidden runs left out.
- :mod:`~extractors.docx.numbering`: Word's automatic clause numbers, which are not in the
  paragraph text, rebuilt from ``word/numbering.xml`` and the styles.
- :mod:`~extractors.docx.tables`: a table becomes a :class:`~extractors.model.Table` whose merged
  cells (gridSpan, vMerge) are one :class:`~extractors.model.Cell` with their spans, laid out in
  the text as tab-separated rows (at most ``MAX_TABLE_COLS`` grid columns, so that a hostile
  ``gridSpan`` cannot blow up the text). The decision header (issuer | motto over number | place
  and date, a borderless table) is a table like any other.
- :mod:`~extractors.docx.extract`: :func:`extract_docx_file`. ``Document.raw_text`` for a DOCX is
  the laid-out text before normalisation (paragraph text with the rebuilt numbers, table rows as
  above); ``Document.text`` is it normalised line by line with
  :func:`extractors.text.build_lines`.
- :mod:`~extractors.docx.convert`: a ``.doc`` file is not read here: :func:`convert_doc_to_docx`
  turns one into a DOCX with LibreOffice, and :func:`extract_doc_file` reads it so.
"""

from extractors.docx.convert import convert_doc_to_docx, extract_doc_file
from extractors.docx.extract import extract_docx_file

__all__ = ["convert_doc_to_docx", "extract_doc_file", "extract_docx_file"]
