/**
 * What reposters do to an article, as functions of its paragraphs. Each variant says how much
 * of the original's text it keeps (`truth`, a share of folded characters), which is what
 * containment should measure.
 */
import * as OpenCC from 'opencc-js';
import { analyze } from '../../src/fingerprint/index.ts';
import { shuffle } from './rng.ts';

export interface Variant {
  paragraphs: string[];
  /** Share (0..1) of the original's folded characters present in the copy. */
  truth: number;
}

export type Lang = 'zh' | 'en';

const toTrad = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toSimp = OpenCC.Converter({ from: 'tw', to: 'cn' });

const chars = (text: string) => analyze(text).chars;

interface Sentence {
  text: string;
  para: number;
}

function sentences(paragraphs: string[], lang: Lang): Sentence[] {
  const out: Sentence[] = [];
  const split = lang === 'zh' ? /(?<=[。！？；!?])/ : /(?<=[.!?]["”’)]?)\s+(?=["“‘(]?[A-Z0-9])/;
  paragraphs.forEach((p, para) => {
    for (const s of p.split(split)) if (s.trim()) out.push({ text: s.trim(), para });
  });
  return out;
}

function joinByParagraph(picked: Sentence[], lang: Lang): string[] {
  const out: string[] = [];
  let current = -1;
  for (const s of picked) {
    if (s.para !== current) {
      out.push(s.text);
      current = s.para;
    } else out[out.length - 1] += (lang === 'zh' ? '' : ' ') + s.text;
  }
  return out;
}

function share(picked: Sentence[], total: number): number {
  return total ? picked.reduce((n, s) => n + chars(s.text), 0) / total : 0;
}

/** Sentences picked in order, with their running share of the text kept as they come (not recounted). */
class Picking {
  readonly picked: Sentence[] = [];
  private count = 0;
  constructor(private readonly total: number) {}
  push(s: Sentence): void {
    this.picked.push(s);
    this.count += chars(s.text);
  }
  get share(): number {
    return this.total ? this.count / this.total : 0;
  }
}

/** A contiguous or scattered excerpt of about `target` of the text, in whole sentences. */
export function excerpt(paragraphs: string[], lang: Lang, target: number, mode: 'contiguous' | 'scattered', random: () => number): Variant {
  const all = sentences(paragraphs, lang);
  const total = chars(paragraphs.join('\n'));
  const p = new Picking(total);
  if (mode === 'contiguous') {
    const start = Math.floor(random() * all.length * (1 - target));
    for (let i = start; i < all.length && p.share < target; i++) p.push(all[i]);
    return { paragraphs: joinByParagraph(p.picked, lang), truth: share(p.picked, total) };
  }
  // Scattered: runs of sentences spread evenly over the text.
  const runs = Math.max(2, Math.min(5, Math.round((all.length * target) / 2)));
  const stride = all.length / runs;
  for (let r = 0; r < runs; r++) {
    const from = Math.floor(r * stride + random() * stride * 0.3);
    for (let i = from; i < all.length && i < Math.floor((r + 1) * stride) && p.share < target * ((r + 1) / runs); i++) p.push(all[i]);
  }
  return { paragraphs: joinByParagraph(p.picked, lang), truth: share(p.picked, total) };
}

const CREDIT_LINE = /^(来源|稿源|信息来源|本报讯|本报记者|记者|通讯员|作者|责任编辑|编辑|source:|by\s)/i;
const CREDIT_PREFIX = /^[(（【]?(?:本报讯|新华社[^，。]{0,12}电)[)）】]?\s*(?:[(（][^)）]{0,30}[)）])?/;

export function removeCredit(paragraphs: string[]): Variant {
  const total = chars(paragraphs.join('\n'));
  const kept = paragraphs.filter((p) => !(p.length < 80 && CREDIT_LINE.test(p.trim()))).map((p) => p.replace(CREDIT_PREFIX, ''));
  return { paragraphs: kept, truth: total ? chars(kept.join('\n')) / total : 0 };
}

export function replaceCredit(paragraphs: string[], lang: Lang): Variant {
  const v = removeCredit(paragraphs);
  return { paragraphs: [lang === 'zh' ? '来源：网络综合' : 'Source: Staff and wire reports', ...v.paragraphs], truth: v.truth };
}

export function shuffled(paragraphs: string[], lang: Lang, random: () => number): Variant {
  if (paragraphs.length >= 3) return { paragraphs: shuffle(paragraphs, random), truth: 1 };
  return {
    paragraphs: shuffle(
      sentences(paragraphs, lang).map((s) => s.text),
      random,
    ),
    truth: 1,
  };
}

export function merged(paragraphs: string[], lang: Lang): Variant {
  const out: string[] = [];
  for (let i = 0; i < paragraphs.length; i += 2) out.push(paragraphs.slice(i, i + 2).join(lang === 'zh' ? '' : ' '));
  return { paragraphs: out, truth: 1 };
}

export function split(paragraphs: string[], lang: Lang): Variant {
  return { paragraphs: sentences(paragraphs, lang).map((s) => s.text), truth: 1 };
}

const NOTE = {
  zh: '编者按：本文转载自网络，仅供读者参考，版权归原作者所有，如有侵权请联系删除。',
  en: "Editor's note: This story is republished for our readers. Views expressed are the author's own.",
};
const ADS = {
  zh: ['广告：年终大促，全场五折起，点击立即抢购！', '扫码关注公众号，每天推送最新资讯。'],
  en: ['Advertisement: Save 40% on your first year of premium access. Subscribe today!', 'Sponsored: These new running shoes are taking the country by storm.'],
};
const RELATED = {
  zh: ['相关阅读：', '多地出台新政稳定就业', '冬季用电高峰如何保障', '新能源汽车销量持续增长'],
  en: ['Related reading:', 'City council approves new budget', 'Five tips for winter driving', 'Markets rally on jobs report'],
};

export function interleaved(paragraphs: string[], lang: Lang): Variant {
  const out = [NOTE[lang]];
  paragraphs.forEach((p, i) => {
    out.push(p);
    if (i === 1) out.push(ADS[lang][0]);
    if (i === Math.floor(paragraphs.length / 2)) out.push(...RELATED[lang]);
  });
  out.push(ADS[lang][1]);
  return { paragraphs: out, truth: 1 };
}

export function convertScript(paragraphs: string[], original: 'zh-Hans' | 'zh-Hant'): Variant {
  const convert = original === 'zh-Hant' ? toSimp : toTrad;
  return { paragraphs: paragraphs.map((p) => convert(p)), truth: 1 };
}

/** About 5% of sentences dropped and the punctuation changed. */
export function lightEdits(paragraphs: string[], lang: Lang, random: () => number): Variant {
  const all = sentences(paragraphs, lang);
  const total = chars(paragraphs.join('\n'));
  const drop = new Set<number>();
  const target = Math.max(all.length >= 10 ? 1 : 0, Math.round(all.length * 0.05));
  while (drop.size < target) drop.add(Math.floor(random() * all.length));
  const kept = all.filter((_, i) => !drop.has(i));
  const punct = (t: string) =>
    lang === 'zh'
      ? t.replace(/，/g, ',').replace(/。/g, '.').replace(/[“”]/g, '"').replace(/：/g, ':')
      : t.replace(/,/g, '').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/;/g, '.');
  const out = joinByParagraph(kept, lang).map(punct);
  return { paragraphs: out, truth: share(kept, total) };
}

/** A different article with one sentence of quote length from the original put in. */
export function quoteOnly(other: string[], original: string[], lang: Lang, random: () => number): Variant | null {
  const ok = sentences(original, lang).filter((s) => {
    const n = lang === 'zh' ? chars(s.text) : s.text.split(/\s+/).length;
    return lang === 'zh' ? n >= 20 && n <= 60 : n >= 12 && n <= 35;
  });
  if (!ok.length) return null;
  const quote = ok[Math.floor(random() * ok.length)].text;
  const at = Math.min(other.length, 1 + Math.floor(random() * Math.max(1, other.length - 1)));
  const wrapped = lang === 'zh' ? `正如报道所说，“${quote}”` : `As one report put it, "${quote}"`;
  return { paragraphs: [...other.slice(0, at), wrapped, ...other.slice(at)], truth: 0 };
}
