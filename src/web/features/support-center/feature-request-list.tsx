import { Anchor, Button, Group, Select, Stack, Switch, Text } from "@mantine/core";
import { IconPlus, IconSparkles } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  FEATURE_REQUEST_STATUSES,
  type FeatureRequest,
  type FeatureRequestStatus,
} from "../../../api/support-center";
import { useAuth } from "../../app/auth-context";
import { useFormatters } from "../../components/formatters";
import { PagedList } from "../../components/paged-list";
import { useUrlFilters } from "../../components/use-url-filters";
import { VoteButton } from "./feature-request-actions";
import { FeatureRequestFormModal } from "./feature-request-form";
import { useFeatureRequests } from "./support-center-api";
import { RequestStatusBadge } from "./support-center-badges";

/** Feature requests, most voted first: customers vote, follow and ask; the desk sees who asked. */
export const FeatureRequestList = ({ productId }: { productId?: string }) => {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const filters = useUrlFilters({ sort: "votes", rstatus: "" });
  const sort = filters.get("sort") === "newest" ? "newest" : "votes";
  const status = (filters.get("rstatus") || undefined) as FeatureRequestStatus | undefined;
  const following = filters.get("following") === "true";
  const [asking, setAsking] = useState(false);
  const list = useFeatureRequests({ productId, status, sort, following: following ? "true" : undefined });
  const canSubmit = can("feature-requests:submit") && Boolean(user?.organizationId);
  const addButton = canSubmit ? (
    <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAsking(true)}>
      {t("supportCenter.requests.new")}
    </Button>
  ) : undefined;

  return (
    <>
      <Group mb="sm" gap="sm" align="flex-end" justify="space-between">
        <Group gap="sm" align="flex-end">
          <Select
            label={t("supportCenter.requests.sort")}
            allowDeselect={false}
            value={sort}
            onChange={(value) => filters.setFilter("sort", value)}
            data={[
              { value: "votes", label: t("supportCenter.requests.sortVotes") },
              { value: "newest", label: t("supportCenter.requests.sortNewest") },
            ]}
            w={180}
          />
          <Select
            label={t("supportCenter.requests.status")}
            placeholder={t("supportCenter.filters.allStatuses")}
            clearable
            value={status ?? null}
            onChange={(value) => filters.setFilter("rstatus", value)}
            data={FEATURE_REQUEST_STATUSES.map((s) => ({
              value: s,
              label: t(`supportCenter.requestStatus.${s}`),
            }))}
            w={180}
          />
          {can("feature-requests:follow") && (
            <Switch
              mb={8}
              label={t("supportCenter.requests.onlyFollowing")}
              checked={following}
              onChange={(event) =>
                filters.setFilter("following", event.currentTarget.checked ? "true" : null)
              }
            />
          )}
        </Group>
        {list.items.length > 0 && addButton}
      </Group>
      <PagedList
        list={list}
        compact
        filtered={Boolean(productId || status || following)}
        addButton={list.items.length === 0 ? addButton : undefined}
        empty={{
          title: t("supportCenter.requests.empty"),
          description: t(
            canSubmit ? "supportCenter.requests.emptyCustomer" : "supportCenter.requests.emptyStaff",
          ),
          icon: <IconSparkles size={28} stroke={1.5} />,
        }}
      >
        <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
          {list.items.map((request) => (
            <FeatureRequestRow key={request.id} request={request} />
          ))}
        </Stack>
      </PagedList>
      <FeatureRequestFormModal opened={asking} onClose={() => setAsking(false)} productId={productId} />
    </>
  );
};

const FeatureRequestRow = ({ request }: { request: FeatureRequest }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <Group
      component="li"
      gap="md"
      py="sm"
      wrap="nowrap"
      align="flex-start"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
    >
      <VoteButton request={request} compact />
      <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
        <Group gap="xs" wrap="wrap">
          <RequestStatusBadge status={request.status} />
          <Anchor
            component={Link}
            to={`/support-center/feature-requests/${request.id}`}
            fw={650}
            c="var(--mantine-color-text)"
            style={{ overflowWrap: "anywhere" }}
          >
            {request.title}
          </Anchor>
        </Group>
        {request.description && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {request.description}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {[
            `#${request.number}`,
            request.productName,
            request.organization?.name,
            request.ownOrganization ? t("supportCenter.requests.yourOrganization") : null,
            request.following ? t("supportCenter.requests.youFollow") : null,
            t("supportCenter.requests.askedOn", { date: format.day(request.createdAt) }),
          ]
            .filter(Boolean)
            .join(" · ")}
        </Text>
      </Stack>
    </Group>
  );
};
