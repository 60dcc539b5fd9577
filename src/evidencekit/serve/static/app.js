// evidencekit serve: the few things htmx does not do (uploads with a SHA-256, the build's
// progress stream, copy buttons, redaction boxes). Same origin only; no other host is ever asked.
"use strict";
(function () {
  const $ = (sel, el) => (el || document).querySelector(sel);
  const texts = () => ($("#texts") || {}).dataset || {};
  const changed = (name) => window.htmx && htmx.trigger(document.body, name);

  function suggest(file) {
    const n = file.name.toLowerCase();
    if (/chat|wechat|weixin|wangwang|聊天|旺旺|微信|qq/.test(n)) return "chat";
    if (/listing|detail|snapshot|详情|快照|商品页/.test(n)) return "listing";
    if (/waybill|parcel|label|box|面单|快递|包裹|运单/.test(n)) return "parcel";
    if (/screenshot|截图|截屏|screen/.test(n)) return "chat";
    if (/^(image|video)\//.test(file.type) || /\.(jpe?g|heic|heif|png|mp4|mov)$/.test(n)) return "product";
    return "other";
  }

  async function sha256(file) {
    if (!window.isSecureContext || !crypto.subtle || file.size > 256 * 1024 * 1024) return "";
    const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function log(text, ok) {
    const li = document.createElement("li");
    li.textContent = text;
    li.className = ok ? "good" : "bad";
    $("#upload-log").prepend(li);
  }

  async function uploadFiles(files) {
    const zone = $("#dropzone");
    const chosen = $("#upload-category").value;
    for (const file of files) {
      const fd = new FormData();
      fd.append("category", chosen || suggest(file));
      fd.append("sha256", await sha256(file));
      fd.append("file", file, file.name);
      try {
        const r = await fetch(zone.dataset.url, { method: "POST", body: fd, credentials: "same-origin" });
        const j = await r.json();
        log(j.message || file.name, j.ok);
      } catch (e) {
        log(file.name + ": " + (texts().failed || "failed"), false);
      }
    }
    changed("ek-files");
    changed("ek-changed");
  }

  function dropTarget(zone, onFiles) {
    if (!zone) return;
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) onFiles(Array.from(e.dataTransfer.files));
    });
  }

  async function verifyFile(file) {
    const zone = $("#verify-drop");
    const fd = new FormData();
    fd.append("file", file, file.name);
    const r = await fetch(zone.dataset.url, { method: "POST", body: fd, credentials: "same-origin" });
    $("#verify-result").innerHTML = await r.text();  // our own autoescaped template
  }

  function stageName(name) {
    const d = texts();
    for (const k in d) {
      if (k.startsWith("stage")) {
        const [en, local] = d[k].split("|");
        if (en === name) return local;
      }
    }
    return name;
  }

  async function build(btn) {
    const bar = $("#build-progress"), status = $("#build-status"), d = texts();
    btn.disabled = true;
    bar.hidden = false;
    bar.removeAttribute("value");
    status.textContent = d.building || "…";
    status.className = "small";
    const notes = $("#build-notes");
    notes.replaceChildren();
    const fd = new FormData();
    const prof = $("#build-profile");
    if (prof) fd.append("profile", prof.value);
    const r = await fetch(btn.dataset.url, { method: "POST", body: fd, credentials: "same-origin" });
    const { job } = await r.json();
    const es = new EventSource("/jobs/" + job + "/events");
    let stage = "";
    es.onmessage = (m) => {
      const ev = JSON.parse(m.data);
      if (ev.stage) { stage = stageName(ev.stage); status.textContent = stage + "…"; bar.removeAttribute("value"); }
      if (ev.total) { bar.max = ev.total; bar.value = ev.done; status.textContent = `${stage} ${ev.done}/${ev.total}`; }
      if (ev.end) {
        es.close();
        btn.disabled = false;
        bar.hidden = true;
        if (ev.error) { status.textContent = (d.buildFailed || d.failed || "failed") + "：" + ev.error; status.className = "small bad"; return; }
        status.className = "small good";
        status.textContent = `${d.built} · ${ev.pages} ${d.pages} · ${ev.exhibits} ${d.exhibits}`;
        for (const n of ev.notes || []) { const li = document.createElement("li"); li.textContent = n; notes.appendChild(li); }
        if ((ev.files || []).length > 1) {
          for (const f of ev.files) {
            const li = document.createElement("li"), a = document.createElement("a");
            a.href = f.href; a.textContent = "⬇ " + f.name; a.setAttribute("download", f.name);
            li.appendChild(a); notes.appendChild(li);
          }
        }
        $("#download-dossier").hidden = false;
        $("#view-dossier").hidden = false;
        changed("ek-changed");
      }
    };
  }

  function copyText(btn) {
    const ta = btn.closest(".text-block").querySelector("textarea");
    const done = () => { btn.textContent = texts().copied || "✓"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(ta.value).then(done, () => { ta.select(); document.execCommand("copy"); done(); });
    } else { ta.select(); document.execCommand("copy"); done(); }
  }

  // Redaction: drag a box on a thumbnail; saved in full-resolution pixels of the upright image.
  function redaction(pic) {
    const img = pic.querySelector("img");
    const form = pic.closest("form");
    let start = null, box = null;
    const pos = (e) => { const r = img.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top, r]; };
    pic.addEventListener("pointerdown", (e) => {
      if (!img) return;
      e.preventDefault();
      start = pos(e);
      box = document.createElement("div");
      box.className = "rbox";
      pic.appendChild(box);
      pic.setPointerCapture(e.pointerId);
    });
    pic.addEventListener("pointermove", (e) => {
      if (!start) return;
      const [x, y] = pos(e);
      const l = Math.min(x, start[0]), t = Math.min(y, start[1]);
      Object.assign(box.style, { left: l + "px", top: t + "px", width: Math.abs(x - start[0]) + "px", height: Math.abs(y - start[1]) + "px" });
    });
    pic.addEventListener("pointerup", (e) => {
      if (!start) return;
      const [x, y, r] = pos(e);
      const k = (Number(pic.dataset.w) || img.naturalWidth) / r.width;
      const b = [Math.min(x, start[0]), Math.min(y, start[1]), Math.abs(x - start[0]), Math.abs(y - start[1])].map((n) => Math.max(0, Math.round(n * k)));
      start = null;
      box.remove();
      if (b[2] < 4 || b[3] < 4) return;
      const field = form.querySelector("input[name=redact]");
      const boxes = JSON.parse(field.value || "[]");
      boxes.push(b);
      field.value = JSON.stringify(boxes);
      htmx.trigger(form, "ek-redact");
    });
  }

  document.addEventListener("htmx:afterRequest", (e) => {
    const form = e.detail.elt;
    if (form && form.matches && form.matches("form.file")) {
      const img = form.querySelector(".pic img");
      if (img) img.src = img.src.replace(/&t=\d+$/, "") + "&t=" + Date.now();
    }
  });

  function init() {
    const up = $("#upload");
    if (up) up.addEventListener("change", () => { uploadFiles(Array.from(up.files)); up.value = ""; });
    dropTarget($("#dropzone"), uploadFiles);
    const vu = $("#verify-upload");
    if (vu) vu.addEventListener("change", () => { if (vu.files.length) verifyFile(vu.files[0]); });
    dropTarget($("#verify-drop"), (files) => verifyFile(files[0]));
    const b = $("#build");
    if (b) b.addEventListener("click", () => build(b));
    // PayPal / eBay / Amazon ids: asked for only on the platforms whose letters use them.
    const platform = $("#details select[name=platform]");
    if (platform) {
      const showIds = () => document.querySelectorAll("#details .platform-only").forEach((el) => {
        el.hidden = !el.dataset.platforms.split(" ").includes(platform.value);
      });
      platform.addEventListener("change", showIds);
    }
    // The notes under a profile menu (merchant side, page fee, limits) follow the choice.
    for (const sel of document.querySelectorAll("#build-profile, #pack-platform")) {
      const step = sel.closest(".step");
      const show = () => step.querySelectorAll(".profile-notes").forEach((el) => { el.hidden = el.dataset.profile !== sel.value; });
      sel.addEventListener("change", show);
      show();
    }
    const add = $("#add-event");
    if (add) add.addEventListener("click", () => {
      $("#event-rows").appendChild($("#event-template").content.cloneNode(true));
    });
    document.addEventListener("click", (e) => {
      const t = e.target;
      if (t.matches(".copy")) copyText(t);
      if (t.matches(".remove-event")) { const f = t.closest("form"); t.closest(".event-row").remove(); htmx.trigger(f, "ek-rows"); }
      if (t.matches(".clear-redact")) { const f = t.closest("form"); f.querySelector("input[name=redact]").value = "[]"; htmx.trigger(f, "ek-redact"); }
    });
    document.querySelectorAll(".pic[data-w]").forEach(redaction);
    document.body.addEventListener("htmx:afterSwap", (e) => {
      if (e.detail.target.id === "files") e.detail.target.querySelectorAll(".pic[data-w]").forEach(redaction);
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
