import {
  createTheme,
  deleteTheme,
  findSupport,
  findTheme,
  listThemes,
  setSupport,
  setThemeChosen,
  type Theme,
  type ThemeRow,
  updateTheme,
} from '@klankbord/db';
import { themeChosenInput, themeInput, themeSupportInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseMeeting, type MeetingAccess, mayInMeeting } from '../access/authorise.ts';
import { meetingInStatus } from '../access/facts.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { indexTheme, unindexTheme } from '../search-index.ts';
import { valid } from '../validate.ts';

const idParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });

function themeJson(theme: Theme, mySupport: number | null) {
  return {
    id: theme.id,
    meetingId: theme.meetingId,
    title: theme.title,
    why: theme.why,
    proposer: theme.proposerId === null ? null : { id: theme.proposerId, name: theme.proposerName ?? '' },
    chosen: theme.chosen,
    supportCount: theme.supportCount,
    supportedByMe: mySupport === theme.id,
    createdAt: theme.createdAt,
    updatedAt: theme.updatedAt,
  };
}

/**
 * Themes of a meeting: the klankbordgroep proposes them, each member supports one, and the secretariat or
 * klankbordgroep marks the chosen one(s). Mounted at /api: its paths start at /meetings/:id and /themes/:id.
 */
export function themeRoutes(deps: Deps) {
  /** The meeting's themes as the caller sees them, with the one they support. */
  const themesOf = async (access: MeetingAccess) => {
    const mySupport = await findSupport(deps.db, access.meeting.id, access.principal.user.id);
    const themes = await listThemes(deps.db, access.meeting.id);
    return { themes: themes.map((theme) => themeJson(theme, mySupport)), mySupport };
  };
  /** One theme as the caller sees it, after a change. */
  const themeOf = async (access: MeetingAccess, id: number) => {
    const { themes } = await themesOf(access);
    const theme = themes.find((t) => t.id === id);
    if (!theme) fail(404, 'not_found');
    return theme;
  };
  /** A theme and the caller's standing towards its meeting; 404 when either is hidden from them. */
  const authoriseTheme = async (
    c: { get(key: 'principal'): AppEnv['Variables']['principal'] },
    id: number,
    action: 'theme.propose' | 'theme.choose',
  ): Promise<{ theme: ThemeRow; access: MeetingAccess }> => {
    const theme = await findTheme(deps.db, id);
    if (!theme) fail(404, 'not_found');
    return { theme, access: await authoriseMeeting(deps.db, c.get('principal'), theme.meeting_id, action) };
  };
  /** Tells whoever may see the meeting's themes that they changed; their pages load them again. */
  const publish = ({ network, meeting }: MeetingAccess) =>
    deps.live.publish(
      network.id,
      { type: 'theme.changed', meetingId: meeting.id },
      { type: 'meeting', need: 'theme.view', facts: { meeting: meetingInStatus(meeting.status) } },
    );
  /**
   * Editing a proposal is for its proposer, or for whoever may moderate themes (the matrix says who),
   * and only while themes may be proposed at all.
   */
  const authoriseEdit = async (c: Parameters<typeof authoriseTheme>[0], id: number) => {
    const { theme, access } = await authoriseTheme(c, id, 'theme.propose');
    const moderates = mayInMeeting(access.role, 'theme.moderate', access.meeting.status);
    if (theme.proposer_id !== access.principal.user.id && !moderates) fail(403, 'forbidden');
    return { theme, access };
  };

  return new Hono<AppEnv>()
    .get('/meetings/:id/themes', valid('param', idParam), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'theme.view');
      return c.json(await themesOf(access));
    })
    .post('/meetings/:id/themes', valid('param', idParam), valid('json', themeInput), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'theme.propose');
      const created = await createTheme(deps.db, access.meeting.id, c.req.valid('json'), access.principal.user.id);
      await indexTheme(deps.db, access.meeting, created);
      publish(access);
      return c.json({ theme: await themeOf(access, created.id) }, 201);
    })
    .put('/meetings/:id/support', valid('param', idParam), valid('json', themeSupportInput), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'theme.support');
      const { themeId } = c.req.valid('json');
      if (!(await setSupport(deps.db, access.meeting.id, access.principal.user.id, themeId))) {
        fail(400, 'invalid_input', { themeId: 'theme.invalid' });
      }
      publish(access);
      return c.json(await themesOf(access));
    })
    .patch('/themes/:id', valid('param', idParam), valid('json', themeInput), async (c) => {
      const { theme, access } = await authoriseEdit(c, c.req.valid('param').id);
      await updateTheme(deps.db, theme.id, c.req.valid('json'));
      await indexTheme(deps.db, access.meeting, { id: theme.id, ...c.req.valid('json') });
      publish(access);
      return c.json({ theme: await themeOf(access, theme.id) });
    })
    .delete('/themes/:id', valid('param', idParam), async (c) => {
      const { theme, access } = await authoriseEdit(c, c.req.valid('param').id);
      if (!(await deleteTheme(deps.db, theme.id))) fail(404, 'not_found');
      await unindexTheme(deps.db, theme.id);
      publish(access);
      return c.body(null, 204);
    })
    .post('/themes/:id/chosen', valid('param', idParam), valid('json', themeChosenInput), async (c) => {
      const { theme, access } = await authoriseTheme(c, c.req.valid('param').id, 'theme.choose');
      await setThemeChosen(deps.db, theme.id, c.req.valid('json').chosen);
      publish(access);
      return c.json({ theme: await themeOf(access, theme.id) });
    });
}
