"""What the exhibit list and each exhibit page say an exhibit is: its source (证据来源: who made
it, with what device) and its default purpose (证明目的), in Chinese and English."""

from __future__ import annotations

from typing import Any

from evidencekit.dossier.render.i18n import label
from evidencekit.rules import devices
from evidencekit.rules.devices import Device

PURPOSES: dict[str, dict[str, str]] = {
    # Default 证明目的 per category when case.toml gives no ``purpose`` (issue 20).
    "zh": {
        "product": "证明所收商品的状况",
        "listing": "证明卖家对商品的描述/承诺",
        "chat": "证明双方协商过程及卖家的答复",
        "parcel": "证明包裹及运单信息",
        "other": "证明与本案有关的其他事实",
    },
    "en": {
        "product": "The condition of the goods received",
        "listing": "How the seller described the goods and what was promised",
        "chat": "The negotiation and the seller's replies",
        "parcel": "The parcel and its waybill details",
        "other": "Other facts of the case",
    },
}

CHAT_TOOL: dict[str, tuple[str, str]] = {
    # The platform's own messenger, as reviewers name the screenshots (旺旺聊天记录截图).
    "1688": ("旺旺", "AliWangwang"),
    "taobao": ("旺旺", "AliWangwang"),
    "tmall": ("旺旺", "AliWangwang"),
    "jd": ("京东咚咚", "JD Dongdong"),
    "pinduoduo": ("拼多多客服", "Pinduoduo"),
}


VIDEO_SOURCE = {
    # 证据来源 of a video exhibit: what it is, and that the page shows its key frames (the
    # product video, "买家手机拍摄的开箱视频", is worded after its device in evidence_source).
    "parcel": ("快递包裹及面单视频（截取关键帧）", "Video of the parcel and waybill (key frames)"),
}


DEVICE_WORD = {
    # 证据来源's device word (``rules.devices``): a camera is not called a phone.
    "phone": ("手机", "phone"),
    "camera": ("数码相机", "digital camera"),
    "tablet": ("平板电脑", "tablet"),
}


def evidence_source(
    lang: str, platform: str, category: str, kind: str = "photo", device: Device | None = None
) -> str:
    """证据来源: where the exhibit came from (not how its time is known). ``kind``: "photo",
    "video" (the page shows its key frames) or "raw" (a camera RAW's embedded preview);
    ``device``: what the file's Make/Model say took it ("数码相机拍摄的照片（Canon EOS 5D）"),
    None or unknown for a neutral wording."""
    zh = lang == "zh"
    word = DEVICE_WORD.get(device.kind) if device is not None else None
    name = device.name if device is not None else ""
    if word is None and name:
        name = f"设备：{name}" if zh else f"device: {name}"
    if kind == "video":
        if category == "product":
            noun = f"买家{word[0]}拍摄的开箱视频" if word else "买家拍摄的开箱视频"
            if not zh:
                noun = f"Unboxing video recorded with the buyer's {word[1]}" if word else ""
                noun = noun or "Unboxing video recorded by the buyer"
            return _with(noun, name, "截取关键帧" if zh else "key frames", zh)
        zh_text, en_text = VIDEO_SOURCE.get(
            category, ("买家提供的视频（截取关键帧）", "Video provided by the buyer (key frames)")
        )
        return zh_text if zh else en_text
    if kind == "raw" and category in ("product", "parcel", "other"):
        if zh:
            return _with(f"买家{word[0] if word else ''}拍摄的RAW原片", name, "", zh)
        by = f"with the buyer's {word[1]}" if word else "by the buyer"
        return _with(f"RAW photo taken {by}", name, "", zh)
    shop = label(lang, "platform", platform) if platform != "other" else ""
    if category == "product":
        if zh:
            return _with(f"买家{word[0]}拍摄的照片" if word else "买家拍摄的照片", name, "", zh)
        by = f"with the buyer's {word[1]}" if word else "by the buyer"
        return _with(f"Photo taken {by}", name, "", zh)
    if category == "listing":
        if zh:
            return f"{shop}商品详情页截图"
        return f"{shop} product page screenshot" if shop else "Product page screenshot"
    if category == "chat":
        tool = CHAT_TOOL.get(platform)
        if zh:
            return f"{tool[0]}聊天记录截图" if tool else "与卖家的聊天记录截图"
        return f"{tool[1]} chat screenshot" if tool else "Screenshot of the chat with the seller"
    if category == "parcel":
        return "快递包裹及面单照片" if zh else "Photo of the parcel and waybill"
    return "买家提供" if zh else "Provided by the buyer"


def _with(noun: str, name: str, note: str, zh: bool) -> str:
    """``noun（name；note）`` / ``noun (name; note)`` with the non-empty ones."""
    kept = [n for n in (name, note) if n]
    if not kept:
        return noun
    return f"{noun}（{'；'.join(kept)}）" if zh else f"{noun} ({'; '.join(kept)})"


def source_kind(it: Any) -> str:
    """ "video", "raw" or "photo": what ``evidence_source`` says the exhibit is."""
    if it.meta.video is not None:
        return "video"
    return "raw" if it.meta.raw_preview else "photo"


def source_device(it: Any, named: bool = True) -> Device:
    """The device that took the item, from its Make/Model (``rules.devices``); ``named=False``
    for the exhibit list's narrow column (手机/数码相机 only; the box names the model)."""
    found = devices.device(it.meta.make, it.meta.model)
    return found if named else Device(found.kind, "")


def default_purpose(lang: str, category: str) -> str:
    return PURPOSES.get(lang, PURPOSES["zh"]).get(category, PURPOSES[lang]["other"])
