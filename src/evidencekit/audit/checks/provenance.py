"""Findings from a file's provenance (audit/provenance): Content Credentials and AIGC labels.

"No manifest" is never a finding: most phones and every messenger strip or never write one, so
its absence says nothing against the buyer (issue 16). A manifest that is present is evidence
either way: a trusted camera signature is the strongest capture signal, an AI-generated
assertion or a GB 45438-2025 label on a photo of the goods the strongest objection.
"""

from __future__ import annotations

from datetime import UTC, datetime

from evidencekit.audit.provenance import Provenance
from evidencekit.models import Category, EvidenceItem, Finding, Severity, TimeClaim

PHOTO_CATEGORIES = (Category.PRODUCT, Category.PARCEL, Category.OTHER)
"""Where an AI label is an error: these must show the real goods and parcel."""


def tsa_claim(prov: Provenance) -> TimeClaim | None:
    """A capture-time claim from a trusted manifest's RFC 3161 time (a third party's clock)."""
    if prov.grade != "trusted" or not prov.tsa_time:
        return None
    try:
        at = datetime.fromisoformat(prov.tsa_time.replace("Z", "+00:00"))
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    utc = at.astimezone(UTC).replace(tzinfo=None)
    return TimeClaim("c2pa:tsa", utc, 0, prov.tsa_time)


def findings(item: EvidenceItem, prov: Provenance) -> list[Finding]:
    out: list[Finding] = []
    path = item.path
    if prov.grade == "invalid":
        failed = ", ".join(prov.failures[:3]) or "unknown"
        out.append(
            Finding.bilingual(
                "EK490",
                Severity.ERROR,
                path,
                (
                    f"the file's Content Credentials (C2PA) fail their check ({failed}): the "
                    "file was changed after it was signed, or the signature is damaged",
                    "exhibit the original file as the camera saved it (copy it again from the "
                    "phone; do not send it through a messenger or an editor first)",
                ),
                (
                    f"该文件的内容凭证（C2PA）校验未通过（{failed}）：文件在签名后被改动过，"
                    "或签名已损坏",
                    "请提交相机保存的原始文件（从手机重新复制，不要先经过聊天软件或编辑软件）",
                ),
            )
        )
    if prov.ai_generated:
        out.append(
            Finding.bilingual(
                "EK491",
                Severity.WARNING,
                path,
                (
                    "the file's Content Credentials say it was made or altered with generative "
                    "AI: the other side will say the picture is not real",
                    "replace it with a photo taken with the phone's own camera app",
                ),
                (
                    "该文件的内容凭证（C2PA）记载其由生成式人工智能制作或修改：对方会说图片不真实",
                    "请换成用手机自带相机拍摄的照片",
                ),
            )
        )
    if prov.edited and not prov.ai_generated:
        acts = ", ".join(a for a in dict.fromkeys(prov.actions) if a != "c2pa.created")[:120]
        out.append(
            Finding.bilingual(
                "EK492",
                Severity.WARNING,
                path,
                (
                    f"the file's Content Credentials record edits after capture ({acts})",
                    "exhibit the unedited original; if the edit only covers private details, "
                    "keep the original too and say what was covered",
                ),
                (
                    f"该文件的内容凭证（C2PA）记载了拍摄后的编辑（{acts}）",
                    "请提交未经编辑的原图；如只是遮盖个人信息，请同时保留原图并说明遮盖了什么",
                ),
            )
        )
    if prov.grade == "trusted" and prov.captured and not (prov.edited or prov.ai_generated):
        who = prov.generator or prov.signer
        out.append(
            Finding.bilingual(
                "EK493",
                Severity.INFO,
                path,
                (
                    f"signed at capture by {who} (Content Credentials that chain to the C2PA "
                    "trust list): strong evidence that this is the camera's original",
                    "nothing to do; keep the file unchanged (any edit breaks the signature)",
                ),
                (
                    f"拍摄时已由 {who} 签名（内容凭证可追溯至 C2PA 信任列表）：有力证明这是相机原图",
                    "无需处理；请保持文件不变（任何编辑都会使签名失效）",
                ),
            )
        )
    if prov.grade == "unchecked":
        out.append(
            Finding.bilingual(
                "EK495",
                Severity.INFO,
                path,
                (
                    "the file carries Content Credentials (C2PA) that were not checked: the "
                    "c2pa extra is not installed",
                    "pip install 'evidencekit[c2pa]' and run the audit again",
                ),
                (
                    "该文件带有内容凭证（C2PA），但未校验：未安装 c2pa 组件",
                    "运行 pip install 'evidencekit[c2pa]' 后重新检查",
                ),
            )
        )
    if prov.aigc:
        out.append(_aigc(item, prov))
    return out


def _aigc(item: EvidenceItem, prov: Provenance) -> Finding:
    fields = dict(prov.aigc)
    producer = fields.get("ContentProducer", "")
    who = f" ({producer})" if producer else ""
    photo = item.source.category in PHOTO_CATEGORIES
    return Finding.bilingual(
        "EK494",
        Severity.ERROR if photo else Severity.WARNING,
        item.path,
        (
            f"the file carries an AI-generated-content label (GB 45438-2025 metadata){who}: "
            "the other side and the platform will treat it as not a real photo",
            "use the original photo from the phone's camera; a picture that went through an AI "
            "tool is not evidence of the goods",
        ),
        (
            f"该文件带有人工智能生成合成内容标识（GB 45438-2025 隐式标识）{who}："
            "对方和平台会认为这不是真实照片",
            "请使用手机相机拍摄的原图；经过人工智能工具处理的图片不能证明商品状况",
        ),
    )
