import { type Problem, problemSchema } from "../../api/errors";

export const API_BASE = "/api/v1";

/** A failed API call: the HTTP status and, when the server sent one, its problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  get code(): Problem["code"] | null {
    return this.problem?.code ?? null;
  }
}

/** The request never got an answer (offline, server down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("network error", { cause });
    this.name = "NetworkError";
  }
}

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;
let languageProvider: () => string = () => "es-MX";

export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** Called when any request (other than the session check and sign-in) answers 401. */
export const onUnauthenticated = (handler: (() => void) | null) => {
  unauthenticatedHandler = handler;
};

export const setLanguageProvider = (provider: () => string) => {
  languageProvider = provider;
};

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** JSON, or a FormData sent as multipart/form-data (the browser sets its boundary). */
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as an expired session (the session probe and sign-in itself). */
  allowUnauthenticated?: boolean;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const buildUrl = (path: string, query?: Query): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ""}`;
};

const readProblem = async (response: Response): Promise<Problem | null> => {
  try {
    const parsed = problemSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export const apiRequest = async <T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> => {
  const headers: Record<string, string> = {
    accept: "application/json",
    "accept-language": languageProvider(),
  };
  const multipart = options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers["content-type"] = "application/json";
  // every write carries the token, uploads included
  if (WRITE_METHODS.has(method) && csrfToken) headers["x-csrf-token"] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body:
        options.body === undefined
          ? null
          : multipart
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new NetworkError(error);
  }

  if (!response.ok) {
    const problem = await readProblem(response);
    // a wrong password (sign-in, password change) is not an expired session
    const sessionGone = response.status === 401 && problem?.code !== "invalid_credentials";
    if (sessionGone && !options.allowUnauthenticated) unauthenticatedHandler?.();
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
};

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    apiRequest<T>("GET", path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>("POST", path, { body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>("PATCH", path, { body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>("PUT", path, { body }),
  /** Most deletes answer 204; a few answer the changed resource. */
  delete: <T = void>(path: string) => apiRequest<T>("DELETE", path),
  /** POST multipart/form-data (file uploads). */
  upload: <T>(path: string, form: FormData) => apiRequest<T>("POST", path, { body: form }),
};

/** A page of a paginated list, as every list endpoint returns it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
