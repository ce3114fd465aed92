import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { api, type Page } from "./api-client";

type Filters = Record<string, string | number | boolean | null | undefined>;

/** A cursor-paginated list endpoint as an infinite query: `items` flattens the loaded pages. */
export const usePaginatedList = <T>(
  path: string,
  filters: Filters = {},
  options: { limit?: number; enabled?: boolean; refetchInterval?: number } = {},
) => {
  const query = useInfiniteQuery({
    queryKey: [path, "list", filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<T>>(
        path,
        { ...filters, limit: options.limit ?? 50, cursor: pageParam ?? undefined },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ?? false,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
};
