/** Copyright and reuse notices: 版权所有, 未经授权, 禁止转载, All rights reserved, © ... */
import { foldSpace } from '../text-stats.ts';

const NOTICE = new RegExp(
  [
    '版权所有',
    '版权声明',
    '版权归',
    '著作权',
    '未经[^，。,]{0,20}(?:授权|许可|同意)',
    '(?:禁止|严禁|不得|谢绝)[^，。]{0,6}(?:转载|复制|镜像|使用)',
    '转载请注明',
    '如需转载',
    '侵权必究',
    '保留所有权利',
    'all rights reserved',
    'copyright\\s*(?:©|\\(c\\)|\\d{4})',
    '©\\s*\\d{4}',
    'may not be (?:reproduced|republished|copied|redistributed)',
    'without (?:prior )?(?:written )?permission',
    'reproduction (?:in whole or in part )?(?:is )?prohibited',
  ].join('|'),
  'i',
);

export function isNotice(line: string): boolean {
  return NOTICE.test(line);
}

/** Notices among the lines, in page order, without repeats, each at most 1,000 characters. */
export function collectNotices(lines: string[], metaRights: Array<string | null>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (text: string) => {
    const value = foldSpace(text).slice(0, 1000);
    const key = value.toLowerCase();
    if (!value || seen.has(key) || out.some((o) => o.includes(value))) return;
    seen.add(key);
    out.push(value);
  };
  for (const line of lines) if (line.length <= 2000 && isNotice(line)) add(line);
  for (const m of metaRights) if (m) add(m);
  return out.slice(0, 20);
}
