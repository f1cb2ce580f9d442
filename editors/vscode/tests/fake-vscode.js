// A stand-in for the `vscode` module, enough for the bundled client (out/extension.js)
// to activate, start `schemac lsp`, open documents and receive diagnostics, under plain
// Node. What the client shows the user is recorded in `fake.shown`; what it logs, in
// `fake.log`; the diagnostics it receives, in `fake.diagnostics`.
//
// The API the test cares about is written out; anything else the client touches is an
// inert stand-in (`inert`): callable, constructible, every property another stand-in,
// never a promise.

"use strict";

const { pathToFileURL, fileURLToPath } = require("node:url");

const inert = new Proxy(function () {}, {
  get: (_target, key) => (key === "then" || typeof key === "symbol" ? undefined : inert),
  apply: () => inert,
  construct: () => inert,
});

class Disposable {
  constructor(callOnDispose) {
    this.callOnDispose = callOnDispose;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((item) => item && item.dispose && item.dispose()));
  }
  dispose() {
    if (this.callOnDispose) this.callOnDispose();
    this.callOnDispose = undefined;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener, thisArg) => {
      const bound = listener.bind(thisArg);
      this.listeners.add(bound);
      return new Disposable(() => this.listeners.delete(bound));
    };
  }
  fire(value) {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

const never = new EventEmitter().event;

/** `namespace`, where anything it does not define is an event that never fires
 * (`onDid...`, `onWill...`) or, otherwise, `otherwise`. */
function partly(namespace, otherwise = inert) {
  const event = (key) => typeof key === "string" && /^on(Did|Will)[A-Z]/.test(key);
  return new Proxy(namespace, {
    get: (target, key) => (key in target ? target[key] : event(key) ? never : otherwise),
  });
}

class Uri {
  constructor(scheme, path) {
    this.scheme = scheme;
    this.path = path;
    this.authority = "";
    this.query = "";
    this.fragment = "";
  }
  static parse(value) {
    const url = new URL(value);
    return new Uri(url.protocol.slice(0, -1), decodeURIComponent(url.pathname));
  }
  static file(path) {
    return new Uri("file", fileURLToPath(pathToFileURL(path)));
  }
  get fsPath() {
    return this.path;
  }
  with(change) {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
  }
  toString() {
    return this.scheme === "file" ? pathToFileURL(this.path).href : `${this.scheme}:${this.path}`;
  }
  toJSON() {
    return this.toString();
  }
}

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}

class Range {
  constructor(start, end, endLine, endCharacter) {
    if (typeof start === "number") {
      [start, end] = [new Position(start, end), new Position(endLine, endCharacter)];
    }
    this.start = start;
    this.end = end;
  }
}

class Diagnostic {
  constructor(range, message, severity) {
    this.range = range;
    this.message = message;
    this.severity = severity;
  }
}

class Location {
  constructor(uri, range) {
    this.uri = uri;
    this.range = range;
  }
}

class DiagnosticRelatedInformation {
  constructor(location, message) {
    this.location = location;
    this.message = message;
  }
}

class CancellationTokenSource {
  constructor() {
    const changed = new EventEmitter();
    this.token = { isCancellationRequested: false, onCancellationRequested: changed.event };
    this.changed = changed;
  }
  cancel() {
    if (!this.token.isCancellationRequested) {
      this.token.isCancellationRequested = true;
      this.changed.fire(undefined);
    }
  }
  dispose() {
    this.changed.dispose();
  }
}

class CancellationError extends Error {}

const LogLevel = { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 };

function create({ settings = {}, folder, documents = [], trace = false }) {
  const fake = { shown: [], log: [], diagnostics: {}, commands: [] };
  const configurationChanged = new EventEmitter();
  /** Settings changed, as by the user: `onDidChangeConfiguration` fires. */
  fake.changeSettings = (changed) => {
    Object.assign(settings, changed);
    const keys = Object.keys(changed);
    configurationChanged.fire({
      affectsConfiguration: (section) =>
        keys.some((key) => key === section || key.startsWith(`${section}.`)),
    });
  };

  const configuration = (section) => ({
    get: (key, fallback) => {
      const value = settings[section ? `${section}.${key}` : key];
      return value === undefined ? fallback : value;
    },
    has: (key) => settings[section ? `${section}.${key}` : key] !== undefined,
    inspect: () => undefined,
    update: async () => undefined,
  });

  const textDocuments = documents.map(({ path, text }) => ({
    uri: Uri.file(path),
    fileName: path,
    languageId: "schema",
    version: 1,
    isClosed: false,
    isDirty: false,
    isUntitled: false,
    lineCount: text.split("\n").length,
    getText: () => text,
  }));

  const show = (kind) => async (message) => {
    fake.shown.push({ kind, message });
    return undefined;
  };

  const channel = (name) => {
    const write = (level) => (message) => fake.log.push(`[${name} ${level}] ${message}`);
    return {
      name,
      logLevel: trace ? LogLevel.Trace : LogLevel.Info,
      onDidChangeLogLevel: never,
      trace: write("trace"),
      debug: write("debug"),
      info: write("info"),
      warn: write("warn"),
      error: write("error"),
      append: write("out"),
      appendLine: write("out"),
      replace: write("out"),
      clear() {},
      show() {},
      hide() {},
      dispose() {},
    };
  };

  const match = (selector, document) =>
    [].concat(selector).some((filter) =>
      typeof filter === "string"
        ? filter === document.languageId
        : (!filter.language || filter.language === document.languageId) &&
          (!filter.scheme || filter.scheme === document.uri.scheme),
    )
      ? 10
      : 0;

  const diagnosticCollection = (name) => ({
    name,
    set(uri, diagnostics) {
      if (Array.isArray(uri)) {
        for (const [one, list] of uri) this.set(one, list);
        return;
      }
      fake.diagnostics[uri.toString()] = (diagnostics || []).map((d) => ({
        line: d.range.start.line,
        severity: d.severity,
        code: typeof d.code === "object" && d.code ? d.code.value : d.code,
        message: d.message,
      }));
    },
    delete(uri) {
      delete fake.diagnostics[uri.toString()];
    },
    clear() {},
    forEach() {},
    get: () => undefined,
    has: () => false,
    dispose() {},
  });

  const watcher = () => ({
    onDidCreate: never,
    onDidChange: never,
    onDidDelete: never,
    ignoreCreateEvents: false,
    ignoreChangeEvents: false,
    ignoreDeleteEvents: false,
    dispose() {},
  });

  const vscode = partly({
    version: "1.91.0",
    Disposable,
    EventEmitter,
    CancellationTokenSource,
    CancellationError,
    Uri,
    Position,
    Range,
    Diagnostic,
    DiagnosticRelatedInformation,
    Location,
    LogLevel,
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    DiagnosticTag: { Unnecessary: 1, Deprecated: 2 },
    env: { language: "en", appName: "fake", machineId: "fake", remoteName: undefined },
    workspace: partly({
      workspaceFolders: folder ? [{ uri: Uri.file(folder), name: "w", index: 0 }] : undefined,
      textDocuments,
      notebookDocuments: [],
      getConfiguration: configuration,
      getWorkspaceFolder: () => undefined,
      createFileSystemWatcher: watcher,
      onDidChangeConfiguration: configurationChanged.event,
    }),
    window: partly({
      createOutputChannel: channel,
      showWarningMessage: show("warning"),
      showErrorMessage: show("error"),
      showInformationMessage: show("information"),
      visibleTextEditors: [],
      activeTextEditor: undefined,
      tabGroups: partly({ all: [] }),
    }),
    // registerHoverProvider(...) and the like: the client's features register them.
    languages: partly(
      { match, createDiagnosticCollection: diagnosticCollection },
      () => new Disposable(),
    ),
    commands: {
      registerCommand(command) {
        fake.commands.push(command);
        return new Disposable();
      },
      executeCommand: async () => undefined,
    },
  });
  return { vscode, fake };
}

module.exports = { create };
