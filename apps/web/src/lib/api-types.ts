import type { Action, OrganisationKind, Role } from '@klankbord/domain';

// The shapes the web app reads from the REST API. Dates arrive as ISO strings.

export interface User {
  id: number;
  name: string;
  email: string;
  organisationId: number | null;
  locale: string;
}

export interface MyNetwork {
  slug: string;
  name: string;
  role: Role;
}

export interface Session {
  user: User;
  networks: MyNetwork[];
}

export interface Organisation {
  id: number;
  name: string;
  shortName: string | null;
  kind: OrganisationKind;
}

export interface NetworkSummary {
  slug: string;
  name: string;
  purpose: string;
  role: Role;
}

export type Permissions = Partial<Record<Action, boolean>>;

export interface NetworkHome {
  network: { slug: string; name: string; purpose: string };
  role: Role;
  permissions: Permissions;
}

export interface Member {
  userId: number;
  name: string;
  email: string;
  organisationName: string | null;
  role: Role;
  since: string;
}

export interface Invitation {
  id: number;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

export interface CreatedInvitation {
  invitation: Invitation;
  link: string;
  mailed: boolean;
}

export interface InvitationDetails {
  network: { slug: string; name: string };
  email: string;
  role: Role;
  accountExists: boolean;
}

export interface ResetLink {
  link: string;
  expiresAt: string;
}

export interface AuditEvent {
  id: number;
  event: string;
  subject: string | null;
  detail: unknown;
  actorName: string | null;
  ip: string | null;
  createdAt: string;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
