import { recordAuditEvent } from '@klankbord/db';
import { describe, expect, it } from 'vitest';
import { arrangeCast, meetingBody } from '../meetings/fixtures.ts';
import { useCastServer } from '../support/use-server.ts';

const ctx = useCastServer(arrangeCast);

describe('the audit log names what each event is about', () => {
  it('gives a meeting’s title and link, never only its id, and says when the thing is gone', async () => {
    const created = await ctx.cast.api.secretariaat.post(
      '/api/networks/ngs/meetings',
      meetingBody({ title: 'Netwerkdag Breda' }),
    );
    const id = created.body.meeting.id as number;
    await ctx.cast.api.secretariaat.post(`/api/meetings/${id}/status`, { status: 'published' });
    const network = await ctx.server.db
      .selectFrom('networks')
      .select('id')
      .where('slug', '=', 'ngs')
      .executeTakeFirstOrThrow();
    // An event about a meeting that no longer exists (or never did in this network).
    await recordAuditEvent(ctx.server.db, {
      networkId: network.id,
      actorId: ctx.cast.userIds.secretariaat,
      event: 'report.finalised',
      subject: '987654',
    });

    const audit = await ctx.cast.api.secretariaat.get('/api/networks/ngs/audit');
    expect(audit.status).toBe(200);
    const events = audit.body.events as { event: string; subject: string; object: unknown }[];
    const statusChanged = events.find(
      (event) => event.event === 'meeting.statusChanged' && event.subject === String(id),
    );
    expect(statusChanged?.object).toEqual({
      kind: 'meeting',
      name: 'Netwerkdag Breda',
      href: `/networks/ngs/meetings/${id}`,
    });
    const gone = events.find((event) => event.event === 'report.finalised' && event.subject === '987654');
    expect(gone?.object).toEqual({ kind: 'report', name: null, href: null });
  });
});
