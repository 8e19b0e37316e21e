import type { CollabServer } from '@klankbord/collab';
import type { Db, PublicUser } from '@klankbord/db';
import type { Context } from 'hono';
import type { Bus } from './cluster/bus.ts';
import type { Config } from './config.ts';
import type { FileStore } from './files/storage.ts';
import type { LiveHub } from './live.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mail.ts';
import type { Serial } from './serial.ts';

/** Who is making a request, and with which credential (so that revoking it can close their sockets). */
export interface Principal {
  user: PublicUser;
  via: 'session' | 'token';
  /** `session:<hash>` or `token:<id>`. */
  credential: string;
  /** The hash of the session cookie, when signed in through one. */
  sessionHash: string | null;
  /** When the credential ends by itself (an API token's expiry); null for a session, which slides. */
  expiresAt: number | null;
}

/** What the route modules are built from. */
export interface Deps {
  db: Db;
  config: Config;
  logger: Logger;
  collab: CollabServer<Context<AppEnv>>;
  mailer: Mailer;
  live: LiveHub;
  /** Attachment bytes in the data directory. */
  files: FileStore;
  /** Messages to the other instances and what they share (Redis); nothing crosses on one instance. */
  bus: Bus;
  /** Every change to a verslag, by meeting id, one at a time: finalising never interleaves with another. */
  reportSteps: Serial<number>;
}

/** The Hono environment of every route: the principal set by the auth middleware. */
export interface AppEnv {
  Variables: {
    principal: Principal | null;
    /** On /collab only: what the authorised connection may do with its document. */
    collabAccess: 'read' | 'write';
    /** CollabServer.accessEpoch when the access was decided. */
    collabAuthorisedAt: number;
  };
}
