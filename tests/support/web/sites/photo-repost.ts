/**
 * `www.tuku-share.test` (图库分享), a picture blog that reposts the publisher's photo of
 * emission-monitoring cropped (88% of each side kept), resized to 640 px, watermarked in a corner
 * and recompressed, under a text of its own and a caption that does not credit the publisher.
 * Every page has the site's logo (a template image) and a tracking pixel; one post has no copied
 * photo (a negative).
 */
import type { ImageTransform } from '../../../../src/domain/index.ts';
import { esc } from '../html.ts';
import { photoFile } from '../photos.ts';
import type { FixtureSiteDef, Reply } from '../server.ts';

export const PHOTO_REPOST_HOST = 'www.tuku-share.test';

/** A photo the scan must find: the page, the publisher's article whose photo it copies, the transformations. */
export interface PlantedPhoto {
  url: string;
  host: string;
  articleId: string;
  transforms: ImageTransform[];
  credited: boolean;
}

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

function page(title: string, paragraphs: string[], figure: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)} | 图库分享</title></head>
<body>
<header><a href="/"><img src="/static/logo.png" alt="图库分享" width="180" height="72"></a>
<nav><a href="/">首页</a> <a href="/pic/2023/0115/dusk.html">风光</a> <a href="/pic/2023/0116/harbor.html">城市</a></nav></header>
<article>
<h1>${esc(title)}</h1>
<p class="meta">2023-01-15 发布者：摄影爱好者</p>
${figure}
${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article>
<img src="/t.gif?p=${encodeURIComponent(title)}" width="1" height="1" alt="">
<footer>图库分享 网友上传 仅供欣赏</footer>
</body></html>
`;
}

const POSTS: Record<string, { html: string; planted?: Omit<PlantedPhoto, 'url' | 'host'> }> = {
  '/pic/2023/0115/dusk.html': {
    html: page(
      '夕阳下的炼化厂',
      [
        '周末去海边散步，远远看见炼化厂的烟囱在晚霞里冒着白汽，天空从深蓝慢慢过渡到橘红，整片厂区像一幅剪影画。',
        '这张图是在群里看到的，构图和色彩都很漂亮，分享给大家欣赏。储罐整整齐齐排成一排，远处的山坡层层叠叠。',
        '大家觉得这种工业风光好看吗？欢迎在评论区留言，说说你们见过最美的工厂夜景。',
      ],
      `<figure><img src="/uploads/2023/01/dusk-640.jpg" srcset="/uploads/2023/01/dusk-320.jpg 320w, /uploads/2023/01/dusk-640.jpg 640w" alt="夕阳下的炼化厂"><figcaption>夕阳下的炼化厂（网友供图）</figcaption></figure>`,
    ),
    planted: { articleId: 'emission-monitoring', transforms: ['cropped', 'resized'], credited: false },
  },
  '/pic/2023/0116/harbor.html': {
    html: page(
      '清晨的渔港',
      [
        '天刚亮，渔港里已经热闹起来，渔船一艘接一艘靠岸，码头上堆满了刚卸下的海货，空气里都是咸咸的味道。',
        '我站在防波堤上拍了很久，阳光照在水面上闪闪发亮，几只海鸥在船桅之间飞来飞去。',
        '下次打算早点出发，拍一拍渔船出海时的样子。',
      ],
      `<figure><img src="/static/logo.png" alt="图库分享"><figcaption>本站标志</figcaption></figure>`,
    ),
  },
};

const HOME = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>图库分享</title></head><body>
<header><img src="/static/logo.png" alt="图库分享" width="180" height="72"></header>
<ul>${Object.keys(POSTS)
  .map((path) => `<li><a href="${path}">${path}</a></li>`)
  .join('')}</ul></body></html>`;

export function photoRepostSite(): FixtureSiteDef {
  return {
    host: PHOTO_REPOST_HOST,
    route(req): Reply | null {
      const path = req.url.pathname;
      if (path === '/robots.txt') return { type: 'text/plain', body: 'User-agent: *\nAllow: /\n' };
      if (path === '/') return { body: HOME };
      if (path === '/static/logo.png') return { type: 'image/png', body: photoFile('logo.png') };
      if (path === '/uploads/2023/01/dusk-640.jpg') return { type: 'image/jpeg', body: photoFile('refinery-dusk-repost.jpg') };
      if (path === '/t.gif') return { type: 'image/gif', body: PIXEL };
      const post = POSTS[path];
      return post ? { body: post.html } : null;
    },
  };
}

/** The photos a scan must find on this site. */
export function plantedPhotos(): PlantedPhoto[] {
  return Object.entries(POSTS).flatMap(([path, p]) =>
    p.planted ? [{ url: `http://${PHOTO_REPOST_HOST}${path}`, host: PHOTO_REPOST_HOST, ...p.planted }] : [],
  );
}

/** Pages of this site that must produce no finding. */
export function photoNegatives(): string[] {
  return Object.entries(POSTS).flatMap(([path, p]) => (p.planted ? [] : [`http://${PHOTO_REPOST_HOST}${path}`]));
}
