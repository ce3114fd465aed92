import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { ApiToken, ApiTokenScope, createdApiTokenSchema } from "../../../api/auth";
import { api } from "../../app/api-client";

export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
const TOKENS_KEY = ["/auth/tokens"] as const;

export const useApiTokens = () =>
  useQuery({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) => api.get<{ items: ApiToken[] }>("/auth/tokens", undefined, signal),
  });

export const useCreateApiToken = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scope: ApiTokenScope }) =>
      api.post<CreatedApiToken>("/auth/tokens", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
};

export const useRevokeApiToken = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/auth/tokens/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
};

export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<void>("/auth/password", body),
  });
