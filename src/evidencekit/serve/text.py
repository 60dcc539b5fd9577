"""The page's words in Chinese (default) and English. Keys are stable; values are plain words
for a buyer, not a programmer (see /work/shared/review-texts.md on register)."""

from __future__ import annotations

from collections.abc import Callable

T: dict[str, tuple[str, str]] = {
    "app": ("证据材料整理", "Evidence dossier"),
    "cases": ("我的案件", "My cases"),
    "new_case": ("新建案件", "New case"),
    "new_case_name": ("案件文件夹名称", "Case folder name"),
    "create": ("创建", "Create"),
    "bad_name": (
        '不能用“{name}”作案件名称：名称不能为空、不能以“.”开头、不能含 / \\ : * ? " < > | 这些符号，'
        "也不能和已有的案件重名。请换一个名称，例如“2025-12-拉杆箱退货”。",
        "“{name}” cannot be a case name: it must not be empty, start with “.”, contain / \\ : * ? "
        '" < > |, or repeat an existing case. Try another, e.g. “2025-12-suitcase-return”.',
    ),
    "platform": ("平台", "Platform"),
    "order_id": ("订单号", "Order number"),
    "claim": ("诉求", "Claim"),
    "files": ("文件数", "Files"),
    "errors": ("待处理问题", "Open errors"),
    "deadline": ("下一个期限", "Next deadline"),
    "last_build": ("上次生成", "Last build"),
    "never": ("尚未生成", "not built yet"),
    "no_cases": ("这里还没有案件。", "No cases here yet."),
    "open": ("打开", "Open"),
    "invalid": (
        "案件设置文件（case.toml）有错误",
        "The case settings file (case.toml) has an error",
    ),
    "open_to_fix": ("：打开案件可以看到怎么修改。", ": open the case to see how to fix it."),
    "original_message": ("原始提示：", "Message: "),
    "no_sheets": (
        "没有可以做成上传图片的文件：请先添加照片或截图，或取消“不放入材料”的勾选。",
        "No file can go into upload images: add photos or screenshots first, or untick "
        "“Leave out of the dossier” on a file.",
    ),
    "details": ("案件信息", "Case details"),
    "buyer": ("买家", "Buyer"),
    "seller": ("卖家", "Seller"),
    "buyer_type": ("买家类型", "Buyer type"),
    "refund_type": ("处理方式", "Remedy"),
    "amount": ("金额", "Amount"),
    "currency": ("币种", "Currency"),
    "statement": ("情况说明（写给卖家）", "Statement (to the seller)"),
    "statement_platform": (
        "给平台的情况说明（可不填，不填则用上面的说明）",
        "Statement for the platform (optional; else the one above)",
    ),
    "reply_days": ("给卖家的答复期限（天）", "Days the seller has to reply"),
    "timezone": ("时区", "Time zone"),
    "language": ("材料语言", "Dossier language"),
    "title": ("标题", "Title"),
    "saved": ("已保存到 case.toml。", "Saved to case.toml."),
    "not_saved": ("未保存：", "Not saved: "),
    "timeline": ("订单时间线", "Order timeline"),
    "kind": ("事件", "Event"),
    "at": ("时间", "Time"),
    "tracking": ("运单号", "Tracking number"),
    "carrier": ("快递公司", "Carrier"),
    "carrier_hint": ("例如：顺丰速运", "e.g. SF Express"),
    "note": ("备注", "Note"),
    "add_event": ("添加事件", "Add event"),
    "remove": ("删除", "Remove"),
    "save_timeline": ("保存时间线", "Save timeline"),
    "add_files": ("添加照片、截图和视频", "Add photos, screenshots and videos"),
    "drop_here": (
        "把文件拖到这里，或点击选择（可多选）。文件按原样复制，不会被压缩或改名。",
        "Drop files here or pick them (several at once). Files are copied as they are: never "
        "compressed or renamed.",
    ),
    "phone_note": (
        "提示：有些手机浏览器上传时会去掉照片的拍摄时间等信息。最好把原始文件从手机复制到电脑再添加。",
        "Note: some phone browsers strip the photo's metadata (capture time) on upload. Copying "
        "the original files from the phone is better.",
    ),
    "category": ("类别", "Category"),
    "auto": ("按文件名自动选择", "From the file name"),
    "cat_product": ("商品照片", "Product photos"),
    "cat_listing": ("商品页面截图", "Listing screenshots"),
    "cat_chat": ("聊天记录截图", "Chat screenshots"),
    "cat_parcel": ("包裹和面单", "Parcel and waybill"),
    "cat_other": ("其他", "Other"),
    "evidence": ("证据文件", "Evidence files"),
    "no_files": ("还没有文件。", "No files yet."),
    "caption": ("说明（证明目的）", "Caption (what it proves)"),
    "exclude": ("不放入材料", "Leave out of the dossier"),
    "captured": ("拍摄时间", "Captured"),
    "unknown_time": ("未知", "unknown"),
    "source": ("来源", "source"),
    "confidence": ("可信度", "confidence"),
    "redact": ("遮挡", "Redact"),
    "redact_help": (
        "在图片上拖动画框，遮住电话号码或地址；保存后预览显示遮挡效果。",
        "Drag on the picture to black out a phone number or an address; the preview shows the "
        "result once saved.",
    ),
    "clear_redact": ("清除遮挡", "Clear boxes"),
    "findings": ("对方可能提出的异议", "What the other side could object to"),
    "no_findings": ("没有发现问题。", "No problems found."),
    "case_level": ("整个案件", "The whole case"),
    "fix": ("怎么办：", "Fix: "),
    "deadlines": ("期限", "Deadlines"),
    "no_deadlines": (
        "填写订单时间线后，这里会显示期限。",
        "Deadlines appear once the timeline is filled in.",
    ),
    "advice_tag": ("参考", "estimate"),
    "advice_note": (
        "标有“参考”的期限来自非官方资料，实际以平台页面上显示的倒计时为准；请尽早处理。",
        "Deadlines marked “estimate” come from unofficial sources: the countdown on the "
        "platform's own page decides. Act early.",
    ),
    "actions": ("生成材料", "Make the documents"),
    "step_dossier": (
        "① 证据材料（PDF，提交给平台、卖家或法院）",
        "① The dossier (PDF for the platform, seller or court)",
    ),
    "step_pack": (
        "② 上传图片（只收图片的平台：1688、淘宝）",
        "② Upload images (platforms that take images only: 1688, Taobao)",
    ),
    "step_letters": (
        "③ 文字（发给卖家、填写平台申请）",
        "③ Texts (to the seller, for the platform's form)",
    ),
    "step_precheck": ("④ 自查报告（自己看，不要提交）", "④ Pre-check (for you, do not submit)"),
    "profile": ("提交渠道", "Where it goes"),
    "limits": ("要求", "Limits"),
    "working": ("正在处理…", "Working…"),
    "pick_files": ("选择文件…", "Choose files…"),
    "pick_pdf": ("选择 PDF 文件…", "Choose a PDF…"),
    "build_failed": ("生成失败", "Build failed"),
    "pack_done": (
        "已生成{n}张上传图片，点图片可查看大图。",
        "{n} upload images made; click one to see it full size.",
    ),
    "left_out": ("未放入上传图片的证据", "Exhibits not in the upload images"),
    "tip": ("提示：", "Note: "),
    "caption_hint": ("例如：箱体右下角划痕特写", "e.g. close-up of the scratch on the lower right"),
    "seven_day": ("订单带7天无理由服务", "The order has the 7-day no-reason service"),
    "build": ("生成证据材料", "Build the dossier"),
    "pack": ("生成上传图片", "Make upload images"),
    "letters": ("生成文字", "Write the texts"),
    "precheck": ("自查报告", "Pre-check report"),
    "precheck_note": (
        "自查报告列出对方可能提出的异议、补救办法和期限，仅供自查，请勿提交；提交用证据材料。",
        "The pre-check lists the objections, fixes and deadlines: for your own review, do not "
        "submit it; submit the dossier.",
    ),
    "download": ("下载证据材料 PDF", "Download the dossier PDF"),
    "view_pdf": ("在浏览器中查看", "View in the browser"),
    "building": ("正在生成…", "Building…"),
    "built": ("已生成", "Built"),
    "pages": ("页", "pages"),
    "exhibits": ("份证据", "exhibits"),
    "copy": ("复制", "Copy"),
    "copied": ("已复制", "Copied"),
    "chars": ("字数", "characters"),
    "limit": ("上限", "limit"),
    "over_limit": ("超出上限", "over the limit"),
    "verify": ("验证材料", "Verify a dossier"),
    "verify_help": (
        "把收到的（或自己生成的）证据材料 PDF 拖到这里，检查它是否被改动过。",
        "Drop a dossier PDF you received (or your own) to check whether it was changed.",
    ),
    "verify_ok": (
        "材料完好：自生成以来没有被改动，和案件文件夹里的文件一致。",
        "The dossier is intact: unchanged since it was built, and it matches the case folder.",
    ),
    "verify_ok_pdf": (
        "材料本身完好：自生成以来没有被改动。",
        "The dossier itself is intact: unchanged since it was built.",
    ),
    "verify_bad": ("材料有问题：", "The dossier has problems: "),
    "timestamps": ("可信时间戳", "Trusted timestamps"),
    "timestamp_meaning": (
        "可信时间戳证明该文件在该时间已经存在且此后未被改动，不证明其内容真实。",
        "A trusted timestamp proves the file existed, unchanged, at that time; "
        "it does not prove that its content is true.",
    ),
    "verify_not": (
        "这不是本工具生成的证据材料，或文件已损坏，无法验证。",
        "This is not a dossier made by this tool, or it is damaged: it cannot be verified.",
    ),
    "changed": ("与材料记录不一致的文件", "Files that differ from the dossier's record"),
    "missing": ("材料里有、文件夹里没有的文件", "In the dossier but not in the folder"),
    "extra": ("文件夹里有、材料里没有的文件（之后添加）", "In the folder, not in the dossier"),
    "uploaded": ("已添加", "added"),
    "duplicate": ("已存在，未重复添加", "already there, not added twice"),
    "failed": ("失败", "failed"),
    "back": ("返回案件列表", "Back to the cases"),
    "stage_Reading files": ("读取文件", "Reading files"),
    "stage_Preparing images": ("准备图片", "Preparing images"),
    "stage_Rendering pages": ("生成页面", "Rendering pages"),
    "stage_Writing": ("写入文件", "Writing"),
    "stage_Making upload images": ("生成上传图片", "Making upload images"),
    "pack_platform": ("平台", "Platform"),
    "pack_text": ("需要填写的文字", "Text to type"),
    "lan_warning": (
        "局域网模式：同一网络中的设备凭链接可以访问。",
        "LAN mode: devices on the same network can open this with the link.",
    ),
    "private": (
        "一切都在你自己的电脑上处理，不会上传到任何地方。",
        "Everything stays on your own computer; nothing is uploaded anywhere.",
    ),
    "video": ("视频", "video"),
    "sev_error": ("错误", "error"),
    "sev_warning": ("注意", "warning"),
    "sev_info": ("提示", "info"),
}


CHOICES: dict[str, tuple[str, str]] = {
    "platform_1688": ("1688", "1688"),
    "platform_taobao": ("淘宝", "Taobao"),
    "platform_tmall": ("天猫", "Tmall"),
    "platform_jd": ("京东", "JD"),
    "platform_pinduoduo": ("拼多多", "Pinduoduo"),
    "platform_paypal": ("PayPal", "PayPal"),
    "platform_ebay": ("eBay", "eBay"),
    "platform_amazon": ("亚马逊", "Amazon"),
    "platform_other": ("其他", "Other"),
    "buyer_type_business": ("企业买家（采购用于经营）", "Business buyer"),
    "buyer_type_consumer": ("个人消费者", "Consumer"),
    "claim_quality": ("质量问题", "Quality problem"),
    "claim_not_as_described": ("与描述不符", "Not as described"),
    "claim_damaged": ("运输损坏", "Damaged in transit"),
    "claim_missing": ("少件/漏发", "Missing items"),
    "claim_wrong_item": ("发错货", "Wrong item"),
    "claim_not_received": ("未收到货", "Not received"),
    "claim_counterfeit": ("假冒商品", "Counterfeit"),
    "claim_no_reason": ("7天无理由退货", "No-reason return"),
    "refund_type_refund_only": ("仅退款", "Refund only"),
    "refund_type_return_refund": ("退货退款", "Return and refund"),
    "refund_type_exchange": ("换货", "Exchange"),
    "refund_type_partial_refund": ("部分退款（补偿）", "Partial refund"),
    "refund_type_repair": ("维修", "Repair"),
    "language_zh": ("中文", "Chinese"),
    "language_en": ("英文", "English"),
    "event_ordered": ("下单", "Ordered"),
    "event_paid": ("付款", "Paid"),
    "event_shipped": ("发货", "Shipped"),
    "event_estimated_delivery": ("预计送达", "Estimated delivery"),
    "event_delivered": ("送达（签收）", "Delivered"),
    "event_signed": ("签收（快递记录了签收人）", "Signed for"),
    "event_confirmed_receipt": ("确认收货", "Receipt confirmed"),
    "event_complained": ("首次向卖家反映问题", "First complaint to the seller"),
    "event_refund_requested": ("申请退款/售后", "Refund requested"),
    "event_seller_agreed": ("卖家同意", "Seller agreed"),
    "event_seller_refused": ("卖家拒绝", "Seller refused"),
    "event_return_shipped": ("退货寄出", "Return shipped"),
    "event_return_delivered": ("退货签收", "Return delivered"),
    "event_refunded": ("已退款", "Refunded"),
    "event_intervention_requested": ("申请平台介入", "Platform intervention requested"),
    "event_appealed": ("申请复核（申诉）", "Appealed"),
    "event_closed": ("纠纷关闭", "Dispute closed"),
    "event_other": ("其他", "Other"),
}
T |= CHOICES


def translator(lang: str) -> Callable[[str], str]:
    i = 1 if lang == "en" else 0

    def t(key: str) -> str:
        pair = T.get(key)
        return pair[i] if pair else key

    return t
