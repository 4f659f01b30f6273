/**
 * Synthetic articles for the scale benchmarks: Chinese-like text from a fixed vocabulary of
 * two- and three-character words, regenerated from the article number (nothing is stored).
 */
import { rng, rng128 } from '../matching/rng.ts';

const CHARS =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理';
const PUNCT = ['，', '，', '，', '。', '、', '；'];

let vocabulary: string[] | null = null;
function words(): string[] {
  if (vocabulary) return vocabulary;
  const random = rng(7);
  const out = new Set<string>();
  while (out.size < 40000) {
    const len = random() < 0.7 ? 2 : 3;
    let w = '';
    for (let i = 0; i < len; i++) w += CHARS[Math.floor(random() * CHARS.length)];
    out.add(w);
  }
  return (vocabulary = [...out]);
}

/** Article number n, about `chars` characters long, always the same text for the same n. */
export function syntheticArticle(n: number, chars = 1500): string {
  const random = rng128(n);
  const vocab = words();
  let text = '';
  let sentence = 0;
  while (text.length < chars) {
    text += vocab[Math.floor(random() * vocab.length)];
    sentence++;
    if (sentence > 4 + random() * 8) {
      const p = PUNCT[Math.floor(random() * PUNCT.length)];
      text += p;
      if (p === '。' && random() < 0.25) text += '\n';
      sentence = 0;
    }
  }
  return text;
}
