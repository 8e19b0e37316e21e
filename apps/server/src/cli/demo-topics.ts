import { assignTheme, createTopic, type Db, listTimelineThemes, listTopics } from '@klankbord/db';
import { topicKey } from '@klankbord/domain';

/**
 * The recurring topics of the Netwerk Grote Steden as its secretariaat would group the themes of its netwerkdagen
 * (netwerk-grote-steden.json). Themes left out here stay unplaced, so the timeline shows suggestions too.
 */
export const demoTopics: Record<string, readonly string[]> = {
  'Ondermijning en georganiseerde criminaliteit': [
    'Ondermijning',
    'Bestuurlijke aanpak',
    'Bestuurlijke aanpak georganiseerde misdaad',
    'Bestuurlijke aanpak georganiseerde criminaliteit',
    'Drugsbeleid',
  ],
  'Radicalisering en polarisatie': ['Radicalisering', 'Radicalisering en polarisatie'],
  'Verwarde personen, zorg en veiligheid': ['Zorg en veiligheid', 'Verwarde personen', 'Veiligheidshuizen'],
  'Maatschappelijke onrust': [
    'Maatschappelijke onrust',
    'Maatschappelijke onrust en ongenoegen',
    'Corona en de gevolgen voor de feestmaand december en handhaving',
  ],
  'Sociaal domein en veiligheid': [
    'Transities sociaal domein en veiligheid',
    'Decentralisaties in het sociale domein en veiligheid',
  ],
  'Jeugd, uitgaan en overlast': [
    'Jeugd en veiligheid: veilig uitgaan',
    'Overlast Marokkaans-Nederlandse jongeren',
    'Living Lab crowdcontrol Stratumseind',
  ],
  'Regie en samenwerking': [
    'Toekomst van het Grotestedenbeleid',
    'Lokale slagkracht met minder middelen',
    'Positionering van het CCV',
    'Prioritering van veiligheidsonderwerpen',
    'Regierol steden',
    'Nationale politie',
    'ZSM',
    'Relatie met het OM',
  ],
};

/** Groups the chosen themes of the network's netwerkdagen into the demo topics; a topic there already is reused. */
export async function curateDemoTopics(db: Db, networkId: number): Promise<void> {
  const themes = await listTimelineThemes(db, networkId);
  for (const [name, titles] of Object.entries(demoTopics)) {
    const themeIds = themes.filter((theme) => titles.includes(theme.title)).map((theme) => theme.id);
    const created = await createTopic(db, networkId, { name, themeIds });
    if (created === 'taken') {
      const existing = (await listTopics(db, networkId)).find((topic) => topicKey(topic.name) === topicKey(name));
      for (const themeId of themeIds) if (existing) await assignTheme(db, networkId, existing.id, themeId);
    } else if (typeof created === 'string') {
      throw new Error(`demo topic ${name}: ${created}`);
    }
  }
}
