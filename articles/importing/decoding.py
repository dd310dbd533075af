"""Turn received bytes into text, or say why they are not text.

The order matters: byte order marks are certain, UTF-16 without a mark shows in its NUL
bytes, strict UTF-8 almost never succeeds by accident, and only then is a legacy single-byte
encoding guessed. French text from Windows is the usual legacy case, so Windows-1252 and
Latin-1 are decided here rather than left to a statistical guess that may pick an exotic
code page for a short text.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# UTF-32 first: its little-endian mark starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Control characters that never occur in text; tab, line ends, form feed and the old
# end-of-file mark (0x1A) do.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_SNIFF_BYTES = 4096
_SAMPLE_CHARS = 65_536
_LETTER = re.compile(r"[^\W\d_]")
_ACCENTED_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


class UnreadableText(ValueError):
    """Bytes that cannot be taken as text; the message is the reason shown to people."""


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Return the text held in ``data``, decoded but otherwise exactly as received.

    ``declared`` is an encoding the file names for itself (an HTML meta charset); it is
    tried when the bytes are not UTF-8. Raise ``UnreadableText`` with the reason otherwise.
    """
    for bom, encoding, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            if text is None:
                raise UnreadableText(f"could not decode text: invalid {name} after its mark")
            return _checked(text)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text = _strict(data, utf16)
        if text is not None:
            return _checked(text)
    if b"\x00" in data:
        raise UnreadableText("not text: binary content")
    text = _strict(data, "utf-8")
    if text is None and declared and _single_byte(declared):
        text = _strict(data, declared)
    if text is None:
        text = _decode_legacy(data)
    return _checked(text)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _single_byte(encoding: str) -> bool:
    # A page that claims UTF-16 or UTF-32 but was read as bytes without NULs is not; any
    # even number of bytes "decodes" as UTF-16 into nonsense.
    try:
        return not codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def _utf16_without_bom(data: bytes) -> str | None:
    # Latin text in UTF-16 has a NUL in every other byte: odd positions in little endian,
    # even positions in big endian.
    sample = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 0.3 * pairs and even_nuls <= 0.05 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.3 * pairs and odd_nuls <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> str:
    western = _strict(data, "cp1252")
    if western is not None and _looks_western(western):
        # Latin-1 and Windows-1252 differ only on 0x80-0x9F, control codes in Latin-1 but
        # curly quotes, dashes, euro and œ in Windows-1252.
        return western if _C1_BYTES.search(data) else data.decode("latin-1")
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableText("could not decode text: unknown encoding")
    return str(best)


def _looks_western(text: str) -> bool:
    # French, English or German text has accented letters here and there; the same bytes
    # read as Cyrillic or Greek in Windows-1252 are nearly all accented letters.
    sample = text[:_SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    return letters > 0 and len(_ACCENTED_LETTER.findall(sample)) <= 0.3 * letters


def _checked(text: str) -> str:
    controls = len(_BINARY.findall(text))
    if controls and controls >= 0.01 * len(text):
        raise UnreadableText("not text: binary content")
    return text
