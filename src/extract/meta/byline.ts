/**
 * Bylines as pages print them: 作者：/ 记者 / 本报记者 / 通讯员 / 文/ in Chinese, `By ...` in
 * English; then meta author and JSON-LD author.
 */
import { foldSpace } from '../text-stats.ts';

/** Names: CJK characters, single spaces or 、，between them (`于 佳 李 敏 林 玲 任文盼`). */
const CJK_NAME_LIST = '([\\u4e00-\\u9fff·•](?:[\\u4e00-\\u9fff·•]|[ \\u3000、，,](?=[\\u4e00-\\u9fff])){1,40})';
const END = '(?=$|[\\s)）】\\]/|,，;；。]|报道|摄|通讯员|实习生|编辑|来源)';
/** Where a byline label may stand: the start of a line, after a bracket, a space or 本报. */
const START = '(?:^|[\\s(（【\\[|｜]|本报|本刊|本台|本网)';

const CJK_PATTERNS = [
  // 作者：于 佳 李 敏 — stops at the next label (来源, 编辑, 日期 ...) or the line's end
  new RegExp(`${START}(?:作者|撰文|执笔)\\s*[:：]\\s*${CJK_NAME_LIST}${END}`),
  new RegExp(`${START}(?:特约|见习|首席)?记者\\s*[:：]?\\s*${CJK_NAME_LIST}${END}`),
  new RegExp(`${START}通讯员\\s*[:：]?\\s*${CJK_NAME_LIST}${END}`),
  new RegExp(`${START}文\\s*[/／|]\\s*${CJK_NAME_LIST}${END}`),
];

const EN_BY =
  /^\s*(?:[Ww]ritten\s+)?[Bb][Yy]\s*:?\s+([A-Z][\p{L}'’.-]+(?:\s+(?:[A-Z][\p{L}'’.-]*|de|van|von|da|del|la|le|bin|al)){0,4}(?:\s*(?:,|and|&)\s*[A-Z][\p{L}'’.-]+(?:\s+[A-Z][\p{L}'’.-]*){0,3}){0,4})/u;

const CUT_AT_LABEL =
  /(?:^|[ \u3000、，,]*)(?:来源|稿源|编辑|责编|责任编辑|日期|时间|发布|浏览|点击|阅读|字号|通讯员|实习生|记者|摄影|摄|图片|版次|版名|报道).*$/;

/** Names up to the next label, each 1-4 characters (single ones come in pairs: `于 佳`), or ''. */
function cleanCjkNames(raw: string): string {
  const names = raw.replace(CUT_AT_LABEL, '').trim();
  const parts = names.split(/[ \u3000、，,]+/).filter(Boolean);
  if (!parts.length || parts.some((p) => [...p].length > 4)) return '';
  return names;
}

/** The author names a line gives, or null. */
function bylineFromLine(line: string): string | null {
  const text = foldSpace(line);
  if (text.length > 200) return null;
  const found: string[] = [];
  for (const pattern of CJK_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const names = cleanCjkNames(m[1]);
    if (names && !found.some((f) => f.includes(names))) found.push(names);
  }
  if (found.length) return found.join(' ');
  const en = EN_BY.exec(text);
  if (en) return en[1].replace(/\s*(?:,|and|&)\s*$/, '').trim();
  return null;
}

/** The first byline among the lines, or the meta/JSON-LD author. */
export function chooseByline(lines: string[], metaAuthor: string | null, ldAuthors: string[]): string | null {
  for (const line of lines) {
    const byline = bylineFromLine(line);
    if (byline) return byline;
  }
  if (ldAuthors.length) return cleanName(ldAuthors.join(', '));
  if (metaAuthor && !/^https?:\/\//i.test(metaAuthor)) return cleanName(metaAuthor);
  return null;
}

function cleanName(value: string): string {
  return foldSpace(value).replace(/^by\s+/i, '');
}
