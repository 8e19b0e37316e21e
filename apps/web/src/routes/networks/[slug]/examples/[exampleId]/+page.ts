import { parseExampleDocumentName } from '@klankbord/domain';
import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad } from '$lib/navigation';
import { idParam } from '../../meetings/[id]/params.ts';
import type { PageLoad } from './$types';

/** One goede voorbeeld; for whoever may edit it, also what the edit form offers. */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  // The layout has loaded the network and the member's permissions in it.
  const { session, network, networkPermissions } = await parent();
  depends('app:example');
  const id = idParam(params.exampleId);
  const api = createApi(fetch);
  try {
    const [{ example, discussion }, attachments] = await Promise.all([
      api.examples.get(id),
      api.attachments.list(`example:${id}`),
    ]);
    if (parseExampleDocumentName(example.document)?.networkSlug !== params.slug)
      error(404, { message: 'not_found', key: 'not_found' });
    const edit = example.canEdit
      ? await Promise.all([
          api.examples.organisations(params.slug),
          api.networks.members(params.slug),
          api.examples.list(params.slug, {}),
        ]).then(([{ organisations }, { members }, { tags }]) => ({
          organisations,
          members,
          curatedTags: tags.filter((tag) => tag.curated).map((tag) => tag.name),
        }))
      : null;
    return {
      network,
      permissions: networkPermissions,
      example,
      discussion,
      edit,
      attachments,
      user: session.user,
    };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;
