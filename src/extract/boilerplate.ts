/**
 * What marks a part of a page as template rather than article: tags, class and id words, hidden
 * elements, and the stock lines that surround articles in English and Chinese.
 */
import type { Element } from './dom.ts';

/** Class/id words that always name page furniture (an element that holds most of the article is exempt). */
const STRONG_NEGATIVE = new Set([
  'nav',
  'navbar',
  'navigation',
  'menu',
  'menubar',
  'submenu',
  'breadcrumb',
  'breadcrumbs',
  'crumbs',
  'share',
  'sharing',
  'sharebar',
  'social',
  'comment',
  'comments',
  'disqus',
  'related',
  'recommend',
  'recommended',
  'recommendation',
  'recommendations',
  'promo',
  'promotion',
  'sponsor',
  'sponsored',
  'advert',
  'advertisement',
  'ad',
  'ads',
  'adsense',
  'advertising',
  'newsletter',
  'subscribe',
  'subscription',
  'signup',
  'login',
  'cookie',
  'cookies',
  'gdpr',
  'consent',
  'modal',
  'popup',
  'outbrain',
  'taboola',
  'sidebar',
  'footer',
  'copyright',
  'pagination',
  'pager',
  'toolbar',
  'widget',
  'widgets',
  'banner',
  'popular',
  'trending',
]);

/** Class/id words that name page furniture unless a word of the article stands beside them. */
const WEAK_NEGATIVE = new Set([
  'header',
  'meta',
  'top',
  'bottom',
  'right',
  'left',
  'extra',
  'more',
  'links',
  'list',
  'feed',
  'tags',
  'tag',
  'bio',
  'author',
  'byline',
  'dateline',
  'timestamp',
  'caption',
  'credit',
  'credits',
  'hidden',
  'hide',
  'print',
  'tools',
  'utility',
  'inline',
  'embed',
  'video',
  'player',
  'gallery',
  'slideshow',
  'teaser',
  'teasers',
  'tooltip',
  'dropdown',
  'search',
  'keywords',
  'correction',
  'corrections',
  'paywall',
  'follow',
  'rss',
  'weather',
  'ticker',
  'alert',
  'notice',
  'notification',
  'lang',
  'logo',
  'rail',
  'aside',
  'foot',
  'masthead',
  'skip',
  'overlay',
  'disclaimer',
  'signin',
  'register',
]);

/** Class/id words that name the article itself. */
const POSITIVE_WORDS = new Set([
  'article',
  'content',
  'body',
  'post',
  'entry',
  'story',
  'text',
  'main',
  'detail',
  'artibody',
  'endtext',
  'prose',
  'richtext',
  'postbody',
]);

/** Splits class and id into lower-case words: `articleBody sidebar-ad` → article, body, sidebar, ad. */
export function classWords(el: Element): string[] {
  const raw = `${el.attrs.class ?? ''} ${el.attrs.id ?? ''}`;
  if (raw.length < 2) return [];
  return raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** `strong`: always furniture; `weak`: furniture unless a positive word stands beside it. */
export type Hint = 'strong' | 'weak' | 'positive' | 'none';

export function classHint(el: Element): Hint {
  const words = classWords(el);
  if (!words.length) return 'none';
  let positive = false;
  let weak = false;
  let strong = false;
  for (const w of words) {
    if (STRONG_NEGATIVE.has(w)) strong = true;
    else if (POSITIVE_WORDS.has(w)) positive = true;
    else if (WEAK_NEGATIVE.has(w)) weak = true;
  }
  // `article-comments` or `l-sidebar-fixed l-article-body`: the positive word makes it a doubt.
  if (strong) return positive ? 'weak' : 'strong';
  if (positive) return 'positive';
  return weak ? 'weak' : 'none';
}

/** Landmark tags and roles that hold page furniture. */
const FURNITURE_TAGS = new Set(['nav', 'footer', 'aside', 'menu', 'header']);
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'menu', 'menubar', 'search', 'dialog', 'alert', 'toolbar']);

export function isFurnitureTag(el: Element): boolean {
  return FURNITURE_TAGS.has(el.tag) || FURNITURE_ROLES.has((el.attrs.role ?? '').toLowerCase());
}

export function isHidden(el: Element): boolean {
  if (el.attrs.hidden !== undefined) return true;
  if (el.attrs['aria-hidden'] === 'true') return true;
  const style = el.attrs.style;
  if (style !== undefined && /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  return hiddenByClass(el);
}

/**
 * Utility classes of CSS frameworks that hide an element (Bootstrap, Tailwind, Bulma...). Not the
 * screen-reader-only ones (`sr-only`, `visually-hidden`): their text is read aloud, a section's
 * heading as often as a "(opens in a new window)" label; measured, dropping them gained nothing.
 */
const HIDDEN_CLASSES = new Set(['hidden', 'hide', 'is-hidden', 'd-none']);

/**
 * Screen-reader-only classes hide a block of text from the eye (a carousel's or a form's
 * instructions); on a heading or an inline label (a section's title, "opens in a new window")
 * they are read as the page's text.
 */
const SCREEN_READER_ONLY = new Set(['sr-only', 'visually-hidden', 'visuallyhidden']);
const SR_NOTICE_TAGS = new Set(['p', 'div', 'section', 'ul', 'ol', 'li', 'dl', 'table', 'form', 'fieldset']);

/** A display utility that shows the element at some screen size or state (Tailwind, Bootstrap). */
const SHOWN_SOMEWHERE = /(:|^d-[a-z]+-)(block|flex|inline|inline-block|inline-flex|grid|inline-grid|table|contents|flow-root)$/;

/**
 * Words of folded text a reader opens (tabs, accordions, "read more" and collapsed panels): hidden
 * until a click, but the page's text all the same.
 */
const FOLDED =
  /(^|[^a-z])(tabs?|tab-?(pane|panel|content)|accordion|collaps(e|ed|ible)|expand(ed|able)?|read-?more|more-?text|toggle|spoiler|fold(ed|able)?)([^a-z]|$)/i;

/** A hidden utility class, unless the element or its parent is a fold that a reader opens. */
function hiddenByClass(el: Element): boolean {
  const cls = el.attrs.class;
  if (!cls) return false;
  const tokens = cls.toLowerCase().split(/\s+/);
  // `hidden md:block`, `d-none d-lg-flex`: hidden on small screens only, shown on others.
  const hidden = tokens.some((c) => HIDDEN_CLASSES.has(c) || (SCREEN_READER_ONLY.has(c) && SR_NOTICE_TAGS.has(el.tag)));
  if (!hidden || tokens.some((c) => SHOWN_SOMEWHERE.test(c))) return false;
  for (let node: Element | null = el, k = 0; node && k < 2; node = node.parent, k++) {
    if (FOLDED.test(`${node.attrs.class ?? ''} ${node.attrs.id ?? ''}`)) return false;
  }
  return true;
}

/** The headings of a list of other stories ("Related stories", "More from…", 相关新闻, 関連記事): stock lines too. */
const STORIES = {
  en: "related( articles| stories| content| coverage| reading)?|more (on|from|stories|about)\\b.*|read more|see more|trending( now| stories| topics)?|most (popular|read|viewed|shared|commented)|popular( now| stories| posts| articles)?|recommended( for you| stories| articles| reading)?|you (may|might) (also )?(like|enjoy)|don'?t miss|editor'?s picks|top stories|read next|what to read next",
  ja: '関連(記事|ニュース|リンク|情報)?|人気(の)?(記事|ランキング)|おすすめ(の)?記事|アクセスランキング',
  zh: '相关(阅读|新闻|文章|推荐|链接)?.*|推荐阅读.*|延伸阅读.*|热门(推荐|文章|新闻)?.*|猜你喜欢|热点(新闻|推荐)?',
  // Russian, Portuguese, Spanish, German, French
  eu: 'самые (популярные|читаемые)( .*)?|популярное|читайте также:?.*|смотрите также:?.*|похожие (статьи|новости|материалы|записи)|ещё по теме|по теме|leia (também|mais)|veja (também|mais)|mais lid[ao]s|(notícias|posts|artigos|matérias) relacionad[ao]s|(artículos|noticias|entradas) relacionad[ao]s|lo más (leído|visto)|(también )?te puede interesar|lee también|lea también|lesen sie (auch|mehr)|mehr zum thema|ähnliche (artikel|beiträge)|meistgelesen|(à )?lire aussi|articles similaires|les plus lus|sur le même sujet',
};

/** Stock lines that are never article text, whole-line matches. */
const STOCK_LINE = new RegExp(
  [
    // English
    `^(advertisement|advertising|advert|sponsored( content)?|ad|image (copyright|caption|source)\\b.*|media playback is (unsupported|not supported)\\b.*|caption|close|enlarge( this)?( image| photo)?|expand|view (gallery|slideshow)|story continues below( advertisement)?|continue reading( (the|this) (main )?story)?|show more|load more|${STORIES.en}|share( this( article| story)?)?( on .*)?|tweet|email|print|copy link|comments?|\\d+ comments?|sign up.*|subscribe.*|follow us.*|click here.*|(photo|image|video|picture)s?( credit)?:.*|getty images|associated press|ap photo.*|reuters|skip to (main )?content|back to top|top of page|next article|previous article|listen to (this|the) (article|story).*|\\d+ min(ute)? read|updated:?.*|published:?.*|posted:?.*|last (updated|modified).*|all rights reserved.*|copyright.*|©.*)$`,
    // Japanese
    `^(${STORIES.ja}|(この記事を)?(シェア|共有)(する)?.*|ツイート(する)?|いいね！?|ブックマーク|広告|スポンサー(リンク)?|PR|続きを読む|もっと(見る|読む)|(前|次)の(記事|ページ)|(ページの)?(先頭|トップ)へ(戻る)?|一覧(へ|に戻る|を見る)|印刷(する)?|コメント(する|を書く)?.*|写真[：:].*|(提供|出典)[：:].{0,30})$`,
    // Chinese
    `^(分享到?.*|扫一扫.*|扫码.*|${STORIES.zh}|点击(查看|进入|这里).*|返回(顶部|首页|列表)?|打印(本页|此文)?|关闭(窗口)?|收藏|举报|评论.*|网友评论.*|我要评论.*|责任编辑[：:].*|编辑[：:].*|校对[：:].*|审核[：:].*|上一(篇|版|期|页)[：:]?.*|下一(篇|版|期|页)[：:]?.*|【(纠错|打印|关闭)】.*|\\[(打印|关闭|纠错)\\].*|版权所有.*|未经(授权|许可).*|(本站|本网)?(声明|免责声明)[：:].*|字号[：:].*|【?字体[：:].*|(原标题|来源|稿源|作者|记者)[：:].{0,30})$`,
    // Russian, Portuguese, Spanish, German, French
    `^(${STORIES.eu}|фото:.*|источник:.{0,60}|поделиться|комментарии|отзывы|добавить (отзыв|комментарий)|fotos?:.*|bild:.*|crédito:.*|compartilh(e|ar)|compartir|teilen|partager|coment[aá]rios|kommentare|commentaires|publicidade|publicidad|anzeige|werbung|publicité)$`,
  ].join('|'),
  'i',
);
const STORIES_HEADING = new RegExp(`^(${STORIES.en}|${STORIES.ja}|${STORIES.zh}|${STORIES.eu})$`, 'i');

const bare = (line: string) => line.trim().replace(/^[（(【\[]\s*/, '');

export function isStockLine(line: string): boolean {
  return line.length <= 160 && STOCK_LINE.test(bare(line));
}

/** Of the stock lines, the headings of a list of other stories. */
export function isStoriesHeading(line: string): boolean {
  return line.length <= 160 && STORIES_HEADING.test(bare(line));
}

/**
 * A cookie-consent notice ("We use cookies to improve your experience... Accept all"): the
 * site speaking about its own cookies, in the first person or by name, within 600 characters.
 * A banner is site chrome, however much prose it holds; an article about cookies quotes such a
 * sentence seldom, and then in a longer paragraph.
 */
const CONSENT =
  /\b(we|this (web)?site|our (web)?site|our partners)( and our partners)? (use|uses|may use|store|place|set)s? cookies\b|\b(use of|accept(ing)?( all)?|consent to( the use of)?) cookies\b|\bcookies? (policy|settings|preferences|notice)\b|使用\s*cookies?|cookies?\s*(政策|设置|声明)|(クッキー|cookie)\s*(を(使用|利用)|ポリシー|の(設定|使用|利用))/i;

export function isConsentNotice(text: string): boolean {
  return text.length <= 600 && CONSENT.test(text);
}
