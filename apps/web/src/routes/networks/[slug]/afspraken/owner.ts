/**
 * An afspraak's owner as one select value: '' (nobody yet), 'member:<user id>' or 'organisation:<id>'. The API
 * takes it as two fields of which at most one is set.
 */
export type OwnerChoice = '' | `member:${number}` | `organisation:${number}`;

/** The select value for an owner as the API returns it. */
export function ownerChoice(owner: { kind: 'member' | 'organisation'; id: number } | null): OwnerChoice {
  return owner ? `${owner.kind}:${owner.id}` : '';
}

/** The API's owner fields for a select value. */
export function ownerFields(choice: OwnerChoice): { ownerUserId: number | null; ownerOrganisationId: number | null } {
  const [kind, id] = choice.split(':');
  return {
    ownerUserId: kind === 'member' ? Number(id) : null,
    ownerOrganisationId: kind === 'organisation' ? Number(id) : null,
  };
}
