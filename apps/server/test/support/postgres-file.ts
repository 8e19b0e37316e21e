import { afterAll } from 'vitest';
import { dropDatabasesOfThisFile } from './database.ts';

// A setup file of the postgres project: registered before the file's own hooks, so it runs after them all.
afterAll(dropDatabasesOfThisFile);
