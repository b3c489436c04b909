// The worker that runs the checker: wasm-bindgen's glue (above, which defines
// `wasm_bindgen`) and this. The page sends the compiled module once, then files
// to check; a long check never freezes the page, and a panic ends only this
// worker (the page starts another).
"use strict";
var ready = null;
var memory = null;
self.ylcheckPanic = function (message) {
  self.postMessage({ type: "panic", message: String(message) });
};
self.onmessage = function (event) {
  var msg = event.data;
  if (msg.type === "init") {
    ready = wasm_bindgen({ module_or_path: msg.module }).then(function (exports) {
      memory = exports.memory;
      wasm_bindgen.install_panic_hook();
      self.postMessage({
        type: "ready",
        version: wasm_bindgen.version(),
        regions: wasm_bindgen.regions()
      });
    });
    ready.catch(function (e) {
      self.postMessage({ type: "panic", message: String(e) });
    });
    return;
  }
  ready.then(function () {
    if (msg.type === "hint") {
      self.postMessage({ type: "hint", id: msg.id, text: wasm_bindgen.region_hint(msg.name, msg.lang) });
    } else if (msg.type === "check") {
      var start = performance.now();
      var inputs = new wasm_bindgen.Inputs();
      msg.files.forEach(function (f) {
        inputs.add(f.name, new Uint8Array(f.bytes));
      });
      var out = inputs.check(msg.region, msg.asOf, msg.lang);
      var ms = performance.now() - start;
      var errors = out.errors;
      var result = {
        type: "result", id: msg.id, exitCode: out.exit_code, errors: errors, ms: ms,
        // The module's memory only grows: its size is the check's peak.
        memory: memory ? memory.buffer.byteLength : 0
      };
      if (!errors.length) {
        // As blobs: the page links and shows them without holding them as text.
        result.summary = JSON.parse(out.summary);
        result.json = new Blob([out.take_json()], { type: "application/json" });
        result.html = new Blob([out.take_html()], { type: "text/html;charset=utf-8" });
      }
      out.free();
      inputs.free();
      self.postMessage(result);
    }
  }).catch(function (e) {
    // A trap: a panic the hook already reported, or memory run out (the module
    // cannot grow past 4 GiB), which the page tells by the memory's size.
    self.postMessage({
      type: "panic",
      message: String(e),
      memory: memory ? memory.buffer.byteLength : 0
    });
  });
};
