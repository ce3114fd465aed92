import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  Timeline,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconArrowMerge, IconFlag } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  FEATURE_REQUEST_STATUSES,
  type FeatureRequestDetail,
  type FeatureRequestStatus,
} from "../../../api/support-center";
import { useAuth } from "../../app/auth-context";
import { DetailList } from "../../components/detail-list";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { describeProblem, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { placeFieldErrors } from "../../components/server-errors";
import { useReleaseOptions } from "../catalog/catalog-api";
import { FollowButton, VoteButton } from "./feature-request-actions";
import {
  useFeatureRequest,
  useFeatureRequestStatus,
  useFeatureRequests,
  useMergeFeatureRequest,
} from "./support-center-api";
import { RequestStatusBadge } from "./support-center-badges";

export const FeatureRequestPage = () => {
  const { t } = useTranslation();
  const { requestId = "" } = useParams();
  const { can } = useAuth();
  const format = useFormatters();
  const query = useFeatureRequest(requestId);
  const [dialog, setDialog] = useState<"status" | "merge" | null>(null);
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  const request = query.data;
  const canTriage = can("feature-requests:triage") && !request.mergedInto;

  return (
    <>
      <PageHeader
        title={`#${request.number} · ${request.title}`}
        back={{ to: "/support-center?tab=requests", label: t("supportCenter.tabs.requests") }}
        actions={
          <>
            <FollowButton request={request} />
            {canTriage && (
              <>
                <Button
                  variant="default"
                  leftSection={<IconArrowMerge size={16} />}
                  onClick={() => setDialog("merge")}
                >
                  {t("supportCenter.requests.merge")}
                </Button>
                <Button leftSection={<IconFlag size={16} />} onClick={() => setDialog("status")}>
                  {t("supportCenter.requests.changeStatus")}
                </Button>
              </>
            )}
          </>
        }
      />
      {request.mergedInto && (
        <Alert color="gray" variant="light" mb="lg">
          {t("supportCenter.requests.mergedInto", { number: request.mergedInto.number })}{" "}
          <Anchor component={Link} to={`/support-center/feature-requests/${request.mergedInto.id}`}>
            {request.mergedInto.title}
          </Anchor>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper p={{ base: "md", sm: "lg" }} radius="md">
            <Group gap="md" align="flex-start" wrap="nowrap">
              <VoteButton request={request} />
              <Stack gap="sm" style={{ minWidth: 0, flex: 1 }}>
                <Group gap="xs">
                  <RequestStatusBadge status={request.status} />
                  {request.release && (
                    <Text size="sm">
                      {t("supportCenter.requests.inRelease", { version: request.release.version })}
                    </Text>
                  )}
                </Group>
                {request.status === "declined" && request.statusReason && (
                  <Text size="sm" c="dimmed">
                    {t("supportCenter.requests.declinedBecause", { reason: request.statusReason })}
                  </Text>
                )}
                <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                  {request.description || t("supportCenter.noBody")}
                </Text>
              </Stack>
            </Group>
          </Paper>
          {request.merged.length > 0 && (
            <Paper p={{ base: "md", sm: "lg" }} radius="md" mt="lg">
              <Text fw={650} mb="xs">
                {t("supportCenter.requests.duplicates")}
              </Text>
              <Stack gap={4}>
                {request.merged.map((m) => (
                  <Anchor
                    key={m.id}
                    component={Link}
                    to={`/support-center/feature-requests/${m.id}`}
                    size="sm"
                  >
                    #{m.number} · {m.title}
                  </Anchor>
                ))}
              </Stack>
            </Paper>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Paper p={{ base: "md", sm: "lg" }} radius="md">
              <DetailList
                cols={1}
                items={[
                  { label: t("supportCenter.fields.product"), value: request.productName },
                  ...(request.organization
                    ? [{ label: t("supportCenter.fields.organization"), value: request.organization.name }]
                    : []),
                  ...(request.submittedBy
                    ? [{ label: t("supportCenter.fields.submittedBy"), value: request.submittedBy.name }]
                    : []),
                  { label: t("supportCenter.fields.askedOn"), value: format.dateTime(request.createdAt) },
                ]}
              />
            </Paper>
            <Paper p={{ base: "md", sm: "lg" }} radius="md">
              <Text fw={650} mb="sm">
                {t("supportCenter.requests.history")}
              </Text>
              <Timeline bulletSize={14} lineWidth={2}>
                {request.history.map((change) => (
                  <Timeline.Item
                    key={change.changedAt + change.toStatus}
                    title={t(`supportCenter.requestStatus.${change.toStatus}`)}
                  >
                    {change.release && (
                      <Text size="xs">
                        {t("supportCenter.requests.inRelease", { version: change.release.version })}
                      </Text>
                    )}
                    {change.reason && (
                      <Text size="xs" style={{ whiteSpace: "pre-wrap" }}>
                        {change.reason}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {format.dateTime(change.changedAt)}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <Modal
        opened={dialog === "status"}
        onClose={() => setDialog(null)}
        title={t("supportCenter.requests.changeStatus")}
      >
        {dialog === "status" && <StatusForm request={request} onClose={() => setDialog(null)} />}
      </Modal>
      <Modal
        opened={dialog === "merge"}
        onClose={() => setDialog(null)}
        title={t("supportCenter.requests.mergeTitle")}
      >
        {dialog === "merge" && <MergeForm request={request} onClose={() => setDialog(null)} />}
      </Modal>
    </>
  );
};

/** The public status: followers are mailed once per change, in their language. */
const StatusForm = ({ request, onClose }: { request: FeatureRequestDetail; onClose: () => void }) => {
  const { t } = useTranslation();
  const change = useFeatureRequestStatus(request.id);
  const releases = useReleaseOptions(request.productId);
  const [status, setStatus] = useState<FeatureRequestStatus>(request.status);
  const [reason, setReason] = useState(request.statusReason);
  const [releaseId, setReleaseId] = useState<string | null>(request.release?.id ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const local: Record<string, string> = {};
    if (status === "declined" && !reason.trim()) local.reason = t("fieldErrors.required_when_declined");
    if (status === "released" && !releaseId) local.releaseId = t("fieldErrors.required_when_released");
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await change.mutateAsync({
        status,
        version: request.version,
        ...(status === "declined"
          ? { reason: reason.trim() }
          : reason.trim()
            ? { reason: reason.trim() }
            : {}),
        ...(status === "released" && releaseId ? { releaseId } : {}),
      });
      notifySuccess(
        t("supportCenter.requests.statusChanged", { status: t(`supportCenter.requestStatus.${status}`) }),
      );
      onClose();
    } catch (error) {
      const placed = placeFieldErrors(error, (field) =>
        field === "reason" || field === "releaseId" ? field : null,
      );
      setErrors(placed.errors);
      setFailure(describeProblem(error));
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={failure} />
        <Select
          label={t("supportCenter.requests.status")}
          allowDeselect={false}
          value={status}
          onChange={(value) => value && setStatus(value as FeatureRequestStatus)}
          data={FEATURE_REQUEST_STATUSES.map((s) => ({
            value: s,
            label: t(`supportCenter.requestStatus.${s}`),
          }))}
        />
        {status === "released" && (
          <Select
            label={t("supportCenter.requests.release")}
            required
            value={releaseId}
            onChange={setReleaseId}
            error={errors.releaseId}
            data={(releases.data?.items ?? []).map((r) => ({ value: r.id, label: r.version }))}
          />
        )}
        <Textarea
          label={t(
            status === "declined" ? "supportCenter.requests.declineReason" : "supportCenter.requests.note",
          )}
          required={status === "declined"}
          autosize
          minRows={3}
          value={reason}
          error={errors.reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Text size="xs" c="dimmed">
          {t("supportCenter.requests.followersTold")}
        </Text>
        <FormButtons
          onCancel={onClose}
          loading={change.isPending}
          submitLabel={t("supportCenter.requests.saveStatus")}
        />
      </Stack>
    </form>
  );
};

/** A duplicate joins another request of the same product: its votes and followers move there. */
const MergeForm = ({ request, onClose }: { request: FeatureRequestDetail; onClose: () => void }) => {
  const { t } = useTranslation();
  const merge = useMergeFeatureRequest(request.id);
  const candidates = useFeatureRequests({ productId: request.productId, sort: "votes" });
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim().toLowerCase(), 200);
  const [targetId, setTargetId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const options = candidates.items
    .filter((r) => r.id !== request.id && !r.mergedInto)
    .filter((r) => !q || r.title.toLowerCase().includes(q) || String(r.number).includes(q))
    .map((r) => ({ value: r.id, label: `#${r.number} · ${r.title}` }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!targetId) return;
    setFailure(null);
    try {
      const target = await merge.mutateAsync(targetId);
      notifySuccess(t("supportCenter.requests.merged", { number: target.number }));
      onClose();
    } catch (error) {
      setFailure(describeProblem(error));
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("supportCenter.requests.mergeHelp", { number: request.number })}
        </Text>
        <FormAlert message={failure} />
        <Select
          label={t("supportCenter.requests.mergeTarget")}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          value={targetId}
          onChange={setTargetId}
          data={options}
          nothingFoundMessage={t("common.noResults")}
        />
        <FormButtons
          onCancel={onClose}
          loading={merge.isPending}
          disabled={!targetId}
          submitLabel={t("supportCenter.requests.mergeSubmit")}
        />
      </Stack>
    </form>
  );
};
