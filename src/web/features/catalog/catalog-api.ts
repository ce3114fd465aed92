import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  createEolAnnouncementBodySchema,
  createProductBodySchema,
  createReleaseBodySchema,
  EndOfSupportList,
  EolAnnouncement,
  Product,
  Release,
  ReleaseDownload,
  ReleaseFile,
  SystemRelease,
  updateProductBodySchema,
  updateReleaseBodySchema,
} from "../../../api/catalog";
import { API_BASE, api, type Page } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type CreateProductBody = z.input<typeof createProductBodySchema>;
export type UpdateProductBody = z.input<typeof updateProductBodySchema>;
export type CreateReleaseBody = z.input<typeof createReleaseBodySchema>;
export type UpdateReleaseBody = z.input<typeof updateReleaseBodySchema>;
export type AnnounceEndOfSupportBody = z.input<typeof createEolAnnouncementBodySchema>;

const productKey = (id: string) => ["/products", "detail", id] as const;
const releasesPath = (productId: string) => `/products/${productId}/releases`;
const endOfSupportPath = (productId: string) => `/products/${productId}/end-of-support`;

export const useProducts = (filters: { q?: string }) =>
  usePaginatedList<Product>("/products", { q: filters.q });

/** Every product (the catalog is small), for pickers. */
export const useProductOptions = () =>
  useQuery({
    queryKey: ["/products", "options"],
    queryFn: ({ signal }) => api.get<Page<Product>>("/products", { limit: 200 }, signal),
    staleTime: 5 * 60_000,
  });

export const useProduct = (id: string) =>
  useQuery({
    queryKey: productKey(id),
    queryFn: ({ signal }) => api.get<Product>(`/products/${id}`, undefined, signal),
  });

export const useReleases = (productId: string) => usePaginatedList<Release>(releasesPath(productId));

/** The newest releases of a product, for version pickers. */
export const useReleaseOptions = (productId: string | null) =>
  useQuery({
    queryKey: [releasesPath(productId ?? ""), "options"],
    queryFn: ({ signal }) => api.get<Page<Release>>(releasesPath(productId ?? ""), { limit: 50 }, signal),
    enabled: Boolean(productId),
  });

const useProductSaved = () => {
  const queryClient = useQueryClient();
  return (product: Product) => {
    queryClient.setQueryData(productKey(product.id), product);
    void queryClient.invalidateQueries({ queryKey: ["/products"] });
  };
};

export const useCreateProduct = () => {
  const onSuccess = useProductSaved();
  return useMutation({
    mutationFn: (body: CreateProductBody) => api.post<Product>("/products", body),
    onSuccess,
  });
};

export const useUpdateProduct = (id: string) => {
  const onSuccess = useProductSaved();
  return useMutation({
    mutationFn: (body: UpdateProductBody) => api.patch<Product>(`/products/${id}`, body),
    onSuccess,
  });
};

/** Adding or renaming a module answers with the module or the product; either way reload the product. */
export const useSaveModule = (productId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ moduleId, name }: { moduleId?: string; name: string }) =>
      moduleId
        ? api.patch<unknown>(`/products/${productId}/modules/${moduleId}`, { name })
        : api.post<unknown>(`/products/${productId}/modules`, { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["/products"] }),
  });
};

export const useSaveRelease = (productId: string, releaseId?: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateReleaseBody | UpdateReleaseBody) =>
      releaseId
        ? api.patch<Release>(`/releases/${releaseId}`, body)
        : api.post<Release>(releasesPath(productId), body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [releasesPath(productId)] }),
  });
};

export const useEndOfSupport = (productId: string) =>
  useQuery({
    queryKey: [endOfSupportPath(productId)],
    queryFn: ({ signal }) => api.get<EndOfSupportList>(endOfSupportPath(productId), undefined, signal),
  });

/** Announcing changes the support of releases and systems too: reload them. */
export const useAnnounceEndOfSupport = (productId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AnnounceEndOfSupportBody) =>
      api.post<EolAnnouncement>(endOfSupportPath(productId), body),
    onSuccess: () =>
      Promise.all(
        [[endOfSupportPath(productId)], [releasesPath(productId)], ["/systems"]].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
};

/* ---------- release files and the right to new versions ---------- */

const releaseFilesPath = (releaseId: string) => `/releases/${releaseId}/files`;

export const releaseFileUrl = (file: ReleaseFile) =>
  `${API_BASE}${releaseFilesPath(file.releaseId)}/${file.id}`;

export const useReleaseFiles = (releaseId: string) =>
  useQuery({
    queryKey: [releaseFilesPath(releaseId)],
    queryFn: ({ signal }) =>
      api.get<{ items: ReleaseFile[] }>(releaseFilesPath(releaseId), undefined, signal),
  });

export const useReleaseDownloads = (releaseId: string) =>
  useQuery({
    queryKey: [`/releases/${releaseId}/downloads`],
    queryFn: ({ signal }) =>
      api.get<{ items: ReleaseDownload[] }>(`/releases/${releaseId}/downloads`, undefined, signal),
  });

export const useReleaseFileChanges = (releaseId: string) => {
  const queryClient = useQueryClient();
  const reload = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: [releaseFilesPath(releaseId)] }),
      queryClient.invalidateQueries({ queryKey: ["/systems"] }),
    ]);
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return api.upload<ReleaseFile>(releaseFilesPath(releaseId), form);
    },
    onSuccess: reload,
  });
  const remove = useMutation({
    mutationFn: (fileId: string) => api.delete(`${releaseFilesPath(releaseId)}/${fileId}`),
    onSuccess: reload,
  });
  return { upload, remove };
};

/** A system's product releases with what its contracts entitle its organization to download. */
export const useSystemReleases = (systemId: string) =>
  useQuery({
    queryKey: ["/systems", "releases", systemId],
    queryFn: ({ signal }) =>
      api.get<{ items: SystemRelease[] }>(`/systems/${systemId}/releases`, undefined, signal),
  });
