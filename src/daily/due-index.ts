/**
 * The in-memory index of when each channel is next due: a binary min-heap keyed by due
 * time, with a map from channel to its current entry. A tick only looks at the top, so
 * it costs nothing for channels that are not due however many there are. Replacing or
 * removing a channel marks its old heap entry stale instead of searching the heap.
 */
interface Entry {
  channelId: string;
  due: number;
}

export class DueIndex {
  private heap: Entry[] = [];
  private current = new Map<string, Entry>();

  get size(): number {
    return this.current.size;
  }

  /** Sets (or moves) a channel's next due time, in epoch milliseconds. */
  set(channelId: string, due: number): void {
    const entry = { channelId, due };
    this.current.set(channelId, entry);
    this.push(entry);
    // Stale entries are dropped lazily; rebuild if they come to dominate the heap.
    if (this.heap.length > 2 * this.current.size + 1024) this.rebuild();
  }

  delete(channelId: string): void {
    this.current.delete(channelId);
  }

  dueAt(channelId: string): number | undefined {
    return this.current.get(channelId)?.due;
  }

  /** The earliest due time, or undefined when nothing is scheduled. */
  peek(): number | undefined {
    this.dropStale();
    return this.heap[0]?.due;
  }

  /** Removes and returns every channel due at or before `now`, earliest first. */
  takeDue(now: number): string[] {
    const due: string[] = [];
    for (;;) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.due > now) return due;
      this.pop();
      this.current.delete(top.channelId);
      due.push(top.channelId);
    }
  }

  private dropStale(): void {
    while (this.heap.length && this.current.get(this.heap[0]!.channelId) !== this.heap[0]) this.pop();
  }

  private rebuild(): void {
    this.heap = [];
    for (const entry of this.current.values()) this.push(entry);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.due <= entry.due) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.due < heap[left]!.due ? right : left;
      if (heap[child]!.due >= last.due) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}
