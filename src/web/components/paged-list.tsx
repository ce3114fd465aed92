import { Group, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type EmptyContent, ListState, LoadMore } from "./list-state";

/** What `usePaginatedList` answers, as far as the list's states and its "load more" need it. */
interface PagedQuery {
  items: readonly unknown[];
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

interface PagedListProps {
  list: PagedQuery;
  empty: EmptyContent;
  /** The search the list answers: when nothing matches it, the empty state says so and names it. */
  search?: string;
  /** While filtered (by default: while searching), an empty list says there are no results instead. */
  filtered?: boolean;
  /** What "no results" adds under its title, instead of naming the search. */
  noResults?: Omit<EmptyContent, "title">;
  /** A line above the list, e.g. what the chosen tab lists. */
  hint?: ReactNode;
  /** The add button of a list in a tab: above the items, or in the empty state while there are none. */
  addButton?: ReactNode;
  /** A list inside a tab or a card: three placeholder rows and a smaller empty state. */
  compact?: boolean;
  children: ReactNode;
}

/** A cursor-paginated list: loading, error with retry, empty or no results, else the items and "load more". */
export const PagedList = ({
  list,
  empty,
  search = "",
  filtered = Boolean(search),
  noResults,
  hint,
  addButton,
  compact = false,
  children,
}: PagedListProps) => {
  const { t } = useTranslation();
  const isEmpty = list.items.length === 0;
  return (
    <>
      {hint && (
        <Text size="sm" c="dimmed" mb="sm">
          {hint}
        </Text>
      )}
      <AddAbove show={!isEmpty}>{addButton}</AddAbove>
      <ListState
        query={list}
        isEmpty={isEmpty}
        rows={compact ? 3 : 5}
        compact={compact}
        empty={
          filtered
            ? {
                title: t("common.noResults"),
                ...(noResults ?? (search ? { description: t("common.noResultsFor", { q: search }) } : {})),
              }
            : { ...empty, action: empty.action ?? addButton }
        }
      >
        {children}
        <LoadMore
          shown={list.items.length}
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={list.fetchNextPage}
        />
      </ListState>
    </>
  );
};

/** A list's add button, on the right above its items (while there are none, the empty state offers it). */
export const AddAbove = ({ show, children }: { show: boolean; children?: ReactNode }) =>
  show && children ? (
    <Group justify="flex-end" mb="sm">
      {children}
    </Group>
  ) : null;
