import { Anchor, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ArticleKind, ArticleStatus, ArticleSummary } from "../../../api/support-center";
import { useFormatters } from "../../components/formatters";
import { PagedList } from "../../components/paged-list";
import { useArticles } from "./support-center-api";
import { ArticleStatusBadge, KIND_ICONS, SeverityBadge, useVersionRange } from "./support-center-badges";

/** The articles of one kind, newest first; staff may filter them by status. */
export const ArticleList = ({
  kind,
  productId,
  status,
  staff,
}: {
  kind: ArticleKind;
  productId?: string;
  status?: ArticleStatus;
  staff: boolean;
}) => {
  const { t } = useTranslation();
  const list = useArticles({ kind, productId, status });
  const Icon = KIND_ICONS[kind];
  return (
    <PagedList
      list={list}
      compact
      filtered={Boolean(productId || status)}
      empty={{
        title: t(`supportCenter.empty.${kind}`),
        description: t(staff ? "supportCenter.empty.staff" : "supportCenter.empty.customer"),
        icon: <Icon size={28} stroke={1.5} />,
      }}
    >
      <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
        {list.items.map((article) => (
          <ArticleRow key={article.id} article={article} staff={staff} />
        ))}
      </Stack>
    </PagedList>
  );
};

export const ArticleRow = ({ article, staff }: { article: ArticleSummary; staff: boolean }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const range = useVersionRange();
  return (
    <Stack component="li" gap={4} py="sm" style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}>
      <Group gap="xs" wrap="wrap">
        {article.severity && <SeverityBadge severity={article.severity} />}
        {staff && article.status !== "published" && <ArticleStatusBadge status={article.status} />}
        <Anchor
          component={Link}
          to={`/support-center/articles/${article.id}`}
          fw={650}
          c="var(--mantine-color-text)"
          style={{ overflowWrap: "anywhere" }}
        >
          {article.title}
        </Anchor>
      </Group>
      {article.excerpt && (
        <Text size="sm" c="dimmed" lineClamp={2}>
          {article.excerpt}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {[
          article.productName ?? t("supportCenter.anyProduct"),
          article.kind === "alert"
            ? t("supportCenter.affects", { range: range(article.affectedFrom, article.affectedTo) })
            : null,
          article.publishedAt
            ? t("supportCenter.publishedOn", { date: format.dateTime(article.publishedAt) })
            : t("supportCenter.updatedOn", { date: format.dateTime(article.updatedAt) }),
        ]
          .filter(Boolean)
          .join(" · ")}
      </Text>
    </Stack>
  );
};
