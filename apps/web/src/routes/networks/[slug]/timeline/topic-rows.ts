import type { Timeline } from '$lib/api-types';
import { topicColour } from './topic-colours.ts';
import { yearOf } from './years.ts';

/** A topic as the chart and its table show it: how many netwerkdagen it came back on, and in which years. */
export interface TopicRow {
  id: number;
  name: string;
  colour: string;
  count: number;
  /** Each year it came back, with how many netwerkdagen that year (a year can have two). */
  years: { year: number; count: number }[];
}

/** The topics of a timeline as rows, most returning first; colours follow the list's order (by name). */
export function topicRows(timeline: Timeline): TopicRow[] {
  const dateOf = new Map(timeline.meetings.map((meeting) => [meeting.id, meeting.date]));
  return timeline.topics
    .map((topic, index) => {
      const perYear = new Map<number, number>();
      for (const meetingId of topic.meetingIds) {
        const date = dateOf.get(meetingId);
        if (date) perYear.set(yearOf(date), (perYear.get(yearOf(date)) ?? 0) + 1);
      }
      return {
        id: topic.id,
        name: topic.name,
        colour: topicColour(index),
        count: topic.meetingIds.length,
        years: [...perYear.entries()].sort((a, b) => a[0] - b[0]).map(([year, count]) => ({ year, count })),
      };
    })
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'nl'));
}
