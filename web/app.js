// ylcheck.html: pick files, a region and a date; the checker (WebAssembly, in a
// worker) returns the reports `ylcheck check --format json|html` would write.
// Nothing is sent anywhere: the page's Content-Security-Policy allows no
// connection, and files are read from the disk by the browser alone.
(function () {
  "use strict";
  var T = {
    zh: {
      title: "ylcheck 养老规划数据检查",
      lead: "在本机浏览器中检查，文件不会离开这台电脑。",
      files: "输入文件",
      drop: "把文件拖到这里，或点击选择（可多选）：Excel（.xlsx）、CSV（UTF-8 或 GBK）、TOML 规划、GeoJSON 地图",
      pick: "选择文件",
      clear: "清空文件",
      remove: "移除",
      settings: "检查设置",
      region: "地区",
      regionPh: "不填则按每条记录自己的地区",
      asOf: "检查日期",
      run: "检查",
      loading: "正在加载检查程序…",
      ready: "请选择要检查的文件。",
      readyFiles: "已选择 {n} 个文件，点击“检查”。",
      reading: "正在读取文件…",
      checking: "正在检查…",
      dlJson: "下载 JSON 报告",
      dlHtml: "下载 HTML 报告",
      frame: "检查报告",
      show: "在此显示报告（{mb} MB，浏览器可能需要几分钟）",
      summary: "检查日期 {as_of}：{records} 条记录，{checks} 项检查，通过 {passed}，不符合 {failed}，无法判断 {unknown}（错误 {errors}，警告 {warnings}）",
      pass: "通过（没有错误）",
      fail: "不通过",
      stopped: "检查未能进行，请修正以下问题：",
      took: "用时 {s} 秒",
      noFiles: "请先选择至少一个文件。",
      tooLarge: "`{name}` 超过 1 GiB 的上限，请按地区拆分文件后分别检查",
      readError: "`{name}`：无法读取（{e}）",
      internal: "检查程序内部出错，已重新启动，请再试一次：{e}",
      outOfMemory: "输入太大，超出了网页可用的内存（4 GB）；请用命令行 ylcheck 检查，或按地区拆分文件后分别检查",
      badDate: "检查日期无效，请写作 YYYY-MM-DD"
    },
    en: {
      title: "ylcheck: elder-care planning data check",
      lead: "Checked in this browser: the files never leave this computer.",
      files: "Input files",
      drop: "Drop files here, or click to choose (several at once): Excel (.xlsx), CSV (UTF-8 or GBK), TOML plans, GeoJSON maps",
      pick: "Choose files",
      clear: "Remove all",
      remove: "remove",
      settings: "Settings",
      region: "Region",
      regionPh: "none: each record by its own place",
      asOf: "As of",
      run: "Check",
      loading: "Loading the checker…",
      ready: "Choose the files to check.",
      readyFiles: "{n} files chosen: press Check.",
      reading: "Reading the files…",
      checking: "Checking…",
      dlJson: "Download the JSON report",
      dlHtml: "Download the HTML report",
      frame: "Report",
      show: "Show the report here ({mb} MB: the browser may take minutes)",
      summary: "as of {as_of}: {records} records, {checks} checks, {passed} passed, {failed} failed, {unknown} unknown ({errors} errors, {warnings} warnings)",
      pass: "Passed (no errors)",
      fail: "Failed",
      stopped: "The check could not run; fix these first:",
      took: "{s} s",
      noFiles: "Choose at least one file first.",
      tooLarge: "`{name}` is larger than the 1 GiB limit; split the file by region and check the parts",
      readError: "`{name}`: cannot be read ({e})",
      internal: "The checker failed inside and was restarted; please try again: {e}",
      outOfMemory: "the input is too large for the page's memory (4 GB): check it with the ylcheck command line, or split the file by region and check the parts",
      badDate: "The date is not valid; write YYYY-MM-DD"
    }
  };
  var MAX_INPUT = 1024 * 1024 * 1024;
  var SHOW_UP_TO = 16 * 1024 * 1024;
  var RESTART_OVER = 256 * 1024 * 1024;
  var OUT_OF_MEMORY = 3 * 1024 * 1024 * 1024;
  var lang = "zh";
  var files = [];
  var worker = null;
  var workerUrl = null;
  var module = null;
  var isReady = false;
  var busy = false;
  var nextId = 1;
  var hintId = 0;
  var last = null; // the last outcome shown, for the status line in either language
  var urls = [];
  var runs = 0;
  var pending = null; // the check under way: its date and language
  var rerun = false; // check again once the worker is ready
  var $ = function (id) { return document.getElementById(id); };

  function t(key, vars) {
    var s = T[lang][key];
    Object.keys(vars || {}).forEach(function (k) {
      s = s.split("{" + k + "}").join(String(vars[k]));
    });
    return s;
  }

  function setStatus(text, cls) {
    var el = $("status");
    el.textContent = text;
    el.className = cls || "";
  }

  function applyLang() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = t("title");
    document.querySelectorAll("[data-t]").forEach(function (el) {
      el.textContent = t(el.getAttribute("data-t"));
    });
    document.querySelectorAll("[data-tp]").forEach(function (el) {
      el.placeholder = t(el.getAttribute("data-tp"));
    });
    $("report-frame").title = t("frame");
    $("lang-zh").setAttribute("aria-pressed", String(lang === "zh"));
    $("lang-en").setAttribute("aria-pressed", String(lang === "en"));
    renderFiles();
    idleStatus();
  }

  function idleStatus() {
    if (busy) return;
    if (!isReady) { setStatus(t("loading")); return; }
    if (last) { showOutcome(last); return; }
    setStatus(files.length ? t("readyFiles", { n: files.length }) : t("ready"));
  }

  function size(n) {
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + " KiB";
    return (n / 1024 / 1024).toFixed(1) + " MiB";
  }

  function renderFiles() {
    var list = $("file-list");
    list.textContent = "";
    files.forEach(function (f, i) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = f.name;
      var sz = document.createElement("span");
      sz.className = "small";
      sz.textContent = size(f.size);
      var rm = document.createElement("button");
      rm.type = "button";
      rm.textContent = t("remove");
      rm.addEventListener("click", function () {
        files.splice(i, 1);
        changed();
      });
      li.appendChild(name);
      li.appendChild(sz);
      li.appendChild(rm);
      list.appendChild(li);
    });
    $("clear-files").hidden = files.length === 0;
    $("run").disabled = !isReady || busy || files.length === 0;
  }

  function changed() {
    last = null;
    renderFiles();
    idleStatus();
  }

  function addFiles(list) {
    Array.prototype.forEach.call(list, function (f) { files.push(f); });
    changed();
  }

  function todayInChina() {
    // The documents' deadlines are days in China (UTC+8), as the command line has it.
    return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }

  function revoke() {
    urls.forEach(function (u) { URL.revokeObjectURL(u); });
    urls = [];
  }

  function blobUrl(blob) {
    var u = URL.createObjectURL(blob);
    urls.push(u);
    return u;
  }

  // A new frame for every report: reusing one races its navigations.
  function newFrame(src) {
    var old = $("report-frame");
    var frame = document.createElement("iframe");
    frame.id = "report-frame";
    frame.title = t("frame");
    if (src) frame.src = src;
    old.parentNode.replaceChild(frame, old);
  }

  function showReport(o) {
    $("show-report").hidden = true;
    $("report").hidden = false;
    newFrame(blobUrl(o.html));
  }

  function showErrors(lines) {
    var pre = $("errors");
    // Each is drawn as the terminal draws it, ending in a newline.
    pre.textContent = lines.join("");
    pre.hidden = lines.length === 0;
  }

  function showOutcome(o) {
    if (o.internal) {
      setStatus(o.oom ? t("outOfMemory") : t("internal", { e: o.internal }), "fail");
      return;
    }
    if (o.errors.length) {
      setStatus(t("stopped"), "fail");
      return;
    }
    var s = o.summary;
    var line = t("summary", {
      as_of: o.asOf, records: s.records, checks: s.checks, passed: s.passed, failed: s.failed,
      unknown: s.unknown, errors: s.errors, warnings: s.warnings
    });
    var verdict = o.exitCode === 0 ? t("pass") : t("fail");
    setStatus(verdict + " — " + line + " · " + t("took", { s: o.ms < 10 ? "< 0.01" : (o.ms / 1000).toFixed(2) }),
      o.exitCode === 0 ? "pass" : "fail");
    $("show-report").textContent = t("show", { mb: (o.html.size / 1024 / 1024).toFixed(0) });
  }

  function finish(o) {
    busy = false;
    revoke();
    last = o;
    var ok = !o.internal && o.errors.length === 0;
    showErrors(o.internal ? [] : o.errors);
    $("downloads").hidden = !ok;
    $("report").hidden = true;
    $("show-report").hidden = true;
    newFrame(null);
    if (ok) {
      $("dl-json").href = blobUrl(o.json);
      $("dl-html").href = blobUrl(o.html);
      // A browser takes minutes to lay out a report of a hundred thousand
      // findings: such a one is shown when asked for, and can be downloaded.
      if (o.html.size <= SHOW_UP_TO) showReport(o);
      else $("show-report").hidden = false;
    }
    showOutcome(o);
    renderFiles();
    runs += 1;
    document.documentElement.setAttribute("data-runs", String(runs));
    document.documentElement.setAttribute("data-check-ms", String(Math.round(o.ms || 0)));
    document.documentElement.setAttribute("data-memory", String(o.memory || 0));
    document.documentElement.setAttribute("data-state", ok ? "done" : "stopped");
  }

  function startWorker() {
    isReady = false;
    var src = $("worker-src").textContent;
    var url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
    worker = new Worker(url);
    workerUrl = url; // revoked once the worker is ready
    worker.onmessage = onMessage;
    worker.onerror = function (e) {
      e.preventDefault();
      crashed(e.message || "worker error");
    };
    worker.postMessage({ type: "init", module: module });
  }

  // Ends the worker and starts another: after a panic or a trap (`message`;
  // `oom` when the module's memory ran out), or to free a large check's memory
  // (no message).
  function crashed(message, oom) {
    if (worker) worker.terminate();
    worker = null;
    if (!isReady && message !== null) {
      // It never started: starting it again would fail again.
      busy = false;
      setStatus(t("internal", { e: message }), "fail");
      return;
    }
    var wasBusy = busy;
    startWorker();
    if (message === null) return;
    if (wasBusy) finish({ internal: message, oom: oom, errors: [] });
    else setStatus(t("internal", { e: message }), "fail");
  }

  function onMessage(event) {
    var msg = event.data;
    if (msg.type === "ready") {
      isReady = true;
      URL.revokeObjectURL(workerUrl);
      var dl = $("region-names");
      if (!dl.firstChild) {
        msg.regions.forEach(function (r) {
          var o = document.createElement("option");
          o.value = r;
          dl.appendChild(o);
        });
      }
      renderFiles();
      idleStatus();
      hint();
      if (!runs) document.documentElement.setAttribute("data-state", "ready");
      if (rerun) {
        rerun = false;
        run();
      }
    } else if (msg.type === "hint") {
      if (msg.id !== hintId) return;
      var h = $("region-hint");
      h.textContent = msg.text;
      h.hidden = !msg.text;
    } else if (msg.type === "result") {
      finish({
        json: msg.json, html: msg.html, summary: msg.summary, exitCode: msg.exitCode,
        errors: msg.errors, ms: msg.ms, memory: msg.memory, asOf: pending.asOf
      });
      // A large check leaves the worker's memory grown (it never shrinks): the
      // memory is given back by starting afresh.
      if (msg.memory > RESTART_OVER) crashed(null);
      // The language was switched during the check: check again in it (once the
      // worker is ready, if it was started afresh).
      if (pending.lang !== lang) {
        if (isReady) run();
        else rerun = true;
      }
    } else if (msg.type === "panic") {
      // Near the module's 4 GiB, a trap is memory run out.
      crashed(msg.message, msg.memory > OUT_OF_MEMORY);
    }
  }

  function hint() {
    if (!isReady) return;
    hintId += 1;
    var name = $("region").value.trim();
    if (!name) {
      $("region-hint").hidden = true;
      return;
    }
    worker.postMessage({ type: "hint", id: hintId, name: name, lang: lang });
  }

  function readAll() {
    return Promise.all(files.map(function (f) {
      if (f.size > MAX_INPUT) return Promise.reject(t("tooLarge", { name: f.name }));
      return f.arrayBuffer().then(function (b) {
        return { name: f.name, bytes: b };
      }, function (e) {
        return Promise.reject(t("readError", { name: f.name, e: e && e.message ? e.message : e }));
      });
    }));
  }

  function run() {
    if (busy || !isReady) return;
    if (!files.length) { setStatus(t("noFiles"), "fail"); return; }
    var asOf = $("as-of").value || todayInChina();
    busy = true;
    renderFiles();
    document.documentElement.setAttribute("data-state", "checking");
    setStatus(t("reading"));
    readAll().then(function (read) {
      setStatus(t("checking"));
      pending = { asOf: asOf, lang: lang };
      worker.postMessage({
        type: "check", id: nextId++, files: read, region: $("region").value,
        asOf: asOf, lang: lang
      }, read.map(function (r) { return r.bytes; }));
    }, function (message) {
      finish({ errors: [String(message) + "\n"] });
    });
  }

  function setLang(l) {
    if (l === lang) return;
    lang = l;
    applyLang();
    hint();
    // The reports are written in one language: check again in the other.
    if (last && !busy && files.length) run();
  }

  function decode(b64) {
    var bin = atob(b64.replace(/\s+/g, ""));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  $("lang-zh").addEventListener("click", function () { setLang("zh"); });
  $("lang-en").addEventListener("click", function () { setLang("en"); });
  $("file-input").addEventListener("change", function (e) {
    addFiles(e.target.files);
    e.target.value = "";
  });
  $("clear-files").addEventListener("click", function () {
    files = [];
    changed();
  });
  var drop = $("drop");
  ["dragenter", "dragover"].forEach(function (name) {
    document.addEventListener(name, function (e) {
      e.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    document.addEventListener(name, function (e) {
      e.preventDefault();
      drop.classList.remove("over");
    });
  });
  document.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
  });
  var hintTimer = null;
  $("region").addEventListener("input", function () {
    clearTimeout(hintTimer);
    hintTimer = setTimeout(hint, 150);
  });
  $("run").addEventListener("click", run);
  $("show-report").addEventListener("click", function () {
    if (last && last.html) showReport(last);
  });
  $("as-of").value = todayInChina();
  applyLang();
  var wasm = $("wasm");
  var bytes = decode(wasm.textContent);
  wasm.parentNode.removeChild(wasm);
  WebAssembly.compile(bytes).then(function (m) {
    module = m;
    startWorker();
  }, function (e) {
    setStatus(t("internal", { e: e }), "fail");
  });
})();
