import type { Person } from './accounts.ts';

// The cast of the browser tests, with the role each is given in the seeded network. Every test file starts its
// own server, so each file signs up the people it needs.

/** The secretariaat: the first account. */
export const SANNE: Person = { name: 'Sanne de Vries', email: 'sanne@ccv.example', password: 'netwerkdag in Tilburg' };
/** Klankbordgroep. */
export const KEES: Person = { name: 'Kees Bakker', email: 'kees@breda.example', password: 'klankbordgroep uit Breda' };
/** Deelnemer, at a desk. */
export const DIRK: Person = { name: 'Dirk Smit', email: 'dirk@zwolle.example', password: 'deelnemer uit Zwolle' };
/** Deelnemer, on a phone. */
export const DAAN: Person = {
  name: 'Daan Jansen',
  email: 'daan@eindhoven.example',
  password: 'deelnemer uit Eindhoven',
};
/** Gast: may only read. */
export const GERDA: Person = { name: 'Gerda Mulder', email: 'gerda@vng.example', password: 'gast van de VNG' };
