// Renders Markdown as GitHub-flavoured Markdown (marked) and prints the tables it finds as
// JSON: [{"heading": "...", "header": [...], "rows": [[cell text, ...], ...]}]. Cell text
// is what a reader sees: HTML entities decoded, `<br>` as a newline. A test compares it
// with the inventory's values to prove that escaping kept every character.
// Usage: node tests/tools/markdown-cells.mjs FILE
import { readFileSync } from 'node:fs';
import { marked } from 'marked';

const entities = { quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'" };
const text = (tokens) =>
  tokens
    .map((t) => {
      switch (t.type) {
        case 'escape': return t.text;
        case 'br': return '\n';
        case 'html': return /^<br\s*\/?>$/i.test(t.text) ? '\n' : t.text;
        case 'text': return t.tokens ? text(t.tokens) : t.text;
        case 'codespan': return t.text;
        default: return t.tokens ? text(t.tokens) : t.raw;
      }
    })
    .join('')
    .replace(/&(quot|amp|lt|gt|#39);/g, (_, n) => entities[n]);

const tokens = marked.lexer(readFileSync(process.argv[2], 'utf8'), { gfm: true });
const tables = [];
let heading = null;
for (const t of tokens) {
  if (t.type === 'heading') heading = text(t.tokens);
  if (t.type === 'table') {
    tables.push({
      heading,
      header: t.header.map((c) => text(c.tokens)),
      rows: t.rows.map((r) => r.map((c) => text(c.tokens))),
    });
  }
}
console.log(JSON.stringify(tables));
