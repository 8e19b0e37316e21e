import { describe, expect, it } from 'vitest';
import { arrangeCast, meetingIn } from '../meetings/fixtures.ts';
import { useCastServer } from '../support/use-server.ts';
import { addStatement } from './support.ts';

const ctx = useCastServer(arrangeCast);

describe('search visibility', () => {
  it('finds the visible match behind 100 invisible ones', async () => {
    // 101 stellingen with the word in their title, in a meeting a deelnemer may not see yet: they rank above the
    // one visible stelling, which has it only in its context, and so fill any limit applied before the check.
    const preparing = await meetingIn(ctx.server, ctx.cast, 'preparation');
    for (let i = 1; i <= 101; i++) await addStatement(ctx.cast, preparing, `Woonoverlast in wijk ${i}`);
    const published = await meetingIn(ctx.server, ctx.cast, 'published');
    await addStatement(
      ctx.cast,
      published,
      'Samenwerken met corporaties',
      'Eindhoven pakt woonoverlast samen met de corporaties aan.',
    );

    const secretariaat = await ctx.cast.api.secretariaat.get('/api/search?q=woonoverlast');
    expect(secretariaat.body.results).toHaveLength(20);
    const deelnemer = await ctx.cast.api.deelnemer.get('/api/search?q=woonoverlast');
    expect(deelnemer.status).toBe(200);
    expect(deelnemer.body.results.map((result: { title: string }) => result.title)).toEqual([
      'Samenwerken met corporaties',
    ]);
  });
});
