import { Checkbox, Modal, Radio, Stack, Table, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ARTICLE_KINDS, type ArticleKind, type Subscription } from "../../../api/support-center";
import { DataTable } from "../../components/data-table";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { QueryError } from "../../components/list-state";
import { describeProblem, notifySuccess } from "../../components/notify";
import { useProductOptions } from "../catalog/catalog-api";
import { useSaveSubscriptions, useSubscriptions } from "./support-center-api";

const key = (productId: string, kind: ArticleKind) => `${productId}:${kind}`;

/** Which products' alerts, tips and resolutions reach the viewer by mail: one each, or an hourly digest. */
export const SubscriptionsModal = ({ opened, onClose }: { opened: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("supportCenter.subscriptions.title")} size="lg">
      {opened && <SubscriptionsForm onClose={onClose} />}
    </Modal>
  );
};

const SubscriptionsForm = ({ onClose }: { onClose: () => void }) => {
  const { t } = useTranslation();
  const products = useProductOptions();
  const saved = useSubscriptions();
  const save = useSaveSubscriptions();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [digest, setDigest] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!saved.data) return;
    setChosen(new Set(saved.data.items.map((s) => key(s.productId, s.kind))));
    setDigest(saved.data.items.some((s) => s.digest));
  }, [saved.data]);

  if (saved.isError) return <QueryError error={saved.error} onRetry={saved.refetch} />;
  const toggle = (k: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(k);
      else next.delete(k);
      return next;
    });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const items: Subscription[] = (products.data?.items ?? []).flatMap((p) =>
      ARTICLE_KINDS.filter((kind) => chosen.has(key(p.id, kind))).map((kind) => ({
        productId: p.id,
        kind,
        digest,
      })),
    );
    try {
      await save.mutateAsync(items);
      notifySuccess(t("supportCenter.subscriptions.saved"));
      onClose();
    } catch (error) {
      setFailure(describeProblem(error));
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("supportCenter.subscriptions.help")}
        </Text>
        <FormAlert message={failure} />
        <DataTable
          label={t("supportCenter.subscriptions.title")}
          head={
            <>
              <Table.Th>{t("supportCenter.fields.product")}</Table.Th>
              {ARTICLE_KINDS.map((kind) => (
                <Table.Th key={kind} ta="center">
                  {t(`supportCenter.tabs.${kind}`)}
                </Table.Th>
              ))}
            </>
          }
        >
          {(products.data?.items ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td fw={600}>{p.name}</Table.Td>
              {ARTICLE_KINDS.map((kind) => (
                <Table.Td key={kind}>
                  <Checkbox
                    mx="auto"
                    w="fit-content"
                    aria-label={t("supportCenter.subscriptions.checkbox", {
                      kind: t(`supportCenter.tabs.${kind}`),
                      product: p.name,
                    })}
                    checked={chosen.has(key(p.id, kind))}
                    onChange={(event) => toggle(key(p.id, kind), event.currentTarget.checked)}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </DataTable>
        <Radio.Group
          label={t("supportCenter.subscriptions.delivery")}
          value={digest ? "digest" : "each"}
          onChange={(value) => setDigest(value === "digest")}
        >
          <Stack gap={6} mt={6}>
            <Radio value="each" label={t("supportCenter.subscriptions.each")} />
            <Radio value="digest" label={t("supportCenter.subscriptions.digest")} />
          </Stack>
        </Radio.Group>
        <FormButtons
          onCancel={onClose}
          loading={save.isPending}
          disabled={!saved.isSuccess || !products.isSuccess}
          submitLabel={t("common.saveChanges")}
        />
      </Stack>
    </form>
  );
};
