/**
 * The search test set: Dutch queries a member of the Netwerk Grote Steden would type, over the network's public
 * history (demo-data, from netwerk-grote-steden.json) and the few texts query-set.test.ts adds (two stellingen on
 * camera toezicht, a Netwerkdag Tilburg, a file, two named members). For each query:
 * - `must`: results it has to find (recall), each as its kind and its title;
 * - `relevant`: whether a result it shows answers the query (precision), judged on the result's own text — its
 *   title, its text and the netwerkdag it belongs to, folded to lower case without diacritics — by a pattern
 *   written by hand with the word forms spelled out, so that the judgement does not use the search's own stemmer.
 */
export interface QueryCase {
  q: string;
  /** Query parameters besides q (kind, year). */
  params?: Record<string, string>;
  /** What the query is about, for the report. */
  about: string;
  must: { kind: string; title: string }[];
  relevant: (result: Judged) => boolean;
}

/** A result as the judgement sees it: all lower case, without diacritics. */
export interface Judged {
  kind: string;
  title: string;
  text: string;
  meeting: string;
  year: number | null;
}

const has = (pattern: RegExp) => (r: Judged) => pattern.test(`${r.title}\n${r.text}`);
const inMeeting = (title: string) => (r: Judged) => r.meeting === title.toLowerCase();
const either =
  (...tests: ((r: Judged) => boolean)[]) =>
  (r: Judged) =>
    tests.some((test) => test(r));
const both =
  (...tests: ((r: Judged) => boolean)[]) =>
  (r: Judged) =>
    tests.every((test) => test(r));

const veiligheidshuis = has(/veiligheidshui(s|zen)/);
const cameraToezicht = has(/camera ?toezicht/);

export const queryCases: QueryCase[] = [
  // Compounds, both ways
  {
    q: 'veiligheidshuizen',
    about: 'compound, plural',
    must: [{ kind: 'theme', title: 'Veiligheidshuizen' }],
    relevant: veiligheidshuis,
  },
  {
    q: 'veiligheidshuis',
    about: 'compound, singular finds plural',
    must: [{ kind: 'theme', title: 'Veiligheidshuizen' }],
    relevant: veiligheidshuis,
  },
  {
    q: 'camera toezicht',
    about: 'parts apart find the compound',
    must: [
      { kind: 'statement', title: 'Cameratoezicht in het uitgaansgebied werkt' },
      { kind: 'statement', title: 'Meer camera toezicht op het station' },
    ],
    relevant: cameraToezicht,
  },
  {
    q: 'cameratoezicht',
    about: 'compound finds its parts apart',
    must: [
      { kind: 'statement', title: 'Cameratoezicht in het uitgaansgebied werkt' },
      { kind: 'statement', title: 'Meer camera toezicht op het station' },
    ],
    relevant: cameraToezicht,
  },
  {
    q: 'woninginbraken',
    about: 'compound, plural',
    must: [
      { kind: 'theme', title: 'Woninginbraak' },
      { kind: 'programmeItem', title: 'Woninginbraken voorkomen' },
    ],
    relevant: has(/woninginbra|inbra\w* (in )?woning/),
  },
  {
    q: 'inbraak woning',
    about: 'parts apart find the compound',
    must: [
      { kind: 'theme', title: 'Woninginbraak' },
      { kind: 'programmeItem', title: 'Woninginbraken voorkomen' },
    ],
    relevant: has(/woninginbra|inbra\w* (in )?woning/),
  },
  {
    q: 'coffeeshop',
    about: 'first part of a compound',
    must: [
      { kind: 'session', title: 'Coffeeshopbeleid VOCM' },
      { kind: 'session', title: 'Coffeeshopbeleid gemeente Maastricht' },
    ],
    relevant: has(/coffeeshop/),
  },
  {
    q: 'Cybercriminaliteit',
    about: 'theme',
    must: [{ kind: 'theme', title: 'Cybercriminaliteit' }],
    relevant: has(/cyber ?crim/),
  },
  {
    q: 'jaarwisseling',
    about: 'file by a compound in its name',
    must: [{ kind: 'file', title: 'Draaiboek-jaarwisseling-Tilburg.pdf' }],
    relevant: has(/jaarwisseling/),
  },
  // Plurals and other word forms
  {
    q: 'vluchteling',
    about: 'singular finds plural',
    must: [
      { kind: 'theme', title: 'Vluchtelingen en veiligheid' },
      { kind: 'programmeItem', title: 'Verwarde personen en vluchtelingen in Leeuwarden' },
    ],
    relevant: has(/vluchteling/),
  },
  {
    q: 'dilemmatafel',
    about: 'singular finds plural, deelsessies',
    must: [{ kind: 'programmeItem', title: 'Vijf dilemmatafels, na 30 minuten wisselen' }],
    relevant: has(/dilemmatafel/),
  },
  {
    q: 'radicalisering',
    about: 'theme and talks',
    must: [
      { kind: 'theme', title: 'Radicalisering en polarisatie' },
      { kind: 'theme', title: 'Radicalisering' },
      { kind: 'programmeItem', title: 'Intensivering aanpak radicalisering' },
    ],
    relevant: has(/radicali/),
  },
  {
    q: 'crisisbeheersing',
    about: 'programme item',
    must: [{ kind: 'programmeItem', title: 'Crisisbeheersing' }],
    relevant: has(/crisisbeheersing/),
  },
  {
    q: 'Syriëgangers',
    about: 'diacritics, deelsessie',
    must: [{ kind: 'session', title: 'Teruggekeerde Syriëgangers' }],
    relevant: has(/syriegang/),
  },
  // Phrases
  {
    q: '"verwarde personen"',
    about: 'phrase',
    must: [
      { kind: 'theme', title: 'Verwarde personen' },
      { kind: 'programmeItem', title: 'Aanjaagteam verwarde personen' },
    ],
    relevant: has(/verwarde personen/),
  },
  {
    q: '"lauwe thee"',
    about: 'phrase, dilemmatafel',
    must: [{ kind: 'session', title: 'Hoe voorkom je lauwe thee?' }],
    relevant: has(/lauwe thee/),
  },
  {
    q: '"maatschappelijke onrust"',
    about: 'phrase, theme',
    must: [
      { kind: 'theme', title: 'Maatschappelijke onrust en ongenoegen' },
      { kind: 'theme', title: 'Maatschappelijke onrust' },
    ],
    relevant: has(/maatschappelijke onrust/),
  },
  {
    q: '"stappen zetten"',
    about: 'phrase, stelling',
    must: [{ kind: 'statement', title: 'Willen we stappen zetten?' }],
    relevant: has(/stappen zetten/),
  },
  // Names of people
  {
    q: 'Aboutaleb',
    about: 'speaker',
    must: [{ kind: 'programmeItem', title: 'Intensivering aanpak radicalisering' }],
    relevant: has(/aboutaleb/),
  },
  {
    q: 'Ferd Crone',
    about: 'speaker',
    must: [{ kind: 'programmeItem', title: 'Verwarde personen en vluchtelingen in Leeuwarden' }],
    relevant: has(/ferd crone|crone/),
  },
  {
    q: '"Patrick van den Brink"',
    about: 'speaker, phrase',
    must: [
      { kind: 'programmeItem', title: 'Welkomstwoord' },
      { kind: 'programmeItem', title: 'Ambities Netwerk Grote Steden' },
    ],
    relevant: has(/patrick van den brink/),
  },
  {
    q: 'Marieke de Groot',
    about: 'member by name',
    must: [{ kind: 'person', title: 'Marieke de Groot' }],
    relevant: has(/marieke/),
  },
  {
    q: 'Jansen Tilburg',
    about: 'member by name and organisation',
    must: [{ kind: 'person', title: 'Pieter Jansen' }],
    relevant: both(has(/jansen/), has(/tilburg/)),
  },
  {
    q: 'Centrum voor Criminaliteitspreventie',
    about: 'organisation',
    must: [{ kind: 'organisation', title: 'Centrum voor Criminaliteitspreventie en Veiligheid' }],
    relevant: has(/criminaliteitspreventie/),
  },
  // Cities and netwerkdagen
  {
    q: 'Emmen',
    about: 'city',
    must: [{ kind: 'meeting', title: 'Netwerkdag Emmen' }],
    relevant: either(inMeeting('Netwerkdag Emmen'), has(/emmen/)),
  },
  {
    q: 'Netwerkdag Tilburg',
    about: 'netwerkdag title',
    must: [{ kind: 'meeting', title: 'Netwerkdag Tilburg' }],
    relevant: both(has(/tilburg/), either(has(/netwerkdag/), inMeeting('Netwerkdag Tilburg'))),
  },
  {
    q: 'Netwerkdag Leeuwarden',
    about: 'netwerkdag title',
    must: [{ kind: 'meeting', title: 'Netwerkdag Leeuwarden' }],
    relevant: either(inMeeting('Netwerkdag Leeuwarden'), has(/leeuwarden/)),
  },
  {
    q: 'Leeuwarden 2015',
    about: 'city and year',
    must: [{ kind: 'meeting', title: 'Netwerkdag Leeuwarden' }],
    relevant: both(has(/leeuwarden/), (r) => r.year === 2015 || /2015/.test(r.text)),
  },
  {
    q: 'Maastricht',
    about: 'city',
    must: [
      { kind: 'meeting', title: 'Netwerkdag Maastricht' },
      { kind: 'session', title: 'Coffeeshopbeleid gemeente Maastricht' },
    ],
    relevant: either(inMeeting('Netwerkdag Maastricht'), has(/maastricht/)),
  },
  {
    q: 'Stratumseind',
    about: 'place, theme',
    must: [{ kind: 'theme', title: 'Living Lab crowdcontrol Stratumseind' }],
    relevant: has(/stratumseind/),
  },
  {
    q: 'Bibob',
    about: 'law, talks',
    must: [
      { kind: 'programmeItem', title: 'Wet Bibob in de praktijk' },
      { kind: 'programmeItem', title: 'Bibob in de bouwvergunningverlening' },
    ],
    relevant: has(/bibob/),
  },
  {
    q: 'draaiboek',
    about: 'file by name',
    must: [{ kind: 'file', title: 'Draaiboek-jaarwisseling-Tilburg.pdf' }],
    relevant: has(/draaiboek/),
  },
  // Filters
  {
    q: 'veiligheid',
    params: { year: '2015' },
    about: 'word, year filter',
    must: [{ kind: 'theme', title: 'Vluchtelingen en veiligheid' }],
    relevant: both(has(/veilig/), (r) => r.year === 2015),
  },
  {
    q: 'Leeuwarden',
    params: { kind: 'meeting' },
    about: 'city, kind filter',
    must: [{ kind: 'meeting', title: 'Netwerkdag Leeuwarden' }],
    relevant: (r) => r.kind === 'meeting' && r.meeting === 'netwerkdag leeuwarden',
  },
  {
    q: 'corona handhaving',
    params: { kind: 'session' },
    about: 'words, kind filter',
    must: [{ kind: 'session', title: 'Corona en handhaving' }],
    relevant: (r) => r.kind === 'session' && /corona/.test(`${r.title}\n${r.text}`),
  },
];
