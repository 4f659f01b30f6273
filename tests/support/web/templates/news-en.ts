/**
 * An English news site's article page: a header with navigation, a breaking-news ticker, the
 * article with headline, byline and <time>, inline ad and "related" box, a comments section, a
 * "most read" teaser list with summaries, and a footer with a copyright line.
 */
import type { FixtureArticle } from '../articles.ts';
import { esc } from '../html.ts';

export interface NewsSiteOptions {
  siteName: string;
  host: string;
  /** Teasers for the "most read" box: headline and summary. */
  teasers?: Array<{ title: string; summary: string }>;
}

export function renderNewsArticle(a: FixtureArticle, site: NewsSiteOptions): string {
  const url = `https://${site.host}/news/${a.date.replace(/-/g, '/')}/${a.id}`;
  const teasers = site.teasers ?? [];
  const half = Math.ceil(a.paragraphs.length / 2);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(a.title)} | ${esc(site.siteName)}</title>
<meta property="og:title" content="${esc(a.title)}">
<meta property="og:site_name" content="${esc(site.siteName)}">
<meta property="article:published_time" content="${a.date}T09:30:00-05:00">
<link rel="canonical" href="${url}">
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: a.title, author: a.reporters.map((name) => ({ '@type': 'Person', name })) })}</script>
</head>
<body>
<header class="site-header"><a href="/" class="logo">${esc(site.siteName)}</a>
<nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/business">Business</a></li><li><a href="/sports">Sports</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
</header>
<div class="ticker"><a href="/live">Live: City council votes on the new budget tonight</a></div>
<main>
<article class="story">
<h1 class="headline">${esc(a.title)}</h1>
<div class="byline">By ${esc(a.reporters.join(' and '))} · <time datetime="${a.date}T09:30:00-05:00">${a.date}</time></div>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
<div class="story-body">
${a.paragraphs
  .slice(0, half)
  .map((p) => `<p>${esc(p)}</p>`)
  .join('\n')}
<div class="ad-slot">Advertisement</div>
<aside class="related"><h3>Related</h3><ul><li><a href="/news/a">Ferry service to resume in April</a></li><li><a href="/news/b">State grants fund harbor dredging</a></li></ul></aside>
${a.paragraphs
  .slice(half)
  .map((p) => `<p>${esc(p)}</p>`)
  .join('\n')}
</div>
<div class="tags"><a href="/tag/energy">Energy</a> <a href="/tag/fishing">Fishing</a></div>
</article>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>Great piece. My uncle fished out of Port Alder for years and always said the cod would not come back, sadly he was right about that.</p></div>
<div class="comment"><p>Wind farms are an eyesore, and nobody has explained who pays when the turbines need to be taken down in thirty years.</p></div>
</section>
<section class="most-read"><h2>Most read</h2>
${teasers.map((t) => `<div class="teaser"><h3><a href="/news/${encodeURIComponent(t.title.slice(0, 12))}">${esc(t.title)}</a></h3><p>${esc(t.summary)}</p></div>`).join('\n')}
</section>
</main>
<footer class="site-footer"><p>© 2023 ${esc(site.siteName)}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.</p>
<p><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a> · <a href="/contact">Contact</a></p></footer>
</body>
</html>
`;
}

export const SAMPLE_TEASERS = [
  {
    title: 'School board delays vote on later start times for high schools',
    summary:
      'Parents packed the meeting, and the board agreed to gather more data before deciding, a move that pushes the change to next year at the earliest.',
  },
  {
    title: 'Local bakery wins regional award for its sourdough bread',
    summary: 'The owners, who opened the shop in a former post office, credit a starter they have kept alive since 2009 and a wood-fired oven built by hand.',
  },
  {
    title: 'Road repairs on Route 9 will close two lanes until June',
    summary: 'Commuters should expect delays of up to twenty minutes during the morning rush, the transportation department said on Monday.',
  },
  {
    title: 'High school robotics team heads to the national finals',
    summary: 'The team of eleven students built a robot that sorts recycling, and raised travel money by selling their spare parts online.',
  },
];
