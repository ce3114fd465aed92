import { Group, Paper } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "./page-header";
import { SearchInput } from "./search-input";
import type { UrlFilters } from "./use-url-filters";

/** The card a list sits in, on a page or under its header. */
export const ListCard = ({ children }: { children: ReactNode }) => (
  <Paper p={{ base: "sm", sm: "md" }} radius="md">
    {children}
  </Paper>
);

/** A list page: its header (title, description, buttons), then the list's card. */
export const ListPage = ({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) => (
  <>
    <PageHeader title={title} description={description} actions={actions} />
    <ListCard>{children}</ListCard>
  </>
);

/** The row of a list's search box and filters; they wrap on narrow screens. */
export const ListToolbar = ({
  search,
  children,
  mb = "md",
  align = "flex-end",
}: {
  /** The search box, first in the row: the list's URL filters (it edits their `q`) and its label. */
  search?: { filters: UrlFilters; label: string };
  children?: ReactNode;
  mb?: "sm" | "md";
  /** "center" beside a control that is not as tall as an input (a segmented control). */
  align?: "center" | "flex-end";
}) => {
  const { t } = useTranslation();
  return (
    <Group mb={mb} gap="sm" align={align}>
      {search && (
        <SearchInput
          label={search.label}
          clearLabel={t("common.clearSearch")}
          value={search.filters.q}
          onSearch={(value) => search.filters.setFilter("q", value)}
        />
      )}
      {children}
    </Group>
  );
};
