"""Unit tests of the Telegram HTML parse-mode validator."""

from __future__ import annotations

import pytest

from botapi_emulator.html import HtmlParseError, parse_html, strip_text, utf16_len


def test_plain_text_passes_through() -> None:
    assert parse_html("hello world") == ("hello world", [])


def test_bold_italic_and_synonyms() -> None:
    text, entities = parse_html("<b>a</b> <strong>b</strong> <i>c</i> <em>d</em> <u>e</u> <ins>f</ins>")
    assert text == "a b c d e f"
    kinds = [e["type"] for e in entities]
    assert kinds == ["bold", "bold", "italic", "italic", "underline", "underline"]


def test_strike_spoiler_code_blockquote() -> None:
    src = '<s>1</s><strike>2</strike><del>3</del><span class="tg-spoiler">4</span><tg-spoiler>5</tg-spoiler>'
    text, entities = parse_html(src + "<code>6</code><blockquote>7</blockquote>")
    assert text == "1234567"
    assert [e["type"] for e in entities] == ["strikethrough"] * 3 + ["spoiler"] * 2 + ["code", "blockquote"]


def test_nested_entities_and_offsets() -> None:
    text, entities = parse_html("x <b>bold <i>both</i></b>")
    assert text == "x bold both"
    assert entities == [
        {"type": "bold", "offset": 2, "length": 9},
        {"type": "italic", "offset": 7, "length": 4},
    ]


def test_link_and_pre_language() -> None:
    text, entities = parse_html(
        '<a href="https://e.org/?a=1&amp;b=2">go</a> <pre><code class="language-py">x</code></pre>'
    )
    assert text == "go x"
    assert entities[0] == {"type": "text_link", "offset": 0, "length": 2, "url": "https://e.org/?a=1&b=2"}
    assert entities[1] == {"type": "pre", "offset": 3, "length": 1, "language": "py"}


def test_html_entities() -> None:
    assert parse_html("&lt;b&gt; &amp; &quot; &#65; &#x42;")[0] == '<b> & " A B'


def test_unknown_named_entity_is_literal() -> None:
    assert parse_html("fish &chips; &nbsp")[0] == "fish &chips; &nbsp"


def test_offsets_are_utf16() -> None:
    _, entities = parse_html("💪 <b>go</b>")
    assert utf16_len("💪 ") == 3
    assert entities == [{"type": "bold", "offset": 3, "length": 2}]


def test_tags_are_case_insensitive() -> None:
    assert parse_html("<B>x</B>")[1][0]["type"] == "bold"


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("a <b", "Unclosed start tag at byte offset 2"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("é<x>", 'Unsupported start tag "x" at byte offset 2'),
        ("<a href>x</a>", 'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0'),
    ],
)
def test_errors_match_telegram(src: str, message: str) -> None:
    with pytest.raises(HtmlParseError) as excinfo:
        parse_html(src)
    assert str(excinfo.value) == message


def test_empty_entities_are_dropped() -> None:
    assert parse_html("<b></b>x") == ("x", [])


def test_strip_moves_entities() -> None:
    text, entities = parse_html("  <b>hi</b>  ")
    assert strip_text(text, entities) == ("hi", [{"type": "bold", "offset": 0, "length": 2}])
