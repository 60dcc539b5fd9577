"""All dossier wording in Chinese and English (data only; no logic beyond lookups)."""

from __future__ import annotations

from typing import Any

from evidencekit.rules import devices
from evidencekit.rules.devices import Device

T: dict[str, dict[str, str]] = {
    "zh": {
        "title": "电商交易争议证据材料",
        "running": "证据材料",
        "order": "订单号",
        "page_of": "第 {n} 页 / 共 {m} 页",
        "fp_short": "材料指纹 SHA-256",
        "s_cover": "封面",
        "s_statement": "陈述与请求",
        "s_timeline": "时间线",
        "s_index": "证据目录",
        "s_exhibits": "证据",
        "s_audit": "自动检查记录",
        "s_appendix": "完整性附录",
        "platform": "平台",
        "buyer": "买家",
        "seller": "卖家",
        "buyer_type": "买家身份",
        "claim": "请求",
        "refund_type": "处理方式",
        "amount": "金额",
        "date": "材料日期",
        "n_exhibits": "证据数量",
        "n_pages": "页数",
        "fingerprint": "材料指纹（manifest.json 的 SHA-256）",
        "fp_note": "本指纹印于每页页脚，并以二维码给出；用 evidencekit verify 可核对文件与附件是否被改动。",
        "art19": "依《最高人民法院关于民事诉讼证据的若干规定》第十九条，本材料对证据逐一分类编号，"
        "在证据目录中简要说明每份证据的来源、证明对象和内容，并留有提交人签名（盖章）及提交日期栏。",
        "statement_none": "（未附书面陈述）",
        "what_claimed": "请求事项",
        "claim_line": "{claim}；{refund}；金额{amount}",
        "claim_part": "{claim}；{refund}；主张金额{claimed}（订单金额{amount}{share}）",
        "claimed": "主张金额",
        "tl_intro": "订单事件（圆点）与每件证据的拍摄/截图时间（方块）按时间先后排列。方块颜色表示时间来源的可信度。",
        "tl_event": "订单事件",
        "tl_exhibit": "证据",
        "tl_untimed": "无可靠时间的证据",
        "tl_span": "时间跨度",
        "tl_none": "没有可排入时间线的事件或证据时间。",
        "ix_no": "序号",
        "ix_name": "证据名称",
        "ix_source": "证据来源",
        "ix_purpose": "证明目的（证明对象）",
        "ix_page": "页码",
        "ix_intro": "点击序号或证据名称可跳转到该证据页。",
        "ix_group": "第 {n} 组：{name}",
        "ix_taken": "拍摄时间",
        "ix_shot": "截图时间",
        "ix_submitter": "提交人",
        "ix_submitted": "提交日期",
        "ix_sign": "签名（盖章）",
        "ix_sign_note": "依《最高人民法院关于民事诉讼证据的若干规定》第十九条、《中华人民共和国民事诉讼法》"
        "第一百二十四条，证据材料由提交人签名或者盖章，并注明提交日期。",
        "no_caption": "（无说明）",
        "ex_file": "文件名",
        "ex_time": "拍摄时间",
        "ex_device": "设备",
        "ex_pixels": "像素尺寸",
        "ex_sha": "原文件SHA-256",
        "ex_c2pa": "内容凭证（C2PA）",
        "c2pa_trusted": "有效，签发者 {who}，已验证（可追溯至 C2PA 信任列表）",
        "c2pa_valid": "完整，签发者 {who}（签发者不在 C2PA 信任列表中）",
        "ap_c2pa": "内容凭证（C2PA）是拍摄设备或软件在文件中写入的数字签名。“有效，已验证”表示签名完好，"
        "且签发者可追溯至 C2PA 官方信任列表；“完整”表示签名完好，但签发者不在该列表中。"
        "签名只证明文件自签名以来未被改动及签名者身份，不证明画面内容的真实性。",
        "ex_findings": "自动检查记录",
        "ex_no_findings": "无",
        "ex_more": "另有 {n} 条，见“自动检查记录”。",
        "cont_next": "接下页 ↓",
        "cont_prev": "接上页（续 {i}/{n}）",
        "col_of": "第 {i}/{n} 栏",
        "cols_note": "长截图分 {n} 栏排列，每栏顶部重复上一栏末尾的一小段",
        "confidence": "可信度",
        "unknown": "未知",
        "audit_intro": "以下为对上述文件的自动检查记录（元数据、时间、重复与完整性），按严重程度排列。",
        "audit_none": "自动检查未发现需要记录的事项。",
        "remedy": "建议",
        "case_level": "整体",
        "ap_intro": "下表列出案件文件夹中的全部文件（包括未作为证据页嵌入的文件）及其 SHA-256。嵌入方式说明本材料中的图像与原文件的关系。",
        "ap_embedding": "嵌入方式",
        "ap_not_embedded": "未嵌入（{why}）",
        "ap_attached": "原文件已作为附件附在本 PDF 中。",
        "ap_not_attached": "原文件未附入本 PDF，由提交人保存。",
        "ap_video_limit": "视频原文件 {files} 未附入：本提交配置限制文件大小（{limits}），"
        "本材料只含其关键帧拼图。",
        "ap_howto": "如何核对哈希值",
        "ap_howto_text": "在案件文件夹中对原文件计算 SHA-256，结果应与上表一致：",
        "ap_verify": "如何核对本材料",
        "ap_verify_text": "安装 evidencekit 后运行以下命令；全部一致时退出码为 0：",
        "ap_manifest": "附件 manifest.json 记录了上述全部信息；材料指纹是它（不含指纹字段）的规范化 JSON 的 SHA-256。",
        "size": "大小",
        "t_raw": "RAW文件内嵌预览图（RAW原文件未改动）：",
        "t_passthrough": "原样嵌入，未重新编码",
        "t_stripped": "无损去除{segs}，图像数据未重新编码",
        "t_converted": "由{src}转换为{fmt}格式",
        "t_q": "，质量参数{q}",
        "t_down": "，缩小至{w}×{h}像素",
        "t_alpha": "，透明背景铺白",
        "t_frame": "，取第一帧（共{n}帧）",
        "t_redacted": "；遮盖区域涂黑后重新编码",
        "lossless": "无损压缩（Flate）",
        "why_not_image": "不是图像",
        "why_video_damaged": "视频无法解码",
        "t_sheet": "视频关键帧拼图（{n}帧，标注视频内时间及录制时刻），视频原文件未改动",
        "ex_video": "视频",
        "video_facts": "时长 {dur} · {codec} · {fps} · {audio}",
        "with_audio": "有声音",
        "no_audio": "无声音",
        "why_unreadable": "无法读取",
        "why_too_big": "像素过多",
        "why_failed": "无法准备嵌入",
        "exhibit": "证据",
    },
    "en": {
        "title": "Evidence dossier: online purchase dispute",
        "running": "Evidence dossier",
        "order": "Order",
        "page_of": "page {n} of {m}",
        "fp_short": "Dossier fingerprint SHA-256",
        "s_cover": "Cover",
        "s_statement": "Statement and claim",
        "s_timeline": "Timeline",
        "s_index": "List of exhibits",
        "s_exhibits": "Exhibits",
        "s_audit": "Automated checks",
        "s_appendix": "Integrity appendix",
        "platform": "Platform",
        "buyer": "Buyer",
        "seller": "Seller",
        "buyer_type": "Buyer type",
        "claim": "Claim",
        "refund_type": "Remedy",
        "amount": "Amount",
        "date": "Date of dossier",
        "n_exhibits": "Exhibits",
        "n_pages": "Pages",
        "fingerprint": "Dossier fingerprint (SHA-256 of manifest.json)",
        "fp_note": "The fingerprint is printed in every page footer and as a QR code; "
        "evidencekit verify checks that the dossier and its files are unchanged.",
        "art19": "Each exhibit is classified and numbered; the exhibit list states its source, "
        "what it shows and its content, and ends with the submitter's signature (or seal) and "
        "the date of submission (Provisions on Evidence in Civil Procedure, Art. 19).",
        "statement_none": "(no written statement)",
        "what_claimed": "What is claimed",
        "claim_line": "{claim}; {refund}; amount {amount}",
        "claim_part": "{claim}; {refund}; amount claimed {claimed} (order amount {amount}{share})",
        "claimed": "Amount claimed",
        "tl_intro": "Order events (dots) and the capture time of every exhibit (squares) in "
        "time order. A square's colour shows how reliable its time source is.",
        "tl_event": "Order event",
        "tl_exhibit": "Exhibit",
        "tl_untimed": "Exhibits without a reliable time",
        "tl_span": "Time span",
        "tl_none": "No events or exhibit times to place on a timeline.",
        "ix_no": "No.",
        "ix_name": "Exhibit",
        "ix_source": "Source",
        "ix_purpose": "What it shows",
        "ix_page": "Page",
        "ix_intro": "Click a number or an exhibit name to go to its page.",
        "ix_group": "Group {n}: {name}",
        "ix_taken": "captured",
        "ix_shot": "screenshot taken",
        "ix_submitter": "Submitted by",
        "ix_submitted": "Date of submission",
        "ix_sign": "Signature (or seal)",
        "ix_sign_note": "The submitter signs or seals the evidence and dates it (Provisions on "
        "Evidence in Civil Procedure, Art. 19; Civil Procedure Law, Art. 124).",
        "no_caption": "(no caption)",
        "ex_file": "File",
        "ex_time": "Captured",
        "ex_device": "Device",
        "ex_pixels": "Pixels",
        "ex_sha": "SHA-256 (original)",
        "ex_c2pa": "Content Credentials (C2PA)",
        "c2pa_trusted": "valid, signed by {who}, verified (chains to the C2PA trust list)",
        "c2pa_valid": "intact, signed by {who} (signer not on the C2PA trust list)",
        "ap_c2pa": "Content Credentials (C2PA) are a digital signature written into the file by "
        "the camera or software that made it. 'Valid, verified': the signature is intact and "
        "its signer chains to the official C2PA trust list; 'intact': the signature is intact "
        "but the signer is not on that list. A signature proves the file has not changed since "
        "it was signed and who signed it, not that what it shows is true.",
        "ex_findings": "Automated checks",
        "ex_no_findings": "none",
        "ex_more": "{n} more, see Automated checks.",
        "cont_next": "continued on next page ↓",
        "cont_prev": "continued ({i}/{n})",
        "col_of": "column {i}/{n}",
        "cols_note": "long screenshot in {n} columns; each column repeats the end of the one before",
        "confidence": "confidence",
        "unknown": "unknown",
        "audit_intro": "Notes of the automated checks of the files above (metadata, times, "
        "duplicates, integrity), most significant first.",
        "audit_none": "The automated checks recorded nothing.",
        "remedy": "Remedy",
        "case_level": "case",
        "ap_intro": "Every file in the case folder (including files not shown as exhibits) "
        "with its SHA-256. 'Embedding' says how the image in this dossier relates to the "
        "original file.",
        "ap_embedding": "Embedding",
        "ap_not_embedded": "not embedded ({why})",
        "ap_attached": "The original files are attached to this PDF.",
        "ap_not_attached": "The original files are not attached to this PDF; the submitter keeps them.",
        "ap_video_limit": "The video files {files} are not attached: this submission profile "
        "limits file sizes ({limits}); the dossier holds their contact sheets only.",
        "ap_howto": "How to check a hash",
        "ap_howto_text": "Compute the SHA-256 of the original file in the case folder; it "
        "must equal the value above:",
        "ap_verify": "How to verify this dossier",
        "ap_verify_text": "With evidencekit installed, run the command below; exit code 0 "
        "means everything matches:",
        "ap_manifest": "The attached manifest.json records all of the above; the dossier "
        "fingerprint is the SHA-256 of its canonical JSON without the fingerprint field.",
        "size": "size",
        "t_raw": "embedded preview of the RAW file (the RAW file itself is unchanged): ",
        "t_passthrough": "embedded as is, not re-encoded",
        "t_stripped": "{segs} removed losslessly; image data not re-encoded",
        "t_converted": "converted once from {src} to {fmt}",
        "t_q": ", quality {q}",
        "t_down": ", downscaled to {w}×{h} px",
        "t_alpha": ", transparency flattened on white",
        "t_frame": ", first frame of {n}",
        "t_redacted": "; re-encoded after the redacted areas were blacked out",
        "lossless": "a lossless (Flate) image",
        "why_not_image": "not an image",
        "why_video_damaged": "the video cannot be decoded",
        "t_sheet": "contact sheet of {n} key frames of the video (offset and recording time "
        "stamped); the video file itself is unchanged",
        "ex_video": "Video",
        "video_facts": "duration {dur} · {codec} · {fps} · {audio}",
        "with_audio": "with sound",
        "no_audio": "no sound",
        "why_unreadable": "unreadable",
        "why_too_big": "too many pixels",
        "why_failed": "could not be prepared",
        "exhibit": "Exhibit",
    },
}

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "platform": {
        "zh": {
            "1688": "1688",
            "taobao": "淘宝",
            "tmall": "天猫",
            "jd": "京东",
            "pinduoduo": "拼多多",
            "paypal": "PayPal",
            "ebay": "eBay",
            "amazon": "亚马逊",
            "other": "其他",
        },
        "en": {
            "1688": "1688",
            "taobao": "Taobao",
            "tmall": "Tmall",
            "jd": "JD.com",
            "pinduoduo": "Pinduoduo",
            "paypal": "PayPal",
            "ebay": "eBay",
            "amazon": "Amazon",
            "other": "other",
        },
    },
    "claim": {
        "zh": {
            "quality": "质量问题",
            "not_as_described": "与描述不符",
            "damaged": "运输破损",
            "missing": "缺件少件",
            "wrong_item": "发错货",
            "no_reason": "7天无理由退货",
            "not_received": "未收到货",
            "counterfeit": "假冒商品",
        },
        "en": {
            "quality": "quality defect",
            "not_as_described": "not as described",
            "damaged": "damaged in transit",
            "missing": "missing items",
            "wrong_item": "wrong item",
            "no_reason": "no-reason return",
            "not_received": "not received",
            "counterfeit": "counterfeit",
        },
    },
    "refund_type": {
        "zh": {
            "refund_only": "仅退款",
            "return_refund": "退货退款",
            "exchange": "换货",
            "partial_refund": "部分退款（补偿）",
            "repair": "维修",
        },
        "en": {
            "refund_only": "refund only",
            "return_refund": "return and refund",
            "exchange": "exchange",
            "partial_refund": "partial refund",
            "repair": "repair",
        },
    },
    "buyer_type": {
        "zh": {"consumer": "消费者", "business": "企业买家（采购用于经营）"},
        "en": {"consumer": "consumer", "business": "business buyer"},
    },
    "category": {
        "zh": {
            "product": "商品实物",
            "listing": "商品页面",
            "chat": "聊天记录",
            "parcel": "包裹物流",
            "other": "其他",
        },
        "en": {
            "product": "product",
            "listing": "listing",
            "chat": "chat",
            "parcel": "parcel",
            "other": "other",
        },
    },
    "event": {
        "zh": {
            "ordered": "下单",
            "paid": "付款",
            "shipped": "发货",
            "delivered": "签收",
            "refund_requested": "申请退款",
            "seller_agreed": "卖家同意",
            "seller_refused": "卖家拒绝",
            "return_shipped": "退货寄出",
            "return_delivered": "退货签收",
            "refunded": "退款完成",
            "intervention_requested": "申请平台介入",
            "signed": "签收",
            "estimated_delivery": "预计送达",
            "confirmed_receipt": "确认收货",
            "complained": "首次向卖家反映问题",
            "appealed": "申请复核（申诉）",
            "closed": "纠纷关闭",
            "other": "其他事件",
        },
        "en": {
            "ordered": "ordered",
            "paid": "paid",
            "shipped": "shipped",
            "delivered": "delivered (signed)",
            "refund_requested": "refund requested",
            "seller_agreed": "seller agreed",
            "seller_refused": "seller refused",
            "return_shipped": "return shipped",
            "return_delivered": "return delivered",
            "refunded": "refunded",
            "intervention_requested": "intervention requested",
            "signed": "delivered (signed for)",
            "estimated_delivery": "estimated delivery",
            "confirmed_receipt": "receipt confirmed",
            "complained": "first complaint to the seller",
            "appealed": "appealed",
            "closed": "dispute closed",
            "other": "other event",
        },
    },
    "severity": {
        "zh": {"error": "严重", "warning": "警告", "info": "提示"},
        "en": {"error": "Error", "warning": "Warning", "info": "Note"},
    },
    "confidence": {
        "zh": {"high": "高", "medium": "中", "low": "低", "none": "无"},
        "en": {"high": "high", "medium": "medium", "low": "low", "none": "none"},
    },
}

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


def t(lang: str, key: str, **kw: Any) -> str:
    text = T.get(lang, T["zh"]).get(key) or T["en"][key]
    return text.format(**kw) if kw else text


def label(lang: str, table: str, value: str) -> str:
    return LABELS[table].get(lang, LABELS[table]["zh"]).get(value, value)
