/**
 * A thread with a class-less list of related threads beside its posts ("Similar threads",
 * 相关帖子): each item a link to another thread and a one-sentence summary, no author or date.
 * The posts (each under its own name and date) are the text, every one of them; the list is
 * not, nor is it taken for an opening post. Synthetic pages only.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';

const POSTS_EN = [
  [
    'My old boiler started making a knocking noise last week whenever the heating comes on in the morning, and it stops after about ten minutes of running.',
    'The pressure gauge reads a little over one bar when it is cold, which the manual says is fine, so I am not sure where to start looking.',
  ],
  [
    'That knocking is usually limescale on the heat exchanger, which makes the water boil in pockets; a descaler through the system often quiets it for a few years.',
  ],
  ['Before you buy anything, bleed the radiators upstairs: trapped air makes the pump labour and the noise sounds much the same from the kitchen.'],
  [
    'I had the same thing in a flat with hard water, and the engineer flushed the whole system with a chemical cleaner over an afternoon.',
    'It cost less than a new pump and the noise has not come back in three winters, though he said the exchanger would need doing again eventually.',
  ],
];
const RELATED_EN = [
  ['Radiators cold at the top but hot at the bottom', 'Bleeding them helped for a week and then the cold patch came back again.'],
  ['Which descaler is safe for an aluminium heat exchanger?', 'The manufacturer warns against acid cleaners but does not name any brand.'],
  ['Combi boiler losing pressure overnight', 'It drops from one and a half bar to almost nothing by the morning, every day.'],
  ['Is a power flush worth the money in an old house?', 'Quotes range from three hundred to nine hundred pounds for the same job.'],
  ['Thermostatic valves stuck after the summer', 'Half the valves in the house no longer open when the room gets cold.'],
];
const POSTS_ZH = [
  [
    '我家的老房子每到下雨天，卫生间的墙角就会渗水，墙皮已经鼓起来一大块，请问这种情况应该先查哪里？',
    '楼上邻居说他们家的防水是去年刚做过的，应该不是他们的问题。',
  ],
  ['这种多半是外墙的裂缝进水，雨水顺着墙体里面往下走，最后从墙角冒出来，先在外面看看有没有细缝。'],
  ['也可能是窗框和墙之间的密封胶老化了，我家就是这个原因，重新打一遍胶就好了，花不了多少钱。'],
  ['建议找专业的师傅用红外仪器测一下，别自己乱凿墙，凿开了找不到漏点反而更麻烦，钱也白花了。'],
];
const RELATED_ZH = [
  ['厨房下水道反味怎么解决', '装了防臭地漏还是有味道，不知道是不是存水弯的问题。'],
  ['阳台封窗选断桥铝还是塑钢', '预算有限，但又担心冬天保温效果不好，大家有什么建议。'],
  ['新房甲醛超标要通风多久', '检测出来是国标的两倍，家里有小孩，不敢马上入住。'],
  ['老房子电线需要全部换掉吗', '九十年代的房子，插座经常跳闸，电工说最好整体重新布线。'],
  ['卫生间瓷砖空鼓要不要返工', '敲起来有好几块是空的声音，装修公司说不影响使用。'],
];
const NAMES = ['quietpipes', 'hob_nob', 'ellie.k', 'GasSafeGary'];

/** A forum's post, its classes naming it a comment: a header (name, date), the body, buttons. */
const post = (i: number, paragraphs: string[]) => `<div class="comment" id="c${i}">
  <div class="comment-meta"><a class="author" href="/u/${i}">${NAMES[i]}</a> <time datetime="2024-03-0${i + 1}T09:00:00+00:00">2024-03-0${i + 1}</time></div>
  <div class="comment-body">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</div>
  <div class="comment-links"><a href="#">Reply</a> <a href="#">Quote</a></div></div>`;

const page = (title: string, main: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
  <nav><a href="/">Home</a> <a href="/forums">Forums</a> <a href="/search">Search</a></nav>
  <main><h1>${title}</h1>${main}</main>
  <footer>© Example Forums. Contact us | Privacy</footer></body></html>`;

function expectPostsOnly(html: string, posts: string[][], related: string[][]): void {
  const r = extract(Buffer.from(html));
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.article.posts?.map((p) => p.text)).toEqual(posts.map((p) => p.join('\n\n')));
  for (const [title, summary] of related) {
    expect(r.article.text).not.toContain(title);
    expect(r.article.text).not.toContain(summary);
  }
}

describe('a thread with a related-threads list beside its posts', () => {
  it('reads every post and leaves out a list of linked terms and summaries placed before them', () => {
    const list = `<div><h3>Similar threads</h3><dl>${RELATED_EN.map(([t, s], i) => `<dt><a href="/threads/${40 + i}/">${t}</a></dt><dd>${s}</dd>`).join('')}</dl></div>`;
    expectPostsOnly(page('Boiler knocking in the morning', `${list}<div>${POSTS_EN.map((p, i) => post(i, p)).join('\n')}</div>`), POSTS_EN, RELATED_EN);
  });

  it('reads every post and leaves out linked headings over summaries placed after them (Chinese)', () => {
    const list = `<div><h3>相关帖子</h3>${RELATED_ZH.map(([t, s], i) => `<h4><a href="/thread-${70 + i}-1-1.html">${t}</a></h4><p>${s}</p>`).join('')}</div>`;
    expectPostsOnly(page('卫生间墙角渗水', `<div>${POSTS_ZH.map((p, i) => post(i, p)).join('\n')}</div>${list}`), POSTS_ZH, RELATED_ZH);
  });
});
