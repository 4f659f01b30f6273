/**
 * A takedown notice draft, as plain text: 侵权通知函 in Chinese, a notice of infringement in
 * English (DMCA-style in form, without citing a statute). It identifies the work and the copy,
 * the capture that proves it (time, SHA-256), the verdict, the clauses broken, quotes the
 * matching text, asks for removal and ends with a signature block. What is unknown is left as a
 * `[placeholder]` to fill in before sending.
 */
import { oneLine } from './format.ts';
import { licenseStatusLabel, severityLabel, termLabel, transformsLabel, verdictLabel } from './labels.ts';
import { noticeFacts, type NoticeFacts } from './takedown-facts.ts';
import type { TakedownInput } from './types.ts';

const ZH_VERDICT_ACT: Record<NoticeFacts['verdict'], string> = {
  mirror: '在非我方所属的服务器上整页镜像',
  full: '全文转载',
  partial: '大段摘编、转载',
  none: '使用',
};

const EN_VERDICT_ACT: Record<NoticeFacts['verdict'], string> = {
  mirror: 'mirrors our original page, layout and navigation included, on a server that is not ours',
  full: 'reproduces the article in full',
  partial: 'reproduces a substantial part of the article',
  none: 'uses the article',
};

const yes = (v: boolean, lang: 'zh' | 'en') => (lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no');
const or = (value: string | null, placeholder: string) => value ?? `[${placeholder}]`;

function zh(f: NoticeFacts, date: string): string {
  const title = f.title ? `《${f.title}》` : '[作品标题]';
  const lines: string[] = [
    '侵权通知函',
    '',
    `致：${f.host} 网站运营者（负责人）`,
    '抄送：[该网站的主机服务商／网络接入服务商]',
    `日期：${date}`,
    `事由：关于贵网站未经授权使用${title}一文${f.photo?.only ? '所附图片' : f.photo ? '及其图片' : ''}的侵权通知`,
    '',
    '贵网站运营者：',
    '',
    `${f.publisher}（以下简称“我方”）依法享有下列作品的著作权（或经权利人授权维护其权利）。经我方核查，贵网站下列网页${f.license ? '超出我方授权的范围和条件' : '未经我方书面授权'}，${f.photo?.only ? '转载' : ZH_VERDICT_ACT[f.verdict]}了我方作品${f.photo?.only ? '所附图片' : f.photo ? '（含所附图片）' : ''}，侵犯了我方的合法权益。现依据有关法律法规及我方版权声明，特此通知如下：`,
    '',
    '一、权利作品',
    `  标题：${title}`,
    `  原文网址：${f.originalUrl}`,
    `  发表日期：${or(f.publishedAt, '发表日期')}`,
    ...(f.photo ? [`  图片：${f.photo.original.url}（${f.photo.original.size} 像素；SHA-256：${f.photo.original.sha256}）`] : []),
    '',
    '二、侵权网页',
    `  网址：${f.copyUrl}`,
  ];
  if (f.finalUrl) lines.push(`  取证时的最终网址（经 ${f.redirects} 次跳转）：${f.finalUrl}`);
  lines.push(
    `  取证时间（UTC）：${or(f.capturedAt, '取证时间')}`,
    `  取证网页的 SHA-256 校验值：${or(f.sha256, 'SHA-256')}${f.size ? `（${f.size} 字节）` : ''}`,
  );
  if (f.status !== null) lines.push(`  HTTP 状态：${f.status}${f.remoteAddress ? `；服务器地址：${f.remoteAddress}` : ''}`);
  if (f.archive) lines.push(`  取证来源：网页存档（WARC）文件 ${f.archive}`);
  if (f.photo) {
    const p = f.photo;
    const part = p.region ? `我方图片的局部（宽 ${p.region.w}%、高 ${p.region.h}%，自左 ${p.region.x}%、自上 ${p.region.y}% 起）` : '我方图片整幅';
    lines.push(
      `  侵权图片：${p.copy.url}（${p.copy.size} 像素；SHA-256：${p.copy.sha256}）`,
      `  图片比对：与${part}相符，感知哈希距离 ${p.distance}/64；处理方式：${transformsLabel(p.transforms, 'zh')}；图片旁注明我方为来源：${yes(p.credited, 'zh')}`,
    );
  }
  if (!f.photo?.only) {
    lines.push(
      `  比对结论：${verdictLabel(f.verdict, 'zh')}。我方原文 ${f.containment} 的文字（${f.matchedChars} 字）见于该网页。`,
      `  注明我方为来源：${yes(f.credited, 'zh')}；链接我方原文：${yes(f.linksBack, 'zh')}；整页镜像：${yes(f.pageMirror, 'zh')}`,
    );
  }
  if (f.license) {
    const broken = f.license.breaches.map((t) => termLabel(t, 'zh')).join('；');
    lines.push(
      `  授权情况：被授权方 ${f.license.licensee}（授权状态：${licenseStatusLabel(f.license.status, 'zh')}）${broken ? `；超出的授权条件：${broken}` : ''}`,
    );
  }
  let n = 3;
  const num = () => ['', '一', '二', '三', '四', '五', '六', '七', '八'][n++];
  if (f.notice.length) {
    lines.push('', `${num()}、我方版权声明`, ...f.notice.map((l, i, all) => `  ${i === 0 ? '“' : ''}${l}${i === all.length - 1 ? '”' : ''}`));
  }
  if (f.clauses.length) {
    lines.push('', `${num()}、贵网站违反的条款`);
    let r = 1;
    for (const group of f.clauses) {
      for (const rule of group.rules) {
        lines.push(`  ${r++}. ${rule.title}（严重程度：${severityLabel(rule.severity, 'zh')}；规则 ${rule.id}）`);
        if (rule.terms.length) lines.push(`     违反的授权条件：${rule.terms.map((t) => termLabel(t, 'zh')).join('；')}`);
      }
      lines.push(group.inNotice ? '     所援引条款：见上引我方版权声明。' : `     所援引条款：“${group.clause}”`);
    }
  }
  if (f.quotes.length) {
    lines.push('', `${num()}、相同内容摘录`);
    f.quotes.forEach((q, i) => {
      lines.push(`  （${['一', '二'][i]}）我方原文：“${q.original}”`);
      lines.push(q.copy ? `        贵网站网页：“${q.copy}”` : '        贵网站网页中出现相同文字。');
    });
  }
  if (f.captures.length) {
    lines.push('', `${num()}、取证记录`, `  本通知所依据的取证共 ${f.captures.length} 次（时间为 UTC）：`);
    f.captures.forEach((c, i) => lines.push(`  ${i + 1}. 取证时间：${c.capturedAt}；网页 SHA-256 校验值：${c.sha256}${c.note ? `；${c.note}` : ''}`));
    lines.push(
      `  上述取证的网页存档（WARC）、证据报告及各文件 SHA-256 校验值清单可导出为证据包（copywatch evidence export ${f.findingId} --out 证据包.zip），任何人均可用 copywatch evidence verify 独立核验。`,
    );
    if (f.tsaUrl) lines.push(`  证据包及每次取证网页的 SHA-256 校验值由可信时间戳服务机构（RFC 3161 时间戳）${f.tsaUrl} 加盖时间戳。`);
  }
  lines.push(
    '',
    `${num()}、我方要求`,
    '  请贵方自收到本通知之日起 [ ] 个工作日内删除上述网页中的侵权内容或断开相关链接，停止侵权行为，并将处理结果书面回复我方。如需使用我方作品，请与我方联系办理书面授权。我方保留依法追究侵权责任的一切权利。',
    '',
    '  我方保证：本通知所述内容真实、准确，并对其真实性负责。',
    '',
    '附件：取证记录（网页存档、SHA-256 校验值、证据报告）',
    '',
    `权利人：${f.publisher}`,
    `联系人：${or(f.contact.name, '联系人姓名')}`,
    `电子邮箱：${or(f.contact.email, '电子邮箱')}`,
    `通讯地址：${or(f.contact.address, '通讯地址')}`,
    '联系电话：[联系电话]',
    '签章：[签名／盖章]',
    `日期：${date}`,
    '',
  );
  return lines.join('\n');
}

function en(f: NoticeFacts, date: string): string {
  const title = f.title ? `"${f.title}"` : '[title of the work]';
  const lines: string[] = [
    'NOTICE OF COPYRIGHT INFRINGEMENT AND REQUEST FOR REMOVAL',
    '',
    `Date: ${date}`,
    `To: The operator of ${f.host}`,
    'Cc: [hosting provider / abuse contact of the site]',
    `From: ${f.publisher}`,
    `Re: Unauthorized copy of ${f.photo?.only ? `the photograph of ${title}` : title}${f.photo && !f.photo.only ? ' and its photograph' : ''}`,
    '',
    'Dear Sir or Madam,',
    '',
    `${f.publisher} owns the copyright in the work identified below, or is authorized to act for its owner. ${f.license ? 'Outside the terms of our license' : 'Without our authorization'}, the page identified below ${f.photo?.only ? 'reproduces the photograph published with the article' : `${EN_VERDICT_ACT[f.verdict]}${f.photo ? ', with its photograph' : ''}`}. We ask you to remove it.`,
    '',
    '1. The copyrighted work',
    `   Title: ${title}`,
    `   URL: ${f.originalUrl}`,
    `   Published: ${or(f.publishedAt, 'publication date')}`,
    ...(f.photo ? [`   Photograph: ${f.photo.original.url} (${f.photo.original.size} pixels; SHA-256 ${f.photo.original.sha256})`] : []),
    '',
    '2. The infringing material',
    `   URL: ${f.copyUrl}`,
  ];
  if (f.finalUrl) lines.push(`   Final URL when captured (after ${f.redirects} redirect${f.redirects === 1 ? '' : 's'}): ${f.finalUrl}`);
  lines.push(
    `   Captured (UTC): ${or(f.capturedAt, 'capture time')}`,
    `   SHA-256 of the captured page: ${or(f.sha256, 'SHA-256')}${f.size ? ` (${f.size} bytes)` : ''}`,
  );
  if (f.status !== null) lines.push(`   HTTP status: ${f.status}${f.remoteAddress ? `; server address: ${f.remoteAddress}` : ''}`);
  if (f.archive) lines.push(`   Captured from a web archive (WARC): ${f.archive}`);
  if (f.photo) {
    const p = f.photo;
    const part = p.region
      ? `a part of our photograph (${p.region.w}% × ${p.region.h}% of it, from ${p.region.x}% left and ${p.region.y}% top)`
      : 'our whole photograph';
    lines.push(
      `   Copied photograph: ${p.copy.url} (${p.copy.size} pixels; SHA-256 ${p.copy.sha256})`,
      `   It matches ${part} at a perceptual-hash distance of ${p.distance} of 64 bits; changes: ${transformsLabel(p.transforms, 'en')}. Credits us beside the photograph: ${yes(p.credited, 'en')}.`,
    );
  }
  if (!f.photo?.only) {
    lines.push(
      `   Finding: ${verdictLabel(f.verdict, 'en')}; ${f.containment} of the original article's text (${f.matchedChars} characters) appears on the page.`,
      `   Credits us as the source: ${yes(f.credited, 'en')}. Links to the original: ${yes(f.linksBack, 'en')}. Mirrors our page: ${yes(f.pageMirror, 'en')}.`,
    );
  }
  if (f.license) {
    const broken = f.license.breaches.map((t) => termLabel(t, 'en')).join('; ');
    lines.push(`   License: ${f.license.licensee} (license ${licenseStatusLabel(f.license.status, 'en')})${broken ? `; terms broken: ${broken}` : ''}.`);
  }
  let n = 3;
  if (f.notice.length) {
    lines.push('', `${n++}. Our copyright notice`, ...f.notice.map((l, i, all) => `   ${i === 0 ? '"' : ''}${l}${i === all.length - 1 ? '"' : ''}`));
  }
  if (f.clauses.length) {
    lines.push('', `${n++}. Terms broken`);
    let r = 1;
    for (const group of f.clauses) {
      for (const rule of group.rules) {
        lines.push(`   ${r++}) ${rule.title} (severity: ${severityLabel(rule.severity, 'en')}; rule ${rule.id})`);
        if (rule.terms.length) lines.push(`      License term broken: ${rule.terms.map((t) => termLabel(t, 'en')).join('; ')}`);
      }
      lines.push(group.inNotice ? '      Clause cited: see our copyright notice above.' : `      Clause cited: "${group.clause}"`);
    }
  }
  if (f.quotes.length) {
    lines.push('', `${n++}. Matching text (excerpts)`);
    f.quotes.forEach((q, i) => {
      lines.push(`   (${i + 1}) Our original: "${q.original}"`);
      lines.push(q.copy ? `       Your page: "${q.copy}"` : '       The same text appears on your page.');
    });
  }
  if (f.captures.length) {
    lines.push('', `${n++}. Evidence`, `   This notice rests on ${f.captures.length} capture${f.captures.length === 1 ? '' : 's'} of the page (times in UTC):`);
    f.captures.forEach((c, i) => lines.push(`   (${i + 1}) Captured ${c.capturedAt}; SHA-256 of the page: ${c.sha256}${c.note ? `; ${c.note}` : ''}`));
    lines.push(
      `   The captures' web archives (WARC), the evidence report and a manifest of every file's SHA-256 are exported as one evidence bundle (copywatch evidence export ${f.findingId} --out bundle.zip), which anyone can check with copywatch evidence verify.`,
    );
    if (f.tsaUrl) lines.push(`   The bundle and each capture's SHA-256 are timestamped (RFC 3161) by the Time-Stamp Authority at ${f.tsaUrl}.`);
  }
  lines.push(
    '',
    `${n++}. Request`,
    '   Please remove or disable access to the material at the URL above within [number] days of this notice, and confirm to us in writing when it is done. If you wish to use our content, please contact us about a license. We reserve all our rights.',
    '',
    `${n++}. Statements`,
    '   I have a good faith belief that the use of the material described above is not authorized by the copyright owner, its agent, or the law.',
    '   The information in this notice is accurate, and I am the owner, or authorized to act on behalf of the owner, of the rights said to be infringed.',
    '',
    'Enclosed: the capture record (archived page, SHA-256, evidence report).',
    '',
    'Signature: [signature]',
    `Name: ${or(f.contact.name, 'name')}`,
    `On behalf of: ${f.publisher}`,
    `Email: ${or(f.contact.email, 'email')}`,
    `Address: ${or(f.contact.address, 'postal address')}`,
    'Phone: [phone]',
    `Date: ${date}`,
    '',
  );
  return lines.join('\n');
}

/** The notice as plain text (LF line ends), in the language asked. */
export function renderTakedownNotice(input: TakedownInput): string {
  const date = oneLine(input.date) || '[date]';
  return input.lang === 'zh' ? zh(noticeFacts(input, 120), date) : en(noticeFacts(input, 280), date);
}
