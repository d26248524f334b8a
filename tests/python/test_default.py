"""Engine.default(): the shipped packs, on examples/sample/sample.txt."""

from __future__ import annotations

from pathlib import Path

import lexgate

EXPECTED = {
    # line: (verdict, redacted)
    1: ("allow", "您好！我是您的智能助手，请问今天有什么可以帮您？"),
    5: ("mask", "您的快递员电话是[手机号]，预计下午三点送达。"),
    6: ("mask", "请拨打客服热线 [手机号] 或 [手机号] 咨询。"),
    7: ("mask", "Sure, you can reach our support team at [email]."),
    8: ("mask", "已为您登记，身份证号[身份证号]，请核对。"),
    9: ("mask", "证件号码：[身份证号]（全角数字）。"),
    10: ("mask", "Your card [card] has been charged $19.99."),
    12: ("allow", "I'm sorry, the number 4111 1111 1111 1112 is not a valid card."),
    13: ("allow", "订单号113812345678901已发货，这不是手机号。"),
    15: ("mask", "**** this, I'm done."),
    16: ("mask", "He said ******* you and left the chat."),
    19: ("mask", "*** 才会相信这种话。"),
    20: ("mask", "你是**吗？这都不会。"),
    22: ("allow", "我们的classical music课程在Middlesex和Scunthorpe都有开班。"),
    24: ("allow", "地铁口交易的二手书很便宜。"),
    25: ("mask", "有需要的加我微信，[联系方式]"),
    26: ("mask", "注册就***，****在线发牌，稳赚不赔！"),
}


def sample_lines(repo: Path) -> list:
    return (repo / "examples" / "sample" / "sample.txt").read_text(encoding="utf-8").splitlines()


def test_default_rules_path_holds_the_packs() -> None:
    path = lexgate.default_rules_path()
    assert path.is_dir()
    assert {p.name for p in path.glob("*.toml")} >= {
        "pii-cn.toml", "pii-intl.toml", "profanity-en.toml", "profanity-zh.toml", "spam-zh.toml"}


def test_default_engine_on_the_sample(repo: Path, default_engine: lexgate.Engine) -> None:
    lines = sample_lines(repo)
    assert len(lines) >= 26
    for number, (verdict, redacted) in EXPECTED.items():
        text = lines[number - 1]
        result = default_engine.scan(text)
        assert result.verdict == verdict, (number, text, result)
        assert default_engine.redact(text, result) == redacted, number
    # Every line: spans slice back; the batch call agrees.
    results = default_engine.scan_many(lines)
    assert results == [default_engine.scan(t) for t in lines]
    for text, result in zip(lines, results):
        for m in result:
            assert text[m.start:m.end] == m.text
    verdicts = [r.verdict for r in results]
    assert verdicts.count("allow") >= 10 and verdicts.count("mask") >= 15


def test_default_is_cached_per_options() -> None:
    assert lexgate.Engine.default() is lexgate.Engine.default()
    loose = lexgate.Engine.default(drop_cjk_noise=False)
    assert loose is not lexgate.Engine.default()
    assert loose is lexgate.Engine.default(drop_cjk_noise=False)
    assert not loose.scan("傻 逼")
    assert lexgate.Engine.default().scan("傻 逼")


def test_a_number_after_a_digit_group_is_found_at_its_own_start(
        default_engine: lexgate.Engine) -> None:
    # The phone regex's leftmost start, the country code glued to "50",
    # fails the digit boundary; the number after the space is the match,
    # in a scan and in a stream alike.
    text = "call 5086 13800138000 now"
    result = default_engine.scan(text)
    assert [m.text for m in result] == ["13800138000"]
    assert default_engine.redact(text, result) == "call 5086 [手机号] now"
    stream = default_engine.stream()
    out = "".join(stream.feed(ch) for ch in text) + stream.finish()
    assert out == "call 5086 [手机号] now"
