// Parses Mermaid files with Mermaid's own parser (the one its renderer uses) and exits 1 if
// any does not parse. Mermaid sanitises labels with DOMPurify, which needs a DOM, so a
// jsdom window stands in for the browser.
//
// Usage: node tests/tools/mermaid-parse.mjs [--summary] FILE...
// With --summary, prints one JSON line per file with what the flowchart holds after
// parsing (labels with Mermaid's entity codes decoded), so a test can compare structure:
// {"file", "title", "vertices": [{"id", "text"}], "edges": [{"from", "to", "text", "stroke", "type"}],
//  "subgraphs": [{"id", "title", "nodes"}]}
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

// Mermaid keeps `#name;` / `#123;` codes as placeholders until it renders; undo both.
const named = { quot: '"', amp: '&', lt: '<', gt: '>', nbsp: '\u00a0' };
// Line breaks first: a `<br>` that came from `#lt;br#gt;` is text, not a break.
const decode = (s) =>
  String(s ?? '')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/ﬂ°°(\d+)¶ß/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/ﬂ°(\w+)¶ß/g, (m, n) => named[n] ?? m);

const summary = process.argv[2] === '--summary';
const files = process.argv.slice(summary ? 3 : 2);
let failed = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  try {
    const result = await mermaid.parse(text);
    if (!summary) {
      console.log(`${file}: ok (${result.diagramType})`);
      continue;
    }
    // mermaid.render takes the front matter title to the diagram as metadata, where the
    // diagram sanitises it; zukai writes it as a JSON string, so it is read as one here and
    // handed over the same way.
    const front = text.match(/^---\ntitle: (.*)\n---\n/);
    const metadata = front ? { title: JSON.parse(front[1]) } : {};
    const { db } = await mermaid.mermaidAPI.getDiagramFromText(text, metadata);
    const subgraphs = db.getSubGraphs().map((s) => ({ id: s.id, title: decode(s.title), nodes: s.nodes }));
    const sgIds = new Set(subgraphs.map((s) => s.id));
    const vertices = [...db.getVertices().values()]
      .filter((v) => !sgIds.has(v.id))
      .map((v) => ({ id: v.id, text: decode(v.text), type: v.type ?? null }));
    const edges = db.getEdges().map((e) => ({
      from: e.start, to: e.end, text: decode(e.text), stroke: e.stroke, type: e.type,
    }));
    const title = db.getDiagramTitle?.() ?? '';
    console.log(JSON.stringify({ file, title, vertices, edges, subgraphs }));
  } catch (e) {
    failed++;
    console.error(`${file}: ${e.message ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
