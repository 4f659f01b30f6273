/** Contract: each host's learned template profile (extract/profile.ts), kept between runs. */
import { describe, expect, it } from 'vitest';
import type { TemplateProfile } from '../../../src/domain/index.ts';
import { t, type StoreContext } from './fixtures.ts';

function profile(pages: number, overrides: Partial<TemplateProfile> = {}): TemplateProfile {
  return {
    pages,
    observed: Math.ceil(pages),
    typicalCoverage: 0.62,
    lowStreak: 0,
    relearned: 0,
    blocks: [
      [0xffffffff, pages, 3],
      [12345, 1.5, 1],
      [0, 2, 2],
    ],
    recent: [1, 0x80000000],
    ...overrides,
  };
}

export function templateContract(ctx: StoreContext): void {
  describe('templates', () => {
    it('keeps a profile per host and gives it back whole, 32-bit keys and halved counts included', async () => {
      expect(await ctx.store.templates.get('news.example')).toBeNull();
      await ctx.store.templates.put('news.example', profile(7.5), t(0));
      await ctx.store.templates.put('other.example', profile(3, { relearned: 2 }), t(1));
      expect(await ctx.store.templates.get('news.example')).toEqual({ host: 'news.example', profile: profile(7.5), updatedAt: t(0) });
      expect(await ctx.store.templates.get('other.example')).toEqual({ host: 'other.example', profile: profile(3, { relearned: 2 }), updatedAt: t(1) });
    });

    it("replaces a host's profile whole, hosts case-insensitive", async () => {
      await ctx.store.templates.put('News.Example', profile(4), t(0));
      await ctx.store.templates.put('news.example', profile(5, { blocks: [[9, 5, 5]] }), t(2));
      expect(await ctx.store.templates.get('NEWS.example')).toEqual({ host: 'news.example', profile: profile(5, { blocks: [[9, 5, 5]] }), updatedAt: t(2) });
    });
  });
}
