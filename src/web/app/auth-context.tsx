import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from "react";
import type { CurrentUser, SessionResponse } from "../../api/auth";
import { can, type Permission } from "../../api/permissions";
import { changeLanguage, hasStoredLanguage } from "../i18n/i18n";
import { ApiError, api, apiRequest, onUnauthenticated, setCsrfToken } from "./api-client";

const SESSION_KEY = ["session"] as const;

interface AuthState {
  user: CurrentUser | null;
  loading: boolean;
  signIn: (email: string, password: string) => Promise<CurrentUser>;
  signOut: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

const fetchSession = async (): Promise<SessionResponse | null> => {
  try {
    const session = await apiRequest<SessionResponse>("GET", "/auth/session", { allowUnauthenticated: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
};

export const AuthProvider = ({ children }: { children: ReactNode }) => {
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });

  const data = session.data ?? null;
  useEffect(() => {
    setCsrfToken(data?.csrfToken ?? null);
  }, [data]);

  const forget = useCallback(() => {
    setCsrfToken(null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    queryClient.setQueryData(SESSION_KEY, null);
  }, [queryClient]);

  useEffect(() => {
    onUnauthenticated(forget);
    return () => onUnauthenticated(null);
  }, [forget]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const response = await apiRequest<SessionResponse>("POST", "/auth/login", {
        body: { email, password },
        allowUnauthenticated: true,
      });
      setCsrfToken(response.csrfToken);
      queryClient.setQueryData(SESSION_KEY, response);
      if (!hasStoredLanguage()) await changeLanguage(response.user.preferredLanguage, { remember: false });
      return response.user;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post("/auth/logout");
    } catch {
      // the session is forgotten here whatever the server says
    }
    forget();
  }, [forget]);

  const value = useMemo<AuthState>(
    () => ({
      user: data?.user ?? null,
      loading: session.isPending,
      signIn,
      signOut,
      can: (permission) => (data ? can(data.user.role, permission) : false),
    }),
    [data, session.isPending, signIn, signOut],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
};

export const useAuth = (): AuthState => {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
};

/** The signed-in user; only for screens behind the sign-in guard. */
export const useCurrentUser = (): CurrentUser => {
  const { user } = useAuth();
  if (!user) throw new Error("useCurrentUser without a session");
  return user;
};
