import { useRef } from "react";
import { useSearchParams } from "react-router";

/**
 * A list's filters in the URL (`?q=…&status=…`), so a filtered list survives a reload and can be linked.
 * A value equal to its default is left out of the URL, as is an empty one.
 */
export const useUrlFilters = (defaults: Readonly<Record<string, string>> = {}) => {
  const [params, setParams] = useSearchParams();
  // navigations render in a transition: a change made before the previous one rendered builds on it
  const pending = useRef<{ from: URLSearchParams; next: URLSearchParams } | null>(null);
  const setFilter = (key: string, value: string | null, options: { clear?: readonly string[] } = {}) => {
    const next = new URLSearchParams(pending.current?.from === params ? pending.current.next : params);
    if (value && value !== defaults[key]) next.set(key, value);
    else next.delete(key);
    // a filter that already implies others takes their place
    for (const other of options.clear ?? []) next.delete(other);
    pending.current = { from: params, next };
    setParams(next, { replace: true });
  };
  return { q: params.get("q") ?? "", get: (key: string) => params.get(key), setFilter };
};

export type UrlFilters = ReturnType<typeof useUrlFilters>;
