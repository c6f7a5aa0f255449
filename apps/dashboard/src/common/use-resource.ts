import { DependencyList, useCallback, useEffect, useState } from 'react';

import { useSession } from '../auth/session';
import type { ApiClient } from '../api/api-client';

export interface Resource<T> {
  data: T | null;
  loading: boolean;
  error: Error | null;
  reload(): Promise<void>;
}

/**
 * Loads data with the signed-in user's API client, again whenever `deps` change, and on
 * `reload()`. A response that arrives after a newer request started is dropped.
 */
export function useResource<T>(load: (api: ApiClient) => Promise<T>, deps: DependencyList): Resource<T> {
  const { api } = useSession();
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const [generation, setGeneration] = useState(0);

  const loader = useCallback(load, deps);

  useEffect(() => {
    let current = true;
    setLoading(true);
    loader(api)
      .then((value) => {
        if (current) {
          setData(value);
          setError(null);
        }
      })
      .catch((failure: Error) => {
        if (current) {
          setError(failure);
        }
      })
      .finally(() => {
        if (current) {
          setLoading(false);
        }
      });

    return () => {
      current = false;
    };
  }, [api, loader, generation]);

  const reload = useCallback(async () => {
    setGeneration((value) => value + 1);
  }, []);

  return { data, loading, error, reload };
}
