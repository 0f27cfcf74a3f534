// Auto-paging over any list operation that answers the one envelope {items, total, page, size}.

/** One page of a list, as every list operation answers it. */
export interface Page<TItem> {
  items: TItem[];
  total: number;
  page: number;
  size: number;
}

/** The page size the iterator asks for (the API's maximum). */
export const PAGE_SIZE = 200;

/**
 * Every item of a list, page after page (200 at a time), until `total` is reached or a page
 * comes back empty. `options` are the list operation's own (`query` filters, `path`, …); a
 * `query.page` starts from that page.
 */
export async function* paginate<TOptions, TItem>(
  list: (options: TOptions) => Promise<Page<TItem>>,
  options?: NoInfer<TOptions>,
): AsyncGenerator<TItem, void, undefined> {
  const base = (options ?? {}) as { query?: { page?: number } & Record<string, unknown> };
  let page = base.query?.page ?? 1;
  for (;;) {
    const result = await list({ ...base, query: { ...base.query, page, size: PAGE_SIZE } } as TOptions);
    for (const item of result.items) yield item;
    const size = result.size > 0 ? result.size : PAGE_SIZE;
    if (result.items.length === 0 || (result.page ?? page) * size >= result.total) return;
    page = (result.page ?? page) + 1;
  }
}
