// The page of `fawkes serve`: uploads the chosen photos as one job, polls its progress, and shows
// each cloaked photo beside its original. Plain JavaScript, no libraries, works offline.
"use strict";
(() => {
  const token = document.querySelector('meta[name="fawkes-token"]').content;
  const auth = { Authorization: "Bearer " + token };
  const VIEW = 360; // the side of the before/after view, in CSS pixels at 100% zoom
  const $ = (id) => document.getElementById(id);
  let files = [];
  let job = null;
  let polling = null;
  const cards = [];

  function choose(list) {
    files = Array.from(list).filter((f) => f.type.startsWith("image/") || /\.(jpe?g|png|bmp|gif|webp)$/i.test(f.name));
    $("chosen").textContent = files.length === 0 ? "No photo chosen." :
      files.length + (files.length === 1 ? " photo: " : " photos: ") + files.map((f) => f.name).join(", ");
    $("start").disabled = files.length === 0;
  }

  $("files").addEventListener("change", (e) => choose(e.target.files));
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    choose(e.dataTransfer.files);
  });

  $("start").addEventListener("click", start);
  $("cancel").addEventListener("click", cancel);
  $("zip").addEventListener("click", () => download("/api/v1/jobs/" + job.id + "/zip", "cloaked.zip"));

  async function start() {
    const form = new FormData();
    files.forEach((f) => form.append("photos", f, f.name));
    form.append("mode", document.querySelector('input[name="mode"]:checked').value);
    $("start").disabled = true;
    $("photos").replaceChildren();
    cards.length = 0;
    $("progress-panel").hidden = false;
    $("zip").hidden = true;
    $("overall").value = 0;
    $("overall-text").textContent = "Uploading…";
    const response = await fetch("/api/v1/jobs", { method: "POST", headers: auth, body: form });
    const body = await response.json();
    if (!response.ok) {
      $("overall-text").textContent = "Refused: " + body.error;
      $("start").disabled = false;
      return;
    }
    job = body;
    files.forEach((f, i) => cards.push(card(f, i)));
    $("cancel").disabled = false;
    polling = setInterval(poll, 500);
  }

  async function cancel() {
    if (!job) return;
    $("cancel").disabled = true;
    await fetch("/api/v1/jobs/" + job.id, { method: "DELETE", headers: auth });
  }

  async function poll() {
    const response = await fetch("/api/v1/jobs/" + job.id, { headers: auth });
    if (!response.ok) { stop("The job is gone (" + response.status + ")."); return; }
    const s = await response.json();
    $("overall").value = s.fraction;
    const pct = Math.round(100 * s.fraction) + "%";
    if (s.state === "queued") $("overall-text").textContent = "Waiting for the photos before these…";
    else if (s.state === "running") $("overall-text").textContent = pct + " done" +
      (s.etaSeconds == null ? ", estimating the time left…" : ", about " + time(s.etaSeconds) + " left");
    s.photos.forEach((p, i) => update(cards[i], p));
    if (s.state === "done") {
      const ok = s.photos.filter((p) => p.output).length;
      stop("Done in " + time(s.elapsedSeconds) + ": " + ok + " of " + s.photos.length + " photos ready.");
      $("zip").hidden = ok === 0;
    } else if (s.state === "cancelled" || s.state === "failed") {
      stop((s.state === "cancelled" ? "Cancelled." : "Failed: " + s.error));
    }
  }

  function stop(text) {
    clearInterval(polling);
    $("overall-text").textContent = text;
    $("cancel").disabled = true;
    $("start").disabled = files.length === 0;
  }

  function time(seconds) {
    return seconds < 60 ? Math.max(1, Math.round(seconds)) + " s" : Math.round(seconds / 60) + " min";
  }

  function card(file, index) {
    const node = $("photo-template").content.firstElementChild.cloneNode(true);
    node.querySelector(".name").textContent = file.name;
    node.querySelector(".bar").setAttribute("aria-label", "Progress of " + file.name);
    node.querySelector(".slider").setAttribute("aria-label", "Before and after divider for " + file.name);
    $("photos").append(node);
    return { node, file, index, shown: false };
  }

  function update(c, p) {
    c.node.querySelector(".bar").value = p.fraction;
    const status = c.node.querySelector(".status");
    if (!p.report) {
      status.textContent = p.fraction > 0 ? Math.round(100 * p.fraction) + "%" : "Waiting…";
      return;
    }
    if (c.shown) return;
    c.shown = true;
    const r = p.report;
    status.textContent = label(r.status) + " (" + r.seconds.toFixed(1) + " s)";
    if (r.status === "failed") {
      status.textContent = "Failed: " + r.error;
      status.classList.add("failed");
      return;
    }
    show(c, p);
  }

  function label(status) {
    return { "cloaked": "Cloaked: every face protected", "partly-protected": "Partly protected",
      "no-face": "No face found" }[status] || status;
  }

  async function show(c, p) {
    const result = c.node.querySelector(".result");
    const r = p.report;
    const note = c.node.querySelector(".note");
    if (r.status === "no-face") {
      note.textContent = "No face was found in this photo, so nothing was cloaked; the copy only drops the private metadata.";
      note.hidden = false;
    } else if (r.status === "partly-protected") {
      note.textContent = "Some faces could not be protected (see the table).";
      note.hidden = false;
    }
    const tbody = c.node.querySelector(".faces tbody");
    r.faces.forEach((f, i) => {
      const tr = document.createElement("tr");
      [String(i + 1), f.status, f.visibility.deltaEP95.toFixed(2), f.visibility.worstRegionDssim.toFixed(4)]
        .forEach((v) => { const td = document.createElement("td"); td.textContent = v; tr.append(td); });
      tbody.append(tr);
    });
    c.node.querySelector(".faces").hidden = r.faces.length === 0;
    const blob = await (await fetch("/api/v1/jobs/" + job.id + "/photos/" + p.index, { headers: auth })).blob();
    const after = URL.createObjectURL(blob);
    const link = c.node.querySelector(".download");
    link.href = after;
    link.download = p.output;
    link.textContent = "Download " + p.output;
    const before = c.node.querySelector(".before");
    const afterImg = c.node.querySelector(".after");
    before.src = URL.createObjectURL(c.file);
    afterImg.src = after;
    c.node.querySelector(".view").setAttribute("aria-label", "Original and cloaked " + c.file.name + ", side by side");
    await Promise.all([before.decode(), afterImg.decode()]);
    // 100% zoom, centred on the first face (or the photo's centre), never showing past its edges.
    const w = afterImg.naturalWidth, h = afterImg.naturalHeight;
    const face = r.faces[0];
    const cx = face ? face.box[0] + face.box[2] / 2 : w / 2, cy = face ? face.box[1] + face.box[3] / 2 : h / 2;
    const offset = (centre, size) => size <= VIEW ? (VIEW - size) / 2 : Math.min(0, Math.max(VIEW - size, VIEW / 2 - centre));
    c.left = Math.round(offset(cx, w));
    c.top = Math.round(offset(cy, h));
    for (const img of [before, afterImg]) { img.style.top = c.top + "px"; img.width = w; img.height = h; }
    before.style.left = c.left + "px";
    const slider = c.node.querySelector(".slider");
    const place = () => {
      const x = Math.round(VIEW * slider.value / 100);
      const clip = c.node.querySelector(".after-clip");
      clip.style.left = x + "px";
      afterImg.style.left = (c.left - x) + "px";
    };
    slider.addEventListener("input", place);
    place();
    const toggle = c.node.querySelector(".show-diff");
    toggle.addEventListener("change", () => {
      const canvas = c.node.querySelector(".diff");
      if (toggle.checked && !c.diffDrawn) { difference(canvas, before, afterImg, c); c.diffDrawn = true; }
      canvas.hidden = !toggle.checked;
    });
    result.hidden = false;
  }

  // |cloaked - original| times 10, of what the view shows.
  function difference(canvas, before, after, c) {
    canvas.width = VIEW;
    canvas.height = VIEW;
    const pixels = (img) => {
      const k = document.createElement("canvas");
      k.width = VIEW;
      k.height = VIEW;
      const g = k.getContext("2d");
      g.drawImage(img, c.left, c.top);
      return g.getImageData(0, 0, VIEW, VIEW);
    };
    const a = pixels(before), b = pixels(after);
    const out = canvas.getContext("2d").createImageData(VIEW, VIEW);
    for (let i = 0; i < out.data.length; i += 4) {
      for (let k = 0; k < 3; k++) out.data[i + k] = Math.min(255, 10 * Math.abs(a.data[i + k] - b.data[i + k]));
      out.data[i + 3] = 255;
    }
    canvas.getContext("2d").putImageData(out, 0, 0);
  }

  async function download(url, name) {
    const blob = await (await fetch(url, { headers: auth })).blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
  }
})();
