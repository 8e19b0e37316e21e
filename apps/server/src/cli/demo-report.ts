import { type Anchor, encodeAnchorPosition, reportFragment } from '@klankbord/domain';
import { stems } from '@klankbord/search';
import * as Y from 'yjs';
import type { FactProgrammePart, FactSpeaker, Netwerkdag } from './demo-facts.ts';

/**
 * The verslag of a past netwerkdag for the demo history, composed from the public facts by sentence templates:
 * names, titles and short facts (a number, a question, an action) are taken over, every sentence around them is
 * written here. The record keeps a few findings in English; those are rendered in Dutch from `inDutch`, and a
 * finding missing there is left out rather than quoted in the wrong language.
 */

/** An afspraak as the verslag states it: its owner is an organisation's short name (a city, CCV, VNG …). */
export interface DemoAfspraak {
  description: string;
  owner: string | null;
  done: boolean;
}

/** A block of a demo verslag, before it becomes Tiptap nodes in the report's Yjs document. */
export type ReportBlock =
  | { type: 'heading'; level: 3 | 4; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'afspraak'; text: string; afspraak: DemoAfspraak };

/** What a verslag needs to know besides its own day. */
export interface ReportContext {
  network: string;
  /** The short name of the network's secretariaat. */
  secretariat: string;
  /** The netwerkdag held after this one; undefined for the newest. */
  next: Netwerkdag | undefined;
  /** True for the newest netwerkdag: nothing in the record says its afspraken were finished. */
  newest: boolean;
}

// The record's English findings, in the words a Dutch verslag would use.
const inDutch: Record<string, string> = {
  'A handreiking is practised in the cold phase; the value of a plan lies in making it.':
    'Met een handreiking oefenen gemeente en partners in de koude fase, voordat er iets gebeurt. Een plan is vooral waardevol doordat zij het samen opstellen.',
  'Residents copy the behaviour of their neighbours.':
    'Wat buren doen, doen bewoners na: wie inbraken wil voorkomen, begint bij de straat en niet bij het ene huis.',
};

const NUMBERS = [
  'geen',
  'één',
  'twee',
  'drie',
  'vier',
  'vijf',
  'zes',
  'zeven',
  'acht',
  'negen',
  'tien',
  'elf',
  'twaalf',
];
const count = (n: number): string => NUMBERS[n] ?? String(n);

const fullDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthOnly = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const asDate = (iso: string) => new Date(`${iso}T12:00:00Z`);

/** "a", "a en b", "a, b en c". */
function and(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} en ${parts.at(-1)}`;
}

const quoted = (text: string) => `‘${text}’`;
/** Lower case at the start, as inside a sentence; not for an abbreviation or a name ("ZSM", "Living Lab"). */
const lowerFirst = (text: string) =>
  /^\p{Lu}\p{Ll}+(\s+\p{Ll}|$)/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** When the day was: a reconstructed date is given by its month only, since the record is not sure of the day. */
function when(day: Netwerkdag): string {
  const [first, ...rest] = day.dates;
  if (!first) return '';
  if (day.inferred) return `In ${monthOnly.format(asDate(first))}`;
  const last = rest.at(-1);
  if (!last) return `Op ${fullDate.format(asDate(first))}`;
  const sameMonth = first.slice(0, 7) === last.slice(0, 7);
  const start = sameMonth ? String(asDate(first).getUTCDate()) : fullDate.format(asDate(first));
  return `Op ${start} en ${fullDate.format(asDate(last))}`;
}

function who(speaker: FactSpeaker): string {
  const about = [speaker.role, speaker.name ? speaker.org : undefined].filter(Boolean).join(', ');
  const name = speaker.name ?? speaker.org ?? '';
  return about ? `${name} (${about})` : name;
}

const speakersOf = (part: FactProgrammePart) => and((part.speakers ?? []).map(who).filter(Boolean));

/** The significant word stems of a text: long enough not to be a function word. */
function keyStems(text: string): Set<string> {
  return new Set(
    stems(text)
      .split(' ')
      .filter((stem) => stem.length >= 5),
  );
}

/** The theme of the day a title speaks to, by a shared word stem; undefined when none. */
function themeOf(day: Netwerkdag, title: string): string | undefined {
  const words = keyStems(title);
  return day.themes.find((theme) => [...keyStems(theme)].some((stem) => words.has(stem)));
}

function introduction(day: Netwerkdag, context: ReportContext): ReportBlock[] {
  const online = day.format?.includes('online') === true;
  const where = online ? 'online' : day.city ? `in ${day.city}` : '';
  const venue = day.venue ? `, in ${day.venue}` : '';
  const moment = when(day);
  const met = ['kwam het', context.network, where, 'bijeen'].filter(Boolean).join(' ');
  const sentences = [moment ? `${moment} ${met}${venue}.` : 'De datum van deze netwerkdag is niet bewaard gebleven.'];
  if (day.days && day.days > 1 && day.dates.length < 2)
    sentences.push(`De bijeenkomst duurde ${count(day.days)} dagen.`);
  if (day.participants) {
    const cities = day.citiesPresent ? ` uit ${day.citiesPresent} steden` : '';
    sentences.push(`Er namen ongeveer ${day.participants} collega’s${cities} deel.`);
  }
  if (day.format?.includes('first physical'))
    sentences.push('Het was de eerste keer sinds de pandemie dat het netwerk elkaar weer in levenden lijve zag.');
  const [theme, ...more] = day.themes;
  if (theme && more.length === 0) sentences.push(`Het thema van de dag was ${quoted(theme)}.`);
  else if (theme)
    sentences.push(`Er stonden ${count(day.themes.length)} thema’s op de agenda: ${and(day.themes.map(quoted))}.`);
  if (day.klankbordgroep?.length) {
    sentences.push(`Een klankbordgroep uit ${and(day.klankbordgroep)} bereidde de dag voor met het secretariaat.`);
  }
  const blocks: ReportBlock[] = [{ type: 'paragraph', text: sentences.join(' ') }];
  if (day.centralQuestion)
    blocks.push({ type: 'paragraph', text: `De vraag die de dag richting gaf: ${quoted(day.centralQuestion)}` });
  const locations = day.facts?.[`refugeeLocations${day.city}`];
  const capacity = day.facts?.[`refugeeCapacity${day.city}`];
  if (day.city && locations && capacity) {
    blocks.push({
      type: 'paragraph',
      text: `Als gaststad bood ${day.city} op dat moment op ${count(locations)} locaties opvang aan zo’n ${capacity} vluchtelingen; dat gaf de gesprekken een concrete achtergrond.`,
    });
  }
  const survey = day.surveyFacts;
  if (survey?.respondents) {
    const g40 = survey.g40Respondents ? `, van wie ${survey.g40Respondents} uit G40-gemeenten` : '';
    const text = [`Vooraf vulden ${survey.respondents} mensen een enquête in${g40}.`];
    if (survey.topPriorities?.length)
      text.push(`Als belangrijkste prioriteiten noemden zij ${and(survey.topPriorities)}.`);
    if (survey.shareSayingDemonstrationsIncreased !== undefined) {
      const share = Math.round(survey.shareSayingDemonstrationsIncreased * 100);
      text.push(`Zo’n ${share} procent zag het aantal demonstraties in de eigen gemeente toenemen.`);
    }
    blocks.push({ type: 'paragraph', text: text.join(' ') });
  }
  return blocks;
}

const talkVerbs: [string, string][] = [
  ['sprak over', 'spraken over'],
  ['ging in op', 'gingen in op'],
  ['nam de zaal mee in', 'namen de zaal mee in'],
  ['gaf een inleiding over', 'gaven een inleiding over'],
];

/** The section of one programme part: its heading, what happened, and for breakouts one sub-section per table. */
function partSection(day: Netwerkdag, part: FactProgrammePart, index: number, state: { statements: boolean }) {
  const title =
    part.title ??
    (part.speakers?.length ? `Bijdrage van ${and(part.speakers.map((s) => s.name ?? s.org ?? ''))}` : 'Bijdrage');
  const blocks: ReportBlock[] = [{ type: 'heading', level: 3, text: title }];
  const speakers = speakersOf(part);
  const many = (part.speakers?.length ?? 0) > 1;
  const sentences: string[] = [];
  switch (part.kind) {
    case 'opening':
      sentences.push(
        speakers
          ? `${speakers} ${many ? 'openden' : 'opende'} de dag en heette iedereen welkom${day.city ? ` in ${day.city}` : ''}.`
          : 'De dagvoorzitter opende de bijeenkomst en schetste het verloop van de dag.',
      );
      break;
    case 'talk': {
      const [singular, plural] = talkVerbs[index % talkVerbs.length] ?? ['sprak over', 'spraken over'];
      const verb = many ? plural : singular;
      if (speakers && part.title && /^inleiding$/i.test(part.title)) {
        sentences.push(`${speakers} ${many ? 'verzorgden' : 'verzorgde'} de inleiding op het thema van de dag.`);
      } else if (speakers)
        sentences.push(`${speakers} ${verb} ${part.title ? quoted(part.title) : 'het thema van de dag'}.`);
      else if (part.title === 'Presentaties')
        sentences.push(`Enkele korte presentaties leidden ${and(day.themes.map(quoted))} in.`);
      else sentences.push(`In deze bijdrage stond ${quoted(title)} centraal.`);
      break;
    }
    case 'discussion':
      sentences.push(
        speakers
          ? `Onder leiding van ${speakers} gingen de deelnemers met elkaar in gesprek.`
          : 'De deelnemers gingen met elkaar in gesprek.',
      );
      break;
    case 'plenary':
      sentences.push(
        'In een plenaire ronde kwamen de opbrengsten van de groepen bij elkaar; wat daar naar voren kwam, staat hieronder bij de conclusies.',
      );
      break;
    case 'workshop':
      sentences.push(
        speakers
          ? `${speakers} ${many ? 'leidden' : 'leidde'} deze workshop.`
          : 'In deze workshop wisselden de deelnemers ervaringen uit.',
      );
      break;
    case 'breakout': {
      const tables = part.sessions?.length ?? 0;
      const rotation = part.rotationMinutes ? `, en wisselden na ${part.rotationMinutes} minuten van tafel` : '';
      sentences.push(`De deelnemers verdeelden zich over ${count(tables)} groepen${rotation}.`);
      break;
    }
    case 'social':
      sentences.push('De dag eindigde informeel, met ruimte om bij te praten en kennis te maken.');
      break;
    case 'closing':
      sentences.push(
        speakers
          ? `${speakers} ${many ? 'sloten' : 'sloot'} de bijeenkomst af.`
          : `De dagvoorzitter sloot de bijeenkomst af en bedankte de sprekers${day.city ? ' en de gastgemeente' : ''}.`,
      );
      break;
  }
  const theme = part.kind !== 'opening' && part.kind !== 'closing' && part.title ? themeOf(day, part.title) : undefined;
  if (theme && day.themes.length > 1) sentences.push(`De bijdrage hoorde bij het thema ${quoted(theme)}.`);
  // The stellingen of the day belong to its first conversation.
  if (part.kind === 'discussion' && !state.statements && day.statements?.length) {
    state.statements = true;
    sentences.push(
      `${upperFirst(count(day.statements.length))} stellingen gaven het gesprek richting: ${and(day.statements.map(quoted))}`,
    );
  }
  blocks.push({ type: 'paragraph', text: sentences.join(' ') });
  const plenary = day.programme?.some((other) => other.kind === 'plenary') === true;
  for (const topic of part.kind === 'breakout' ? (part.sessions ?? []) : []) {
    blocks.push({ type: 'heading', level: 4, text: topic });
    const about = topic.endsWith('?')
      ? 'Aan deze tafel zochten de deelnemers samen naar een antwoord op deze vraag.'
      : /casus/i.test(part.title ?? '')
        ? 'Deze groep nam de casus stap voor stap onder de loep.'
        : 'In deze groep kwam het onderwerp uitgebreid aan bod.';
    const reporters = (day.sessionReporters ?? [])
      .filter((r) => r.session === topic)
      .map((r) => (r.org ? `${r.name} (${r.org})` : r.name));
    let reported = '';
    if (reporters.length > 0 && plenary) {
      reported = ` In de plenaire ronde ${reporters.length > 1 ? 'deden' : 'deed'} ${and(reporters)} verslag.`;
    } else if (reporters.length > 0) reported = ` Rapporteur: ${and(reporters)}.`;
    blocks.push({ type: 'paragraph', text: about + reported });
  }
  return blocks;
}

const themeSentences = [
  (theme: string) => `Onder ${quoted(theme)} legden de steden hun aanpak naast elkaar.`,
  (theme: string) =>
    `Bij ${quoted(theme)} ging het vooral om wat gemeenten zelf kunnen doen en waar zij anderen nodig hebben.`,
  (theme: string) => `Over ${quoted(theme)} wisselden de deelnemers ervaringen uit en benoemden zij wat werkt.`,
];

/** For a day whose programme the record does not keep: a section per theme. */
function themeSections(day: Netwerkdag): ReportBlock[] {
  return day.themes.flatMap((theme, index): ReportBlock[] => [
    { type: 'heading', level: 3, text: theme },
    { type: 'paragraph', text: themeSentences[index % themeSentences.length]?.(theme) ?? '' },
  ]);
}

function examples(day: Netwerkdag): ReportBlock[] {
  if (!day.examples?.length) return [];
  return [
    { type: 'heading', level: 3, text: 'Goede voorbeelden' },
    {
      type: 'paragraph',
      text: `Tijdens de dag kwamen ${count(day.examples.length)} voorbeelden uit de praktijk op tafel:`,
    },
    {
      type: 'list',
      ordered: false,
      items: day.examples.map((example) => {
        const city = example.city ?? 'Een gemeente';
        const idea = example.status === 'idee' ? '; nog in verkenning' : '';
        return `${city}: ${example.title} (${lowerFirst(example.theme)}${idea})`;
      }),
    },
  ];
}

function conclusions(day: Netwerkdag): ReportBlock[] {
  const blocks: ReportBlock[] = [{ type: 'heading', level: 3, text: 'Conclusies' }];
  const parts = day.programme?.filter((part) => part.kind === 'talk' || part.kind === 'workshop').length ?? 0;
  const subject = and(day.themes.map(quoted));
  blocks.push({
    type: 'paragraph',
    text:
      parts > 1
        ? `Met ${count(parts)} bijdragen gaf de dag een breed beeld van ${subject}. De deelnemers namen vooral mee hoe andere steden het aanpakken.`
        : `De dag gaf de deelnemers een gedeeld beeld van ${subject} en van wat hun gemeenten daarin van elkaar kunnen leren.`,
  });
  for (const finding of [day.conclusion, day.insight]) {
    const dutch = finding && inDutch[finding];
    if (dutch) blocks.push({ type: 'paragraph', text: dutch });
  }
  if (day.outcome) blocks.push({ type: 'paragraph', text: `Wat de dag opleverde: ${lowerFirst(day.outcome)}.` });
  if (day.trendsListed?.length) {
    const some = day.trendsListed.slice(0, 3).map(lowerFirst);
    blocks.push({
      type: 'paragraph',
      text: `Samen brachten de deelnemers ${count(day.trendsListed.length)} ontwikkelingen in kaart die het lokale veiligheidsbeleid raken, onder meer ${and(some)}.`,
    });
  }
  if (day.priorityVote?.length) {
    blocks.push({
      type: 'paragraph',
      text: 'De deelnemers stemden over de onderwerpen waar het netwerk zich eerst op richt. De volgorde:',
    });
    blocks.push({ type: 'list', ordered: true, items: day.priorityVote });
  }
  return blocks;
}

/** The organisation an action names as its subject ("VNG gaat na …"), by its short name. */
function ownerOf(action: string, organisations: ReadonlySet<string>): string | null {
  const first = action.split(/\s+/)[0] ?? '';
  return organisations.has(first) ? first : null;
}

function afspraken(day: Netwerkdag, context: ReportContext, organisations: ReadonlySet<string>): ReportBlock[] {
  const blocks: ReportBlock[] = [{ type: 'heading', level: 3, text: 'Afspraken' }];
  const done = !context.newest;
  for (const action of day.actions ?? []) {
    const owner = ownerOf(action, organisations);
    blocks.push({ type: 'afspraak', text: `${action}.`, afspraak: { description: action, owner, done } });
  }
  // Each year another city hosts the netwerkdag: who hosts the next one is agreed at the end of this one.
  const host = context.next?.city;
  if (host) {
    const owner = organisations.has(host) ? host : null;
    blocks.push({
      type: 'afspraak',
      text: `De volgende netwerkdag wordt gehouden in ${host}; de gemeente ${host} bereidt die voor met het secretariaat.`,
      afspraak: { description: `Volgende netwerkdag organiseren in ${host}`, owner, done: true },
    });
  } else {
    const online = context.next?.format?.includes('online') === true;
    blocks.push({
      type: 'afspraak',
      text: online
        ? `Het secretariaat (${context.secretariat}) organiseert de volgende netwerkdag, die online plaatsvindt.`
        : `Het secretariaat (${context.secretariat}) zoekt een gaststad voor de volgende netwerkdag.`,
      afspraak: {
        description: online ? 'Volgende netwerkdag online organiseren' : 'Gaststad zoeken voor de volgende netwerkdag',
        owner: organisations.has(context.secretariat) ? context.secretariat : null,
        done: context.next !== undefined,
      },
    });
  }
  return blocks;
}

/**
 * The verslag of a past netwerkdag: an introduction, a section per programme part (or per theme when the record
 * keeps no programme), the goede voorbeelden, the conclusions and the afspraken. `organisations` are the short
 * names of the network's organisations, the only ones an afspraak is given to.
 */
export function composeReport(
  day: Netwerkdag,
  context: ReportContext,
  organisations: ReadonlySet<string>,
): ReportBlock[] {
  const state = { statements: false };
  const body = day.programme?.length
    ? day.programme.flatMap((part, index) => partSection(day, part, index, state))
    : themeSections(day);
  return [
    ...introduction(day, context),
    ...body,
    ...examples(day),
    ...conclusions(day),
    ...afspraken(day, context, organisations),
  ];
}

function textBlock(name: string, text: string, attributes: Record<string, number> = {}): Y.XmlElement {
  const element = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value as never);
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function toNode(block: ReportBlock): Y.XmlElement {
  switch (block.type) {
    case 'heading':
      return textBlock('heading', block.text, { level: block.level });
    case 'list': {
      const list = new Y.XmlElement(block.ordered ? 'orderedList' : 'bulletList');
      list.insert(
        0,
        block.items.map((item) => {
          const listItem = new Y.XmlElement('listItem');
          listItem.insert(0, [textBlock('paragraph', item)]);
          return listItem;
        }),
      );
      return list;
    }
    default:
      return textBlock('paragraph', block.text);
  }
}

/** An afspraak written into the verslag, with the anchor on the paragraph that states it. */
export interface WrittenAfspraak extends DemoAfspraak {
  anchor: Anchor;
  quote: string;
}

/**
 * Writes the blocks into the report document's 'content' fragment, as the editor's Tiptap nodes, and anchors each
 * afspraak on its whole paragraph — as a member selecting those words in the editor would.
 */
export function writeReport(doc: Y.Doc, blocks: readonly ReportBlock[]): WrittenAfspraak[] {
  const nodes = blocks.map(toNode);
  doc.transact(() => reportFragment(doc).insert(0, nodes));
  return blocks.flatMap((block, index) => {
    if (block.type !== 'afspraak') return [];
    const text = nodes[index]?.get(0) as Y.XmlText;
    const anchor = {
      start: encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, 0)),
      end: encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, text.length)),
    };
    return [{ ...block.afspraak, anchor, quote: block.text }];
  });
}
