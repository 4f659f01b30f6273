/** Words for the domain's codes, in English and Chinese. */
import type { FindingStatus, ImageTransform, Severity, Verdict } from '../domain/index.ts';

export type Lang = 'zh' | 'en';

const VERDICTS: Record<Verdict, Record<Lang, string>> = {
  mirror: { en: 'mirror of the original page', zh: '整页镜像' },
  full: { en: 'full copy of the article', zh: '全文转载' },
  partial: { en: 'substantial excerpt', zh: '大段摘编' },
  none: { en: 'no substantial copy', zh: '未见实质性复制' },
};

const TRANSFORMS: Record<ImageTransform, Record<Lang, string>> = {
  resized: { en: 'resized', zh: '缩放' },
  cropped: { en: 'cropped', zh: '裁剪' },
  mirrored: { en: 'mirrored', zh: '镜像翻转' },
  recompressed: { en: 'recompressed', zh: '重新压缩' },
  'caption-strip': { en: 'a caption strip added', zh: '加图注条' },
  watermarked: { en: 'marked across the middle (a watermark or a banner)', zh: '中部加水印或横幅' },
};

/** How a copied photo was changed, in words (none: the same file). */
export function transformsLabel(transforms: readonly ImageTransform[], lang: Lang): string {
  if (!transforms.length) return lang === 'zh' ? '与原图文件相同' : 'the very same file';
  return transforms.map((t) => TRANSFORMS[t]?.[lang] ?? t).join(lang === 'zh' ? '、' : ', ');
}

const SEVERITY_WORDS: Record<Severity, Record<Lang, string>> = {
  critical: { en: 'critical', zh: '严重' },
  high: { en: 'high', zh: '高' },
  medium: { en: 'medium', zh: '中' },
  low: { en: 'low', zh: '低' },
  info: { en: 'info', zh: '提示' },
};

const STATUS_WORDS: Record<FindingStatus, Record<Lang, string>> = {
  open: { en: 'open', zh: '待处理' },
  confirmed: { en: 'confirmed', zh: '已确认' },
  dismissed: { en: 'dismissed', zh: '已排除' },
  'notice-sent': { en: 'notice sent', zh: '已发通知' },
  resolved: { en: 'resolved', zh: '已解决' },
};

/** The license terms src/rules names (licenseBreaches). */
const TERMS: Record<string, Record<Lang, string>> = {
  expired: { en: 'the license has expired', zh: '授权已过期' },
  'not-yet-valid': { en: 'the license is not yet in force', zh: '授权尚未生效' },
  uncredited: { en: 'the required credit is missing', zh: '未按约定注明来源' },
  'no-link': { en: 'the required link to the original is missing', zh: '未按约定链接原文' },
  'too-long': { en: 'the excerpt is longer than licensed', zh: '摘编篇幅超出授权' },
  scope: { en: 'a whole copy under an excerpt-only license', zh: '仅授权摘编，却全文转载' },
  mirror: { en: 'mirroring is not licensed', zh: '授权不含镜像' },
};

export function verdictLabel(verdict: Verdict, lang: Lang = 'en'): string {
  return VERDICTS[verdict]?.[lang] ?? String(verdict);
}

export function severityLabel(severity: Severity, lang: Lang = 'en'): string {
  return SEVERITY_WORDS[severity]?.[lang] ?? String(severity);
}

export function statusLabel(status: FindingStatus, lang: Lang = 'en'): string {
  return STATUS_WORDS[status]?.[lang] ?? String(status);
}

/** The terms of a `Violation.term` (`expired, uncredited`) as a list of codes. */
export function splitTerms(term: string | null | undefined): string[] {
  return (term ?? '')
    .split(/[,;]\s*/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** `expired` → `the license has expired (expired)`; an unknown code is given as it is. */
export function termLabel(code: string, lang: Lang = 'en'): string {
  const word = TERMS[code]?.[lang];
  return word ? `${word} (${code})` : code;
}

const LICENSE_STATUS: Record<string, Record<Lang, string>> = {
  none: { en: 'none', zh: '无授权' },
  valid: { en: 'valid', zh: '有效' },
  expired: { en: 'expired', zh: '已过期' },
  'not-yet-valid': { en: 'not yet in force', zh: '尚未生效' },
};

export function licenseStatusLabel(status: string, lang: Lang = 'en'): string {
  return LICENSE_STATUS[status]?.[lang] ?? status;
}
