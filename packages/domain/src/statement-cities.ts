import { type Position, positions, type Tally } from './statement.ts';

/**
 * The vote per city: a stelling's tally split by the organisation of each voter (a member's organisation, the
 * organisation a guest gave). The network exists to compare cities, but a city with one or two voters in the
 * room would show how those people voted; so small groups are suppressed, on the server, before any response or
 * live event carries them.
 */

/** A group with fewer voters than this is never shown on its own (nor a remainder of hidden groups). */
export const CITY_TALLY_MIN_VOTERS = 3;

/** The voters of one organisation; `organisation` null: unknown (a removed member, a member without one). */
export interface CityGroup {
  organisation: string | null;
  tally: Tally;
}

/** What may be shown: the groups large enough, and the rest together as "overige organisaties". */
export interface CityTally {
  /** Largest first, then by name. */
  groups: { organisation: string; tally: Tally }[];
  /** The hidden groups together; null when nothing is hidden, or when no group is shown by name. */
  other: Tally | null;
}

const votersIn = (tally: Tally) => positions.reduce((sum, position) => sum + tally[position], 0);

const addTally = (a: Tally, b: Tally): Tally => ({
  agree: a.agree + b.agree,
  neutral: a.neutral + b.neutral,
  disagree: a.disagree + b.disagree,
});

/**
 * Applies the minimum group size. Groups below `min` voters are hidden; hidden groups are shown together only
 * once they reach `min`. The total is public, so total minus the shown groups must never be one small group:
 * when the hidden remainder holds 1 to min-1 voters, the smallest shown group is folded into it as well
 * (secondary suppression) until the remainder is safe, or nothing is shown per organisation at all. Without
 * any group shown by name nothing is shown: the remainder alone would be the room's total.
 */
export function suppressCityTally(groups: readonly CityGroup[], min = CITY_TALLY_MIN_VOTERS): CityTally {
  const byOrganisation = new Map<string | null, Tally>();
  for (const group of groups) {
    const before = byOrganisation.get(group.organisation);
    byOrganisation.set(group.organisation, before ? addTally(before, group.tally) : group.tally);
  }
  const shown: { organisation: string; tally: Tally }[] = [];
  let hidden: Tally = { agree: 0, neutral: 0, disagree: 0 };
  for (const [organisation, tally] of byOrganisation) {
    if (organisation !== null && votersIn(tally) >= min) shown.push({ organisation, tally });
    else hidden = addTally(hidden, tally);
  }
  // Largest first; among equals by name, so that which one is folded does not depend on the order of votes.
  shown.sort((a, b) => votersIn(b.tally) - votersIn(a.tally) || a.organisation.localeCompare(b.organisation, 'nl'));
  while (votersIn(hidden) > 0 && votersIn(hidden) < min && shown.length > 0) {
    hidden = addTally(hidden, shown.pop()!.tally);
  }
  // With no organisation named, "overige" would be the whole room again: the public total says that already.
  if (shown.length === 0) return { groups: [], other: null };
  return { groups: shown, other: votersIn(hidden) === 0 ? null : hidden };
}

/**
 * The key two spellings of one organisation share: "Gemeente Utrecht", "utrecht " and "UTRECHT" are one
 * city. Accents, case, punctuation, extra spaces and a leading "gemeente" do not count.
 */
export function organisationKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim()
    .replace(/^gemeente\s+/, '');
}

/** Votes of one organisation as the database counts them: a position and how many took it. */
export interface OrganisationVotes {
  /** The member's organisation or the words a guest typed; null when unknown. */
  organisation: string | null;
  position: Position;
  count: number;
}

/**
 * Groups votes by organisation, spellings of one organisation together: a known organisation by its short name
 * (its city), any other by the first of its spellings in alphabetical order, so the name shown does not depend
 * on who voted first. `known` comes from knownOrganisations.
 */
export function cityGroups(votes: readonly OrganisationVotes[], known: ReadonlyMap<string, string>): CityGroup[] {
  const groups = new Map<string, { organisation: string | null; tally: Tally }>();
  for (const vote of votes) {
    const tidy = vote.organisation?.normalize('NFC').replace(/\s+/g, ' ').trim() ?? '';
    const key = organisationKey(tidy);
    const organisation = key === '' ? null : (known.get(key) ?? tidy);
    const group = groups.get(key) ?? { organisation, tally: { agree: 0, neutral: 0, disagree: 0 } };
    if (organisation !== null && group.organisation !== null && organisation < group.organisation) {
      group.organisation = organisation;
    }
    group.tally[vote.position] += vote.count;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The keys by which guests' words find the known organisations: name and short name, to the short name. */
export function knownOrganisations(
  organisations: readonly { name: string; short_name: string | null }[],
): Map<string, string> {
  const known = new Map<string, string>();
  for (const o of organisations) {
    const shown = o.short_name ?? o.name;
    known.set(organisationKey(o.name), shown);
    if (o.short_name) known.set(organisationKey(o.short_name), shown);
  }
  return known;
}
