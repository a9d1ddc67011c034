// Parses Mermaid files with Mermaid's own parser (the one the live editor uses) and exits 1
// on the first that does not parse. Mermaid sanitises labels with DOMPurify, which needs a
// DOM, so a jsdom window stands in for the browser.
// Usage: node tests/tools/mermaid-parse.mjs FILE...
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  try {
    const result = await mermaid.parse(text);
    console.log(`${file}: ok (${result.diagramType})`);
  } catch (e) {
    failed++;
    console.error(`${file}: ${e.message ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
