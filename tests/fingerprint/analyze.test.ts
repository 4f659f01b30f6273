import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/fingerprint/index.ts';

const hashes = (text: string) => Array.from(analyze(text).hashes);

describe('analyze: text to units', () => {
  it('makes one unit per CJK character and one per word', () => {
    const u = analyze('节能降碳 saves 12,000 tons');
    expect(u.count).toBe(4 + 4);
    expect(u.chars).toBe(4 + 'saves'.length + '12'.length + '000'.length + 'tons'.length);
  });

  it('folds case, full-width forms and punctuation', () => {
    expect(hashes('Hello, World! ＡＢＣ１２３')).toEqual(hashes('hello world abc123'));
    expect(hashes('炼化“装置”，能耗。')).toEqual(hashes('炼化装置能耗'));
  });

  it('folds traditional characters to simplified', () => {
    expect(hashes('這個國家的煉化裝置能耗創新低')).toEqual(hashes('这个国家的炼化装置能耗创新低'));
  });

  it('ignores zero-width and format characters, even between every character', () => {
    const plain = '沿海炼化基地 energy savings';
    const evasive = [...plain].join('\u200b').replace(/ /g, ' \u2060');
    expect(hashes(evasive)).toEqual(hashes(plain));
    expect(hashes('soft\u00adware')).toEqual(hashes('software'));
  });

  it('removes combining marks: é, e + U+0301 and e are the same letter', () => {
    expect(hashes('café résumé')).toEqual(hashes('cafe\u0301 re\u0301sume\u0301'));
    expect(hashes('café résumé')).toEqual(hashes('cafe resume'));
  });

  it('treats lone surrogates as separators without throwing', () => {
    expect(hashes('abc\ud800def')).toEqual(hashes('abc def'));
    expect(hashes('abc\udc00def')).toEqual(hashes('abc def'));
    expect(analyze('\ud83d\ude00').count).toBe(0); // an emoji is a symbol, not a unit
  });

  it('maps each unit back to its place in the original text', () => {
    const text = '　　清晨七点，“Steam” 管网！';
    const u = analyze(text);
    const pieces = Array.from({ length: u.count }, (_, i) => text.slice(u.starts[i], u.ends[i]));
    expect(pieces).toEqual(['清', '晨', '七', '点', 'Steam', '管', '网']);
  });

  it('handles empty and one-character texts', () => {
    expect(analyze('').count).toBe(0);
    expect(analyze('   ，。！').count).toBe(0);
    expect(analyze('油').count).toBe(1);
  });

  it('handles a 5-million-character text', () => {
    const text = '节能降碳作为提质增效的主攻方向。'.repeat(320_000);
    expect(text.length).toBeGreaterThanOrEqual(5_000_000);
    const u = analyze(text);
    expect(u.count).toBe(320_000 * 15);
  });
});
