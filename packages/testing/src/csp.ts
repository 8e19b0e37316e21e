/** The directives of a Content-Security-Policy header, by name, for tests that check what a response allows. */
export function cspDirectives(policy: string | null | undefined): Map<string, string[]> {
  return new Map(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}
