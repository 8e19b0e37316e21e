import { describe, expect, it } from 'vitest';
import { type Action, actions, can, canAnywhere, documentAccess, type Role, roles } from './roles.ts';

// The expected matrix written out in full, so a change to roles.ts must be mirrored here on purpose.
const expected: Record<Role, readonly Action[]> = {
  secretariaat: actions,
  klankbordgroep: ['network.view', 'member.list', 'document.read', 'document.write'],
  deelnemer: ['network.view', 'member.list', 'document.read', 'document.write'],
  gast: ['network.view', 'member.list', 'document.read'],
};

describe('the permission matrix', () => {
  for (const role of roles) {
    for (const action of actions) {
      const allowed = expected[role].includes(action);
      it(`${allowed ? 'lets' : 'forbids'} ${role} ${action}`, () => {
        expect(can(role, action)).toBe(allowed);
      });
    }
  }

  it('gives someone without a role nothing', () => {
    for (const action of actions) expect(can(null, action)).toBe(false);
  });

  it('gives a gast read-only documents and a removed member none', () => {
    expect(documentAccess('gast')).toBe('read');
    expect(documentAccess('deelnemer')).toBe('write');
    expect(documentAccess(null)).toBe('none');
  });

  it('allows an action anywhere when one of the roles allows it', () => {
    expect(canAnywhere(['gast', 'secretariaat'], 'organisation.manage')).toBe(true);
    expect(canAnywhere(['gast', 'deelnemer'], 'organisation.manage')).toBe(false);
  });
});
