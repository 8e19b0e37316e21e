/** A message from nl.json with its `{placeholder}`s filled in, to find on the page what the app shows. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key]));
}
