/** What following `nextToken` produced: every page read, and whether a cap stopped it early. */
export interface Paged<P> {
  pages: P[];
  /** items read over all pages */
  itemCount: number;
  /** true when the cap stopped paging while the service still had more */
  truncated: boolean;
}

export interface PageCap {
  /** stop once this many items were read (the last page may overshoot; callers trim) */
  maxItems: number;
  /** hard stop on requests, whatever their size, so a misbehaving service cannot loop forever */
  maxPages?: number;
}

/**
 * Calls `fetchPage` with each `nextToken` the service returns until it returns none or the
 * cap is reached. An empty-string token counts as none (TwinMaker clients send `""`).
 */
export async function followPages<P extends { nextToken?: string }>(
  /** `remaining`: how many items the cap still allows, to size the page request */
  fetchPage: (nextToken: string | undefined, remaining: number) => Promise<P>,
  countItems: (page: P) => number,
  cap: PageCap,
): Promise<Paged<P>> {
  const maxPages = cap.maxPages ?? 10_000;
  const pages: P[] = [];
  let itemCount = 0;
  let nextToken: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetchPage(nextToken, cap.maxItems - itemCount);
    pages.push(page);
    itemCount += countItems(page);
    nextToken = page.nextToken || undefined;
    if (!nextToken) return { pages, itemCount, truncated: false };
    if (seen.has(nextToken)) throw new Error('The service returned the same nextToken twice; stopped paging');
    seen.add(nextToken);
    if (itemCount >= cap.maxItems || pages.length >= maxPages) return { pages, itemCount, truncated: true };
  }
}
