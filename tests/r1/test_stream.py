"""Pure parsing: framing, field mapping, the <think> splitter, completeness rules (no network here)."""

from __future__ import annotations

import json

import pytest

from tutor.events import Answer, Done, Reasoning, Usage
from tutor.r1.stream import StreamParser, ThinkSplitter


def run(lines: list[str], **kw: object) -> tuple[str, str, list[object]]:
    p = StreamParser(**kw)  # type: ignore[arg-type]
    events: list[object] = []
    for line in lines:
        events.extend(p.feed_line(line))
    events.extend(p.finish())
    r = "".join(e.text for e in events if isinstance(e, Reasoning))
    a = "".join(e.text for e in events if isinstance(e, Answer))
    return r, a, events


def sse(delta: dict, finish: str | None = None, usage: dict | None = None) -> list[str]:
    obj: dict = {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    if usage:
        obj["usage"] = usage
    return ["data: " + json.dumps(obj), ""]


def done_of(events: list[object]) -> Done:
    last = events[-1]
    assert isinstance(last, Done)
    return last


def test_deepseek_fields_null_first_chunk_usage_and_done() -> None:
    lines = (sse({"role": "assistant", "content": None, "reasoning_content": ""})
             + sse({"content": None, "reasoning_content": "Okay, 2+2"}) + sse({"content": None, "reasoning_content": " is 4."})
             + sse({"content": "\\boxed{4}", "reasoning_content": None})
             + sse({"content": ""}, "stop", {"prompt_tokens": 6, "completion_tokens": 20,
                                             "completion_tokens_details": {"reasoning_tokens": 12},
                                             "prompt_cache_hit_tokens": 2, "prompt_cache_miss_tokens": 4})
             + ["data: [DONE]", ""])
    r, a, events = run(lines, implicit_think=False)
    assert (r, a) == ("Okay, 2+2 is 4.", "\\boxed{4}")
    usage = [e for e in events if isinstance(e, Usage)]
    assert usage == [Usage(6, 20, 12, 2, 4)]
    d = done_of(events)
    assert d.complete and d.finish_reason == "stop"


def test_reasoning_field_name_and_comment_lines() -> None:
    lines = [": OPENROUTER PROCESSING", ""] + sse({"reasoning": "think", "content": ""}) + [": keep-alive", ""]
    lines += sse({"content": "answer"}, "stop") + ["data:[DONE]"]  # no space after "data:" is allowed too
    r, a, events = run(lines)
    assert (r, a) == ("think", "answer") and done_of(events).complete


def test_pretty_printed_multiline_events_like_the_hosted_capture() -> None:
    first = json.dumps({"choices": [{"index": 0, "delta": {"content": None, "reasoning_content": "好的"}}]}, indent=4)
    second = json.dumps({"choices": [{"index": 0, "delta": {"content": "纱", "reasoning_content": None},
                                      "finish_reason": "stop"}]}, indent=4)
    text = "data: " + first + "\n\n\nmiddle omitted\n\ndata: " + second + "\n\ndata: [DONE\n]\n"
    r, a, events = run(text.split("\n"))
    assert (r, a) == ("好的", "纱") and done_of(events).complete


def test_standard_multi_data_line_event() -> None:
    lines = ['data: {"choices": [{"delta":', 'data: {"content": "hi"}, "finish_reason": "stop"}]}', ""]
    r, a, events = run(lines, implicit_think=False)
    assert a == "hi" and done_of(events).complete


def test_ollama_ndjson_thinking_and_done() -> None:
    lines = [json.dumps({"model": "deepseek-r1:7b", "message": {"role": "assistant", "content": "", "thinking": "hmm"},
                         "done": False}),
             json.dumps({"message": {"role": "assistant", "content": "x = 2"}, "done": False}),
             json.dumps({"message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop",
                         "prompt_eval_count": 11, "eval_count": 42})]
    p = StreamParser(implicit_think=False)
    events = [e for line in lines for e in p.feed_line(line)] + p.finish()
    assert [type(e).__name__ for e in events] == ["Reasoning", "Answer", "Usage", "Done"]
    assert events[2] == Usage(prompt_tokens=11, completion_tokens=42)
    assert p.model == "deepseek-r1:7b" and done_of(events).complete


def test_nonstream_json_after_blank_keepalive_lines() -> None:
    body = json.dumps({"choices": [{"message": {"content": "A", "reasoning_content": "R"}, "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 2}}, indent=2)
    r, a, events = run(["", "", ""] + body.split("\n"))
    assert (r, a) == ("R", "A") and done_of(events).complete


FULL = "<think>\nLet me think: 1 < 2 and </th is not a tag.\n</think>\n\nThe answer is \\boxed{3}."


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 8, 9, 13])
def test_think_tags_split_across_chunks_at_every_size(size: int) -> None:
    lines: list[str] = []
    for i in range(0, len(FULL), size):
        lines += sse({"content": FULL[i:i + size]})
    lines += sse({"content": ""}, "stop")
    r, a, events = run(lines)
    assert r == "Let me think: 1 < 2 and </th is not a tag.\n"
    assert a == "The answer is \\boxed{3}."
    assert done_of(events).complete


@pytest.mark.parametrize("size", [1, 4, 100])
def test_missing_opening_tag_means_the_stream_began_in_the_thought(size: int) -> None:
    text = "First, I'll factor.\n</think>\n\n\\boxed{2}"
    lines = [line for i in range(0, len(text), size) for line in sse({"content": text[i:i + size]})]
    r, a, events = run(lines + sse({}, "stop"))
    assert (r, a) == ("First, I'll factor.\n", "\\boxed{2}") and done_of(events).complete


def test_reply_with_only_close_tag() -> None:
    r, a, events = run(sse({"content": "</think>\n\nJust \\boxed{1}"}, "stop"))
    assert (r, a) == ("", "Just \\boxed{1}") and done_of(events).complete
    r, a, events = run(sse({"content": "</think>"}, "stop"))
    d = done_of(events)
    assert (r, a) == ("", "") and not d.complete and "no answer" in d.reason


def test_no_close_tag_at_the_end_is_cut_off_while_thinking() -> None:
    r, a, events = run(sse({"content": "<think>\nOkay, so I need"}, "stop") + ["data: [DONE]"])
    d = done_of(events)
    assert r == "Okay, so I need" and a == ""
    assert not d.complete and "</think>" in d.reason


def test_finish_reason_length_while_thinking() -> None:
    r, a, events = run(sse({"reasoning_content": "long thought"}) + sse({"content": ""}, "length"))
    d = done_of(events)
    assert d.finish_reason == "length" and not d.complete and "token limit" in d.reason and "thinking" in d.reason


def test_stream_without_end_is_incomplete() -> None:
    r, a, events = run(sse({"reasoning_content": "part"}))
    d = done_of(events)
    assert r == "part" and not d.complete and d.finish_reason == "interrupted"


def test_malformed_chunk_keeps_text_and_reports() -> None:
    p = StreamParser()
    events = list(p.feed_line('data: {"choices": [{"delta": {"reasoning_content": "kept"}}]}'))
    p.feed_line("")
    p.feed_line('data: {"choices": [{"delta": {"content": "oo')
    p.feed_line("")
    assert p.error and "malformed" in p.error
    events += p.finish()
    d = done_of(events)
    assert events[0] == Reasoning("kept") and not d.complete and d.finish_reason == "error"


def test_error_object_inside_stream() -> None:
    p = StreamParser()
    p.feed_line('data: {"error": {"message": "upstream overloaded", "code": 502}}')
    assert p.error and "upstream overloaded" in p.error


def test_splitter_holds_back_only_possible_tags() -> None:
    sp = ThinkSplitter()
    assert sp.feed("<thi") == ("", "")
    assert sp.feed("nk>abc<") == ("abc", "")
    assert sp.feed("b>def</thin") == ("<b>def", "")
    assert sp.feed("k>ans") == ("", "ans")
    assert sp.feed("<think>") == ("", "<think>")  # in the answer, tags are just text


def test_leading_whitespace_and_partial_tag_flush() -> None:
    sp = ThinkSplitter(implicit_think=True)
    assert sp.feed("  ") == ("", "")
    assert sp.flush() == ("  ", "")
    sp = ThinkSplitter(implicit_think=True)
    sp.feed("<think>x</th")
    assert sp.flush() == ("</th", "")


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64])
def test_line_splitter_handles_every_line_ending_and_utf8_splits(size: int) -> None:
    from tutor.r1.stream import LineSplitter

    data = "data: 好的\r\n\r\n: c\rdata: x\n\ndata: [DONE]\nlast".encode()
    sp = LineSplitter()
    lines: list[str] = []
    for i in range(0, len(data), size):
        lines += sp.feed(data[i:i + size])
    lines += sp.flush()
    assert lines == ["data: 好的", "", ": c", "data: x", "", "data: [DONE]", "last"]


@pytest.mark.parametrize("line", [
    'data: {"object": "error", "message": "max_tokens is too large", "type": "BadRequestError", "code": 400}',
    'error: {"code": 500, "message": "max_tokens is too large", "type": "server_error"}',
    'data: {"id": "x", "error": {"code": 502, "message": "max_tokens is too large"}, '
    '"choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}]}',
    '{"error": "max_tokens is too large"}',
])
def test_mid_stream_error_shapes_of_each_host(line: str) -> None:
    p = StreamParser()
    p.feed_line('data: {"choices": [{"delta": {"reasoning_content": "kept"}}]}')
    p.feed_line(line)
    assert p.stopped and p.error and "max_tokens is too large" in p.error
    d = done_of(p.finish())
    assert not d.complete and "max_tokens is too large" in d.reason


def test_finish_reason_error_is_incomplete() -> None:
    r, a, events = run(sse({"content": "</think>partial"}) + sse({}, "error"))
    d = done_of(events)
    assert a == "partial" and not d.complete and d.finish_reason == "error"


def test_coalesces_text_within_one_batch_and_keeps_order() -> None:
    p = StreamParser(implicit_think=False)
    lines: list[str] = []
    for piece in ["a", "b", "c"]:
        lines += sse({"reasoning_content": piece})
    for piece in ["X", "Y"]:
        lines += sse({"content": piece})
    lines += sse({"reasoning_content": "late"})  # out of order from the host: kept as it came
    events = p.feed_lines(lines)
    assert events == [Reasoning("abc"), Answer("XY"), Reasoning("late")]


# Property: however the host chunks "<think>R</think>A" (or "R</think>A"), the parser gives back R and A exactly
# (modulo the leading whitespace it trims), for texts full of '<', '/', '>' and tag fragments.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.text(alphabet=st.sampled_from(list("ab <>/thinkTHINK\n{}\\")), max_size=60).filter(
    lambda s: "</think>" not in s and not s.lstrip().startswith(("<think>", "</think>")))


@settings(max_examples=300, deadline=None)
@given(reasoning=_TEXT, answer=_TEXT, open_tag=st.booleans(), cuts=st.lists(st.integers(1, 9), max_size=40))
def test_think_split_property(reasoning: str, answer: str, open_tag: bool, cuts: list[int]) -> None:
    full = ("<think>" if open_tag else "") + reasoning + "</think>" + answer
    pieces, i = [], 0
    for c in cuts:
        if i >= len(full):
            break
        pieces.append(full[i:i + c])
        i += c
    pieces.append(full[i:])
    lines = [line for p in pieces if p for line in sse({"content": p})] + sse({}, "stop")
    r, a, events = run(lines)
    assert r == reasoning.lstrip()
    assert a == answer.lstrip()
    assert done_of(events).complete == bool(answer.strip())
