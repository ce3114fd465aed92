import { Button, Paper, Stack, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { IconBellOff, IconBellRinging, IconChevronUp } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { FeatureRequest } from "../../../api/support-center";
import { useAuth } from "../../app/auth-context";
import { notifyError, notifySuccess } from "../../components/notify";
import { useFeatureRequestActions } from "./support-center-api";

/** The vote count, and for a customer the button that adds (or withdraws) their one vote. */
export const VoteButton = ({ request, compact = false }: { request: FeatureRequest; compact?: boolean }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { vote } = useFeatureRequestActions(request.id);
  const canVote = can("feature-requests:vote") && !request.mergedInto;
  const label = request.voted
    ? t("supportCenter.requests.unvote", { title: request.title })
    : t("supportCenter.requests.vote", { title: request.title });
  const count = (
    <Stack gap={0} align="center" miw={compact ? 48 : 64}>
      <IconChevronUp size={compact ? 16 : 20} aria-hidden />
      <Text fw={700} size={compact ? "sm" : "lg"} lh={1.1}>
        {request.voteCount}
      </Text>
      <Text size="10px" c="dimmed" tt="uppercase">
        {t("supportCenter.requests.votes", { count: request.voteCount })}
      </Text>
    </Stack>
  );
  if (!canVote)
    return (
      <Paper
        withBorder
        radius="md"
        py={6}
        px={4}
        aria-label={t("supportCenter.requests.voteCount", { count: request.voteCount })}
      >
        {count}
      </Paper>
    );
  return (
    <Tooltip label={label} withArrow>
      <UnstyledButton
        aria-label={label}
        aria-pressed={request.voted}
        disabled={vote.isPending}
        onClick={() =>
          vote.mutate(!request.voted, {
            onSuccess: () =>
              notifySuccess(
                t(request.voted ? "supportCenter.requests.voteWithdrawn" : "supportCenter.requests.voted"),
              ),
            onError: notifyError,
          })
        }
        style={{
          border: `1px solid var(--mantine-color-${request.voted ? "brand-5" : "gray-3"})`,
          background: request.voted ? "var(--mantine-color-brand-0)" : "var(--mantine-color-white)",
          color: request.voted ? "var(--mantine-color-brand-7)" : undefined,
          borderRadius: "var(--mantine-radius-md)",
          padding: "6px 4px",
        }}
      >
        {count}
      </UnstyledButton>
    </Tooltip>
  );
};

/** Follow a request: its status changes are mailed to the follower. */
export const FollowButton = ({ request }: { request: FeatureRequest }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { follow } = useFeatureRequestActions(request.id);
  if (!can("feature-requests:follow") || request.mergedInto) return null;
  return (
    <Button
      variant={request.following ? "light" : "default"}
      leftSection={request.following ? <IconBellOff size={16} /> : <IconBellRinging size={16} />}
      loading={follow.isPending}
      onClick={() =>
        follow.mutate(!request.following, {
          onSuccess: () =>
            notifySuccess(
              t(request.following ? "supportCenter.requests.unfollowed" : "supportCenter.requests.followed"),
            ),
          onError: notifyError,
        })
      }
    >
      {t(request.following ? "supportCenter.requests.unfollow" : "supportCenter.requests.follow")}
    </Button>
  );
};
