import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  Article,
  ArticleFile,
  ArticleKind,
  ArticleStatus,
  ArticleSummary,
  createArticleBodySchema,
  createFeatureRequestBodySchema,
  FeatureRequest,
  FeatureRequestDetail,
  FeatureRequestStatus,
  featureRequestStatusBodySchema,
  SearchHit,
  SearchType,
  Subscription,
  UnreadAlert,
  updateArticleBodySchema,
} from "../../../api/support-center";
import { API_BASE, api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type CreateArticleBody = z.input<typeof createArticleBodySchema>;
export type UpdateArticleBody = z.input<typeof updateArticleBodySchema>;
export type CreateFeatureRequestBody = z.input<typeof createFeatureRequestBodySchema>;
export type FeatureRequestStatusBody = z.input<typeof featureRequestStatusBodySchema>;

const ROOT = "/support-center";
const ARTICLES = `${ROOT}/articles`;
const REQUESTS = `${ROOT}/feature-requests`;
const articleKey = (id: string) => [ARTICLES, "detail", id] as const;
const requestKey = (id: string) => [REQUESTS, "detail", id] as const;

export const articleFileUrl = (articleId: string, file: ArticleFile) =>
  `${API_BASE}${ARTICLES}/${articleId}/files/${file.id}`;

/* ---------- articles ---------- */

export const useArticles = (filters: { kind?: ArticleKind; status?: ArticleStatus; productId?: string }) =>
  usePaginatedList<ArticleSummary>(ARTICLES, filters, { limit: 20 });

export const useArticle = (id: string) =>
  useQuery({
    queryKey: articleKey(id),
    queryFn: ({ signal }) => api.get<Article>(`${ARTICLES}/${id}`, undefined, signal),
  });

const useArticleSaved = () => {
  const queryClient = useQueryClient();
  return (article: Article) => {
    queryClient.setQueryData(articleKey(article.id), article);
    void queryClient.invalidateQueries({ queryKey: [ARTICLES, "list"] });
    void queryClient.invalidateQueries({ queryKey: [`${ROOT}/search`] });
  };
};

export const useCreateArticle = () => {
  const onSuccess = useArticleSaved();
  return useMutation({
    mutationFn: (body: CreateArticleBody) => api.post<Article>(ARTICLES, body),
    onSuccess,
  });
};

export const useUpdateArticle = (id: string) => {
  const onSuccess = useArticleSaved();
  return useMutation({
    mutationFn: (body: UpdateArticleBody) => api.patch<Article>(`${ARTICLES}/${id}`, body),
    onSuccess,
  });
};

export const useArticleStatus = (id: string) => {
  const onSuccess = useArticleSaved();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { status: "published" | "archived"; version: number }) =>
      api.post<Article>(`${ARTICLES}/${id}/status`, body),
    onSuccess: (article) => {
      onSuccess(article);
      void queryClient.invalidateQueries({ queryKey: [`${ROOT}/alerts/unread`] });
    },
  });
};

/** Opening an alert marks it read: it leaves the portal home's unread alerts. */
export const useMarkRead = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<void>(`${ARTICLES}/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [`${ROOT}/alerts/unread`] }),
  });
};

export const usePreview = () =>
  useMutation({
    mutationFn: (markdown: string) => api.post<{ html: string }>(`${ROOT}/preview`, { markdown }),
  });

export const useUnreadAlerts = (enabled: boolean) =>
  useQuery({
    queryKey: [`${ROOT}/alerts/unread`],
    queryFn: ({ signal }) => api.get<{ items: UnreadAlert[] }>(`${ROOT}/alerts/unread`, undefined, signal),
    enabled,
  });

export const useArticleFiles = (articleId: string) => {
  const queryClient = useQueryClient();
  const reload = () => queryClient.invalidateQueries({ queryKey: articleKey(articleId) });
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return api.upload<ArticleFile>(`${ARTICLES}/${articleId}/files`, form);
    },
    onSuccess: reload,
  });
  const remove = useMutation({
    mutationFn: (fileId: string) => api.delete(`${ARTICLES}/${articleId}/files/${fileId}`),
    onSuccess: reload,
  });
  return { upload, remove };
};

/* ---------- subscriptions ---------- */

export const useSubscriptions = () =>
  useQuery({
    queryKey: [`${ROOT}/subscriptions`],
    queryFn: ({ signal }) => api.get<{ items: Subscription[] }>(`${ROOT}/subscriptions`, undefined, signal),
  });

export const useSaveSubscriptions = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: Subscription[]) =>
      api.put<{ items: Subscription[] }>(`${ROOT}/subscriptions`, { items }),
    onSuccess: (saved) => queryClient.setQueryData([`${ROOT}/subscriptions`], saved),
  });
};

/* ---------- feature requests ---------- */

export const useFeatureRequests = (filters: {
  productId?: string;
  status?: FeatureRequestStatus;
  sort?: "votes" | "newest";
  following?: "true";
  includeMerged?: "true";
}) => usePaginatedList<FeatureRequest>(REQUESTS, filters, { limit: 20 });

export const useFeatureRequest = (id: string) =>
  useQuery({
    queryKey: requestKey(id),
    queryFn: ({ signal }) => api.get<FeatureRequestDetail>(`${REQUESTS}/${id}`, undefined, signal),
  });

const useRequestSaved = () => {
  const queryClient = useQueryClient();
  return (request: FeatureRequestDetail) => {
    queryClient.setQueryData(requestKey(request.id), request);
    void queryClient.invalidateQueries({ queryKey: [REQUESTS, "list"] });
  };
};

export const useCreateFeatureRequest = () => {
  const onSuccess = useRequestSaved();
  return useMutation({
    mutationFn: (body: CreateFeatureRequestBody) => api.post<FeatureRequestDetail>(REQUESTS, body),
    onSuccess,
  });
};

export const useFeatureRequestStatus = (id: string) => {
  const onSuccess = useRequestSaved();
  return useMutation({
    mutationFn: (body: FeatureRequestStatusBody) =>
      api.post<FeatureRequestDetail>(`${REQUESTS}/${id}/status`, body),
    onSuccess,
  });
};

export const useMergeFeatureRequest = (id: string) => {
  const onSuccess = useRequestSaved();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (targetId: string) => api.post<FeatureRequestDetail>(`${REQUESTS}/${id}/merge`, { targetId }),
    onSuccess: (request) => {
      onSuccess(request);
      // the merged duplicate changed too
      void queryClient.invalidateQueries({ queryKey: requestKey(id) });
    },
  });
};

/** Vote, withdraw the vote, follow, unfollow: each reloads the request. */
export const useFeatureRequestActions = (id: string) => {
  const queryClient = useQueryClient();
  const reload = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: requestKey(id) }),
      queryClient.invalidateQueries({ queryKey: [REQUESTS, "list"] }),
    ]);
  const vote = useMutation({
    mutationFn: (on: boolean) =>
      on ? api.post<unknown>(`${REQUESTS}/${id}/votes`) : api.delete(`${REQUESTS}/${id}/votes/mine`),
    onSettled: reload,
  });
  const follow = useMutation({
    mutationFn: (on: boolean) =>
      on ? api.put<unknown>(`${REQUESTS}/${id}/follow`, undefined) : api.delete(`${REQUESTS}/${id}/follow`),
    onSettled: reload,
  });
  return { vote, follow };
};

/* ---------- search ---------- */

export const useSupportSearch = (q: string, type?: SearchType, productId?: string) =>
  usePaginatedList<SearchHit>(
    `${ROOT}/search`,
    { q, type, productId },
    { limit: 20, enabled: q.trim().length > 0 },
  );
