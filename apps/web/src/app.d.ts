// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      /** A message key under `errors.` in the i18n files. */
      key?: string;
    }
  }
}

export {};
