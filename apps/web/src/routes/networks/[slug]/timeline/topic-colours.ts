/**
 * A colour per topic, in the order of the list, so that a topic's dots in the chart and its label on the timeline
 * match. Never the only cue: the topic's name always stands beside it. Each has at least 3:1 against white.
 */
const palette = ['#154273', '#b3261e', '#1b5e20', '#7a4c00', '#6a1b9a', '#00695c', '#ad1457', '#37474f'];

/** The colour of the topic at this place in the list. */
export function topicColour(index: number): string {
  return palette[index % palette.length] ?? palette[0]!;
}
