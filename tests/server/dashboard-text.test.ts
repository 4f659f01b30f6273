/**
 * The dashboard's DOM helpers (src/server/public/dom.js, run here over linkedom's document): every
 * string a view shows has its bidirectional and invisible controls written out, so a URL holding
 * U+202E cannot read as another (`invoice‮fdp.exe` displayed as `invoiceexe.pdf`).
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';

type Shown = { textContent: string | null; getAttribute(name: string): string | null };
type Dom = {
  h: (tag: string, attrs?: Record<string, unknown>, ...children: unknown[]) => Shown;
  urlLink: (url: string) => Shown;
  visible: (value: string) => string;
  when: (iso: string | null) => Shown | string;
};
let dom: Dom;

beforeAll(async () => {
  const { document, Node } = parseHTML('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { document, Node });
  const path = '../../src/server/public/dom.js';
  dom = (await import(path)) as Dom;
});

describe('dashboard text', () => {
  it('writes bidi overrides, isolates, zero-width characters and controls as escapes, everywhere text is shown', () => {
    const spoof = 'http://files.test/invoice\u202Efdp.exe';
    const link = dom.urlLink(spoof);
    expect(link.textContent).toBe('http://files.test/invoice\\u{202E}fdp.exe');
    expect(link.getAttribute('title')).toBe('http://files.test/invoice\\u{202E}fdp.exe');
    const cell = dom.h('td', {}, 'a\u2066b\u200Bc\u0007d', dom.h('code', { text: 'x\uFEFFy' }));
    expect(cell.textContent).toBe('a\\u{2066}b\\u{200B}c\\u{0007}dx\\u{FEFF}y');
  });

  it("shows times in the viewer's zone, named, with UTC on hover", () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const t = dom.when('2024-05-01T10:00:00.000Z') as Shown;
      expect(t.textContent).toBe('2024-05-01 18:00 GMT+8');
      expect(t.getAttribute('title')).toBe('2024-05-01 10:00 UTC (UTC)');
      expect(t.getAttribute('datetime')).toBe('2024-05-01T10:00:00.000Z');
      expect(dom.when(null)).toBe('—');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('leaves ordinary text alone: Chinese, line breaks, tabs', () => {
    expect(dom.visible('石化晨报\n第二行\tA')).toBe('石化晨报\n第二行\tA');
  });
});
