import { useEffect } from 'react';

import { ACTIVE_EXECUTION_STATUSES, TERMINAL_EXECUTION_STATUSES } from '@drs/domain';

import type { ApiClient } from '../api/api-client';
import type { ExecutionSummary, ListResponse } from '../api/resources';
import { Resource, useResource } from '../common/use-resource';
import { mergeExecutions } from './recent-executions';

const RECENT_COUNT = 10;
/** Active runs shown at most; more than this at once would be unusual. */
const ACTIVE_LIMIT = 50;
const REFRESH_INTERVAL_MS = 10_000;

export interface OverviewExecutions {
  active: ExecutionSummary[];
  recent: ExecutionSummary[];
}

// The list endpoint filters by one status at a time, so each status is its own request.
async function loadByStatuses(api: ApiClient, statuses: readonly string[], limit: number) {
  return Promise.all(
    statuses.map((status) =>
      api
        .get<ListResponse<ExecutionSummary>>(`/executions?status=${status}&limit=${limit}&offset=0`)
        .then((page) => page.items),
    ),
  );
}

/** Active executions and the last finished ones, read again every ten seconds. */
export function useOverviewExecutions(): Resource<OverviewExecutions> {
  const resource = useResource(async (api) => {
    const [active, finished] = await Promise.all([
      loadByStatuses(api, ACTIVE_EXECUTION_STATUSES, ACTIVE_LIMIT),
      loadByStatuses(api, TERMINAL_EXECUTION_STATUSES, RECENT_COUNT),
    ]);
    return {
      active: mergeExecutions(active, ACTIVE_LIMIT),
      recent: mergeExecutions(finished, RECENT_COUNT),
    };
  }, []);

  const { reload } = resource;
  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return resource;
}
