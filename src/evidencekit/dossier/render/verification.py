"""8. The verification page (the dossier's last page): for a reader with no tool and no
training, what the fingerprint is, what it covers, three ways to check, and what the checks
prove and do not prove (issue 16, "a verification page a layperson can follow").

Its wording lives here rather than in i18n.py: one page, read as a whole, reviewed as a whole.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from evidencekit.dossier.render.appendix import ordered_files
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor
from evidencekit.dossier.render.text import Glyphs

VT: dict[str, dict[str, str]] = {
    "zh": {
        "title": "如何核验本材料",
        "fp": "材料指纹（SHA-256）",
        "covers": "指纹涵盖什么",
        "covers_text": "指纹是附件 manifest.json 的 SHA-256。该文件记录了案件文件夹中每个原文件的"
        "SHA-256、大小和证据编号，本材料中每张图像的 SHA-256，以及订单信息和生成日期。"
        "指纹印在封面和每一页页脚。此外，本 PDF 生成时最后写入了一个“封签”：文件的长度"
        "和全部字节的 SHA-256。改动任何一个字节、增删或调换页面、添加批注或表单、修改文档"
        "信息或附件、用其他程序另存，都会使核验失败。",
        "ways": "三种核验方式",
        "w1": "1．用 evidencekit 核验（全部一致时显示 OK，退出码 0；有改动时退出码 5，"
        "并指出改动的页面或部分；不是有效的证据材料时退出码 6）：",
        "w2": "2．不用任何软件，核对原文件：在电脑上对原文件计算 SHA-256，结果应与"
        "“完整性附录”中该文件的值一致：",
        "w3": "3．在 PDF 阅读器中查看签名或时间戳（仅当本材料已签名或加盖可信时间戳）："
        "例如 Adobe Acrobat Reader 的“签名”面板会显示签名人、签名时间，以及签名后"
        "文件是否被修改。",
        "proves": "核验能证明什么",
        "proves_text": "封签完好：本文件自生成后未被改动（发现不了的只有重新计算了封签的改动，"
        "见下文）。哈希一致：原文件与生成材料时完全相同。有签名或可信时间戳时：签名人"
        "是谁，以及本文件在该时间已经存在且此后未变。",
        "not": "核验不能证明什么",
        "not_text": "核验不证明照片、截图的内容属实，也不证明拍摄时间属实（各证据页注明了"
        "拍摄时间的来源）。没有外部凭据时，熟悉本工具的人可以重新制作一份自身一致的材料："
        "只有电子签名、可信时间戳，或事先通过函件告知收件方的材料指纹，才能证明收件方收到"
        "的就是这一份。可信时间戳只证明文件在该时间已存在且未被改动，不证明其内容真实。",
    },
    "en": {
        "title": "How to verify this dossier",
        "fp": "Dossier fingerprint (SHA-256)",
        "covers": "What the fingerprint covers",
        "covers_text": "The fingerprint is the SHA-256 of the attached manifest.json, which "
        "records the SHA-256, size and exhibit number of every original file in the case "
        "folder, the SHA-256 of every image in this dossier, the order details and the date "
        "it was made. It is printed on the cover and in every footer. In addition, the last "
        "thing written into this PDF was a seal: its length and the SHA-256 of all its bytes. "
        "Changing any byte, adding, removing or reordering pages, adding an annotation or a "
        "form field, editing the document information or an attachment, or re-saving the "
        "file in another program makes the check fail.",
        "ways": "Three ways to check",
        "w1": "1. With evidencekit (OK and exit code 0 when everything matches; exit code 5 "
        "when something changed, naming the page or part; 6 when the file is not a valid "
        "dossier):",
        "w2": "2. Without any special software, check the originals: compute the SHA-256 of "
        "an original file; it must equal that file's value in the integrity appendix:",
        "w3": "3. In a PDF reader, look at the signature or timestamp (only if this dossier "
        "was signed or timestamped): for example the Signatures panel of Adobe Acrobat "
        "Reader shows who signed, when, and whether the file changed after signing.",
        "proves": "What the checks prove",
        "proves_text": "An intact seal: this file has not changed since it was made (except "
        "by someone who also recomputed the seal, see below). Matching hashes: the "
        "originals are exactly the files the dossier was made from. A signature or trusted "
        "timestamp: who signed, and that this file existed unchanged at that time.",
        "not": "What they do not prove",
        "not_text": "The checks do not prove that the photos and screenshots show the truth, "
        "nor when they were taken (each exhibit page states how its capture time is known). "
        "Without an outside anchor, someone who knows this tool can make a new, "
        "self-consistent dossier: only an electronic signature, a trusted timestamp, or the "
        "fingerprint sent to the recipient beforehand in a letter shows that the copy "
        "they hold is this one. A trusted timestamp proves that the file existed unchanged "
        "at that time, not that its content is true.",
    },
}


def vt(lang: str, key: str) -> str:
    return VT.get(lang, VT["zh"])[key]


def verification(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang, p = spec.lang, gl.para
    fp = spec.fingerprint
    name = f"{spec.order_label}-evidence.pdf"
    files = ordered_files(spec)
    example = files[0]["path"] if files else "product/photo.jpg"
    grouped = " ".join(fp[i : i + 16] for i in range(0, len(fp), 16))
    return [
        PageBreak(),
        Anchor("verification", vt(lang, "title"), 0, layout),
        Paragraph(p(vt(lang, "title")), s.h1),
        Paragraph(p(vt(lang, "fp")), s.h2),
        Paragraph(p(grouped), s.code),
        Paragraph(p(vt(lang, "covers")), s.h2),
        Paragraph(p(vt(lang, "covers_text")), s.body),
        Paragraph(p(vt(lang, "ways")), s.h2),
        Paragraph(p(vt(lang, "w1")), s.body),
        Paragraph(p(f'evidencekit verify "{name}" --case "{spec.result.root_name}"'), s.code),
        Spacer(1, 3),
        Paragraph(p(vt(lang, "w2")), s.body),
        Paragraph(p(f'Windows: certutil -hashfile "{example}" SHA256'), s.code),
        Paragraph(p(f'macOS:   shasum -a 256 "{example}"'), s.code),
        Paragraph(p(f'Linux:   sha256sum "{example}"'), s.code),
        Spacer(1, 3),
        Paragraph(p(vt(lang, "w3")), s.body),
        Paragraph(p(vt(lang, "proves")), s.h2),
        Paragraph(p(vt(lang, "proves_text")), s.body),
        Paragraph(p(vt(lang, "not")), s.h2),
        Paragraph(p(vt(lang, "not_text")), s.body),
    ]
