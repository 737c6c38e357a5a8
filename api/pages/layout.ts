// The one layout of Lantern's server-rendered pages: readable on a phone (viewport, fluid width, large targets),
// accessible (lang, landmarks, headings, focus outlines, contrast) and working without JavaScript.

import { escapeHtml, type Html } from '../../lib/html.js';

export { escapeHtml, html, raw, type Html } from '../../lib/html.js';

const STYLE = `
  *{box-sizing:border-box} body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f6f7f9}
  main{max-width:40rem;margin:0 auto;padding:1.25rem} header{background:#1f3a5f;color:#fff;padding:.75rem 1.25rem}
  header a{color:#fff;text-decoration:none;font-weight:600} h1{font-size:1.5rem;line-height:1.25}
  .card{background:#fff;border:1px solid #d0d5dd;border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0}
  button,.button{display:inline-block;min-height:2.75rem;padding:.6rem 1.2rem;font-size:1rem;border-radius:.4rem;border:0;background:#0b5cad;color:#fff;cursor:pointer;text-decoration:none}
  button:focus,a:focus{outline:3px solid #f5a623;outline-offset:2px} .secondary{background:#e8ecf2;color:#1b1b1b}
  ol.steps{padding-left:1.25rem} ol.steps li[aria-current="step"]{font-weight:700} .done{color:#2d6a2d}
  .problem{border-left:4px solid #b42318;background:#fef3f2;padding:.5rem .75rem} .ok{border-left:4px solid #2d6a2d;background:#f0f9f0;padding:.5rem .75rem}
  code{word-break:break-all}`;

export function layout(options: {
  title: string;
  body: Html;
  refreshSeconds?: number | undefined;
  status?: number;
}): string {
  const refresh = options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">${refresh}<title>${escapeHtml(options.title)} · Lantern</title>` +
    `<style>${STYLE}</style></head><body><header><span>Lantern</span></header><main id="main"><h1>${escapeHtml(options.title)}</h1>${options.body.html}</main></body></html>`
  );
}
