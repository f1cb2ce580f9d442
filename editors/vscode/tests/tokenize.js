#!/usr/bin/env node
// Tokenizes .schema text with this extension's TextMate grammar, using vscode-textmate and
// vscode-oniguruma: the engine VS Code itself runs. The Python tests (tests/editors/) read
// the JSON it prints.
//
//   node tests/tokenize.js FILE...     tokens of each file
//   node tests/tokenize.js -           tokens of each string of a JSON array read from stdin
//
// Output: {"scopes": [...], "files": [[line, ...], ...]}; a line is a list of tokens
// [start, end, scopesIndex] (UTF-16 offsets), scopes[scopesIndex] the token's scope stack
// joined by spaces. SQL heredocs embed source.sql, VS Code's built-in SQL grammar; an
// empty stand-in (tests/grammars/source.sql.json) takes its place here.
'use strict';

const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMARS = {
  'source.schema': path.join(__dirname, '..', 'syntaxes', 'schema.tmLanguage.json'),
  'source.sql': path.join(__dirname, 'grammars', 'source.sql.json'),
};

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = GRAMMARS[scopeName];
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
  });
  return registry.loadGrammar('source.schema');
}

function tokenize(grammar, text, scopes, index) {
  const lines = text.split(/\r?\n/);
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token) => {
      const key = token.scopes.join(' ');
      let i = index.get(key);
      if (i === undefined) {
        i = scopes.length;
        scopes.push(key);
        index.set(key, i);
      }
      return [token.startIndex, Math.min(token.endIndex, line.length), i];
    });
  });
}

async function main(args) {
  const grammar = await loadGrammar();
  const texts = args.length === 1 && args[0] === '-'
    ? JSON.parse(fs.readFileSync(0, 'utf8'))
    : args.map((file) => fs.readFileSync(file, 'utf8'));
  const scopes = [];
  const index = new Map();
  const files = texts.map((text) => tokenize(grammar, text, scopes, index));
  process.stdout.write(JSON.stringify({ scopes, files }));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
