// Runs the bundled client (out/extension.js) under plain Node against a stand-in for the
// `vscode` module (fake-vscode.js): activate, wait, deactivate, and print what happened
// as JSON. The scenario comes as JSON on the command line:
//
//   {"settings": {"schemac.server.path": "..."}, "folder": "/abs", "documents":
//    [{"path": "/abs/a.schema", "text": "..."}], "waitFor": "diagnostics" | "message" | null,
//    "timeout": ms, "trace": false, "entry": "/abs/extension.js" (default: the manifest's main),
//    "change": {"settings": {...}, "waitFor": ...}}
//
// `change`: once the first wait is over, the settings change (onDidChangeConfiguration).
//
// Used by tests/editors/test_vscode_client.py.

"use strict";

const Module = require("node:module");
const path = require("node:path");
const { create } = require("./fake-vscode");

const scenario = JSON.parse(process.argv[2] || "{}");
const { vscode, fake } = create(scenario);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "vscode" ? "vscode" : resolveFilename.call(this, request, ...rest);
};
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: vscode };

const unhandled = [];
process.on("unhandledRejection", (reason) => unhandled.push(String(reason)));

/** Waits for the diagnostics or the message `what` names (or not at all), then a little. */
async function settle(what, timeout = 20000) {
  const done = {
    diagnostics: () => Object.values(fake.diagnostics).some((list) => list.length),
    message: () => fake.shown.length > 0,
  }[what];
  const deadline = Date.now() + timeout;
  while (done && !done() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300)); // anything shown late
}

async function main() {
  const entry = scenario.entry || path.join(__dirname, "..", require("../package.json").main);
  const extension = require(entry);
  const context = { subscriptions: [], extensionPath: path.dirname(entry) };
  let activated = false;
  let error = null;
  try {
    await extension.activate(context);
    activated = true;
    await settle(scenario.waitFor, scenario.timeout);
    if (scenario.change) {
      fake.changeSettings(scenario.change.settings);
      await settle(scenario.change.waitFor, scenario.timeout);
    }
    await extension.deactivate();
  } catch (caught) {
    error = String(caught && caught.stack ? caught.stack : caught);
  }
  for (const item of context.subscriptions) item.dispose();
  const report = { activated, error, unhandled, ...fake, changeSettings: undefined };
  process.stdout.write(JSON.stringify(report) + "\n");
}

setTimeout(() => {
  const report = { activated: false, error: "timed out", ...fake, changeSettings: undefined };
  process.stdout.write(JSON.stringify(report) + "\n");
  process.exit(1);
}, 2 * (scenario.timeout || 20000) + 30000).unref();

main().then(() => setTimeout(() => process.exit(0), 100).unref());
