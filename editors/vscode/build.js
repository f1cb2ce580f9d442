// Bundles the language client (src/extension.ts and vscode-languageclient) into
// out/extension.js with esbuild, and the licences of the packages bundled into
// out/THIRD_PARTY_NOTICES.txt. `npm run bundle`; `vsce package` runs it (vscode:prepublish).

"use strict";

const esbuild = require("esbuild");
const fs = require("node:fs");
const path = require("node:path");

async function main() {
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, "src", "extension.ts")],
    outfile: path.join(__dirname, "out", "extension.js"),
    bundle: true,
    external: ["vscode"],
    format: "cjs",
    platform: "node",
    target: "node20", // VS Code 1.91's extension host runs Node 20
    minify: true,
    keepNames: true, // readable stack traces in the output channel
    metafile: true,
    logLevel: "warning",
  });
  const packages = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const found = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (found) packages.add(path.resolve(__dirname, found[1]));
  }
  const notices = [...packages].sort().map((dir) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const file = fs.readdirSync(dir).find((name) => /^licen[cs]e/i.test(name));
    if (!file) throw new Error(`${manifest.name}: no licence file to bundle`);
    const text = fs.readFileSync(path.join(dir, file), "utf8").trim();
    return `${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}\n`;
  });
  fs.writeFileSync(
    path.join(__dirname, "out", "THIRD_PARTY_NOTICES.txt"),
    "out/extension.js contains the following packages.\n\n" + notices.join("\n---\n\n"),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
