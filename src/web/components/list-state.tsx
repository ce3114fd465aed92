import { Alert, Button, Center, EmptyState, Group, Loader, Skeleton, Stack } from "@mantine/core";
import { IconAlertTriangle, IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../app/api-client";
import { NotFound } from "./not-found";
import { describeError } from "./notify";

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** What an empty list says, and what it offers (e.g. its create button). */
export interface EmptyContent {
  title: string;
  description?: string;
  action?: ReactNode;
  icon?: ReactNode;
}

interface ListStateProps {
  query: QueryLike;
  isEmpty: boolean;
  empty: EmptyContent;
  children: ReactNode;
  rows?: number;
  /** A smaller empty state, for lists inside a card or a tab. */
  compact?: boolean;
}

/** Loading skeleton, error with retry, empty state, or the list itself. */
export const ListState = ({ query, isEmpty, empty, children, rows = 5, compact = false }: ListStateProps) => {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label={t("common.loading")}>
        {Array.from({ length: rows }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={index} height={38} radius="sm" />
        ))}
      </Stack>
    );
  }
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  if (isEmpty) {
    return (
      <EmptyState
        py={compact ? 24 : 48}
        size={compact ? "sm" : "md"}
        icon={empty.icon ?? <IconInbox size={28} stroke={1.5} />}
        withIndicatorBackground
        title={empty.title}
        description={empty.description}
      >
        {empty.action && <EmptyState.Actions>{empty.action}</EmptyState.Actions>}
      </EmptyState>
    );
  }
  return <>{children}</>;
};

export const QueryError = ({ error, onRetry }: { error: unknown; onRetry?: () => unknown }) => {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  // trying again helps only when the failure may pass
  const retryable = !(error instanceof ApiError) || error.status >= 500 || error.status === 429;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={describeError(error)}>
      {onRetry && retryable && (
        <Button variant="white" color="red" size="xs" mt="xs" onClick={() => onRetry()}>
          {t("common.retry")}
        </Button>
      )}
    </Alert>
  );
};

export const PageLoader = () => {
  const { t } = useTranslation();
  return (
    <Center py={80} aria-busy="true" aria-label={t("common.loading")}>
      <Loader size="md" />
    </Center>
  );
};

interface LoadMoreProps {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  shown: number;
}

export const LoadMore = ({ hasNextPage, isFetchingNextPage, fetchNextPage, shown }: LoadMoreProps) => {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mt="md" c="dimmed" fz="sm">
      <span>{t("common.shown", { count: shown })}</span>
      {hasNextPage && (
        <Button variant="default" size="xs" loading={isFetchingNextPage} onClick={() => fetchNextPage()}>
          {t("common.loadMore")}
        </Button>
      )}
    </Group>
  );
};
