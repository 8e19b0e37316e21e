/** The time of day (HH:MM, 24 h) in the Netherlands, where a netwerkdag's programme times are meant. */
export function timeInNetherlands(now: Date): string {
  return now.toLocaleTimeString('en-GB', {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

/**
 * The programme item running at `time` (HH:MM): the last one that has started and not yet ended. Items come in
 * programme order; an item's end is exclusive, so at 10:30 the item of 10:30–11:00 runs, not the one before.
 */
export function currentProgrammeItem<T extends { start: string; end: string }>(
  items: readonly T[],
  time: string,
): T | null {
  let current: T | null = null;
  for (const item of items) if (item.start <= time && time < item.end) current = item;
  return current;
}
