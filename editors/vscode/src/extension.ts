// The language client: starts `schemac lsp` for `schema` documents.
//
// Highlighting, snippets and the language configuration are declarative and work without
// it. When the server cannot be started, one warning names the setting to fix; the
// extension itself never fails to activate.

import * as path from "node:path";
import * as vscode from "vscode";
import {
  CloseAction,
  type ErrorHandler,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

const SECTION = "schemac";
const NAME = "schemac language server";

/** Settings that need the server restarted when they change. */
const RESTART_ON = ["schemac.server", "schemac.schemaDirs"];

let client: SchemacClient | undefined;
let watcher: vscode.FileSystemWatcher | undefined;
let output: vscode.LogOutputChannel | undefined;
/** The last start or stop asked for (see `enqueue`). */
let queue: Promise<void> = Promise.resolve();

/**
 * While it starts, the client keeps its own error notifications to the output channel:
 * `start` reports the one failure (see `warn`). Once running, it behaves as usual.
 */
class SchemacClient extends LanguageClient {
  starting = true;

  override error(message: string, data?: unknown, notify: boolean | "force" = true): void {
    super.error(message, data, this.starting ? false : notify);
  }
}

export function activate(context: vscode.ExtensionContext): void {
  watcher = vscode.workspace.createFileSystemWatcher("**/*.schema");
  output = vscode.window.createOutputChannel(NAME, { log: true });
  context.subscriptions.push(
    watcher,
    output,
    vscode.commands.registerCommand("schemac.restartServer", () => restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_ON.some((section) => event.affectsConfiguration(section))) {
        void restart();
      }
    }),
  );
  // Not awaited: activation does not wait for the server (nor for a failure's warning).
  void enqueue(start);
}

export async function deactivate(): Promise<void> {
  await enqueue(stop);
}

function restart(): Promise<void> {
  return enqueue(async () => {
    await stop();
    await start();
  });
}

/** Runs starts and stops one after another; whatever goes wrong is logged, never thrown. */
function enqueue(step: () => Promise<void>): Promise<void> {
  queue = queue.then(step).catch((error: unknown) => output?.error(`${NAME}: ${String(error)}`));
  return queue;
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) {
    return;
  }
  try {
    await running.stop(2000);
  } catch {
    // A server that failed to start, or is already gone, has nothing left to stop.
  }
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  if (!config.get<boolean>("server.enabled", true)) {
    return;
  }
  const command = serverCommand(config.get<string>("server.path", "") || "schemac");
  const schemaDirs = config.get<string[]>("schemaDirs", []).filter((d) => typeof d === "string");
  const serverOptions: ServerOptions = {
    // No `transport`: the client would append `--stdio`; stdio is the server's default.
    command,
    args: ["lsp"],
    options: { cwd: workspaceRoot() },
  };
  // While it starts, a server that exits is a failed start (reported once, below), not a
  // crash to restart; once running, the default: restarted up to 4 times in 3 minutes.
  let fallback: ErrorHandler | undefined;
  const running = (): ErrorHandler => (fallback ??= created.createDefaultErrorHandler(4));
  const errorHandler: ErrorHandler = {
    error: (error, message, count) => running().error(error, message, count),
    closed: () =>
      created.starting ? { action: CloseAction.DoNotRestart, handled: true } : running().closed(),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "schema" },
      { scheme: "untitled", language: "schema" },
    ],
    synchronize: { fileEvents: watcher },
    outputChannel: output,
    // Relative folders are read from the (first) workspace folder by the server.
    initializationOptions: { schemaDirs },
    initializationFailedHandler: () => false,
    errorHandler,
  };
  const created = new SchemacClient(SECTION, NAME, serverOptions, clientOptions);
  client = created;
  try {
    await created.start();
    created.starting = false;
  } catch (error) {
    if (client === created) {
      client = undefined;
    }
    void warn(command, error); // not awaited: the next start or stop does not wait for the user
    try {
      await created.dispose(2000);
    } catch {
      // Nothing was running.
    }
  }
}

/** `schemac.server.path`: a bare name is looked up on PATH; a relative path is the workspace's. */
function serverCommand(setting: string): string {
  const root = workspaceRoot();
  if (root === undefined || path.isAbsolute(setting) || !/[\\/]/.test(setting)) {
    return setting;
  }
  return path.join(root, setting);
}

function workspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === "file" ? folder.uri.fsPath : undefined;
}

async function warn(command: string, error: unknown): Promise<void> {
  const missing = /ENOENT/.test(String(error));
  const why = missing
    ? `could not find \`${command}\``
    : `\`${command} lsp\` did not start (see Output › ${NAME})`;
  const choice = await vscode.window.showWarningMessage(
    `schemac: ${why}. Set \`schemac.server.path\` to the schemac executable, or turn the ` +
      "server off with `schemac.server.enabled`. Highlighting and snippets still work.",
    "Open Settings",
  );
  if (choice === "Open Settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "schemac.server");
  }
}
