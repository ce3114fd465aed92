import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { UrlFilters } from "../../components/use-url-filters";
import { useOrganization, useOrganizationOptions } from "./organizations-api";

interface OrganizationPickerProps {
  label: string;
  value: string | null;
  onChange: (organizationId: string | null) => void;
  placeholder?: string;
  clearable?: boolean;
  required?: boolean;
  error?: string | null;
}

/** Pick an organization by name, searched on the server as you type. */
export const OrganizationPicker = ({
  label,
  value,
  onChange,
  placeholder,
  clearable = true,
  required,
  error,
}: OrganizationPickerProps) => {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const selected = useOrganization(value);
  const selectedName = selected.data?.name ?? null;
  // while the field shows the chosen name, list every organization rather than only that one
  const term = debounced === selectedName ? "" : debounced;
  const options = useOrganizationOptions(term);

  const data = useMemo(() => {
    const items = (options.data?.items ?? []).map((organization) => ({
      value: organization.id,
      label: organization.name,
    }));
    if (value && selectedName && !items.some((item) => item.value === value)) {
      items.unshift({ value, label: selectedName });
    }
    return items;
  }, [options.data, value, selectedName]);

  return (
    <Select
      label={label || undefined}
      aria-label={label || placeholder}
      placeholder={placeholder}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable={clearable}
      required={required}
      error={error}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? t("common.loading") : t("common.noMatches")}
      style={{ flex: "1 1 220px", maxWidth: 420 }}
    />
  );
};

/** A list's filter by organization, kept in the URL as `?organizationId=`. */
export const OrganizationFilter = ({
  filters,
  placeholder,
}: {
  filters: UrlFilters;
  placeholder?: string;
}) => {
  const { t } = useTranslation();
  return (
    <OrganizationPicker
      label=""
      placeholder={placeholder ?? t("contracts.filters.allOrganizations")}
      value={filters.get("organizationId")}
      onChange={(value) => filters.setFilter("organizationId", value)}
    />
  );
};
