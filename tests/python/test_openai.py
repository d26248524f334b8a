"""lexgate.openai: chat completions guarded whole and streamed, field by
field and choice by choice, with the kinds given back."""

from __future__ import annotations

import asyncio
import copy
import json
import random
from types import SimpleNamespace
from typing import Any, AsyncIterator, Dict, Iterator, List, Optional

import pytest

import lexgate
from lexgate.openai import ChatGuard
from openai_fixtures import (
    BASE,
    SdkModel,
    assert_clean,
    chunk,
    completion,
    content_chunks,
    joined,
    joined_arguments,
    make_engine,
    random_split,
    tool_chunks,
)

TEXT = "您好 13812345678，你是SB吗？ what the ＦＵＣＫ 😀 主席习 近 平 ok"


@pytest.fixture(scope="module")
def engine() -> lexgate.Engine:
    return make_engine()


@pytest.fixture(scope="module")
def guard(engine: lexgate.Engine) -> ChatGuard:
    return ChatGuard(engine, refusal="[refused]")


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("field", ["content", "reasoning_content", "refusal"])
def test_streamed_text_fields_equal_the_redaction(guard: ChatGuard, engine: lexgate.Engine,
                                                  seed: int, field: str) -> None:
    chunks = content_chunks(TEXT, random.Random(seed), field)
    before = copy.deepcopy(chunks)
    out = list(guard.stream(chunks))
    assert chunks == before  # never modified in place
    assert joined(out, field) == engine.redact(TEXT)
    for c in out:
        assert_clean(c)
        assert {k: v for k, v in c.items() if k != "choices"} == \
            {k: v for k, v in chunks[0].items() if k != "choices"}
    assert out[0]["choices"][0]["delta"]["role"] == "assistant"
    assert out[-1]["choices"][0]["finish_reason"] == "stop"


ARGUMENTS = json.dumps({"query": "习近平 电话 13812345678", "n": 13912345678,
                        "nested": [{"q": "你是SB吗", 'k"ey': "fine"}]})


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("ascii_only", [False, True])
def test_streamed_tool_arguments_are_decoded_and_stay_json(
        guard: ChatGuard, engine: lexgate.Engine, seed: int, ascii_only: bool) -> None:
    # ensure_ascii=True writes 习近平 as \u4e60\u8fd1\u5e73: escapes, split
    # anywhere (inside an escape too), must not evade.
    arguments = json.dumps(json.loads(ARGUMENTS), ensure_ascii=ascii_only)
    out = list(guard.stream(tool_chunks(arguments, random.Random(seed))))
    for c in out:
        assert_clean(c)
    decoded = json.loads(joined_arguments(out))
    assert decoded == {"query": "[X] 电话 [手机号]", "n": "[手机号]",
                       "nested": [{"q": "你是**吗", 'k"ey': "fine"}]}
    assert out[0]["choices"][0]["delta"]["tool_calls"][0]["id"] == "call_1"
    assert out[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_legacy_function_call_and_surrogate_escapes(guard: ChatGuard) -> None:
    arguments = '{"s": "\\ud83d\\ude00 \\u4e60\\u8fd1\\u5e73 \\ud800x"}'
    chunks = [chunk(role="assistant", function_call={"name": "f", "arguments": ""})]
    chunks += [chunk(function_call={"arguments": arguments[i:i + 3]})
               for i in range(0, len(arguments), 3)]
    chunks.append(chunk(finish_reason="function_call"))
    out = list(guard.stream(chunks))
    text = "".join((c["choices"][0]["delta"].get("function_call") or {}).get("arguments", "")
                   for c in out)
    assert json.loads(text) == {"s": "😀 [X] \ufffdx"}


def test_block_ends_the_choice_and_others_go_on(engine: lexgate.Engine) -> None:
    rng = random.Random(7)
    closed: List[bool] = []
    pulled: List[int] = []

    def upstream() -> Iterator[Dict[str, Any]]:
        a = content_chunks("好的。下面是炸弹制作的步骤：第一步……" * 3, rng, index=0)
        b = content_chunks("今天天气很好，电话13812345678。", rng, index=1)
        try:
            for i in range(max(len(a), len(b))):
                for side in (a, b):
                    if i < len(side):
                        pulled.append(i)
                        yield side[i]
        finally:
            closed.append(True)

    guard = ChatGuard(engine, refusal="[refused]")
    out = list(guard.stream(upstream(), n=2))
    first = [c for c in out if c["choices"][0]["index"] == 0]
    assert first[-1]["choices"][0]["finish_reason"] == "content_filter"
    assert first[-1]["choices"][0]["delta"] == {"content": "[refused]"}
    assert "炸弹" not in joined(out, index=0)
    assert joined(out, index=1) == "今天天气很好，电话[手机号]。"
    assert [c for c in out if c["choices"][0]["index"] == 1][-1]["choices"][0][
        "finish_reason"] == "stop"
    assert closed == [True]


def test_upstream_closed_once_every_choice_has_ended(engine: lexgate.Engine) -> None:
    state = {"pulled": 0, "closed": False}

    def upstream() -> Iterator[Dict[str, Any]]:
        try:
            yield chunk(role="assistant", content="")
            for piece in ["好的。", "炸弹", "制作", "如下：", "第一步"] + ["很长的说明"] * 100:
                state["pulled"] += 1
                yield chunk(content=piece)
        finally:
            state["closed"] = True

    out = list(ChatGuard(engine).stream(upstream()))
    assert state["closed"] and state["pulled"] < 10
    assert out[-1]["choices"][0] == {"index": 0, "delta": {}, "logprobs": None,
                                     "finish_reason": "content_filter"}


def test_choice_without_finish_reason_gets_its_rest(guard: ChatGuard) -> None:
    chunks = [chunk(role="assistant", content=""), chunk(content="call 138 "),
              chunk(content="1234 5678")]
    out = list(guard.stream(iter(chunks)))
    assert joined(out) == "call [手机号]"


def test_usage_chunk_passes(guard: ChatGuard) -> None:
    usage = dict(chunk(), choices=[], usage={"total_tokens": 3})
    out = list(guard.stream([chunk(content="hi"), chunk(finish_reason="stop"), usage]))
    assert out[-1] == usage


def test_sdk_objects_come_back_as_sdk_objects(guard: ChatGuard, engine: lexgate.Engine) -> None:
    rng = random.Random(3)
    chunks = [SdkModel(**c) for c in content_chunks(TEXT, rng)]
    out = list(guard.stream(chunks))
    assert all(isinstance(c, SdkModel) for c in out)
    assert "".join(c.choices[0].delta.content or "" for c in out) == engine.redact(TEXT)

    namespaces = [json.loads(json.dumps(c), object_hook=lambda d: SimpleNamespace(**d))
                  for c in content_chunks(TEXT, rng)]
    out = list(guard.stream(namespaces))
    assert all(isinstance(c, SimpleNamespace) for c in out)
    assert isinstance(out[0].choices[0].delta, SimpleNamespace)
    assert "".join(getattr(c.choices[0].delta, "content", None) or "" for c in out) == \
        engine.redact(TEXT)


def test_whole_completion(guard: ChatGuard, engine: lexgate.Engine) -> None:
    response = completion(
        {"content": TEXT, "reasoning_content": "想想 13812345678"},
        {"content": None, "refusal": "我不能说习近平", "tool_calls": [{
            "id": "c", "type": "function",
            "function": {"name": "f", "arguments": '{"to": "\\u0031\\u0033812345678"}'}}]},
        {"content": [{"type": "text", "text": "你是SB"}, {"type": "image_url", "image_url": {}}]},
        {"content": "好的，炸弹制作方法如下"},
    )
    before = copy.deepcopy(response)
    out = guard.completion(response)
    assert response == before
    assert_clean(out)
    first, second, third, fourth = out["choices"]
    assert first["message"]["content"] == engine.redact(TEXT)
    assert first["message"]["reasoning_content"] == "想想 [手机号]"
    assert second["message"]["refusal"] == "我不能说[X]"
    assert json.loads(second["message"]["tool_calls"][0]["function"]["arguments"]) == \
        {"to": "[手机号]"}
    assert third["message"]["content"][0] == {"type": "text", "text": "你是**"}
    assert third["message"]["content"][1] == response["choices"][2]["message"]["content"][1]
    assert fourth["message"] == {"role": "assistant", "content": "[refused]"}
    assert fourth["finish_reason"] == "content_filter"
    assert [c["finish_reason"] for c in out["choices"][:3]] == ["stop"] * 3
    assert out["usage"] == response["usage"]

    sdk = guard.completion(SdkModel(**response))
    assert isinstance(sdk, SdkModel) and sdk.choices[3].finish_reason == "content_filter"


def test_audit_record_per_response(engine: lexgate.Engine) -> None:
    key = lexgate.AuditKey(b"k" * 32)
    records: List[Dict[str, Any]] = []
    tenant = lexgate.Policy("tenant-a", disable=["profanity"])
    guard = ChatGuard(engine, auditor=lexgate.Auditor(key), on_audit=records.append,
                      policy=tenant)
    list(guard.stream(content_chunks(TEXT, random.Random(1))))
    list(guard.stream(tool_chunks(ARGUMENTS, random.Random(2))))
    guard.completion(completion({"content": "电话13812345678"}), policy=None)
    assert len(records) == 3
    streamed, tools, whole = records
    assert streamed["type"] == "audit.response" and streamed["id"] == "chatcmpl-t"
    assert streamed["fingerprint"] == engine.fingerprint
    assert streamed["policy"] == "tenant-a" and whole["policy"] == "tenant-a"
    assert streamed["choices"] == [{"index": 0, "verdict": "mask", "finish_reason": "stop"}]
    # profanity is disabled by the policy: reported by no record.
    assert {r["category"] for r in streamed["records"]} == {"pii.phone", "A.1.1"}
    phone = next(r for r in streamed["records"] if r["category"] == "pii.phone")
    assert phone["hmac"] == key.hmac("13812345678")
    assert (phone["choice"], phone["field"]) == (0, "content")
    assert TEXT[phone["start"]:phone["end"]] == "13812345678"
    assert {(r["field"], r["path"]) for r in tools["records"]} == {
        ("tool_calls[0].function.arguments", "/query"),
        ("tool_calls[0].function.arguments", "/n")}
    for record in records:
        assert_clean(record)
    with pytest.raises(ValueError, match="auditor"):
        ChatGuard(engine, on_audit=records.append)


def test_policy_per_call(engine: lexgate.Engine) -> None:
    lenient = lexgate.Policy("lenient", actions={"pii": "flag"})
    guard = ChatGuard(engine)
    whole = guard.completion(completion({"content": "电话13812345678"}), policy=lenient)
    assert whole["choices"][0]["message"]["content"] == "电话13812345678"
    # A stream masks by the policy too: the number is only flagged.
    out = list(guard.stream(content_chunks("电话13812345678", random.Random(0)),
                            policy=lenient))
    assert joined(out) == "电话13812345678"


def test_reloading_engine_serves_each_response_on_one_engine(tmp_path: Any) -> None:
    pack = tmp_path / "p.toml"
    pack.write_text('[pack]\nname = "p"\n[[rule]]\nid = "w"\ncategory = "profanity"\n'
                    'keywords = ["alpha"]\n')
    holder = lexgate.ReloadingEngine.from_paths(pack)
    guard = ChatGuard(holder)
    stream = guard.stream(content_chunks("alpha beta alpha beta", random.Random(0)))
    first = next(stream)
    pack.write_text(pack.read_text().replace("alpha", "beta"))
    holder.reload()
    rest = list(stream)
    assert joined([first] + rest) == "***** beta ***** beta"
    assert joined(list(guard.stream(content_chunks("alpha beta", random.Random(0))))) == \
        "alpha ****"
    holder.close()


def test_async_stream_closes_the_upstream_on_block(engine: lexgate.Engine) -> None:
    state = {"pulled": 0, "closed": False}

    async def upstream() -> AsyncIterator[Dict[str, Any]]:
        try:
            yield chunk(role="assistant", content="")
            for piece in ["好的。", "炸弹", "制作", "如下"] + ["很长的说明"] * 100:
                state["pulled"] += 1
                yield chunk(content=piece)
                await asyncio.sleep(0)
        finally:
            state["closed"] = True

    async def main() -> List[Dict[str, Any]]:
        return [c async for c in ChatGuard(engine, refusal="[r]").astream(upstream())]

    out = asyncio.run(main())
    assert state["closed"] and state["pulled"] < 10
    assert out[-1]["choices"][0]["finish_reason"] == "content_filter"
    assert out[-1]["choices"][0]["delta"] == {"content": "[r]"}


def test_async_completion_offloads_large_responses(engine: lexgate.Engine,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    offloaded: List[Any] = []
    to_thread = asyncio.to_thread

    async def counting(func: Any, *args: Any, **kwargs: Any) -> Any:
        offloaded.append(func)
        return await to_thread(func, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counting)
    guard = ChatGuard(engine, offload_chars=100)
    small = asyncio.run(guard.acompletion(completion({"content": "电话13812345678"})))
    assert small["choices"][0]["message"]["content"] == "电话[手机号]" and not offloaded
    big = asyncio.run(guard.acompletion(completion({"content": "电话13812345678" + "。" * 200})))
    assert big["choices"][0]["message"]["content"].startswith("电话[手机号]")
    assert len(offloaded) == 1


# --- shapes the guard reads, or refuses: never passed on unread ---------------


@pytest.mark.parametrize("seed", range(4))
def test_streamed_content_parts_are_guarded(guard: ChatGuard, engine: lexgate.Engine,
                                            seed: int) -> None:
    rng = random.Random(seed)
    pieces = [c["choices"][0]["delta"]["content"] for c in content_chunks(TEXT, rng)[1:-1]]
    chunks = [chunk(0, role="assistant", content=[])]
    chunks += [chunk(0, content=[{"type": "text", "text": p}]) for p in pieces]
    chunks.append(chunk(0, content=[{"type": "image_url", "image_url": {"url": "u"}}]))
    chunks.append(chunk(0, finish_reason="stop"))
    out = list(guard.stream(chunks))
    for event in out:
        assert_clean(event)
    texts = []
    for event in out:
        content = event["choices"][0]["delta"].get("content")
        if isinstance(content, str):
            texts.append(content)
        elif isinstance(content, list):
            texts += [p["text"] for p in content if p.get("type") == "text"]
    assert "".join(texts) == engine.redact(TEXT)
    assert any(p.get("type") == "image_url" for e in out
               for p in e["choices"][0]["delta"].get("content") or [] if isinstance(p, dict))


def test_decoded_tool_arguments_are_guarded(guard: ChatGuard) -> None:
    arguments = {"q": TEXT, "n": 3}
    message = {"tool_calls": [{"id": "t", "type": "function",
                               "function": {"name": "f", "arguments": arguments}}]}
    out = guard.completion(completion(message))
    got = out["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    assert isinstance(got, dict) and got["n"] == 3
    assert_clean(got)
    streamed = list(guard.stream([
        chunk(0, tool_calls=[{"index": 0, "id": "t", "type": "function",
                              "function": {"name": "f", "arguments": arguments}}]),
        chunk(0, finish_reason="stop")]))
    for event in streamed:
        assert_clean(event)
    assert json.loads(joined_arguments(streamed, 0)) == got


def test_slots_objects_are_read(guard: ChatGuard) -> None:
    import dataclasses

    @dataclasses.dataclass(slots=True)
    class Message:
        role: str
        content: str

    @dataclasses.dataclass(slots=True, frozen=True)
    class Delta:
        content: str

    out = guard.completion({"choices": [{"index": 0, "finish_reason": "stop",
                                         "message": Message("assistant", TEXT)}]})
    assert_clean(out)
    streamed = list(guard.stream([{"choices": [{"index": 0, "delta": Delta(TEXT)}]},
                                  chunk(0, finish_reason="stop")]))
    for event in streamed:
        assert_clean(event)


def resolve_annotations(message: Any, choice: Any, completion: Any) -> None:
    """The test models' annotations are strings here (postponed
    evaluation): resolved, with pydantic 2 or 1."""
    names = {"Message": message, "Choice": choice, "List": List, "Optional": Optional}
    for model in (message, choice, completion):
        if hasattr(model, "model_rebuild"):
            model.model_rebuild(_types_namespace=names)
        else:
            model.update_forward_refs(**names)


def test_pydantic_models_are_read_and_come_back_as_models(guard: ChatGuard) -> None:
    # The OpenAI SDK's types are pydantic models: Debian 12 ships pydantic 1
    # (fields from .dict(), private __fields_set__), the SDK may bring 2.
    pydantic = pytest.importorskip("pydantic")

    class Message(pydantic.BaseModel):
        role: str
        content: Optional[str] = None

    class Choice(pydantic.BaseModel):
        index: int
        message: Message
        finish_reason: Optional[str] = None

    class Completion(pydantic.BaseModel):
        id: str
        choices: List[Choice]

    resolve_annotations(Message, Choice, Completion)

    out = guard.completion(Completion(id="c", choices=[Choice(
        index=0, finish_reason="stop", message=Message(role="assistant", content=TEXT))]))
    assert isinstance(out, Completion) and isinstance(out.choices[0].message, Message)
    assert out.choices[0].message.content != TEXT
    assert_clean(json.loads(out.json() if hasattr(out, "json") else out.model_dump_json()))


def test_pydantic_text_defaults_are_screened(guard: ChatGuard) -> None:
    # A field left at a default that holds text is not in a sparse dump
    # (exclude_unset), yet the rebuilt model gets the default back: it must
    # be screened. Fields never set that hold no text stay unset.
    pydantic = pytest.importorskip("pydantic")
    from lexgate.openai._objects import to_plain

    class Message(pydantic.BaseModel):
        role: str = "assistant"
        content: str = TEXT
        refusal: Optional[str] = None

    class Choice(pydantic.BaseModel):
        index: int = 0
        message: Message = Message()
        finish_reason: Optional[str] = None

    class Completion(pydantic.BaseModel):
        id: str
        choices: List[Choice] = [Choice()]

    resolve_annotations(Message, Choice, Completion)

    def fields_set(model: Any) -> Any:
        return getattr(model, "model_fields_set", None) or model.__fields_set__

    message = {"role": "assistant", "content": TEXT}
    # Sparse: index (0) and the None defaults stay out, at every depth.
    assert to_plain(Completion(id="c", choices=[Choice(message=Message(refusal=None))])) == {
        "id": "c", "choices": [{"message": dict(message, refusal=None)}]}
    # A nested model and a list left at their defaults are read too.
    assert to_plain(Choice(index=1)) == {"index": 1, "message": message}
    assert to_plain(Completion(id="c")) == {"id": "c", "choices": [{"message": message}]}

    for response in (Completion(id="c", choices=[Choice(message=Message())]),
                     Completion(id="c", choices=[Choice(index=0)]), Completion(id="c")):
        out = guard.completion(response)
        assert isinstance(out, Completion) and isinstance(out.choices[0].message, Message)
        assert out.choices[0].message.content not in ("", TEXT)
        assert_clean(json.loads(out.json() if hasattr(out, "json") else out.model_dump_json()))
        assert "refusal" not in fields_set(out.choices[0].message)
        assert "finish_reason" not in fields_set(out.choices[0])


def test_pydantic_aliases_are_read_by_alias(guard: ChatGuard) -> None:
    # A model is rebuilt from its aliases (parse_obj, model_validate), so
    # it is read by them too: a field named otherwise whose alias is the
    # wire name "content" is screened under it, and a "content" field
    # aliased to another name is a field the guard does not know. Read by
    # field name, the screened "content" went to a key the rebuilt model
    # ignored, and it came back with its text as it was.
    pydantic = pytest.importorskip("pydantic")

    def models(field: str, alias: str) -> Any:
        message = pydantic.create_model(
            "Message", role=(str, "assistant"),
            **{field: (str, pydantic.Field(TEXT, alias=alias))})
        choice = pydantic.create_model("Choice", index=(int, 0), message=(message, ...))
        completion = pydantic.create_model(
            "Completion", id=(str, ...), choices=(List[choice], ...))  # type: ignore[valid-type]
        streamed = pydantic.create_model("ChunkChoice", index=(int, 0), delta=(message, ...))
        chunk = pydantic.create_model(
            "Chunk", id=(str, ...), choices=(List[streamed], ...))  # type: ignore[valid-type]
        return message, choice, completion, lambda made: chunk(
            id="c", choices=[streamed(delta=made)])

    def dump(model: Any) -> Any:
        return json.loads(model.json(by_alias=True) if hasattr(model, "json")
                          else model.model_dump_json(by_alias=True))

    message, choice, completion, chunk = models("body", "content")
    for made in (message(), message(content=TEXT)):  # a default, and set
        out = guard.completion(completion(id="c", choices=[choice(message=made)]))
        assert isinstance(out.choices[0].message, message)
        assert out.choices[0].message.body not in ("", TEXT)
        assert_clean(dump(out))
        streamed = list(guard.stream([chunk(made)]))
        assert streamed and all(isinstance(c, type(chunk(made))) for c in streamed)
        assert "".join(c.choices[0].delta.body for c in streamed if c.choices)
        for chunk_out in streamed:
            assert_clean(dump(chunk_out))

    message, choice, completion, chunk = models("content", "text")
    with pytest.raises(TypeError, match="does not know"):
        guard.completion(completion(id="c", choices=[choice(message=message(text=TEXT))]))
    with pytest.raises(TypeError, match="does not know"):
        list(guard.stream([chunk(message(text=TEXT))]))


def test_a_stream_cut_short_is_audited_as_blocked(engine: lexgate.Engine) -> None:
    # The upstream raising (or the task cancelled: a timeout, a client
    # gone) cuts the answer short: "138 1234" was held back and never went
    # out, so the audit record must not say "allow".
    records: List[Dict[str, Any]] = []
    guard = ChatGuard(engine, auditor=lexgate.Auditor(lexgate.AuditKey(b"k" * 32)),
                      on_audit=records.append)

    def failing(error: BaseException) -> Iterator[Dict[str, Any]]:
        yield chunk(0, role="assistant", content="")
        yield chunk(0, content="call me on 138 1234")
        raise error

    for error in (ConnectionError("upstream died"), KeyboardInterrupt()):
        with pytest.raises(type(error)):
            list(guard.stream(failing(error)))
        record = records.pop()
        assert record["verdict"] == "block" and type(error).__name__ in record["error"]
        assert "cut short" in record["error"]
        assert record["choices"] == [{"index": 0, "verdict": "allow", "finish_reason": None}]

    async def stalling() -> AsyncIterator[Dict[str, Any]]:
        yield chunk(0, role="assistant", content="")
        yield chunk(0, content="call me on 138 1234")
        await asyncio.sleep(10)

    async def consume() -> None:
        async for _ in guard.astream(stalling()):
            pass

    async def timed_out() -> None:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(consume(), 0.2)

    asyncio.run(timed_out())
    record = records.pop()
    assert record["verdict"] == "block" and "cancelled" in record["error"]

    # A consumer that stops early is no error; a stream that ends well
    # has no "error" either.
    it = guard.stream(content_chunks(TEXT, random.Random(3)))
    next(it)
    it.close()  # type: ignore[attr-defined]
    assert "error" not in records.pop()
    list(guard.stream(content_chunks(TEXT, random.Random(3))))
    record = records.pop()
    assert "error" not in record and record["verdict"] == "mask"
    assert not records


@pytest.mark.parametrize("bad", [object(), 42])
def test_unreadable_shapes_are_refused(guard: ChatGuard, bad: Any) -> None:
    with pytest.raises(TypeError, match="cannot"):
        guard.completion({"choices": [bad]})
    with pytest.raises(TypeError, match="cannot"):
        list(guard.stream([{"choices": [bad]}]))
    with pytest.raises(TypeError, match="cannot"):
        list(guard.stream([chunk(0, content={"text": TEXT})]))
    with pytest.raises(TypeError, match="cannot"):
        guard.completion(completion({"content": {"text": TEXT}}))


def test_a_non_streaming_engine_guards_whole_completions() -> None:
    plain = (lexgate.RuleSet().add_keywords("k", ["fuck"], category="profanity")
             .compile(streaming=False))
    assert not plain.streaming and lexgate.Engine.default().streaming
    guard = ChatGuard(plain)
    out = guard.completion(completion({"content": "what the fuck"}))
    assert out["choices"][0]["message"]["content"] == "what the ****"
    with pytest.raises(ValueError, match="streaming=False"):
        list(guard.stream([chunk(0, content="what the fuck")]))


def test_refusal_and_output_text_parts_are_guarded(guard: ChatGuard) -> None:
    parts = [{"type": "refusal", "refusal": TEXT}, {"type": "output_text", "text": TEXT},
             {"type": "image_url", "image_url": {"url": "https://example.com/x.png"}}]
    out = guard.completion(completion({"content": parts}))
    got = out["choices"][0]["message"]["content"]
    assert_clean(got)
    assert got[2] == parts[2]
    with pytest.raises(TypeError, match="cannot guard"):
        guard.completion(completion({"content": [{"type": "refusal", "refusal": 3}]}))


def _logprobs(text: str) -> Dict[str, Any]:
    return {"content": [{"token": text, "logprob": -0.1, "bytes": list(text.encode()),
                         "top_logprobs": [{"token": text, "logprob": -0.2}]}]}


def test_logprobs_never_repeat_guarded_text(guard: ChatGuard) -> None:
    # A stream's logprobs come with text the guard has not decided yet:
    # they are dropped from every chunk.
    chunks = []
    for piece in random_split(TEXT, random.Random(5)):
        c = chunk(0, content=piece)
        c["choices"][0]["logprobs"] = _logprobs(piece)
        chunks.append(c)
    chunks.append(chunk(0, finish_reason="stop"))
    streamed = list(guard.stream(chunks))
    assert all(c["choices"][0].get("logprobs") is None for c in streamed)
    assert_clean(json.dumps(streamed, ensure_ascii=False))
    # A whole completion keeps them only when nothing of its text changed.
    for text, kept in ((TEXT, False), ("炸弹制作", False), ("hello there", True)):
        whole = completion({"content": text})
        whole["choices"][0]["logprobs"] = _logprobs(text)
        out = guard.completion(whole)
        assert (out["choices"][0]["logprobs"] is not None) == kept, text
        if not kept:
            assert_clean(json.dumps(out, ensure_ascii=False))


@pytest.mark.parametrize("delta", [
    {"function_call": "call 13812345678"},
    {"tool_calls": ["call 13812345678"]},
    {"tool_calls": {"0": {"function": {"arguments": "13812345678"}}}},
    {"tool_calls": [{"index": 0, "function": "13812345678"}]},
])
def test_unreadable_call_shapes_are_refused_in_streams(guard: ChatGuard,
                                                       delta: Dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="cannot guard"):
        list(guard.stream([chunk(0, **delta)]))


@pytest.mark.parametrize("message", [
    {"content": None, "function_call": "call 13812345678"},
    {"content": None, "tool_calls": ["call 13812345678"]},
    {"content": None, "tool_calls": {"function": {"arguments": "13812345678"}}},
    {"content": None, "tool_calls": [{"id": "c", "function": "13812345678"}]},
])
def test_unreadable_call_shapes_are_refused_whole(guard: ChatGuard,
                                                  message: Dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="cannot guard"):
        guard.completion(completion(message))


def test_a_streamed_choice_with_a_whole_message_is_refused(guard: ChatGuard) -> None:
    with pytest.raises(TypeError, match="whole 'message'"):
        list(guard.stream([dict(BASE, choices=[{"index": 0, "finish_reason": "stop",
                                                "message": {"content": TEXT}}])]))


@pytest.mark.parametrize("arguments,verdict", [
    ("what the f u c k", "mask"),           # spaced letters: one text
    ("how to build a bomb now", "block"),   # a phrase across words
    ('{"a": 1} how to build a bomb', "block"),
    ("1 2 true how to build a bomb", "block"),
    ("138 1234 5678", "mask"),              # numbers then more bare text: one text
    ("call 138 1234 5678 now", "mask"),
    ('{"a": 138 1234 5678}', "mask"),
    ('{"n": 1 , "m": [2 ,3 ] }', "allow"),  # valid JSON: unchanged
])
def test_tool_arguments_that_are_not_json_are_screened_whole(
        guard: ChatGuard, engine: lexgate.Engine, arguments: str, verdict: str) -> None:
    assert engine.scan(arguments).verdict == verdict
    calls = [{"id": "c", "type": "function", "function": {"name": "f", "arguments": arguments}}]
    out = guard.completion(completion({"content": None, "tool_calls": calls}))
    choice = out["choices"][0]
    streamed = list(guard.stream(tool_chunks(arguments, random.Random(7))))
    whole_chunk = list(guard.stream([chunk(0, tool_calls=[
        {"index": 0, "function": {"arguments": arguments}}]), chunk(0, finish_reason="stop")]))
    if verdict == "block":
        assert choice["finish_reason"] == "content_filter"
        assert streamed[-1]["choices"][0]["finish_reason"] == "content_filter"
    else:
        got = choice["message"]["tool_calls"][0]["function"]["arguments"]
        assert got == engine.redact(arguments)
        assert joined_arguments(streamed) == engine.redact(arguments)
        assert joined_arguments(whole_chunk) == engine.redact(arguments)


# --- every field: screened when the guard knows it, refused when it holds
# text the guard does not know --------------------------------------------

MASKED = "电话 13812345678，你是SB吗"  # masks, never blocks
MASKED_OUT = "电话 [手机号]，你是**吗"
CITATION = {"type": "url_citation", "url_citation": {
    "title": MASKED, "url": "https://example.com/a", "start_index": 0, "end_index": 3}}

# (delta of a chunk, message of a whole response): the text is screened.
SCREENED_SHAPES = {
    "content list of strings": ({"content": [MASKED]}, {"content": [MASKED]}),
    "content part without type": ({"content": [{"text": MASKED}]},
                                  {"content": [{"text": MASKED}]}),
    "reasoning": ({"reasoning": MASKED}, {"reasoning": MASKED}),
    "audio transcript": (
        {"audio": {"id": "a", "transcript": MASKED}},
        {"content": None, "audio": {"id": "a", "data": "", "expires_at": 0,
                                    "transcript": MASKED}}),
    "custom tool input": (
        {"tool_calls": [{"index": 0, "id": "t", "type": "custom",
                         "custom": {"name": "x", "input": MASKED}}]},
        {"content": None, "tool_calls": [{"id": "t", "type": "custom",
                                          "custom": {"name": "x", "input": MASKED}}]}),
    "call arguments without function": (
        {"tool_calls": [{"index": 0, "arguments": MASKED}]},
        {"content": None, "tool_calls": [{"id": "t", "arguments": MASKED}]}),
    "function name": (
        {"tool_calls": [{"index": 0, "id": "t", "type": "function",
                         "function": {"name": MASKED, "arguments": "{}"}}]},
        {"content": None, "tool_calls": [{"id": "t", "type": "function",
                                          "function": {"name": MASKED, "arguments": "{}"}}]}),
    "function_call name": ({"function_call": {"name": MASKED, "arguments": "{}"}},
                           {"content": None,
                            "function_call": {"name": MASKED, "arguments": "{}"}}),
    "name": ({"name": MASKED}, {"content": "hi", "name": MASKED}),
    "annotation title": ({"content": "see", "annotations": [CITATION]},
                         {"content": "see", "annotations": [CITATION]}),
}


@pytest.mark.parametrize("shape", sorted(SCREENED_SHAPES))
def test_every_text_field_is_screened(guard: ChatGuard, shape: str) -> None:
    delta, message = SCREENED_SHAPES[shape]
    streamed = list(guard.stream([chunk(0, finish_reason="stop", **delta)]))
    out = guard.completion(completion(message))
    for result in (streamed, out):
        assert_clean(result)
        text = json.dumps(result, ensure_ascii=False)
        assert "[手机号]" in text and "**" in text, text  # masked, not dropped
    assert "".join(s for s in _strings(out) if "[手机号]" in s or s.startswith("电话")) \
        == MASKED_OUT


def test_audio_data_goes_out_only_with_a_text_the_guard_left_as_it_was(
        guard: ChatGuard) -> None:
    # The spoken words cannot be screened: a stream drops them from every
    # chunk (they would go out before the transcript is decided), a whole
    # response keeps them only when nothing was masked.
    streamed = list(guard.stream([
        chunk(0, audio={"id": "a", "data": "UklGRg==", "transcript": "hello "}),
        chunk(0, finish_reason="stop", audio={"data": "UklGRg==", "transcript": "there"})]))
    assert "UklGRg==" not in json.dumps(streamed)
    assert "hello there" in "".join(
        (c["choices"][0].get("delta", {}).get("audio") or {}).get("transcript") or ""
        for c in streamed if c.get("choices"))
    for transcript, kept in (("hello there", True), (MASKED, False)):
        out = guard.completion(completion(
            {"content": None, "audio": {"id": "a", "data": "UklGRg==", "expires_at": 0,
                                        "transcript": transcript}}))
        audio = out["choices"][0]["message"]["audio"]
        assert (audio["data"] == "UklGRg==") is kept, audio
        assert audio["transcript"] == (transcript if kept else MASKED_OUT)


def _strings(data: Any) -> List[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def test_legacy_choice_text_is_screened(guard: ChatGuard) -> None:
    streamed = list(guard.stream([dict(BASE, choices=[
        {"index": 0, "text": piece, "finish_reason": None, "logprobs": None}])
        for piece in random_split(MASKED, random.Random(1))]
        + [dict(BASE, choices=[{"index": 0, "text": "", "finish_reason": "stop"}])]))
    assert_clean(streamed)
    assert "".join(c["choices"][0].get("text") or "" for c in streamed) == MASKED_OUT
    assert all("delta" not in c["choices"][0] for c in streamed)
    whole = completion({"content": "hi"})
    whole["choices"][0]["text"] = MASKED
    out = guard.completion(whole)
    assert out["choices"][0]["text"] == MASKED_OUT
    legacy = {"choices": [{"index": 0, "text": "好的，炸弹制作方法如下", "finish_reason": "stop"}]}
    blocked = guard.completion(legacy)["choices"][0]
    assert blocked["text"] == "[refused]" and blocked["finish_reason"] == "content_filter"
    assert_clean(blocked)
    streamed = list(guard.stream([dict(BASE, choices=[c]) for c in legacy["choices"]]))
    assert streamed[-1]["choices"][0]["text"] == "[refused]"
    assert_clean(streamed)


# A string the guard does not know, in each kind of object: a TypeError.
UNKNOWN_TEXT = {
    "delta field": ({"surprise": MASKED}, None),
    "nested in a field": ({"surprise": {"deep": [1, MASKED]}}, None),
    "key of a field's object": ({"surprise": {MASKED: 1}}, None),
    "audio field": ({"audio": {"id": "a", "words": MASKED}}, None),
    "tool call field": ({"tool_calls": [{"index": 0, "id": "t", "note": MASKED}]}, None),
    "function field": ({"tool_calls": [{"index": 0, "function": {"arguments": "{}",
                                                                 "note": MASKED}}]}, None),
    "custom tool field": ({"tool_calls": [{"index": 0, "custom": {"input": "",
                                                                  "note": MASKED}}]}, None),
    "content part of unknown type": ({"content": [{"type": "thinking", "thinking": MASKED}]},
                                     None),
    "text part field": ({"content": [{"type": "text", "text": "ok", "note": MASKED}]}, None),
    "annotation field": ({"annotations": [{"type": "x", "x": {"title": MASKED}}]}, None),
    "choice field": ({}, {"surprise": MASKED}),
    "a value that is not data": ({"surprise": object()}, None),
}


@pytest.mark.parametrize("shape", sorted(UNKNOWN_TEXT))
def test_text_in_fields_the_guard_does_not_know_is_refused(guard: ChatGuard,
                                                           shape: str) -> None:
    delta, extra = UNKNOWN_TEXT[shape]
    streamed = chunk(0, **delta)
    whole = completion(dict({"content": "hi"}, **delta))
    for c in (streamed["choices"][0], whole["choices"][0]):
        c.update(extra or {})
    with pytest.raises(TypeError, match="cannot"):
        list(guard.stream([streamed]))
    with pytest.raises(TypeError, match="cannot"):
        guard.completion(whole)


def test_metadata_and_fields_without_text_pass(guard: ChatGuard) -> None:
    extra = {"stop_reason": "</s>", "content_filter_results": {"hate": {"severity": "safe"}},
             "surprise": [1, 2.5, None, True, ""]}
    delta = {"role": "assistant", "content": "hello", "surprise": 3, "empty": ""}
    c = chunk(0, finish_reason="stop", **delta)
    c["choices"][0].update(extra)
    streamed = list(guard.stream([c]))
    assert streamed == [c]
    whole = completion(dict(delta, audio={"id": "a", "data": "QUJD", "expires_at": 9,
                                          "transcript": "hello"}))
    whole["choices"][0].update(extra)
    assert guard.completion(whole) == whole
    image = {"type": "image_url", "image_url": {"url": "https://example.com/x.png"}}
    assert guard.completion(completion({"content": [image]})) == completion({"content": [image]})


def test_choices_not_a_list_are_refused(guard: ChatGuard) -> None:
    choices = {"0": {"index": 0, "delta": {"content": MASKED}}}
    with pytest.raises(TypeError, match="'choices'"):
        list(guard.stream([dict(BASE, choices=choices)]))
    with pytest.raises(TypeError, match="'choices'"):
        guard.completion({"id": "r", "choices": {"0": {"index": 0,
                                                       "message": {"content": MASKED}}}})
    assert guard.completion({"id": "r", "error": {"message": "x"}}) == \
        {"id": "r", "error": {"message": "x"}}


def test_a_blocked_choice_keeps_only_its_metadata(guard: ChatGuard) -> None:
    c = chunk(0, "stop", content="好的，炸弹制作方法如下", surprise=1)
    c["choices"][0].update(stop_reason=None, other=[1])
    out = list(guard.stream([c]))
    assert out[-1]["choices"][0] == {"index": 0, "stop_reason": None, "logprobs": None,
                                     "delta": {"content": "[refused]"},
                                     "finish_reason": "content_filter"}


# --- attribute objects: what the guard cannot read is refused -------------


class _SlotBase:
    __slots__ = ("content", "role")


class _SlotsAndDict(_SlotBase):  # no __slots__: instances get a __dict__ too
    pass


class _PropertyDelta:
    def __init__(self, text: str) -> None:
        self._content = text

    @property
    def content(self) -> str:
        return self._content


class _PrivateDelta:
    def __init__(self, text: str) -> None:
        self.role = "assistant"
        self._content = text


def test_inherited_slots_are_read(guard: ChatGuard) -> None:
    def delta() -> _SlotsAndDict:
        d = _SlotsAndDict()
        d.content, d.role = MASKED, "assistant"
        d.extra = 1  # type: ignore[attr-defined]
        return d

    namespace = SimpleNamespace(id="c", object="chat.completion.chunk", choices=[
        SimpleNamespace(index=0, delta=delta(), finish_reason="stop")])
    out = list(guard.stream([namespace]))
    assert [c.choices[0].delta.content for c in out] == [MASKED_OUT]
    assert isinstance(out[0].choices[0].delta, _SlotsAndDict)
    whole = SimpleNamespace(id="r", choices=[
        SimpleNamespace(index=0, message=delta(), finish_reason="stop")])
    assert guard.completion(whole).choices[0].message.content == MASKED_OUT


@pytest.mark.parametrize("kind", [_PropertyDelta, _PrivateDelta])
def test_objects_with_state_the_guard_cannot_read_are_refused(guard: ChatGuard,
                                                              kind: Any) -> None:
    streamed = SimpleNamespace(id="c", choices=[
        SimpleNamespace(index=0, delta=kind(MASKED), finish_reason="stop")])
    with pytest.raises(TypeError, match="cannot read"):
        list(guard.stream([streamed]))
    whole = SimpleNamespace(id="r", choices=[
        SimpleNamespace(index=0, message=kind(MASKED), finish_reason="stop")])
    with pytest.raises(TypeError, match="cannot read"):
        guard.completion(whole)


# --- choices of a stream that cannot be told apart or go on after their end


def test_several_choices_without_index_are_refused(guard: ChatGuard) -> None:
    first, second = ({"delta": {"content": text}, "finish_reason": "stop"}
                     for text in ("answer one. ", "answer two. "))
    with pytest.raises(ValueError, match="without an 'index'"):
        list(guard.stream([dict(BASE, choices=[first, second])]))
    # One choice without an index is choice 0; a whole response's choices
    # are told apart by their position.
    assert joined(list(guard.stream([dict(BASE, choices=[dict(first, index=0)])]))) == \
        "answer one. "
    whole = guard.completion({"choices": [{"message": {"content": "one"}},
                                          {"message": {"content": "two"}}]})
    assert [c["message"]["content"] for c in whole["choices"]] == ["one", "two"]


@pytest.mark.parametrize("late", [
    {"content": "late text"},
    {"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]},
    {"audio": {"transcript": "late"}},
])
def test_text_after_a_finish_reason_is_an_error(guard: ChatGuard, late: Dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="after its finish_reason"):
        list(guard.stream([chunk(0, content="done", finish_reason="stop"), chunk(0, **late)]))
    # Without text (a repeated finish_reason, an empty delta) it is dropped.
    out = list(guard.stream([chunk(0, content="done", finish_reason="stop"),
                             chunk(0, content="", role="assistant", finish_reason="stop"),
                             chunk(0)]))
    assert joined(out) == "done" and len(out) == 1


def test_a_streamed_index_that_is_not_an_integer_is_refused(guard: ChatGuard) -> None:
    # "0" and 0 would be two texts screened apart: a phrase split between
    # them would pass.
    first = dict(BASE, choices=[{"index": "0", "delta": {"content": "习"}}])
    with pytest.raises(TypeError, match="'index' is '0'"):
        list(guard.stream([first]))
    call = {"index": "0", "id": "call_1", "type": "function",
            "function": {"name": "search", "arguments": "{\"q\": \"习\"}"}}
    chunk = dict(BASE, choices=[{"index": 0, "delta": {"tool_calls": [call]}}])
    with pytest.raises(TypeError, match="tool_calls.*'index' is '0'"):
        list(guard.stream([chunk]))
    with pytest.raises(TypeError, match="'index' is True"):
        list(guard.stream([dict(BASE, choices=[{"index": True, "delta": {"content": "x"}}])]))


def _streamed_names(out: List[Dict[str, Any]]) -> str:
    return "".join(((call.get("function") or {}).get("name") or "")
                   for c in out for choice in c["choices"]
                   for call in (choice.get("delta") or {}).get("tool_calls") or [])


def _name_chunks(*pieces: str) -> List[Dict[str, Any]]:
    first, *rest = pieces
    out = [chunk(role="assistant", content=None, tool_calls=[{
        "index": 0, "id": "call_1", "type": "function",
        "function": {"name": first, "arguments": ""}}])]
    out += [chunk(tool_calls=[{"index": 0, "function": {"name": piece}}]) for piece in rest]
    out.append(chunk(tool_calls=[{"index": 0, "function": {"arguments": "{}"}}]))
    out.append(chunk(finish_reason="tool_calls"))
    return out


def test_a_name_given_in_pieces_is_screened_joined(guard: ChatGuard) -> None:
    # Clients join a tool call's name from the chunks that carry it, as
    # they join its arguments: a phone number split between two pieces must
    # not pass. Its first piece went out before the second completed it, so
    # the choice blocks (what went out cannot be masked any more).
    out = list(guard.stream(_name_chunks("电话 1381234", "5678")))
    assert_clean(out)
    assert "13812345678" not in _streamed_names(out)
    assert out[-1]["choices"][0]["finish_reason"] == "content_filter"
    assert out[-1]["choices"][0]["delta"] == {"content": "[refused]"}
    # A match that the last piece holds whole is masked in it; one that a
    # piece before masked stays masked, and the rest follows it.
    for pieces, expected in ((["lookup ", "13812345678"], "lookup [手机号]"),
                             (["13812345678", "_v2"], "[手机号]_v2"),
                             (["look", "", "up"], "lookup")):
        out = list(guard.stream(_name_chunks(*pieces)))
        assert _streamed_names(out) == expected, pieces
        assert out[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_each_streamed_annotation_is_its_own_label(guard: ChatGuard) -> None:
    # Annotations are not joined by index: the one of a later chunk is
    # another annotation, even at the same position of its list.
    def annotated(title: str) -> Dict[str, Any]:
        return chunk(content="x", annotations=[{"type": "url_citation", "url_citation": {
            "title": title, "url": "https://example.com", "start_index": 0, "end_index": 1}}])

    out = list(guard.stream([annotated("电话 1381234"), annotated("5678"),
                             chunk(finish_reason="stop")]))
    titles = [a["url_citation"]["title"] for c in out
              for a in c["choices"][0].get("delta", {}).get("annotations") or []]
    assert titles == ["电话 1381234", "5678"]
    assert out[-1]["choices"][0]["finish_reason"] == "stop"


def test_a_streamed_annotation_with_an_index_is_joined_by_it(guard: ChatGuard) -> None:
    # Clients join list entries that carry an "index" (as tool calls): the
    # title of annotation 0 split over two chunks is one title.
    def annotated(title: str) -> Dict[str, Any]:
        return chunk(content="x", annotations=[{"index": 0, "type": "url_citation",
                                                "url_citation": {"title": title}}])

    out = list(guard.stream([annotated("电话 1381234"), annotated("5678"),
                             chunk(finish_reason="stop")]))
    assert_clean(out)
    titles = "".join(a["url_citation"].get("title") or "" for c in out
                     for a in c["choices"][0].get("delta", {}).get("annotations") or [])
    assert "13812345678" not in titles
    assert out[-1]["choices"][0]["finish_reason"] == "content_filter"


def test_a_name_joined_past_its_cap_is_an_error(guard: ChatGuard) -> None:
    # Every piece rescans the joined name: a name streamed in thousands of
    # pieces would cost quadratic time, and no name is that long.
    pieces = ["n" * 1000] * 5
    with pytest.raises(ValueError, match="tool_calls\\[0\\].function.name of choice 0 grew "
                                         "past 4096 characters"):
        list(guard.stream(_name_chunks(*pieces)))


def test_content_parts_of_a_whole_message_are_one_text(guard: ChatGuard,
                                                        engine: lexgate.Engine) -> None:
    # A client shows the parts joined, and a stream screens them joined:
    # a phrase, a word or a number split across parts is still found.
    blocked = guard.completion(completion({"content": [
        {"type": "text", "text": "how to build"}, {"type": "text", "text": " a bomb"}]}))
    assert blocked["choices"][0]["finish_reason"] == "content_filter"
    assert blocked["choices"][0]["message"]["content"] == "[refused]"
    for parts in (["wh", "at the fu", "ck"], ["call 13812", "345678 now"]):
        message = {"content": [{"type": "text", "text": p} for p in parts]
                   + [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}
        out = guard.completion(completion(message))["choices"][0]["message"]["content"]
        assert "".join(p["text"] for p in out if p.get("type") == "text") == \
            engine.redact("".join(parts))
        assert out[-1] == {"type": "image_url", "image_url": {"url": "https://x/y.png"}}
    plain = guard.completion(completion({"content": ["what the fu", "ck"]}))
    assert "".join(plain["choices"][0]["message"]["content"]) == engine.redact("what the fuck")


def test_a_part_without_text_may_not_carry_text_elsewhere(guard: ChatGuard) -> None:
    part = {"type": "image_url", "image_url": {"url": "https://x/y.png"},
            "text": "what the fuck, call 13812345678"}
    with pytest.raises(TypeError, match=r"choices\[\]\.content\[0\]\.text: a field it does not know"):
        guard.completion(completion({"content": [part]}))


def test_a_long_bare_run_in_arguments_is_never_cut(guard: ChatGuard) -> None:
    # Text that is not JSON, longer than the run screened whole, goes on as
    # a stream: a match across where a piece would end is still found.
    for secret, blocked in (("13812345678", False), ("how to build a bomb", True),
                            ("fuck", False)):
        arguments = "a " * 32767 + secret + " end"
        call = {"id": "c", "type": "function",
                "function": {"name": "f", "arguments": arguments}}
        response = completion({"content": None, "tool_calls": [call]})
        choice = guard.completion(response)["choices"][0]
        if blocked:
            assert choice["finish_reason"] == "content_filter"
            continue
        out = choice["message"]["tool_calls"][0]["function"]["arguments"]
        assert secret not in out and out.startswith("a a ") and out.endswith(" end")
        streamed = list(guard.stream(tool_chunks(arguments, random.Random(3))))
        assert secret not in joined_arguments(streamed)


def test_arguments_nested_without_end_are_an_error(guard: ChatGuard) -> None:
    # A string's JSON pointer is read from the nesting: a model opening
    # brackets without end would make each string slower to read.
    call = {"id": "c", "type": "function",
            "function": {"name": "f", "arguments": "[" * 600 + '""'}}
    with pytest.raises(ValueError, match="deeper than 512 levels"):
        guard.completion(completion({"content": None, "tool_calls": [call]}))
    fine = {"id": "c", "type": "function",
            "function": {"name": "f", "arguments": "[" * 500 + '"ok"' + "]" * 500}}
    out = guard.completion(completion({"content": None, "tool_calls": [fine]}))
    assert out["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] == \
        fine["function"]["arguments"]


def test_misused_stream_arguments_are_clear_errors_at_the_start(guard: ChatGuard) -> None:
    chunks = content_chunks("hello there", random.Random(1))
    for n, error in (("2", TypeError), (0, ValueError), (True, TypeError)):
        with pytest.raises(error, match="n \\(the request's number of choices\\)"):
            next(iter(guard.stream(chunks, n=n)))  # type: ignore[arg-type]

    async def consume() -> None:
        async for _ in guard.astream(chunks):  # type: ignore[arg-type]
            pass

    with pytest.raises(TypeError, match="astream\\(\\) takes an async iterable of chunks, not list"):
        asyncio.run(consume())
