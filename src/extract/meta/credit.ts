/**
 * The source credit a page gives: 来源：/稿源：/信息来源：/ Source: lines, a news agency's
 * dateline (新华社北京1月9日电), or 本报讯 (then the credit is the page's own paper).
 */
import { foldSpace } from '../text-stats.ts';

const LABELLED =
  /(?:^|[\s|｜])(?:来源|稿源|信息来源|文章来源|消息来源|出处|转自|转载自|source|courtesy of)\s*[:：]\s*([^\s|｜,，。;；]{1,40}(?:\s[A-Z][\w.&'-]*){0,4})/i;
const AGENCY_DATELINE = /^[(（【]?([\u4e00-\u9fff]{2,8}(?:社|网|台|报))[\u4e00-\u9fff]{0,12}\d{0,2}月?\d{0,2}日?电/;
const OWN_PAPER = /^[(（【]?(本报|本刊|本网|本台)讯/;
const NAMED_REPORT = /^[(（【]?([\u4e00-\u9fff]{2,12})讯[)）】\s]/;

/** The credit a line gives, or null. `ownName` names the page's own publication for 本报讯. */
function creditFromLine(line: string, ownName: string | null): string | null {
  const text = foldSpace(line);
  if (text.length > 300) return null;
  const labelled = LABELLED.exec(text);
  if (labelled) {
    const value = labelled[1].replace(/[)）】\]]+$/, '').trim();
    if (value && !/^(作者|编辑|记者)/.test(value)) return value;
  }
  const agency = AGENCY_DATELINE.exec(text);
  if (agency) return agency[1];
  if (OWN_PAPER.test(text)) return ownName ?? OWN_PAPER.exec(text)![1];
  const named = NAMED_REPORT.exec(text);
  if (named && !/本报|本刊/.test(named[1])) return named[1];
  return null;
}

export function chooseCredit(lines: string[], ownName: string | null): string | null {
  for (const line of lines) {
    const credit = creditFromLine(line, ownName);
    if (credit) return credit;
  }
  return null;
}
