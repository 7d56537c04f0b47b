"""Telegram's HTML parse mode: validation, tag stripping and entity extraction.

Mirrors the rules of TDLib's ``parse_html`` (the code behind the Bot API): only a fixed set of tags, the
named entities ``&lt; &gt; &amp; &quot;`` plus numeric ones (anything else after ``&`` is literal text),
balanced tags, and the same error texts ("Unsupported start tag ...", "Can't find end tag ...").
Entity offsets and lengths are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["HtmlParseError", "parse_html", "strip_text", "utf16_len"]

_TAG_TYPES: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{1,10}));")
_NAME_TOKEN_RE = re.compile(r"[A-Za-z0-9.\-]*")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(err)`` is the part after "can't parse entities: "."""


@dataclass
class _Open:
    tag: str
    offset: int  # UTF-16 offset in the plain text
    attrs: dict[str, str] = field(default_factory=dict)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (how Telegram measures entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


def _decode_entity(src: str, i: int) -> tuple[str | None, int]:
    """Decode an HTML entity starting at ``src[i] == '&'``; ``(None, i)`` when it is not one we know."""
    m = _ENTITY_RE.match(src, i)
    if not m:
        return None, i
    dec, hexa, name = m.groups()
    if name is not None:
        char = _NAMED.get(name)
        return (char, m.end()) if char is not None else (None, i)
    code = int(dec) if dec is not None else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None, i
    return chr(code), m.end()


class _Parser:
    """One pass over the source, building the plain text and the entity list."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.n = len(src)
        self.out: list[str] = []
        self.pos16 = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def error(self, message: str) -> HtmlParseError:
        return HtmlParseError(message)

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.pos16 += utf16_len(text)

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        i = 0
        while i < self.n:
            ch = self.src[i]
            if ch == "&":
                decoded, j = _decode_entity(self.src, i)
                if decoded is not None:
                    self.emit(decoded)
                    i = j
                    continue
            if ch != "<":
                self.emit(ch)
                i += 1
                continue
            i = self.close_tag(i) if i + 1 < self.n and self.src[i + 1] == "/" else self.open_tag(i)
        if self.stack:
            raise self.error(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def _skip_spaces(self, i: int) -> int:
        while i < self.n and self.src[i].isspace():
            i += 1
        return i

    def open_tag(self, begin: int) -> int:
        src, byte_at = self.src, _byte_offset(self.src, begin)
        i = begin + 1
        while i < self.n and not src[i].isspace() and src[i] != ">":
            i += 1
        if i >= self.n:
            raise self.error(f"Unclosed start tag at byte offset {byte_at}")
        tag = src[begin + 1 : i].lower()
        if tag not in _TAG_TYPES:
            raise self.error(f'Unsupported start tag "{tag}" at byte offset {byte_at}')
        attrs: dict[str, str] = {}
        while True:
            i = self._skip_spaces(i)
            if i >= self.n:
                raise self.error(f"Unclosed start tag at byte offset {byte_at}")
            if src[i] == ">":
                break
            i = self._attribute(i, tag, byte_at, attrs)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise self.error(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_at}')
        self.stack.append(_Open(tag, self.pos16, attrs))
        return i + 1

    def _attribute(self, i: int, tag: str, byte_at: int, attrs: dict[str, str]) -> int:
        src, start = self.src, i
        while i < self.n and not src[i].isspace() and src[i] not in "=>":
            i += 1
        name = src[start:i].lower()
        if not name:
            raise self.error(f'Empty attribute name in the tag "{tag}" at byte offset {byte_at}')
        i = self._skip_spaces(i)
        if i >= self.n or src[i] != "=":
            raise self.error(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" at byte offset {byte_at}'
            )
        i = self._skip_spaces(i + 1)
        if i >= self.n:
            raise self.error(f"Unclosed start tag at byte offset {byte_at}")
        if src[i] in "'\"":
            value, i = self._quoted(i)
        else:
            m = _NAME_TOKEN_RE.match(src, i)
            assert m is not None
            value, i = m.group().lower(), m.end()
            if i < self.n and not src[i].isspace() and src[i] != ">":
                raise self.error(f"Unexpected end of name token at byte offset {_byte_offset(src, i)}")
        if i >= self.n:
            raise self.error(f"Unclosed start tag at byte offset {byte_at}")
        attrs[name] = value
        return i

    def _quoted(self, i: int) -> tuple[str, int]:
        quote, i, chars = self.src[i], i + 1, []
        while i < self.n and self.src[i] != quote:
            if self.src[i] == "&":
                decoded, j = _decode_entity(self.src, i)
                if decoded is not None:
                    chars.append(decoded)
                    i = j
                    continue
            chars.append(self.src[i])
            i += 1
        return "".join(chars), (i + 1 if i < self.n else i)

    def close_tag(self, begin: int) -> int:
        src, byte_at = self.src, _byte_offset(self.src, begin)
        if not self.stack:
            raise self.error(f"Unexpected end tag at byte offset {byte_at}")
        i = begin + 2
        while i < self.n and not src[i].isspace() and src[i] != ">":
            i += 1
        name = src[begin + 2 : i].lower()
        i = self._skip_spaces(i)
        if i >= self.n or src[i] != ">":
            raise self.error(f"Unclosed end tag at byte offset {byte_at}")
        top = self.stack[-1]
        if name != top.tag:
            raise self.error(f'Unmatched end tag at byte offset {byte_at}, expected "</{top.tag}>", found "</{name}>"')
        self.stack.pop()
        self._finish(top)
        return i + 1

    def _finish(self, top: _Open) -> None:
        length = self.pos16 - top.offset
        kind = _TAG_TYPES[top.tag]
        parent = self.stack[-1] if self.stack else None
        if kind == "code" and parent is not None and parent.tag == "pre" and parent.offset == top.offset:
            language = top.attrs.get("class", "")
            if language.startswith("language-"):
                parent.attrs["language"] = language[len("language-") :]
            return
        if length <= 0:
            return
        entity: dict[str, Any] = {"type": kind, "offset": top.offset, "length": length}
        if kind == "text_link":
            href = top.attrs.get("href", "")
            if not href:
                return
            entity["url"] = href
        if kind == "pre" and top.attrs.get("language"):
            entity["language"] = top.attrs["language"]
        if kind == "blockquote" and "expandable" in top.attrs:
            entity["type"] = "expandable_blockquote"
        self.entities.append(entity)


def parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into ``(plain_text, entities)``; raise :class:`HtmlParseError` when invalid."""
    return _Parser(src).run()


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim surrounding whitespace like Telegram does, shifting and clipping entities to match."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    result: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, size)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result
