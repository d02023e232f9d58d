/**
 * The recurrence set (RFC 5545 §3.8.5.3): every RRULE's and RDATE's starts together, in order.
 * Several RRULEs on one event all count (exporters write them, and the RFC's grammar allows
 * it); the caller removes duplicates and EXDATEs, since it knows which starts are the same
 * instant.
 */
export function* mergeAscending<T>(streams: readonly Iterable<T>[], keyOf: (item: T) => number): Generator<T> {
  const heads = streams.map((stream) => {
    const iterator = stream[Symbol.iterator]();
    return { iterator, current: iterator.next() };
  });
  for (;;) {
    let earliest: (typeof heads)[number] | undefined;
    for (const head of heads) {
      if (head.current.done) continue;
      if (!earliest || keyOf(head.current.value) < keyOf(earliest.current.value as T)) earliest = head;
    }
    if (!earliest || earliest.current.done) return;
    yield earliest.current.value;
    earliest.current = earliest.iterator.next();
  }
}
