/**
 * The studio's one least-recently-used cache (the page's analyses and layer weights, the
 * worker's evaluations): a Map in use order, the oldest entry dropped past `capacity`.
 */
export class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity = 16) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
