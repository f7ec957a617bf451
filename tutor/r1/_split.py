"""Incremental splitters used by ``stream``: bytes → lines, and content → (reasoning, answer) around ``<think>``."""

from __future__ import annotations

import codecs

__all__ = ["LineSplitter", "ThinkSplitter", "HOLD_CHARS"]

_OPEN = "<think>"
_CLOSE = "</think>"
_START, _THINK, _ANSWER = 0, 1, 2
_NOTHING: tuple[str, str] = ("", "")


def _partial_tag_len(buf: str, tag: str) -> int:
    """Length of the longest tail of ``buf`` that is a proper prefix of ``tag`` (a tag split across chunks)."""
    j = buf.rfind("<", max(0, len(buf) - len(tag) + 1))
    if j < 0:
        return 0
    tail = buf[j:]
    return len(tail) if tag.startswith(tail) else 0


# Hosts that normally put reasoning in a field of its own (deepseek, openrouter, ollama) sometimes don't (a proxy,
# a distill served without a reasoning parser): then content carries the thought and only "</think>" marks its
# end. Events cannot be taken back once shown, so while no reasoning field and no tag has been seen, content is
# held back (not shown) for up to this many characters: a "</think>" within them splits it correctly; a reply
# that ends first is a plain answer; content that runs longer without either is R1 thinking aloud (R1 answers
# are preceded by long thoughts), so it is shown as reasoning until "</think>". Normal streams never wait here
# (the reasoning field arrives first), so neither liveliness nor throughput changes for them.
HOLD_CHARS = 2000


class ThinkSplitter:
    """Splits ``content`` text into (reasoning, answer) around ``<think>``/``</think>``, across chunk boundaries.

    ``implicit_think``: content without an opening tag begins inside the thought (R1 chat templates). Otherwise
    (hosts with a reasoning field) undecided content is held back up to ``hold_chars`` (see ``HOLD_CHARS``);
    the parser sets ``hold`` to 0 once a reasoning field shows that content is the answer.
    """

    __slots__ = ("state", "implicit", "hold", "_pending")

    def __init__(self, *, implicit_think: bool = True, hold_chars: int = HOLD_CHARS) -> None:
        self.state = _START
        self.implicit = implicit_think  # no opening tag = the stream began inside the thought
        self.hold = 0 if implicit_think else max(0, hold_chars)
        self._pending = ""

    @property
    def thinking(self) -> bool:
        return self.state == _THINK

    @property
    def holding(self) -> bool:
        """Text arrived but is held back (undecided, or a possible partial tag)."""
        return bool(self._pending.strip())

    def feed(self, text: str) -> tuple[str, str]:
        """Return the (reasoning, answer) text this chunk completes; a possible partial tag is held back."""
        if self.state == _ANSWER:
            return "", text
        if self.state == _THINK:
            return self._think(text)
        return self._start(text)

    def flush(self) -> tuple[str, str]:
        """End of stream: release held-back text (a partial tag is just text then)."""
        rest, self._pending = self._pending, ""
        if not rest:
            return _NOTHING
        if self.state == _THINK or (self.state == _START and self.implicit):
            if self.state == _START and rest.strip():
                self.state = _THINK
            return rest, ""
        return "", rest

    def _start(self, text: str) -> tuple[str, str]:
        buf = self._pending + text
        s = buf.lstrip()
        if not s:
            self._pending = buf
            return _NOTHING
        if s.startswith(_OPEN):
            self._pending = ""
            self.state = _THINK
            return self._think(s[len(_OPEN):])
        if s.startswith(_CLOSE):  # a reply with only "</think>": empty reasoning
            self._pending = ""
            self.state = _ANSWER
            return "", s[len(_CLOSE):]
        if len(s) < len(_CLOSE) and (_OPEN.startswith(s) or _CLOSE.startswith(s)):
            self._pending = buf  # maybe a tag split across chunks: wait for more
            return _NOTHING
        self._pending = ""
        if self.implicit:
            self.state = _THINK
            return self._think(s)
        if self.hold:
            i = buf.find(_CLOSE)
            if i >= 0:  # "thought</think>answer" on a host that normally separates them: the rule still holds
                self.state = _ANSWER
                return buf[:i], buf[i + len(_CLOSE):]
            if len(buf) <= self.hold:
                self._pending = buf  # undecided: wait for "</think>", a reasoning field, more text or the end
                return _NOTHING
            self.state = _THINK  # long content, no field, no tag: R1 thinking aloud in content
            return self._think(buf)
        self.state = _ANSWER
        return "", s

    def _think(self, text: str) -> tuple[str, str]:
        if self._pending:
            text = self._pending + text
            self._pending = ""
        if "<" not in text:  # fast path: no tag can start in this chunk
            return text, ""
        i = text.find(_CLOSE)
        if i >= 0:
            self.state = _ANSWER
            return text[:i], text[i + len(_CLOSE):]
        k = _partial_tag_len(text, _CLOSE)
        if k:
            self._pending = text[-k:]
            return text[:-k], ""
        return text, ""


class LineSplitter:
    """Bytes → lines, incrementally: UTF-8 split safely across chunks; LF, CRLF and lone CR all end a line.

    ``str.split`` over whole network chunks is much cheaper per line than a generic line iterator.
    """

    __slots__ = ("_decode", "_rest")

    def __init__(self) -> None:
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self._rest = ""

    def feed(self, data: bytes) -> list[str]:
        text = self._decode(data)
        if not text:
            return []
        if self._rest:
            text = self._rest + text
        if "\r" in text:
            if text.endswith("\r"):  # maybe the first half of a CRLF: decide with the next chunk
                text = text[:-1]
                lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                self._rest = lines.pop() + "\r"
                return lines
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        self._rest = lines.pop()
        return lines

    def flush(self) -> list[str]:
        rest = self._rest + self._decode(b"", True)
        self._rest = ""
        if not rest:
            return []
        return rest.replace("\r\n", "\n").replace("\r", "\n").split("\n")
