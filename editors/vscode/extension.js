// Starts `mutua lsp` for rule files and the scheme files under a `schemes/` folder.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate() {
  const config = vscode.workspace.getConfiguration('mutua');
  const command = config.get('path') || 'mutua';
  const language = config.get('language');
  client = new LanguageClient(
    'mutua',
    'mutua',
    { command, args: ['lsp'] },
    {
      documentSelector: [
        { scheme: 'file', language: 'mutua-rules' },
        { scheme: 'file', language: 'yaml', pattern: '**/schemes/**/*.{yaml,yml}' },
      ],
      initializationOptions: language ? { language } : {},
    },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
