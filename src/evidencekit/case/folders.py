"""Which category a case sub-folder holds, from its name as buyers name folders.

The first path component decides (``parcel/IMG_1.jpg``, ``快递面单/IMG_1.jpg``). A name is
compared after Unicode NFC, case folding and trimming, so ``Parcel``, ``快递面单 `` (a
trailing space from a phone's file manager) and the Traditional spellings (``快遞``, ``面單``)
are the same folder; a leading sort number (``01_``, ``2.``, ``3-``, ``(4)``, ``一、``) and a
trailing kind word (``照片``, ``图片``, ``截图``, ``photos``) are dropped when what is left is a
known name (``02_面单``, ``包裹照片``, ``物流截图``). The README's case-folder table lists the
names (tests/test_scan.py checks every one it lists).
"""

from __future__ import annotations

import re
import unicodedata

from evidencekit.models import Category

__all__ = ["CATEGORY_ALIASES", "folder_category"]

P, L, C, X, Z = Category.PRODUCT, Category.LISTING, Category.CHAT, Category.PARCEL, Category.OTHER

CATEGORY_ALIASES: dict[str, Category] = {
    # the goods and close-ups of the defects
    "product": P, "products": P, "photos": P, "goods": P, "items": P,
    "商品": P, "实物": P, "实拍": P, "产品": P, "商品照片": P, "实物图": P, "货物": P, "瑕疵": P,
    "實物": P, "實拍": P, "產品": P, "實物圖": P, "貨物": P,
    # the listing (product detail page)
    "listing": L, "listings": L, "product page": L,
    "详情页": L, "商品详情": L, "商品详情页": L, "页面": L, "快照": L, "商品页": L, "商品页面": L,
    "交易快照": L, "商品截图": L, "宝贝详情": L,
    "詳情頁": L, "商品詳情": L, "頁面": L, "商品頁": L, "寶貝詳情": L,
    # the conversation with the seller
    "chat": C, "chats": C, "messages": C, "conversation": C,
    "聊天": C, "聊天记录": C, "旺旺": C, "聊天截图": C, "咚咚": C, "客服": C, "沟通记录": C,
    "聊天記錄": C, "聊天截圖": C, "溝通記錄": C,
    # the parcel, waybill and labels
    "parcel": X, "parcels": X, "waybill": X, "waybills": X, "shipping": X, "package": X,
    "packaging": X, "delivery": X, "tracking": X, "label": X, "labels": X,
    "包裹": X, "快递": X, "面单": X, "物流": X, "快递面单": X, "快递单": X, "运单": X,
    "外包装": X, "包装": X, "物流信息": X, "物流记录": X, "物流详情": X, "外箱": X, "签收": X,
    "快遞": X, "面單": X, "快遞面單": X, "快遞單": X, "運單": X, "外包裝": X, "包裝": X,
    "物流資訊": X, "物流記錄": X, "簽收": X,
    # anything else
    "other": Z, "others": Z, "其他": Z, "其它": Z,
}  # fmt: skip

_NUMBER = re.compile(r"^(?:\(?\d{1,3}\)?|[一二三四五六七八九十]{1,3})[\s._\-、)）]*(?=\S)")
"""A sort number in front: ``01_``, ``2.``, ``3-``, ``(4)``, ``一、``."""
_KIND = re.compile(
    r"(?:[\s_\-]*(?:照片|图片|圖片|截图|截圖|图|圖|照|photos?|pictures?|screenshots?))$"
)
"""A kind word behind: ``包裹照片``, ``物流截图``, ``parcel photos``."""


def folder_category(name: str) -> Category | None:
    """The category a folder called ``name`` holds, or None when the name is not known."""
    key = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    if not key:
        return None
    for cand in (key, _NUMBER.sub("", key)):
        if cand in CATEGORY_ALIASES:
            return CATEGORY_ALIASES[cand]
        bare = _KIND.sub("", cand).strip()
        if bare in CATEGORY_ALIASES:
            return CATEGORY_ALIASES[bare]
    return None
