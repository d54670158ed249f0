/** A unit of work the agent asked for, as the adapter saw it on the wire. */
export interface Command {
  readonly kind: 'sql' | 'shell' | 'kubernetes';
  readonly text: string;
}
