import { Alert, Anchor, Button, Grid, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconArchive, IconDownload, IconPencil, IconPhoto, IconSend, IconTool } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Article } from "../../../api/support-center";
import { useAuth } from "../../app/auth-context";
import { DetailList } from "../../components/detail-list";
import { formatBytes, useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { notifyError, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { articleFileUrl, useArticle, useArticleStatus, useMarkRead } from "./support-center-api";
import {
  ArticleKindBadge,
  ArticleStatusBadge,
  SeverityBadge,
  useVersionRange,
} from "./support-center-badges";

/** The HTML comes from the server's Markdown renderer and allow-list sanitiser: it cannot run anything. */
const ArticleHtml = ({ html }: { html: string }) => (
  // biome-ignore lint/security/noDangerouslySetInnerHtml: inert by construction on the server (see markdown.ts)
  <div className="article-body" dangerouslySetInnerHTML={{ __html: html }} />
);

export const ArticlePage = () => {
  const { t } = useTranslation();
  const { articleId = "" } = useParams();
  const { user, can } = useAuth();
  const query = useArticle(articleId);
  const markRead = useMarkRead();
  const marked = useRef(false);
  const customer = user?.role === "customer_contact";

  // a customer who opens an alert has read it: it leaves their unread alerts
  useEffect(() => {
    if (query.data && !query.data.read && customer && !marked.current) {
      marked.current = true;
      markRead.mutate(query.data.id);
    }
  }, [query.data, customer, markRead]);

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  const article = query.data;
  return (
    <>
      <PageHeader
        title={article.title}
        back={{ to: `/support-center?tab=${article.kind}`, label: t("supportCenter.title") }}
        actions={can("support-center:write") ? <StaffActions article={article} /> : null}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {article.affectsSystems.length > 0 && (
              <Alert color="orange" variant="light" title={t("supportCenter.affectsYou.title")}>
                <Stack gap={2}>
                  {article.affectsSystems.map((s) => (
                    <Text size="sm" key={s.systemId}>
                      {t("supportCenter.affectsYou.system", {
                        version: s.installedVersion,
                        system: s.systemName,
                      })}
                    </Text>
                  ))}
                </Stack>
              </Alert>
            )}
            <Paper p={{ base: "md", sm: "lg" }} radius="md" component="article">
              {article.bodyHtml ? (
                <ArticleHtml html={article.bodyHtml} />
              ) : (
                <Text c="dimmed" size="sm">
                  {t("supportCenter.noBody")}
                </Text>
              )}
            </Paper>
            {article.workaroundHtml && (
              <Paper p={{ base: "md", sm: "lg" }} radius="md" component="section">
                <Group gap="xs" mb="sm">
                  <IconTool size={18} aria-hidden />
                  <Title order={3} fz="lg">
                    {t("supportCenter.fields.workaround")}
                  </Title>
                </Group>
                <ArticleHtml html={article.workaroundHtml} />
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <ArticleFacts article={article} />
            {article.files.length > 0 && <ArticleFiles article={article} />}
            {article.cases && article.kind === "resolution" && (
              <Paper p={{ base: "md", sm: "lg" }} radius="md">
                <Text fw={650} mb={4}>
                  {t("supportCenter.fields.cases")}
                </Text>
                <Text size="xs" c="dimmed" mb="sm">
                  {t("supportCenter.casesStaffOnly")}
                </Text>
                {article.cases.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t("supportCenter.noCases")}
                  </Text>
                ) : (
                  <Stack gap={4}>
                    {article.cases.map((c) => (
                      <Anchor key={c.id} component={Link} to={`/cases/${c.id}`} size="sm">
                        {c.number} · {c.subject}
                      </Anchor>
                    ))}
                  </Stack>
                )}
              </Paper>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
};

const ArticleFacts = ({ article }: { article: Article }) => {
  const { t } = useTranslation();
  const { user } = useAuth();
  const format = useFormatters();
  const range = useVersionRange();
  const staff = user?.role !== "customer_contact";
  return (
    <Paper p={{ base: "md", sm: "lg" }} radius="md">
      <Group gap="xs" mb="md">
        <ArticleKindBadge kind={article.kind} />
        {article.severity && <SeverityBadge severity={article.severity} />}
        {staff && <ArticleStatusBadge status={article.status} />}
      </Group>
      <DetailList
        cols={1}
        items={[
          {
            label: t("supportCenter.fields.product"),
            value: article.productName ?? t("supportCenter.anyProduct"),
          },
          ...(article.kind === "alert"
            ? [
                {
                  label: t("supportCenter.fields.affected"),
                  value: range(article.affectedFrom, article.affectedTo),
                },
                {
                  label: t("supportCenter.fields.fixedIn"),
                  value: article.fixedIn ? article.fixedIn.version : t("supportCenter.notFixedYet"),
                },
              ]
            : []),
          {
            label: t("supportCenter.fields.publishedAt"),
            value: article.publishedAt
              ? format.dateTime(article.publishedAt)
              : t("supportCenter.notPublished"),
          },
          ...(staff
            ? [{ label: t("supportCenter.fields.updatedAt"), value: format.dateTime(article.updatedAt) }]
            : []),
        ]}
      />
    </Paper>
  );
};

const ArticleFiles = ({ article }: { article: Article }) => {
  const { t, i18n } = useTranslation();
  return (
    <Paper p={{ base: "md", sm: "lg" }} radius="md">
      <Text fw={650} mb="sm">
        {t("supportCenter.fields.files")}
      </Text>
      <Stack gap={8}>
        {article.files.map((file) => {
          const image = /^image\/(png|jpeg|gif|webp)$/i.test(file.contentType);
          return (
            <Group key={file.id} gap={6} wrap="nowrap" align="flex-start">
              {image ? <IconPhoto size={16} aria-hidden /> : <IconDownload size={16} aria-hidden />}
              <div style={{ minWidth: 0 }}>
                <Anchor
                  href={articleFileUrl(article.id, file)}
                  size="sm"
                  style={{ overflowWrap: "anywhere" }}
                >
                  {file.filename}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {formatBytes(file.sizeBytes, i18n.language)}
                </Text>
              </div>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
};

/** Edit, publish (the first time mails the subscribers), archive, publish again. */
const StaffActions = ({ article }: { article: Article }) => {
  const { t } = useTranslation();
  const status = useArticleStatus(article.id);
  const [pending, setPending] = useState<"published" | "archived" | null>(null);
  const change = (to: "published" | "archived") => {
    setPending(to);
    status.mutate(
      { status: to, version: article.version },
      {
        onSuccess: () =>
          notifySuccess(t(to === "published" ? "supportCenter.published" : "supportCenter.archived")),
        onError: notifyError,
        onSettled: () => setPending(null),
      },
    );
  };
  return (
    <>
      <Button
        variant="default"
        component={Link}
        to={`/support-center/articles/${article.id}/edit`}
        leftSection={<IconPencil size={16} />}
      >
        {t("common.edit")}
      </Button>
      {article.allowedStatuses.includes("archived") && (
        <Button
          variant="default"
          leftSection={<IconArchive size={16} />}
          loading={pending === "archived"}
          onClick={() => change("archived")}
        >
          {t("supportCenter.archive")}
        </Button>
      )}
      {article.allowedStatuses.includes("published") && (
        <Button
          leftSection={<IconSend size={16} />}
          loading={pending === "published"}
          onClick={() => change("published")}
        >
          {t(article.status === "draft" ? "supportCenter.publish" : "supportCenter.republish")}
        </Button>
      )}
    </>
  );
};
