import { describe, expect, it } from 'vitest';
import type { Tally } from './statement.ts';
import {
  CITY_TALLY_MIN_VOTERS,
  type CityTally,
  cityGroups,
  knownOrganisations,
  organisationKey,
  suppressCityTally,
} from './statement-cities.ts';

const tally = (agree: number, neutral = 0, disagree = 0): Tally => ({ agree, neutral, disagree });
const voters = (t: Tally) => t.agree + t.neutral + t.disagree;

/** What the room can work out: the total minus every group shown (and the shown remainder). */
function unexplained(groups: { tally: Tally }[], shown: CityTally): number {
  const total = groups.reduce((sum, g) => sum + voters(g.tally), 0);
  const seen = shown.groups.reduce((sum, g) => sum + voters(g.tally), 0) + (shown.other ? voters(shown.other) : 0);
  return total - seen;
}

describe('the vote per city', () => {
  it('uses a minimum of three voters', () => {
    expect(CITY_TALLY_MIN_VOTERS).toBe(3);
  });

  it('shows every group that reaches the minimum, largest first', () => {
    const result = suppressCityTally([
      { organisation: 'Utrecht', tally: tally(2, 1) },
      { organisation: 'Breda', tally: tally(1, 1, 2) },
    ]);
    expect(result).toEqual({
      groups: [
        { organisation: 'Breda', tally: tally(1, 1, 2) },
        { organisation: 'Utrecht', tally: tally(2, 1) },
      ],
      other: null,
    });
  });

  it('hides small groups and shows them together once the remainder reaches the minimum', () => {
    const result = suppressCityTally([
      { organisation: 'Utrecht', tally: tally(3) },
      { organisation: 'Breda', tally: tally(0, 1) },
      { organisation: 'Assen', tally: tally(0, 0, 1) },
      { organisation: null, tally: tally(1) },
    ]);
    expect(result.groups).toEqual([{ organisation: 'Utrecht', tally: tally(3) }]);
    expect(result.other).toEqual(tally(1, 1, 1));
  });

  it('never lets the total minus the shown groups reveal one small group (differencing)', () => {
    // Utrecht 3, Breda 4, Assen 1: showing Utrecht and Breda would leave Assen's one vote as total minus shown.
    const groups = [
      { organisation: 'Utrecht', tally: tally(3) },
      { organisation: 'Breda', tally: tally(2, 2) },
      { organisation: 'Assen', tally: tally(0, 0, 1) },
    ];
    const result = suppressCityTally(groups);
    // The smallest shown group (Utrecht) is folded into the remainder with Assen: 4 voters, safe to show.
    expect(result.groups).toEqual([{ organisation: 'Breda', tally: tally(2, 2) }]);
    expect(result.other).toEqual(tally(3, 0, 1));
    expect(unexplained(groups, result)).toBe(0);
  });

  it('shows no remainder alone: with no organisation named it would only repeat the total', () => {
    const result = suppressCityTally([
      { organisation: 'Utrecht', tally: tally(1) },
      { organisation: 'Breda', tally: tally(2) },
      { organisation: null, tally: tally(4) },
    ]);
    expect(result).toEqual({ groups: [], other: null });
  });

  it('shows nothing per organisation when even folding leaves too few', () => {
    const result = suppressCityTally([
      { organisation: 'Utrecht', tally: tally(1) },
      { organisation: 'Breda', tally: tally(1) },
    ]);
    expect(result).toEqual({ groups: [], other: null });
  });

  it('holds for every small mix of groups: nothing shown is below the minimum, nothing unexplained is small', () => {
    const sizes = [0, 1, 2, 3, 4, 5];
    for (const a of sizes)
      for (const b of sizes)
        for (const c of sizes)
          for (const d of sizes) {
            const groups = [a, b, c, d].map((n, i) => ({ organisation: `Stad ${i}`, tally: tally(n) }));
            const result = suppressCityTally(groups);
            for (const shown of result.groups) expect(voters(shown.tally)).toBeGreaterThanOrEqual(3);
            if (result.other) expect(voters(result.other)).toBeGreaterThanOrEqual(3);
            const left = unexplained(groups, result);
            // What is not shown is either nothing or, when nothing is shown per city, the whole (public) total.
            if (result.groups.length > 0) expect(left).toBe(0);
            else expect(result.other).toBeNull();
          }
  });
});

describe('the organisation a vote belongs to', () => {
  const known = knownOrganisations([
    { name: 'Gemeente Utrecht', short_name: 'Utrecht' },
    { name: "Gemeente 's-Hertogenbosch", short_name: "'s-Hertogenbosch" },
    { name: 'Vereniging van Nederlandse Gemeenten', short_name: 'VNG' },
  ]);

  it('reads spellings of one city as one key', () => {
    expect(organisationKey('Gemeente Utrecht')).toBe('utrecht');
    expect(organisationKey('  UTRECHT ')).toBe('utrecht');
    expect(organisationKey('gemeente   utrecht.')).toBe('utrecht');
  });

  it("counts a guest's spelling of a known organisation with its members", () => {
    const groups = cityGroups(
      [
        { organisation: 'Utrecht', position: 'agree', count: 2 },
        { organisation: 'gemeente utrecht', position: 'disagree', count: 1 },
        { organisation: "'s-hertogenbosch", position: 'neutral', count: 1 },
        { organisation: 'vng', position: 'agree', count: 1 },
      ],
      known,
    );
    expect(groups).toEqual([
      { organisation: 'Utrecht', tally: tally(2, 0, 1) },
      { organisation: "'s-Hertogenbosch", tally: tally(0, 1) },
      { organisation: 'VNG', tally: tally(1) },
    ]);
  });

  it('groups unknown organisations by spelling, named the same whoever voted first', () => {
    const votes = [
      { organisation: 'politie  Oost-Nederland', position: 'agree' as const, count: 1 },
      { organisation: 'Politie Oost-Nederland', position: 'agree' as const, count: 1 },
    ];
    const one = cityGroups(votes, known);
    const other = cityGroups([...votes].reverse(), known);
    expect(one).toEqual([{ organisation: 'Politie Oost-Nederland', tally: tally(2) }]);
    expect(other).toEqual(one);
  });

  it('puts a vote without an organisation in the unknown group', () => {
    expect(cityGroups([{ organisation: null, position: 'agree', count: 2 }], known)).toEqual([
      { organisation: null, tally: tally(2) },
    ]);
  });
});
