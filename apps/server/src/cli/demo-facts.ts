/** A speaker at a netwerkdag as the public facts name them: some have only an organisation, some only a name. */
export interface FactSpeaker {
  name?: string;
  role?: string;
  org?: string;
}

/** A part of a netwerkdag's programme in the public facts. */
export interface FactProgrammePart {
  kind: string;
  title?: string;
  speakers?: FactSpeaker[];
  sessions?: string[];
  rotationMinutes?: number;
}

/** A goed voorbeeld a netwerkdag brought up. */
export interface FactExample {
  title: string;
  city: string | null;
  theme: string;
  status?: string;
}

/**
 * One past netwerkdag in netwerk-grote-steden.json. Only dates, city and themes are always there; the rest is
 * whatever the record of that day kept.
 */
export interface Netwerkdag {
  dates: string[];
  inferred?: boolean;
  city: string | null;
  themes: string[];
  format?: string;
  venue?: string;
  days?: number;
  participants?: number;
  citiesPresent?: number;
  klankbordgroep?: string[];
  programme?: FactProgrammePart[];
  statements?: string[];
  sessionReporters?: { session: string; name: string; org?: string }[];
  examples?: FactExample[];
  actions?: string[];
  trendsListed?: string[];
  surveyFacts?: {
    respondents?: number;
    g40Respondents?: number;
    topPriorities?: string[];
    shareSayingDemonstrationsIncreased?: number;
  };
  facts?: Record<string, number>;
  outcome?: string;
  conclusion?: string;
  insight?: string;
  centralQuestion?: string;
  priorityVote?: string[];
  /** "none was made" where the record says no verslag exists. */
  report?: string;
}

/** The parts of the facts file that demo-data reads. */
export interface DemoFacts {
  networks: { slug: string; secretariat?: string }[];
  netwerkdagen: Netwerkdag[];
}
