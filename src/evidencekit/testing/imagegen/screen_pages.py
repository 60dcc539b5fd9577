"""The page bodies of the screenshots: chat, product listing and order details."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PIL import Image, ImageDraw

from evidencekit.testing.imagegen._common import DEFAULT_ORDER_ID, font
from evidencekit.testing.imagegen.screen_parts import (
    DEFAULT_LISTING,
    ORANGE,
    WECHAT_GREEN,
    _photo_thumb,
    _wrap,
)


def _render_chat(img: Image.Image, lines: Sequence[str], when: datetime, s: float, y: int) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    f = font(int(40 * s))
    av = int(84 * s)
    margin = int(28 * s)
    maxw = w - 2 * (margin + av + int(24 * s)) - int(80 * s)
    items = list(lines)
    if not items or not items[0].startswith("time:"):
        items.insert(0, f"time:{when.month}月{when.day}日 {when:%H:%M}")
    y += int(20 * s)
    for raw in items:
        who, _, text = (
            raw.partition(":")
            if raw.split(":", 1)[0] in ("me", "them", "time")
            else ("them", "", raw)
        )
        if y > h - int(260 * s):
            break
        if who == "time":
            tw = f.getlength(text) * 0.8 + 24 * s
            ft = font(int(32 * s))
            d.rounded_rectangle(
                (w / 2 - tw / 2, y, w / 2 + tw / 2, y + 52 * s),
                radius=int(8 * s),
                fill=(218, 218, 218),
            )
            d.text((w / 2, y + 26 * s), text, font=ft, fill=(120, 120, 120), anchor="mm")
            y += int(90 * s)
            continue
        mine = who == "me"
        ax = w - margin - av if mine else margin
        d.rounded_rectangle(
            (ax, y, ax + av, y + av),
            radius=int(10 * s),
            fill=(96, 160, 220) if mine else (255, 150, 60),
        )
        d.text(
            (ax + av / 2, y + av / 2),
            "我" if mine else "厂",
            font=font(int(40 * s), bold=True),
            fill=(255, 255, 255),
            anchor="mm",
        )
        if text == "[图片]":
            tw_, th_ = int(300 * s), int(400 * s)
            bx = ax - int(20 * s) - tw_ if mine else ax + av + int(20 * s)
            img.paste(_photo_thumb((tw_, th_), seed=y), (bx, y))
            y += th_ + int(40 * s)
            continue
        wrapped = _wrap(text, f, maxw)
        lh = int(58 * s)
        bw = int(max(f.getlength(line) for line in wrapped) + 56 * s)
        bh = int(lh * len(wrapped) + 40 * s)
        bx = ax - int(20 * s) - bw if mine else ax + av + int(20 * s)
        fill = WECHAT_GREEN if mine else (255, 255, 255)
        d.rounded_rectangle((bx, y, bx + bw, y + bh), radius=int(12 * s), fill=fill)
        tip_x = bx + bw if mine else bx
        tip = int(12 * s) if mine else -int(12 * s)
        d.polygon(
            [(tip_x, y + int(28 * s)), (tip_x + tip, y + int(40 * s)), (tip_x, y + int(52 * s))],
            fill=fill,
        )
        for i, line in enumerate(wrapped):
            d.text((bx + int(28 * s), y + int(20 * s) + i * lh), line, font=f, fill=(25, 25, 25))
        y += max(bh, av) + int(36 * s)
    # input bar
    ih = int(150 * s)
    d.rectangle((0, h - ih, w, h), fill=(246, 246, 246))
    d.rounded_rectangle(
        (int(110 * s), h - ih + int(30 * s), w - int(200 * s), h - int(40 * s)),
        radius=int(10 * s),
        fill=(255, 255, 255),
    )
    d.ellipse(
        (int(24 * s), h - ih + int(34 * s), int(90 * s), h - int(50 * s)),
        outline=(60, 60, 60),
        width=max(2, int(4 * s)),
    )
    d.rounded_rectangle(
        (w - int(170 * s), h - ih + int(34 * s), w - int(30 * s), h - int(46 * s)),
        radius=int(8 * s),
        fill=WECHAT_GREEN,
    )
    d.text(
        (w - int(100 * s), h - ih // 2 - int(4 * s)),
        "发送",
        font=font(int(34 * s)),
        fill=(255, 255, 255),
        anchor="mm",
    )


def _kv_rows(
    d: ImageDraw.ImageDraw, rows: Sequence[tuple[str, str]], x: int, y: int, w: int, s: float
) -> int:
    fk, fv = font(int(36 * s)), font(int(36 * s))
    for k, v in rows:
        d.text((x, y), k, font=fk, fill=(140, 140, 140))
        d.text((w - x, y), v, font=fv, fill=(40, 40, 40), anchor="ra")
        y += int(66 * s)
    return y


def _render_listing(img: Image.Image, lines: Sequence[str], s: float, y: int, long: bool) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    pic = _photo_thumb((w, w), seed=1)
    img.paste(pic, (0, y))
    d.rounded_rectangle(
        (w - int(150 * s), y + w - int(80 * s), w - int(30 * s), y + w - int(30 * s)),
        radius=int(25 * s),
        fill=(0, 0, 0),
    )
    d.text(
        (w - int(90 * s), y + w - int(55 * s)),
        "1/5",
        font=font(int(30 * s)),
        fill=(255, 255, 255),
        anchor="mm",
    )
    y += w
    pad = int(36 * s)
    d.rectangle((0, y, w, y + int(170 * s)), fill=(255, 244, 236))
    d.text((pad, y + int(30 * s)), "¥", font=font(int(44 * s), bold=True), fill=ORANGE)
    d.text(
        (pad + int(34 * s), y + int(8 * s)),
        "160.00",
        font=font(int(80 * s), bold=True),
        fill=ORANGE,
    )
    d.text(
        (w - pad, y + int(40 * s)),
        "起批量 ≥2件",
        font=font(int(34 * s)),
        fill=(120, 120, 120),
        anchor="ra",
    )
    d.text(
        (pad, y + int(112 * s)),
        "8件起 ¥1280.00 · 已售 3万+件 · 48小时发货",
        font=font(int(32 * s)),
        fill=(150, 110, 80),
    )
    y += int(200 * s)
    title, *rest = list(lines) or DEFAULT_LISTING
    for line in _wrap(title, font(int(44 * s), bold=True), w - 2 * pad):
        d.text((pad, y), line, font=font(int(44 * s), bold=True), fill=(20, 20, 20))
        y += int(64 * s)
    y += int(16 * s)
    for line in rest:
        for part in _wrap(line, font(int(36 * s)), w - 2 * pad):
            d.text((pad, y), part, font=font(int(36 * s)), fill=(200, 60, 20))
            y += int(54 * s)
    y += int(20 * s)
    d.rectangle((0, y, w, y + int(16 * s)), fill=(244, 244, 244))
    y += int(40 * s)
    d.text((pad, y), "规格", font=font(int(38 * s), bold=True), fill=(20, 20, 20))
    y += int(70 * s)
    for i, spec in enumerate(["20寸 银色", "20寸 黑色", "24寸 银色", "24寸 黑色"]):
        cx = pad + (i % 2) * (w // 2)
        cy = y + (i // 2) * int(90 * s)
        sel = i == 0
        d.rounded_rectangle(
            (cx, cy, cx + w // 2 - 2 * pad, cy + int(70 * s)),
            radius=int(8 * s),
            fill=(255, 240, 230) if sel else (245, 245, 245),
            outline=ORANGE if sel else None,
            width=max(1, int(2 * s)),
        )
        d.text(
            (cx + int(24 * s), cy + int(35 * s)),
            spec,
            font=font(int(34 * s)),
            fill=(40, 40, 40),
            anchor="lm",
        )
    y += int(200 * s)
    if long:
        d.rectangle((0, y, w, y + int(16 * s)), fill=(244, 244, 244))
        y += int(40 * s)
        d.text((pad, y), "商品属性", font=font(int(38 * s), bold=True), fill=(20, 20, 20))
        y = _kv_rows(
            d,
            [
                ("品牌", "旅之铝"),
                ("材质", "铝镁合金框 + PC"),
                ("尺寸", "20寸 36×23×55cm"),
                ("重量", "3.6kg"),
                ("产地", "浙江义乌"),
                ("质检", "出厂100%全检，无划痕无凹陷"),
            ],
            pad,
            y + int(80 * s),
            w,
            s,
        )
        y += int(30 * s)
        d.text((pad, y), "商品详情", font=font(int(38 * s), bold=True), fill=(20, 20, 20))
        y += int(80 * s)
        captions = [
            "加厚铝框 防刮耐磨",
            "静音万向轮 360°顺滑",
            "TSA海关锁",
            "出厂前逐只检验 完好无损",
        ]
        i = 0
        bottom = h - int(150 * s)
        while y + int(400 * s) < bottom:
            ph = min(int(900 * s), bottom - y - int(120 * s))
            img.paste(_photo_thumb((w - 2 * pad, ph), seed=10 + i), (pad, y))
            y += ph + int(20 * s)
            d.text(
                (w // 2, y),
                captions[i % len(captions)],
                font=font(int(40 * s), bold=True),
                fill=(60, 60, 60),
                anchor="ma",
            )
            y += int(100 * s)
            i += 1
    bh = int(150 * s)
    d.rectangle((0, h - bh, w, h), fill=(255, 255, 255))
    d.line((0, h - bh, w, h - bh), fill=(230, 230, 230), width=1)
    d.text(
        (int(60 * s), h - bh // 2),
        "客服    店铺    进货单",
        font=font(int(30 * s)),
        fill=(90, 90, 90),
        anchor="lm",
    )
    d.rounded_rectangle(
        (w - int(560 * s), h - bh + int(25 * s), w - int(290 * s), h - int(25 * s)),
        radius=int(50 * s),
        fill=(255, 170, 40),
    )
    d.text(
        (w - int(425 * s), h - bh // 2),
        "加入进货单",
        font=font(int(34 * s), bold=True),
        fill=(255, 255, 255),
        anchor="mm",
    )
    d.rounded_rectangle(
        (w - int(280 * s), h - bh + int(25 * s), w - int(30 * s), h - int(25 * s)),
        radius=int(50 * s),
        fill=ORANGE,
    )
    d.text(
        (w - int(155 * s), h - bh // 2),
        "立即订购",
        font=font(int(34 * s), bold=True),
        fill=(255, 255, 255),
        anchor="mm",
    )


def _render_order(img: Image.Image, lines: Sequence[str], s: float, y: int) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    pad = int(36 * s)
    d.rectangle((0, y, w, y + int(200 * s)), fill=ORANGE)
    d.text(
        (pad, y + int(50 * s)),
        "卖家已发货" if not lines else lines[0],
        font=font(int(50 * s), bold=True),
        fill=(255, 255, 255),
    )
    d.text(
        (pad, y + int(125 * s)),
        "顺丰速运 SF1234567890123",
        font=font(int(32 * s)),
        fill=(255, 235, 220),
    )
    y += int(230 * s)
    card_top = y
    d.rounded_rectangle(
        (pad // 2, y, w - pad // 2, y + int(190 * s)), radius=int(16 * s), fill=(255, 255, 255)
    )
    d.text(
        (pad * 2, y + int(30 * s)),
        "王**  138****5678",
        font=font(int(38 * s), bold=True),
        fill=(30, 30, 30),
    )
    d.text(
        (pad * 2, y + int(100 * s)),
        "浙江省 杭州市 余杭区 仓前街道****号",
        font=font(int(34 * s)),
        fill=(90, 90, 90),
    )
    y = card_top + int(220 * s)
    d.rounded_rectangle(
        (pad // 2, y, w - pad // 2, y + int(420 * s)), radius=int(16 * s), fill=(255, 255, 255)
    )
    d.text(
        (pad * 2, y + int(30 * s)),
        "义乌市旅之铝箱包厂 >",
        font=font(int(36 * s), bold=True),
        fill=(30, 30, 30),
    )
    img.paste(_photo_thumb((int(200 * s), int(200 * s)), seed=2), (pad * 2, y + int(100 * s)))
    tx = pad * 2 + int(230 * s)
    for i, line in enumerate(_wrap(DEFAULT_LISTING[0], font(int(34 * s)), w - tx - pad * 2)[:2]):
        d.text(
            (tx, y + int(100 * s) + i * int(50 * s)),
            line,
            font=font(int(34 * s)),
            fill=(30, 30, 30),
        )
    d.text((tx, y + int(210 * s)), "20寸 银色", font=font(int(30 * s)), fill=(140, 140, 140))
    d.text(
        (w - pad * 2, y + int(260 * s)),
        "¥160.00  ×8",
        font=font(int(34 * s)),
        fill=(30, 30, 30),
        anchor="ra",
    )
    d.text(
        (w - pad * 2, y + int(340 * s)),
        "实付款 ¥1280.00",
        font=font(int(40 * s), bold=True),
        fill=ORANGE,
        anchor="ra",
    )
    y += int(450 * s)
    rows = [
        ("订单号", DEFAULT_ORDER_ID),
        ("成交时间", "2025-12-10 09:12:45"),
        ("付款时间", "2025-12-10 09:14:03"),
        ("发货时间", "2025-12-12 15:40:21"),
        ("支付方式", "支付宝（企业）"),
        ("商品总价", "¥1280.00"),
        ("运费", "¥0.00"),
        ("实付款", "¥1280.00"),
    ]
    for extra in lines[1:]:
        k, _, v = extra.partition(":")
        rows.append((k.strip(), v.strip()))
    d.rounded_rectangle(
        (pad // 2, y, w - pad // 2, y + int(66 * s) * len(rows) + int(50 * s)),
        radius=int(16 * s),
        fill=(255, 255, 255),
    )
    _kv_rows(d, rows, pad * 2, y + int(30 * s), w, s)
