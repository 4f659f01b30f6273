/**
 * A site that copies the publisher but is in no target list: 财经快讯网 reposts two of its
 * articles whole, uncredited. Only discovery (a search for their distinctive passages) finds it.
 */
import { ARTICLES, type FixtureArticle } from '../articles.ts';
import { renderPortalList, renderPortalStory, type PortalSite } from '../templates/portal.ts';
import { StaticSite, type Planted } from './static-site.ts';

export const DISCOVERED_HOST = 'www.caijing-kuaixun.test';

const SITE: PortalSite = { name: '财经快讯网', host: DISCOVERED_HOST, channels: ['财经', '能源', '产业'] };

const article = (id: string): FixtureArticle => ARTICLES.find((a) => a.id === id)!;

let built: StaticSite | null = null;

/** The copying site nobody listed. */
export function discoveredSite(): StaticSite {
  if (built) return built;
  const site = new StaticSite(DISCOVERED_HOST, 'User-agent: *\nDisallow: /admin/\n');
  const copies: Array<{ path: string; a: FixtureArticle }> = [
    { path: '/cj/2023/0112/lng-jieshou-zhan.html', a: article('lng-terminal') },
    { path: '/cj/2023/0112/qingnian-zhiyuanzhe.html', a: article('youth-volunteers') },
  ];
  for (const { path, a } of copies) {
    const planted: Omit<Planted, 'url' | 'host'> = {
      articleId: a.id,
      kind: 'full-uncredited',
      expectedVerdict: 'full',
      credited: false,
      linksBack: false,
      approxContainment: 1,
    };
    const html = renderPortalStory(SITE, { title: a.title, date: a.date, source: null, editor: '快讯编辑', paragraphs: a.paragraphs });
    site.add(path, { body: Buffer.from(html), planted });
  }
  const items = copies.map(({ path, a }) => ({ href: path, title: a.title, summary: a.paragraphs[0].slice(0, 30), date: a.date }));
  site.add('/', { body: Buffer.from(renderPortalList(SITE, SITE.name, items)), negative: true });
  built = site;
  return site;
}
