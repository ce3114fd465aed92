import { Anchor, Group, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconSearch, IconSparkles } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { FeatureRequestStatus, SearchHit, SearchType } from "../../../api/support-center";
import { useFormatters } from "../../components/formatters";
import { PagedList } from "../../components/paged-list";
import { useUrlFilters } from "../../components/use-url-filters";
import { useSupportSearch } from "./support-center-api";
import { ArticleKindBadge, Highlighted, RequestStatusBadge } from "./support-center-badges";

const TYPES = ["all", "article", "feature_request"] as const;

/** Articles and feature requests matching the search, best match first, with the matched words marked. */
export const SearchResults = ({ q, productId }: { q: string; productId?: string }) => {
  const { t } = useTranslation();
  const filters = useUrlFilters({ type: "all" });
  const type = (filters.get("type") ?? "all") as (typeof TYPES)[number];
  const list = useSupportSearch(q, type === "all" ? undefined : (type as SearchType), productId);
  return (
    <>
      <Group justify="space-between" mb="sm" gap="sm">
        <Text size="sm" c="dimmed" role="status">
          {t("supportCenter.search.resultsFor", { q })}
        </Text>
        <SegmentedControl
          size="xs"
          aria-label={t("supportCenter.search.type")}
          value={type}
          onChange={(value) => filters.setFilter("type", value)}
          data={TYPES.map((value) => ({ value, label: t(`supportCenter.search.types.${value}`) }))}
        />
      </Group>
      <PagedList
        list={list}
        compact
        search={q}
        empty={{ title: t("common.noResults"), icon: <IconSearch size={28} stroke={1.5} /> }}
        noResults={{ description: t("supportCenter.search.noResults", { q }) }}
      >
        <Stack
          gap={0}
          component="ol"
          m={0}
          p={0}
          style={{ listStyle: "none" }}
          aria-label={t("supportCenter.search.results")}
        >
          {list.items.map((hit) => (
            <SearchHitRow key={`${hit.type}:${hit.id}`} hit={hit} />
          ))}
        </Stack>
      </PagedList>
    </>
  );
};

const SearchHitRow = ({ hit }: { hit: SearchHit }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const to =
    hit.type === "article"
      ? `/support-center/articles/${hit.id}`
      : `/support-center/feature-requests/${hit.id}`;
  return (
    <Stack component="li" gap={4} py="sm" style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}>
      <Group gap="xs" wrap="wrap">
        {hit.kind ? (
          <ArticleKindBadge kind={hit.kind} />
        ) : (
          <Group gap={4} wrap="nowrap">
            <IconSparkles size={14} color="var(--mantine-color-gray-6)" aria-hidden />
            <RequestStatusBadge status={hit.status as FeatureRequestStatus} />
          </Group>
        )}
        <Anchor
          component={Link}
          to={to}
          fw={650}
          c="var(--mantine-color-text)"
          style={{ overflowWrap: "anywhere" }}
        >
          <Highlighted parts={hit.titleParts} />
        </Anchor>
      </Group>
      {hit.snippet.length > 0 && (
        <Text size="sm" c="dimmed" lineClamp={3}>
          <Highlighted parts={hit.snippet} />
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {[hit.kind ? null : t("supportCenter.requestLabel"), hit.productName, format.dateTime(hit.at)]
          .filter(Boolean)
          .join(" · ")}
      </Text>
    </Stack>
  );
};
