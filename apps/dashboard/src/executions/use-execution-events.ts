import { useEffect, useRef, useState } from 'react';

import type { ExecutionEventMessage } from '@drs/contracts';

import { useSession } from '../auth/session';

const PAGE_SIZE = 1000;
/** How often to look for events newer than the loaded ones, so a busy run does not cost a request per event. */
const CATCH_UP_INTERVAL_MS = 2000;

export interface ExecutionEvents {
  events: ExecutionEventMessage[];
  loading: boolean;
  error: string | null;
}

/**
 * Loads the stored events of an execution page by page, then reads the new ones whenever the
 * live view reports a later `lastEventSeq` (checked every two seconds). The event log, the
 * waiting reasons and the report use it.
 */
export function useExecutionEvents(
  executionId: string | undefined,
  lastEventSeq: number | null,
): ExecutionEvents {
  const { api } = useSession();
  const [events, setEvents] = useState<ExecutionEventMessage[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const targetSeq = useRef(lastEventSeq);
  targetSeq.current = lastEventSeq;

  useEffect(() => {
    if (!executionId) {
      return undefined;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let loadedSeq = 0;
    let firstLoad = true;
    setEvents([]);
    setLoading(true);
    setError(null);

    const catchUp = async () => {
      const behind = targetSeq.current !== null && targetSeq.current > loadedSeq;
      if (firstLoad || behind) {
        try {
          for (;;) {
            const page = await api.get<{ items: ExecutionEventMessage[] }>(
              `/executions/${executionId}/events?afterSeq=${loadedSeq}&limit=${PAGE_SIZE}`,
            );
            if (stopped) {
              return;
            }
            if (page.items.length > 0) {
              loadedSeq = page.items[page.items.length - 1].seq;
              setEvents((known) => [...known, ...page.items]);
            }
            if (page.items.length < PAGE_SIZE) {
              break;
            }
          }
          firstLoad = false;
          setError(null);
        } catch (failure) {
          if (stopped) {
            return;
          }
          // Shown with the log; the next interval tries again.
          setError(`The events could not be loaded: ${(failure as Error).message}`);
        }
        setLoading(false);
      }
      if (!stopped) {
        timer = setTimeout(() => void catchUp(), CATCH_UP_INTERVAL_MS);
      }
    };
    void catchUp();

    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, executionId]);

  return { events, loading, error };
}
