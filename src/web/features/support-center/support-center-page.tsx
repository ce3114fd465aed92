import { Button, Group, Menu, Paper, Select, Tabs, Text } from "@mantine/core";
import { IconBell, IconBulb, IconChevronDown, IconPlus, IconSparkles } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { ARTICLE_KINDS, type ArticleKind, type ArticleStatus } from "../../../api/support-center";
import { useAuth } from "../../app/auth-context";
import { ListCard } from "../../components/list-page";
import { PageHeader } from "../../components/page-header";
import { SearchInput } from "../../components/search-input";
import { useUrlFilters } from "../../components/use-url-filters";
import { useProductOptions } from "../catalog/catalog-api";
import { ArticleList } from "./article-list";
import { FeatureRequestList } from "./feature-request-list";
import { SearchResults } from "./search-results";
import { SubscriptionsModal } from "./subscriptions-modal";
import { KIND_ICONS } from "./support-center-badges";

const TABS = ["alert", "tip", "resolution", "requests"] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => TABS.includes(value as Tab);

/**
 * The support center (SPEC §7): one search over articles and feature requests, then a tab per kind. Customers
 * read what is published; the desk also writes, and sees drafts and archived articles.
 */
export const SupportCenterPage = () => {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const filters = useUrlFilters({ tab: "alert" });
  const tabParam = filters.get("tab");
  const tab: Tab = isTab(tabParam) ? tabParam : "alert";
  const productId = filters.get("product") ?? "";
  const products = useProductOptions();
  const location = useLocation();
  const navigate = useNavigate();
  const [subscribing, setSubscribing] = useState(location.pathname.endsWith("/subscriptions"));
  const staff = user?.role !== "customer_contact";
  const canWrite = can("support-center:write");

  const productSelect = (
    <Select
      aria-label={t("supportCenter.filters.product")}
      placeholder={t("supportCenter.filters.allProducts")}
      clearable
      value={productId || null}
      onChange={(value) => filters.setFilter("product", value)}
      data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
      w={{ base: "100%", xs: 220 }}
    />
  );

  return (
    <>
      <PageHeader
        title={t("supportCenter.title")}
        description={t(staff ? "supportCenter.descriptionStaff" : "supportCenter.description")}
        actions={
          <>
            {can("support-center:subscribe") && (
              <Button
                variant="default"
                leftSection={<IconBell size={16} />}
                onClick={() => setSubscribing(true)}
              >
                {t("supportCenter.subscriptions.open")}
              </Button>
            )}
            {canWrite && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
                    {t("supportCenter.newArticle")}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {ARTICLE_KINDS.map((kind) => {
                    const Icon = KIND_ICONS[kind];
                    return (
                      <Menu.Item
                        key={kind}
                        component={Link}
                        to={`/support-center/articles/new?kind=${kind}`}
                        leftSection={<Icon size={16} />}
                      >
                        {t(`supportCenter.kinds.${kind}`)}
                      </Menu.Item>
                    );
                  })}
                </Menu.Dropdown>
              </Menu>
            )}
          </>
        }
      />
      <Paper p={{ base: "sm", sm: "md" }} radius="md" mb="md">
        <Group gap="sm" align="flex-end">
          <SearchInput
            label={t("supportCenter.search.label")}
            placeholder={t("supportCenter.search.placeholder")}
            clearLabel={t("common.clearSearch")}
            value={filters.q}
            onSearch={(value) => filters.setFilter("q", value)}
          />
          {productSelect}
        </Group>
        <Text size="xs" c="dimmed" mt={6}>
          {t("supportCenter.search.help")}
        </Text>
      </Paper>
      {filters.q ? (
        <ListCard>
          <SearchResults q={filters.q} productId={productId || undefined} />
        </ListCard>
      ) : (
        <ListCard>
          <Tabs
            value={tab}
            onChange={(value) => filters.setFilter("tab", value)}
            variant="outline"
            radius="md"
            keepMounted={false}
          >
            <Tabs.List mb="md" style={{ flexWrap: "wrap" }}>
              {ARTICLE_KINDS.map((kind) => {
                const Icon = KIND_ICONS[kind];
                return (
                  <Tabs.Tab key={kind} value={kind} leftSection={<Icon size={16} />}>
                    {t(`supportCenter.tabs.${kind}`)}
                  </Tabs.Tab>
                );
              })}
              <Tabs.Tab value="requests" leftSection={<IconSparkles size={16} />}>
                {t("supportCenter.tabs.requests")}
              </Tabs.Tab>
            </Tabs.List>
            {ARTICLE_KINDS.map((kind) => (
              <Tabs.Panel key={kind} value={kind}>
                <ArticleTab kind={kind} productId={productId} staff={staff} canWrite={canWrite} />
              </Tabs.Panel>
            ))}
            <Tabs.Panel value="requests">
              <FeatureRequestList productId={productId || undefined} />
            </Tabs.Panel>
          </Tabs>
        </ListCard>
      )}
      <SubscriptionsModal
        opened={subscribing}
        onClose={() => {
          setSubscribing(false);
          if (location.pathname.endsWith("/subscriptions")) navigate("/support-center", { replace: true });
        }}
      />
    </>
  );
};

const STAFF_STATUSES = ["all", "draft", "published", "archived"] as const;

const ArticleTab = ({
  kind,
  productId,
  staff,
  canWrite,
}: {
  kind: ArticleKind;
  productId: string;
  staff: boolean;
  canWrite: boolean;
}) => {
  const { t } = useTranslation();
  const filters = useUrlFilters({ status: "all" });
  const status = (filters.get("status") ?? "all") as (typeof STAFF_STATUSES)[number];
  return (
    <>
      {staff && (
        <Group mb="sm" gap="sm" justify="space-between">
          <Select
            aria-label={t("supportCenter.filters.status")}
            allowDeselect={false}
            value={status}
            onChange={(value) => filters.setFilter("status", value)}
            data={STAFF_STATUSES.map((s) => ({
              value: s,
              label:
                s === "all" ? t("supportCenter.filters.allStatuses") : t(`supportCenter.articleStatus.${s}`),
            }))}
            w={200}
          />
          {canWrite && (
            <Button
              size="xs"
              variant="light"
              component={Link}
              to={`/support-center/articles/new?kind=${kind}`}
              leftSection={kind === "tip" ? <IconBulb size={14} /> : <IconPlus size={14} />}
            >
              {t(`supportCenter.newOfKind.${kind}`)}
            </Button>
          )}
        </Group>
      )}
      <ArticleList
        kind={kind}
        productId={productId || undefined}
        status={staff && status !== "all" ? (status as ArticleStatus) : undefined}
        staff={staff}
      />
    </>
  );
};
