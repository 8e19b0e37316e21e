import { readFile } from 'node:fs/promises';
import {
  createNetwork,
  type Db,
  ensureOrganisation,
  findNetwork,
  listOrganisations,
  setNetworkOrganisations,
} from '@klankbord/db';
import type { Logger } from './logger.ts';

/** The part of netwerk-grote-steden.json that seeding reads. */
interface SeedFacts {
  organisations: { code: string; name: string; kind: string }[];
  networks: { slug: string; name: string; purpose: string; members?: string }[];
  g4: string[];
  g40: { ccvList: string[] };
}

const municipality = (city: string) => `Gemeente ${city}`;

/**
 * On first start (no organisations yet), loads the public facts about the network: the CCV, VNG and
 * ministries, the G4 and G40 cities, and both networks with the organisations that belong to them.
 * Everything seeded stays editable: the G40's membership changes over time.
 */
export async function seedOnFirstStart(db: Db, file: string, logger: Logger): Promise<void> {
  if ((await listOrganisations(db)).length > 0) return;
  const facts = JSON.parse(await readFile(file, 'utf8')) as SeedFacts;
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, number>();
    for (const o of facts.organisations) {
      ids.set(o.code, (await ensureOrganisation(trx, { name: o.name, shortName: o.code, kind: o.kind })).id);
    }
    for (const city of [...facts.g4, ...facts.g40.ccvList]) {
      ids.set(
        city,
        (await ensureOrganisation(trx, { name: municipality(city), shortName: city, kind: 'gemeente' })).id,
      );
    }
    const partnersOf: Record<string, string[]> = {
      'netwerk-grote-steden': [...facts.g4, ...facts.g40.ccvList, 'CCV', 'VNG', 'JenV'],
      'g40-werkgroep-veiligheid': [...facts.g40.ccvList, 'CCV', 'VNG', 'JenV', 'BZK'],
    };
    for (const n of facts.networks) {
      const network =
        (await createNetwork(trx, { slug: n.slug, name: n.name, purpose: n.purpose })) ??
        (await findNetwork(trx, n.slug));
      if (!network) continue;
      const members = (partnersOf[n.slug] ?? []).map((key) => ids.get(key)).filter((id) => id !== undefined);
      await setNetworkOrganisations(trx, network.id, members);
    }
  });
  logger.info({ file }, 'seeded organisations and networks');
}
