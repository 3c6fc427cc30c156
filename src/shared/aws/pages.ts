/** Pagination shared by the readers: follow an API's continuation token to the last page. */

export interface Page<T> {
  /** Items of the page; `undefined` entries (facts a mapper skipped) are dropped. */
  items: ReadonlyArray<T | undefined>;
  /** The token of the next page (Marker, NextToken...); empty or absent on the last page. */
  next?: string | null;
}

/** Every item of every page, in order. */
export async function collectPages<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    for (const item of page.items) if (item !== undefined) items.push(item);
    token = page.next || undefined;
  } while (token);
  return items;
}
