/**
 * The language of an article from its script, and for Chinese whether it is written in
 * simplified or traditional characters (from characters that exist in only one of the two).
 */

// Frequent characters that differ between the scripts, pairwise: simplified ↔ traditional.
const SIMPLIFIED =
  '这个们来时为说国对会学发经动后还过实现点开长问见应样机进种关体东车书话从电门无与当头两么让给万义乐习买产亲亿仅众优传伤价众华协单卖卫变号叶听员响团围图场坏处备复头夺宁实将尔尽层岁币师带帮广庆应开张当总战户报拥护择换据时显晓书术机权条来极构标样档桥检楼欢欧气没沟热爱独环现电画疗监盖确礼离种积称笔类级纪线练组细织终经结给统继续维网罗职联脑节苏药虽衣补观规视论设证评识诉词译试诗该详语误说请读调谈贝负贡财责败货质购贵费资赛赵车转轮软轻载辑输边达迁过运还这进远违连选逊遗邮郑释里鉴钱铁银销锁长门问间闻队阳阴阵际陆险难雾静面顺须顾领频题风飞饭馆马驶验鱼鸟鸡龙';
const TRADITIONAL =
  '這個們來時為說國對會學發經動後還過實現點開長問見應樣機進種關體東車書話從電門無與當頭兩麼讓給萬義樂習買產親億僅眾優傳傷價衆華協單賣衛變號葉聽員響團圍圖場壞處備複頭奪寧實將爾盡層歲幣師帶幫廣慶應開張當總戰戶報擁護擇換據時顯曉書術機權條來極構標樣檔橋檢樓歡歐氣沒溝熱愛獨環現電畫療監蓋確禮離種積稱筆類級紀線練組細織終經結給統繼續維網羅職聯腦節蘇藥雖衣補觀規視論設證評識訴詞譯試詩該詳語誤說請讀調談貝負貢財責敗貨質購貴費資賽趙車轉輪軟輕載輯輸邊達遷過運還這進遠違連選遜遺郵鄭釋裡鑒錢鐵銀銷鎖長門問間聞隊陽陰陣際陸險難霧靜面順須顧領頻題風飛飯館馬駛驗魚鳥雞龍';
/** Per BMP code unit: 1 when the character exists only in simplified writing, 2 only in traditional. */
const SCRIPT_OF = new Uint8Array(0x10000);
for (let i = 0; i < SIMPLIFIED.length; i++) {
  if (SIMPLIFIED[i] !== TRADITIONAL[i]) {
    SCRIPT_OF[SIMPLIFIED.charCodeAt(i)] = 1;
    // A character listed on both sides counts as simplified, as it always has.
    if (SCRIPT_OF[TRADITIONAL.charCodeAt(i)] !== 1) SCRIPT_OF[TRADITIONAL.charCodeAt(i)] = 2;
  }
}

const STOPWORDS_EN = new Set([
  'the',
  'and',
  'of',
  'to',
  'a',
  'in',
  'is',
  'that',
  'for',
  'it',
  'was',
  'on',
  'with',
  'as',
  'he',
  'she',
  'they',
  'be',
  'at',
  'by',
  'this',
  'have',
  'from',
  'are',
  'said',
]);

/** Which Chinese script a text is written in, judged from characters unique to each. */
function chineseScript(text: string): 'zh-Hans' | 'zh-Hant' {
  let simp = 0;
  let trad = 0;
  for (let i = 0; i < text.length; i++) {
    const script = SCRIPT_OF[text.charCodeAt(i)]; // every listed character is in the BMP
    if (script === 1) simp++;
    else if (script === 2) trad++;
  }
  return trad > simp ? 'zh-Hant' : 'zh-Hans';
}

export function detectLang(text: string, htmlLang: string | null): string {
  const sample = text.slice(0, 8000);
  let han = 0,
    kana = 0,
    hangul = 0,
    cyrillic = 0,
    latin = 0,
    other = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) han++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0xac00 && c <= 0xd7af) hangul++;
    else if (c >= 0x0400 && c <= 0x04ff) cyrillic++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
    else if (c > 0x2ff && /\p{L}/u.test(ch)) other++;
  }
  const letters = han + kana + hangul + cyrillic + latin + other;
  if (!letters) return 'und';
  const hint = htmlLang ? htmlLang.toLowerCase().split(/[-_]/)[0] : null;
  if (hangul / letters > 0.3) return 'ko';
  if (kana > 0 && kana / (han + kana) > 0.08 && (han + kana) / letters > 0.3) return 'ja';
  if (han / letters > 0.3) return chineseScript(sample);
  if (cyrillic / letters > 0.5) return hint && ['uk', 'bg', 'sr', 'mk', 'be', 'kk'].includes(hint) ? hint : 'ru';
  if (latin / letters > 0.5) {
    if (hint && /^[a-z]{2,3}$/.test(hint) && hint !== 'en') return hint;
    const words = sample.toLowerCase().match(/[a-z]+/g) ?? [];
    const stop = words.filter((w) => STOPWORDS_EN.has(w)).length;
    if (words.length && stop / words.length > 0.12) return 'en';
    return hint ?? 'und';
  }
  return hint ?? 'und';
}
