import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { IconClockPause, IconLockOpen } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { HeldRequest } from "../../../api/contracts";
import { useAuth } from "../../app/auth-context";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { FormAlert } from "../../components/form-alert";
import { useFormatters } from "../../components/formatters";
import { ListPage, ListToolbar } from "../../components/list-page";
import { describeProblem, notifySuccess } from "../../components/notify";
import { PagedList } from "../../components/paged-list";
import { useUrlFilters } from "../../components/use-url-filters";
import { OrganizationFilter } from "../organizations/organization-picker";
import {
  HELD_REQUEST_STATE_VALUES,
  type HeldRequestState,
  useHeldRequests,
  useReleaseHeldRequest,
} from "./held-requests-api";

const ReleaseModal = ({ request, onClose }: { request: HeldRequest | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const release = useReleaseHeldRequest();
  const [purchaseOrder, setPurchaseOrder] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const close = () => {
    setPurchaseOrder("");
    setError(null);
    setFailure(null);
    onClose();
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!request) return;
    const po = purchaseOrder.trim();
    if (!po) return setError(t("validation.required"));
    if (po.length > 100) return setError(t("validation.tooLong", { max: 100 }));
    setFailure(null);
    try {
      const released = await release.mutateAsync({ id: request.id, purchaseOrder: po });
      notifySuccess(
        t("heldRequests.released", { subject: request.subject, number: released.case?.number ?? "" }),
      );
      close();
    } catch (failed) {
      setFailure(describeProblem(failed));
    }
  };

  return (
    <Modal opened={request !== null} onClose={close} title={t("heldRequests.releaseTitle")}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {t("heldRequests.releaseHelp", {
              subject: request?.subject ?? "",
              organization: request?.organizationName ?? "",
            })}
          </Text>
          <FormAlert message={failure} />
          <TextInput
            label={t("contracts.fields.purchaseOrder")}
            required
            maxLength={100}
            data-autofocus
            value={purchaseOrder}
            error={error}
            onChange={(event) => {
              setPurchaseOrder(event.currentTarget.value);
              setError(null);
            }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={release.isPending} leftSection={<IconLockOpen size={16} />}>
              {t("heldRequests.release")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
};

/** Requests from organizations without a current contract, waiting for a purchase order. */
export const HeldRequestsPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const format = useFormatters();
  const filters = useUrlFilters({ state: "held" });
  const state: HeldRequestState = filters.get("state") === "released" ? "released" : "held";
  const organizationId = filters.get("organizationId");
  const list = useHeldRequests({ state, organizationId });
  const [releasing, setReleasing] = useState<HeldRequest | null>(null);
  const canRelease = can("held-requests:release") && state === "held";

  return (
    <>
      <ListPage title={t("heldRequests.title")} description={t("heldRequests.description")}>
        <ListToolbar align="center">
          <SegmentedControl
            aria-label={t("heldRequests.state")}
            value={state}
            onChange={(value) => filters.setFilter("state", value)}
            data={HELD_REQUEST_STATE_VALUES.map((value) => ({
              value,
              label: t(`heldRequests.states.${value}`),
            }))}
          />
          <OrganizationFilter filters={filters} />
        </ListToolbar>
        <PagedList
          list={list}
          empty={{
            title: state === "held" ? t("heldRequests.empty") : t("heldRequests.emptyReleased"),
            description: state === "held" ? t("heldRequests.emptyDescription") : undefined,
            icon: <IconClockPause size={28} stroke={1.5} />,
          }}
        >
          <DataTable
            label={t("heldRequests.title")}
            head={
              <>
                <Table.Th>{t("heldRequests.fields.subject")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("heldRequests.fields.organization")}</Table.Th>
                <Table.Th visibleFrom="md">{t("heldRequests.fields.requester")}</Table.Th>
                <Table.Th visibleFrom="md">{t("heldRequests.fields.channel")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("heldRequests.fields.receivedAt")}</Table.Th>
                {state === "released" && (
                  <Table.Th visibleFrom="sm">{t("contracts.fields.purchaseOrder")}</Table.Th>
                )}
                {canRelease && <ActionsHeader w={120} />}
              </>
            }
          >
            {list.items.map((request) => (
              <Table.Tr key={request.id}>
                <Table.Td>
                  <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                    {request.subject}
                  </Text>
                  {request.systemName && (
                    <Text size="xs" c="dimmed">
                      {request.systemName}
                    </Text>
                  )}
                  <Text hiddenFrom="sm" size="xs" c="dimmed">
                    {request.organizationName} · {format.dateTime(request.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Link
                    className="soporte-row-link"
                    style={{ fontWeight: 400 }}
                    to={`/organizations/${request.organizationId}`}
                  >
                    {request.organizationName}
                  </Link>
                </Table.Td>
                <Table.Td visibleFrom="md">
                  {request.requester ? (
                    <>
                      <Text size="sm">{request.requester.name}</Text>
                      <Text size="xs" c="dimmed">
                        {request.requester.email}
                      </Text>
                    </>
                  ) : (
                    "—"
                  )}
                </Table.Td>
                <Table.Td visibleFrom="md">
                  <Badge variant="light" color="gray" radius="sm" tt="none" fw={500}>
                    {t(`heldRequests.channels.${request.channel}`)}
                  </Badge>
                </Table.Td>
                <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
                  {format.dateTime(request.createdAt)}
                </Table.Td>
                {state === "released" && (
                  <Table.Td visibleFrom="sm">
                    {request.purchaseOrder ?? "—"}
                    <Text size="xs" c="dimmed">
                      {format.dateTime(request.releasedAt)}
                    </Text>
                    {request.case && (
                      <Anchor component={Link} to={`/cases/${request.case.id}`} size="xs">
                        {t("heldRequests.becameCase", { number: request.case.number })}
                      </Anchor>
                    )}
                  </Table.Td>
                )}
                {canRelease && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconLockOpen size={14} />}
                      aria-label={t("heldRequests.releaseNamed", { subject: request.subject })}
                      onClick={() => setReleasing(request)}
                    >
                      {t("heldRequests.release")}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </DataTable>
        </PagedList>
      </ListPage>
      <ReleaseModal request={releasing} onClose={() => setReleasing(null)} />
    </>
  );
};
