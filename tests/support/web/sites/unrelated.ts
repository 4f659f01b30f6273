/**
 * Sites on the same topics that copy nothing: an independent Chinese energy news site and an
 * English local news site. Every page is a negative.
 */
import { ARTICLES_EN } from '../articles-en.ts';
import { OBSERVER_OWN } from '../articles-other.ts';
import { esc } from '../html.ts';
import { renderNewsArticle, SAMPLE_TEASERS } from '../templates/news-en.ts';
import { renderPortalList, renderPortalStory, type PortalSite } from '../templates/portal.ts';
import { StaticSite } from './static-site.ts';

export const UNRELATED_HOSTS = { observer: 'www.energy-observer.test', ledger: 'www.coastal-ledger.test' } as const;

const OBSERVER: PortalSite = {
  name: '能源观察网',
  host: UNRELATED_HOSTS.observer,
  channels: ['首页', '油气', '电力', '新能源', '观点'],
  footer: ['能源观察网 版权所有 转载须经授权'],
};

function observer(): StaticSite {
  const site = new StaticSite(UNRELATED_HOSTS.observer, 'User-agent: *\nAllow: /\n');
  const links = OBSERVER_OWN.map((a) => ({ href: `/article/${a.id}.html`, title: a.title }));
  for (const a of OBSERVER_OWN) {
    const html = renderPortalStory(OBSERVER, {
      title: a.title,
      date: a.date,
      source: OBSERVER.name,
      editor: a.reporters[0],
      paragraphs: a.paragraphs,
      related: links.filter((l) => !l.href.includes(a.id)),
    });
    site.add(`/article/${a.id}.html`, { body: Buffer.from(html), negative: true });
  }
  site.add('/', {
    body: Buffer.from(
      renderPortalList(
        OBSERVER,
        OBSERVER.name,
        OBSERVER_OWN.map((a) => ({ href: `/article/${a.id}.html`, title: a.title, summary: a.paragraphs[0].slice(0, 30), date: a.date })),
      ),
    ),
    negative: true,
  });
  return site;
}

function ledger(): StaticSite {
  const site = new StaticSite(UNRELATED_HOSTS.ledger, 'User-agent: *\nDisallow: /admin/\n');
  const path = (id: string, date: string) => `/news/${date.replace(/-/g, '/')}/${id}`;
  for (const a of ARTICLES_EN) {
    site.add(path(a.id, a.date), {
      body: Buffer.from(renderNewsArticle(a, { siteName: 'Coastal Ledger', host: UNRELATED_HOSTS.ledger, teasers: SAMPLE_TEASERS })),
      negative: true,
    });
  }
  const home = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Coastal Ledger</title></head><body>
<header><a href="/">Coastal Ledger</a></header><main><h1>Latest news</h1>
${ARTICLES_EN.map((a) => `<div class="teaser"><h2><a href="${path(a.id, a.date)}">${esc(a.title)}</a></h2><p>${esc(a.paragraphs[0].slice(0, 90))}…</p></div>`).join('\n')}
</main><footer>© 2023 Coastal Ledger</footer></body></html>`;
  site.add('/', { body: Buffer.from(home), negative: true });
  return site;
}

let built: StaticSite[] | null = null;

export function unrelatedSites(): StaticSite[] {
  built ??= [observer(), ledger()];
  return built;
}
