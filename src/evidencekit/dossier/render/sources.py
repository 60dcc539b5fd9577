"""What the exhibit list and each exhibit page say an exhibit is: its source (证据来源: who made
it, with what) and its default purpose (证明目的), in Chinese and English."""

from __future__ import annotations

from typing import Any

from evidencekit.dossier.render.i18n import label

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
    # 证据来源 of a video exhibit: what it is, and that the page shows its key frames.
    "product": (
        "买家手机拍摄的开箱视频（截取关键帧）",
        "Unboxing video recorded by the buyer (key frames)",
    ),
    "parcel": ("快递包裹及面单视频（截取关键帧）", "Video of the parcel and waybill (key frames)"),
}


def evidence_source(lang: str, platform: str, category: str, kind: str = "photo") -> str:
    """证据来源: where the exhibit came from (not how its time is known). ``kind``: "photo",
    "video" (the page shows its key frames) or "raw" (a camera RAW's embedded preview)."""
    zh = lang == "zh"
    if kind == "video":
        zh_text, en_text = VIDEO_SOURCE.get(
            category, ("买家提供的视频（截取关键帧）", "Video provided by the buyer (key frames)")
        )
        return zh_text if zh else en_text
    if kind == "raw" and category in ("product", "parcel", "other"):
        return "买家相机拍摄的RAW原片" if zh else "RAW photo taken by the buyer's camera"
    shop = label(lang, "platform", platform) if platform != "other" else ""
    if category == "product":
        return "买家手机拍摄" if zh else "Photo taken by the buyer"
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


def source_kind(it: Any) -> str:
    """ "video", "raw" or "photo": what ``evidence_source`` says the exhibit is."""
    if it.meta.video is not None:
        return "video"
    return "raw" if it.meta.raw_preview else "photo"


def default_purpose(lang: str, category: str) -> str:
    return PURPOSES.get(lang, PURPOSES["zh"]).get(category, PURPOSES[lang]["other"])
