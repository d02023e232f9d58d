/** A half-open interval of instants, ISO UTC strings. */
export interface TimeWindow {
  from: string;
  to: string;
}

/** Time a calendar says is taken, as the slot finder reads it. */
export interface BusyInterval {
  start: string;
  end: string;
  /** Set when the busy time is one of Rapport's holds: a booking ignores its own proposal's holds. */
  proposalId?: string;
}
