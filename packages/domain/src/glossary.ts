/**
 * The product's words: the Dutch term people see and the English identifier the code uses.
 * One word per concept everywhere — code, database, API, tests (see DESIGN.md).
 */
export const glossary = {
  network: { nl: 'netwerk', meaning: 'a group of organisations that meets; has members with roles' },
  meeting: { nl: 'netwerkdag', meaning: 'one event, one or more days, in a host city or online' },
  theme: { nl: 'thema', meaning: 'what a netwerkdag is about; proposed and chosen by the klankbordgroep' },
  programme: { nl: 'programma', meaning: 'the ordered agenda items of a meeting' },
  session: { nl: 'deelsessie / dilemmatafel', meaning: 'a parallel breakout; a dilemmatafel rotates' },
  statement: { nl: 'stelling', meaning: 'a proposition participants take a position on' },
  example: { nl: 'goed voorbeeld', meaning: 'a best practice of a city' },
  report: { nl: 'verslag', meaning: "the meeting's notes, finalised by the secretariat" },
  action: { nl: 'afspraak / actiepunt', meaning: 'an agreed follow-up with an owner and a status' },
  hostCity: { nl: 'gastgemeente', meaning: 'the city that hosts a meeting' },
} as const;

export type GlossaryTerm = keyof typeof glossary;
