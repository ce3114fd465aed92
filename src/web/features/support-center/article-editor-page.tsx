import {
  Button,
  Grid,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { IconEye, IconPencil } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { z } from "zod";
import type { Case } from "../../../api/cases";
import { versionSchema } from "../../../api/catalog";
import {
  ALERT_SEVERITIES,
  ARTICLE_KINDS,
  type Article,
  type ArticleKind,
  MAX_ARTICLE_BODY,
} from "../../../api/support-center";
import { api, type Page } from "../../app/api-client";
import { FormAlert } from "../../components/form-alert";
import { valid } from "../../components/form-validation";
import { PageLoader, QueryError } from "../../components/list-state";
import { describeProblem, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { useFormSubmit } from "../../components/use-form-submit";
import { useProductOptions, useReleaseOptions } from "../catalog/catalog-api";
import { ArticleFilesEditor } from "./article-files-editor";
import { useArticle, useCreateArticle, usePreview, useUpdateArticle } from "./support-center-api";

const isKind = (value: string | null): value is ArticleKind => ARTICLE_KINDS.includes(value as ArticleKind);

type FormValues = {
  title: string;
  productId: string;
  severity: string;
  affectedFrom: string;
  affectedTo: string;
  fixedInReleaseId: string;
  body: string;
  workaround: string;
  caseIds: string[];
};

const FIELDS = [
  "title",
  "productId",
  "severity",
  "affectedFrom",
  "affectedTo",
  "fixedInReleaseId",
  "body",
  "workaround",
  "caseIds",
] as const;

const formSchema = (t: TFunction, kind: ArticleKind) => {
  const version = z
    .string()
    .refine((v) => v === "" || valid(versionSchema)(v), t("catalog.validation.version"));
  return z
    .object({
      title: z
        .string()
        .trim()
        .min(1, t("validation.required"))
        .max(200, t("validation.tooLong", { max: 200 })),
      productId: kind === "alert" ? z.string().min(1, t("validation.required")) : z.string(),
      severity: kind === "alert" ? z.string().min(1, t("validation.required")) : z.string(),
      affectedFrom: version,
      affectedTo: version,
      fixedInReleaseId: z.string(),
      body: z.string().max(MAX_ARTICLE_BODY, t("validation.tooLong", { max: MAX_ARTICLE_BODY })),
      workaround: z.string().max(20_000, t("validation.tooLong", { max: 20_000 })),
      caseIds: z.array(z.string()).max(50),
    })
    .passthrough();
};

export const ArticleCreatePage = () => {
  const [params] = useSearchParams();
  const kindParam = params.get("kind");
  return <ArticleEditor kind={isKind(kindParam) ? kindParam : "tip"} />;
};

export const ArticleEditPage = () => {
  const { articleId = "" } = useParams();
  const query = useArticle(articleId);
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  return <ArticleEditor kind={query.data.kind} article={query.data} />;
};

/** Writes an article in Markdown with a preview of exactly what readers will see. */
const ArticleEditor = ({ kind, article }: { kind: ArticleKind; article?: Article }) => {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const products = useProductOptions();
  const create = useCreateArticle();
  const update = useUpdateArticle(article?.id ?? "");
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => formSchema(t, kind), [t, i18n.language, kind]);
  const form = useForm<FormValues>({
    initialValues: {
      title: article?.title ?? "",
      productId: article?.productId ?? "",
      severity: article?.severity ?? "",
      affectedFrom: article?.affectedFrom ?? "",
      affectedTo: article?.affectedTo ?? "",
      fixedInReleaseId: article?.fixedIn?.releaseId ?? "",
      body: article?.body ?? "",
      workaround: article?.workaround ?? "",
      caseIds: article?.cases?.map((c) => c.id) ?? [],
    },
    validate: schemaResolver(schema, { sync: true }),
  });
  const releases = useReleaseOptions(form.values.productId || null);
  const [caseLabels, setCaseLabels] = useState<Record<string, string>>(() =>
    Object.fromEntries((article?.cases ?? []).map((c) => [c.id, `${c.number} · ${c.subject}`])),
  );

  const { submit, generalError } = useFormSubmit(form, { fields: FIELDS }, async (values) => {
    const alert = kind === "alert";
    const fields = {
      title: values.title.trim(),
      productId: values.productId || null,
      body: values.body,
      severity: alert ? ((values.severity || null) as (typeof ALERT_SEVERITIES)[number] | null) : null,
      affectedFrom: alert ? values.affectedFrom || null : null,
      affectedTo: alert ? values.affectedTo || null : null,
      workaround: alert ? values.workaround : "",
      fixedInReleaseId: alert ? values.fixedInReleaseId || null : null,
      ...(kind === "resolution" ? { caseIds: values.caseIds } : {}),
    };
    const saved = article
      ? await update.mutateAsync({ ...fields, version: article.version })
      : await create.mutateAsync({ kind, ...fields });
    notifySuccess(t(article ? "supportCenter.editor.saved" : "supportCenter.editor.created"));
    navigate(`/support-center/articles/${saved.id}`);
  });

  const title = article
    ? t("supportCenter.editor.editTitle", { title: article.title })
    : t(`supportCenter.newOfKind.${kind}`);

  return (
    <>
      <PageHeader
        title={title}
        description={t(`supportCenter.editor.help.${kind}`)}
        back={
          article
            ? { to: `/support-center/articles/${article.id}`, label: article.title }
            : { to: `/support-center?tab=${kind}`, label: t("supportCenter.title") }
        }
      />
      <form onSubmit={submit} noValidate>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Paper p={{ base: "md", sm: "lg" }} radius="md">
              <Stack gap="md">
                <FormAlert message={generalError} />
                <TextInput
                  label={t("supportCenter.fields.title")}
                  required
                  maxLength={200}
                  {...form.getInputProps("title")}
                />
                <MarkdownField
                  label={t("supportCenter.fields.body")}
                  description={t("supportCenter.editor.markdownHelp")}
                  minRows={14}
                  value={form.values.body}
                  onChange={(value) => form.setFieldValue("body", value)}
                  error={form.errors.body}
                />
                {kind === "alert" && (
                  <MarkdownField
                    label={t("supportCenter.fields.workaround")}
                    description={t("supportCenter.editor.workaroundHelp")}
                    minRows={5}
                    value={form.values.workaround}
                    onChange={(value) => form.setFieldValue("workaround", value)}
                    error={form.errors.workaround}
                  />
                )}
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="lg">
              <Paper p={{ base: "md", sm: "lg" }} radius="md">
                <Stack gap="md">
                  <Select
                    label={t("supportCenter.fields.product")}
                    required={kind === "alert"}
                    clearable={kind !== "alert"}
                    placeholder={kind === "alert" ? undefined : t("supportCenter.anyProduct")}
                    data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
                    {...form.getInputProps("productId")}
                    value={form.values.productId || null}
                    onChange={(value) => {
                      form.setFieldValue("productId", value ?? "");
                      form.setFieldValue("fixedInReleaseId", "");
                    }}
                  />
                  {kind === "alert" && (
                    <>
                      <Select
                        label={t("supportCenter.fields.severity")}
                        required
                        data={ALERT_SEVERITIES.map((s) => ({
                          value: s,
                          label: t(`supportCenter.severity.${s}`),
                        }))}
                        {...form.getInputProps("severity")}
                        value={form.values.severity || null}
                        onChange={(value) => form.setFieldValue("severity", value ?? "")}
                      />
                      <SimpleGrid cols={2} spacing="sm">
                        <TextInput
                          label={t("supportCenter.fields.affectedFrom")}
                          placeholder="3.0.0"
                          {...form.getInputProps("affectedFrom")}
                        />
                        <TextInput
                          label={t("supportCenter.fields.affectedTo")}
                          placeholder="3.2.1"
                          {...form.getInputProps("affectedTo")}
                        />
                      </SimpleGrid>
                      <Text size="xs" c="dimmed" mt={-8}>
                        {t("supportCenter.editor.rangeHelp")}
                      </Text>
                      <Select
                        label={t("supportCenter.fields.fixedIn")}
                        placeholder={t("supportCenter.notFixedYet")}
                        clearable
                        disabled={!form.values.productId}
                        data={(releases.data?.items ?? []).map((r) => ({ value: r.id, label: r.version }))}
                        {...form.getInputProps("fixedInReleaseId")}
                        value={form.values.fixedInReleaseId || null}
                        onChange={(value) => form.setFieldValue("fixedInReleaseId", value ?? "")}
                      />
                    </>
                  )}
                  {kind === "resolution" && (
                    <CasePicker
                      value={form.values.caseIds}
                      labels={caseLabels}
                      onChange={(ids, labels) => {
                        form.setFieldValue("caseIds", ids);
                        setCaseLabels((current) => ({ ...current, ...labels }));
                      }}
                      error={form.errors.caseIds}
                    />
                  )}
                </Stack>
              </Paper>
              {article ? (
                <ArticleFilesEditor article={article} />
              ) : (
                <Text size="sm" c="dimmed">
                  {t("supportCenter.editor.filesAfterSave")}
                </Text>
              )}
              <Group justify="flex-end" gap="sm">
                <Button
                  variant="default"
                  onClick={() =>
                    navigate(
                      article ? `/support-center/articles/${article.id}` : `/support-center?tab=${kind}`,
                    )
                  }
                >
                  {t("common.cancel")}
                </Button>
                <Button type="submit" loading={form.submitting}>
                  {t(article ? "common.saveChanges" : "supportCenter.editor.saveDraft")}
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
        </Grid>
      </form>
    </>
  );
};

/** A Markdown box with a "vista previa" tab rendered by the server, exactly as readers will see it. */
const MarkdownField = ({
  label,
  description,
  minRows,
  value,
  onChange,
  error,
}: {
  label: string;
  description: string;
  minRows: number;
  value: string;
  onChange: (value: string) => void;
  error?: React.ReactNode;
}) => {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>("write");
  const preview = usePreview();
  const showPreview = (next: string | null) => {
    setTab(next);
    if (next === "preview") preview.mutate(value);
  };
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Text size="xs" c="dimmed">
        {description}
      </Text>
      <Tabs value={tab} onChange={showPreview} variant="outline" radius="sm">
        <Tabs.List>
          <Tabs.Tab value="write" leftSection={<IconPencil size={14} />}>
            {t("supportCenter.editor.write")}
          </Tabs.Tab>
          <Tabs.Tab value="preview" leftSection={<IconEye size={14} />}>
            {t("supportCenter.editor.preview")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="xs">
          <Textarea
            aria-label={label}
            autosize
            minRows={minRows}
            maxRows={40}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
            value={value}
            onChange={(event) => onChange(event.currentTarget.value)}
            error={error}
          />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <Paper withBorder p="md" radius="sm" mih={120} aria-live="polite">
            {preview.isPending ? (
              <Text size="sm" c="dimmed">
                {t("common.loading")}
              </Text>
            ) : preview.isError ? (
              <Text size="sm" c="red">
                {describeProblem(preview.error)}
              </Text>
            ) : preview.data?.html ? (
              // biome-ignore lint/security/noDangerouslySetInnerHtml: the server's inert rendering (markdown.ts)
              <div className="article-body" dangerouslySetInnerHTML={{ __html: preview.data.html }} />
            ) : (
              <Text size="sm" c="dimmed">
                {t("supportCenter.noBody")}
              </Text>
            )}
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
};

/** The cases a resolution came from, found by number or subject; only staff ever see these links. */
const CasePicker = ({
  value,
  labels,
  onChange,
  error,
}: {
  value: string[];
  labels: Record<string, string>;
  onChange: (ids: string[], labels: Record<string, string>) => void;
  error?: React.ReactNode;
}) => {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const found = useQuery({
    queryKey: ["/cases", "picker", q],
    queryFn: ({ signal }) => api.get<Page<Case>>("/cases", { q, limit: 20 }, signal),
    enabled: q.length > 0,
  });
  const foundLabels = Object.fromEntries(
    (found.data?.items ?? []).map((c) => [c.id, `${c.number} · ${c.subject}`] as const),
  );
  const all = { ...labels, ...foundLabels };
  return (
    <MultiSelect
      label={t("supportCenter.fields.cases")}
      description={t("supportCenter.editor.casesHelp")}
      placeholder={t("supportCenter.editor.casesPlaceholder")}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={q ? t("common.noResults") : undefined}
      data={Object.entries(all).map(([id, label]) => ({ value: id, label }))}
      value={value}
      onChange={(ids) => onChange(ids, all)}
      error={error}
    />
  );
};
