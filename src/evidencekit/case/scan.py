"""Walk a case folder: stable order, magic-byte sniffing, categories, clutter and link safety.

Nothing here opens images or hashes; it only decides *which* files are evidence and of what
kind, and reports what it skipped as findings.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from evidencekit._io import open_evidence
from evidencekit.case.folders import folder_category
from evidencekit.case.walkfindings import special_finding, twins
from evidencekit.models import Case, Category, Finding, Severity, SourceFile

OUTPUT_DIR = "dossier"
CLUTTER_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db", "case.toml", "icon\r"}
CLUTTER_DIRS = {"__macosx", OUTPUT_DIR, "$recycle.bin", "@eadir", ".git"}

IMAGE_TYPES = {
    "image/jpeg",
    "image/png",
    "image/heic",
    "image/heif",
    "image/avif",
    "image/webp",
    "image/tiff",
    "image/gif",
    "image/bmp",
    "image/x-canon-cr3",
    "image/x-fuji-raf",
}

EXT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".png": "image/png",
    ".heic": "image/heic",
    ".heif": "image/heif",
    ".hif": "image/heif",
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".cr3": "image/x-canon-cr3",
    ".raf": "image/x-fuji-raf",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".m4v": "video/x-m4v",
    ".3gp": "video/3gpp",
    ".pdf": "application/pdf",
}

# ISO BMFF brands (ISO/IEC 14496-12 'ftyp'; HEIF brands from ISO/IEC 23008-12).
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"}
_HEIF_BRANDS = {b"mif1", b"msf1", b"mif2"}
_VIDEO_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"MSNV"}


def sniff(head: bytes) -> str:
    """Media type from the first 32 bytes (magic numbers), never from the name."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"BM") and len(head) >= 14:
        return "image/bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"IIRO", b"IIRS", b"IIU\x00"):
        return "image/tiff"  # TIFF, and the TIFF-based RAWs (Olympus ORF, Panasonic RW2 magic)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"FUJIFILMCCD-RAW"):
        return "image/x-fuji-raf"  # Fujifilm RAF (case.rawcontainers)
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"crx ":
            return "image/x-canon-cr3"  # Canon CR3: ISO-BMFF, not a video
        compat = {head[i : i + 4] for i in range(16, min(len(head), 32), 4)} | {brand}
        if brand in (b"avif", b"avis"):
            return "image/avif"
        if compat & _HEIC_BRANDS:
            return "image/heic"
        if compat & _HEIF_BRANDS:
            return "image/heif"
        if brand == b"qt  ":
            return "video/quicktime"
        if brand == b"M4V ":
            return "video/x-m4v"
        if brand.startswith(b"3g"):
            return "video/3gpp"
        if brand in _VIDEO_BRANDS:
            return "video/mp4"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip") and head[:4] != b"RIFF":
        return "video/quicktime"  # QuickTime files from before 'ftyp' (ISO/IEC 14496-12 4.3)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    return "application/octet-stream"


def _same_family(a: str, b: str) -> bool:
    heif = {"image/heic", "image/heif", "image/avif"}
    return a == b or (a in heif and b in heif)


@dataclass(frozen=True)
class ScanResult:
    files: tuple[tuple[SourceFile, str], ...]
    """(file, absolute path) in stable order."""
    findings: tuple[Finding, ...]


def _is_clutter(name: str) -> bool:
    low = name.lower()
    return name.startswith(".") or name.startswith("~$") or low in CLUTTER_NAMES


def _walk(root: Path, findings: list[Finding]) -> list[tuple[str, str]]:
    """(relative posix path, absolute path) of regular files, symlinks kept inside root."""
    real_root = os.path.realpath(root)
    out: list[tuple[str, str]] = []
    seen_dirs: set[tuple[int, int]] = set()

    def visit(abs_dir: str, rel: str) -> None:
        try:
            st = os.stat(abs_dir)
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:  # symlink loop or a second link to the same folder
                return
            seen_dirs.add(key)
            entries = sorted(os.scandir(abs_dir), key=lambda e: e.name)
        except OSError as exc:
            findings.append(_access_finding(rel or ".", exc))
            return
        for entry in entries:
            name = entry.name
            rel_path = f"{rel}/{name}" if rel else name
            if _is_clutter(name):
                continue
            if not _is_utf8(name):
                findings.append(_name_finding(rel_path))
                continue
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if os.path.commonpath([real_root, target]) != real_root:
                        findings.append(
                            Finding(
                                "EK006",
                                Severity.WARNING,
                                f"{rel_path} is a link to a file outside the case folder; skipped",
                                "copy the file itself into the case folder",
                                rel_path,
                                f"{rel_path} 是指向案件文件夹以外文件的链接，已跳过",
                                "把文件本身复制到案件文件夹里",
                            )
                        )
                        continue
                st_mode = os.stat(entry.path).st_mode
            except OSError as exc:
                findings.append(_access_finding(rel_path, exc))
                continue
            if stat.S_ISDIR(st_mode):
                low = name.lower()
                # dossier/ is our output folder only at the top of the case.
                if low in CLUTTER_DIRS and (low != OUTPUT_DIR or not rel):
                    continue
                visit(entry.path, rel_path)
            elif stat.S_ISREG(st_mode):
                out.append((rel_path, entry.path))
            else:  # never opened: reading a FIFO blocks until a writer comes, a device forever
                findings.append(special_finding(rel_path, st_mode))

    visit(str(root), "")
    return out


def _is_utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python hands them over as lone surrogates,
    PEP 383), which no PDF text string, JSON manifest or terminal can carry."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    """``text`` with undecodable bytes shown as ``\\xNN`` (for messages)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _name_finding(rel: str) -> Finding:
    """A file or folder name that is not UTF-8: left out, with the name it probably has.

    The usual cause is a ZIP made on Chinese Windows: its names are GBK, and Linux unzip writes
    the bytes as they are. GB18030 (a superset of GBK) decodes them when that is the case."""
    shown = printable(rel)
    raw = rel.encode("utf-8", "surrogateescape")
    try:
        guess = raw.decode("gb18030")
    except UnicodeDecodeError:
        guess = ""
    hint_en = f" (as GBK/GB18030 it reads {guess!r})" if guess else ""
    hint_zh = f"（按 GBK/GB18030 解码为 {guess!r}）" if guess else ""
    return Finding(
        "EK008",
        Severity.ERROR,
        f"{shown}: the name is not valid UTF-8{hint_en}, typical of a ZIP made on Chinese "
        "Windows; it is left out",
        "rename it (or unzip the archive again with `unzip -O GB18030`) and run again",
        shown,
        f"{shown}：文件名不是有效的 UTF-8{hint_zh}，通常是在中文 Windows 上打包的 ZIP "
        "解压所致；未纳入材料",
        "重命名该文件（或用 `unzip -O GB18030` 重新解压）后再运行",
    )


def _access_finding(rel: str, exc: OSError) -> Finding:
    return Finding(
        "EK003",
        Severity.ERROR,
        f"{rel} cannot be read ({exc.strerror or exc}); it is left out",
        "check the file's permissions (e.g. chmod u+r) or copy it again",
        rel,
        f"{rel} 无法读取（{exc.strerror or exc}），未纳入材料",
        "检查文件的读取权限（例如 chmod u+r），或重新复制这个文件",
    )


def scan(root: Path, case: Case) -> ScanResult:
    findings: list[Finding] = []
    settings = {unicodedata.normalize("NFC", f.path): f for f in case.files}
    files: list[tuple[SourceFile, str]] = []
    seen_settings: set[str] = set()
    walked = _walk(root, findings)
    doubled = twins(walked, findings)
    for rel, abs_path in walked:
        nfc = unicodedata.normalize("NFC", rel)
        setting = settings.get(nfc)
        if setting:
            seen_settings.add(nfc)
            if setting.exclude:
                continue
        try:
            with open_evidence(abs_path, root) as f:
                st = os.fstat(f.fileno())
                head = f.read(32)
        except OSError as exc:
            findings.append(_access_finding(rel, exc))
            continue
        media = sniff(head)
        ext = os.path.splitext(rel)[1].lower()
        sniffed = media != "application/octet-stream"
        if not sniffed and EXT_TYPES.get(ext, "").startswith(("image/", "video/")):
            # Empty, cut to a few bytes or garbled: a damaged photo or video, not "not an
            # image"; the readers then say so (EK009, EK500).
            media = EXT_TYPES[ext]
        top = rel.split("/", 1)[0] if "/" in rel else ""
        folder_cat = folder_category(top)
        if setting and setting.category:
            category, cat_source = setting.category, "case.toml"
        elif folder_cat:
            category, cat_source = folder_cat, "folder"
        else:
            category, cat_source = Category.OTHER, "default"
        files.append(
            (
                SourceFile(
                    path=rel if nfc in doubled else nfc,
                    size=st.st_size,
                    mtime=st.st_mtime,
                    media_type=media,
                    category=category,
                    category_source=cat_source,
                    is_image=media in IMAGE_TYPES,
                    ext_media_type=EXT_TYPES.get(ext),
                    sniffed=sniffed,
                ),
                abs_path,
            )
        )
    for key, setting in settings.items():
        if key not in seen_settings:
            findings.append(
                Finding(
                    "EK204",
                    Severity.WARNING,
                    f"case.toml line {setting.line}: [[file]] path {setting.path!r} matches no file",
                    "correct the path (relative to the case folder, with / separators)",
                    None,
                    f"case.toml 第 {setting.line} 行：[[file]] 的 path {setting.path!r} "
                    "找不到对应的文件",
                    "改正路径（相对于案件文件夹，用 / 分隔）",
                )
            )
    return ScanResult(tuple(files), tuple(findings))


def scan_findings(sf: SourceFile) -> list[Finding]:
    """Per-file findings that need only the scan (placement, type, extension)."""
    out = []
    if sf.category_source == "default":
        where = "the case folder itself" if "/" not in sf.path else "an unknown folder"
        where_zh = "案件文件夹的最外层" if "/" not in sf.path else "一个无法识别的文件夹"
        out.append(
            Finding(
                "EK001",
                Severity.INFO,
                f"{sf.path} is in {where}, so it is filed under 'other'",
                "move it into product/, listing/, chat/ or parcel/, or set its category in case.toml",
                sf.path,
                f"{sf.path} 放在{where_zh}里，因此归入“其他”（other）类",
                "把它移到 product/、listing/、chat/ 或 parcel/ 文件夹，或在 case.toml 中设置它的类别",
            )
        )
    if not sf.is_image and not sf.media_type.startswith("video/"):
        out.append(
            Finding(
                "EK002",
                Severity.INFO,
                f"{sf.path} ({sf.media_type}) is not an image; it is listed and hashed "
                "but not included as an exhibit yet",
                "export the frames or pages that matter as images (screenshots) and add them",
                sf.path,
                f"{sf.path}（{sf.media_type}）不是图片；已列入清单并计算了哈希值，"
                "但暂时不会作为证据页展示",
                "把其中关键的画面或页面导出为图片（截图）后加进来",
            )
        )
    elif sf.ext_media_type and not _same_family(sf.ext_media_type, sf.media_type):
        out.append(
            Finding(
                "EK005",
                Severity.WARNING,
                f"{sf.path} is named as {sf.ext_media_type} but its bytes are {sf.media_type}; "
                "the other side may say the file was converted or renamed",
                "keep the file as exported by the phone; if you renamed it, restore the original "
                "extension (the dossier uses the real type either way)",
                sf.path,
                f"{sf.path} 的扩展名表示 {sf.ext_media_type}，但文件内容实际是 {sf.media_type}；"
                "对方可能说文件被转换过或改过名",
                "保留手机导出的原文件；如果改过文件名，请恢复原来的扩展名"
                "（无论哪种情况，本材料都按文件的真实格式处理）",
            )
        )
    return out
