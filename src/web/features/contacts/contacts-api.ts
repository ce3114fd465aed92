import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { Contact, createContactBodySchema, updateContactBodySchema } from "../../../api/organizations";
import { api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";
import { caseKeys } from "../cases/cases-api";

export type CreateContactBody = z.input<typeof createContactBodySchema>;
export type UpdateContactBody = z.input<typeof updateContactBodySchema>;

export const useContacts = (filters: { q?: string; organizationId?: string | null }) =>
  usePaginatedList<Contact>("/contacts", { q: filters.q, organizationId: filters.organizationId });

export const useOrganizationContacts = (organizationId: string) =>
  usePaginatedList<Contact>(`/organizations/${organizationId}/contacts`);

export const useContact = (id: string) =>
  useQuery({
    queryKey: ["/contacts", "detail", id],
    queryFn: ({ signal }) => api.get<Contact>(`/contacts/${id}`, undefined, signal),
  });

const useInvalidateContacts = () => {
  const queryClient = useQueryClient();
  return (contact: Contact) => {
    queryClient.setQueryData(["/contacts", "detail", contact.id], contact);
    void queryClient.invalidateQueries({ queryKey: ["/contacts"] });
    void queryClient.invalidateQueries({ queryKey: [`/organizations/${contact.organizationId}/contacts`] });
  };
};

export const useCreateContact = (organizationId: string) => {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: (body: CreateContactBody) =>
      api.post<Contact>(`/organizations/${organizationId}/contacts`, body),
    onSuccess: invalidate,
  });
};

export const useUpdateContact = (id: string) => {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: (body: UpdateContactBody) => api.patch<Contact>(`/contacts/${id}`, body),
    onSuccess: invalidate,
  });
};

/** Staff: the address takes mail again (the mark a permanent bounce left goes); answers the contact. */
export const useClearMailUndeliverable = (id: string) => {
  const invalidate = useInvalidateContacts();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<Contact>(`/contacts/${id}/mail-undeliverable`),
    onSuccess: (contact) => {
      invalidate(contact);
      // the cases of the contact show the mark next to their requester
      void queryClient.invalidateQueries({ queryKey: caseKeys.all });
    },
  });
};
