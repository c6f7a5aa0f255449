import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { io, Socket } from 'socket.io-client';

import type {
  ExecutionEventMessage,
  ExecutionView,
  StatusClientToServerEvents,
  StatusServerToClientEvents,
  SubscribeAck,
} from '@drs/contracts';

import { useSession } from '../auth/session';
import { applySnapshot, EMPTY_LIVE_STATE, LiveExecutionState, receiveEvent } from './execution-state';

type StatusSocket = Socket<StatusServerToClientEvents, StatusClientToServerEvents>;

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'failed';

type Action =
  | { type: 'reset' }
  | { type: 'snapshot'; snapshot: ExecutionView }
  | { type: 'event'; event: ExecutionEventMessage };

function reducer(state: LiveExecutionState, action: Action): LiveExecutionState {
  switch (action.type) {
    case 'reset':
      return EMPTY_LIVE_STATE;
    case 'snapshot':
      return applySnapshot(state, action.snapshot);
    case 'event':
      return receiveEvent(state, action.event);
  }
}

/** Events after which stored times (launch start and end, termination) are worth reading again. */
const REFRESH_AFTER = new Set(['wave.completed', 'execution.completed', 'cleanup.completed']);

/**
 * Follows one execution over the status socket (through the gateway's /socket.io): a snapshot on
 * every (re)subscription, then events in sequence order. A missing event or a reconnect brings a
 * new snapshot, so a dropped connection neither loses nor doubles anything.
 */
export function useLiveExecution(executionId: string | undefined) {
  const { session, api, signOut } = useSession();
  const [state, dispatch] = useReducer(reducer, EMPTY_LIVE_STATE);
  const [streamStatus, setStreamStatus] = useState<StreamStatus>('connecting');
  const [error, setError] = useState<string | null>(null);
  const socketRef = useRef<StatusSocket | null>(null);
  const token = session?.token;

  const subscribe = useCallback(() => {
    const socket = socketRef.current;
    if (!socket || !executionId) {
      return;
    }
    socket.emit('subscribe', { executionId }, (ack: SubscribeAck) => {
      if (ack.ok) {
        setStreamStatus('live');
        setError(null);
      } else {
        setStreamStatus('failed');
        setError(ack.message);
      }
    });
  }, [executionId]);

  const refresh = useCallback(async () => {
    if (!executionId) {
      return;
    }
    try {
      dispatch({ type: 'snapshot', snapshot: await api.get<ExecutionView>(`/executions/${executionId}`) });
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [api, executionId]);

  useEffect(() => {
    if (!executionId || !token) {
      return undefined;
    }
    dispatch({ type: 'reset' });
    setStreamStatus('connecting');
    const socket: StatusSocket = io({
      path: '/socket.io',
      auth: { token },
      transports: ['websocket', 'polling'],
    });
    socketRef.current = socket;

    socket.on('connect', () => subscribe());
    socket.on('disconnect', (reason) => {
      setStreamStatus('reconnecting');
      // socket.io reconnects by itself after a network failure, but not after the server closed
      // the socket (it does so when the token expires). Connecting again lets the 401 of an
      // expired token sign the user out instead of leaving the page silently stale.
      if (reason === 'io server disconnect') {
        socket.connect();
      }
    });
    socket.on('connect_error', (failure: Error & { data?: { statusCode?: number } }) => {
      if (failure.data?.statusCode === 401) {
        signOut('Your session has ended. Sign in again.');
        return;
      }
      setStreamStatus('reconnecting');
    });
    socket.on('snapshot', (snapshot) => dispatch({ type: 'snapshot', snapshot }));
    socket.on('execution-event', (event) => {
      dispatch({ type: 'event', event });
      if (REFRESH_AFTER.has(event.type)) {
        void refresh();
      }
    });

    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [executionId, token, subscribe, refresh, signOut]);

  // An event is missing between the view and the ones received: ask for a new snapshot.
  useEffect(() => {
    if (state.gap) {
      subscribe();
    }
  }, [state.gap, subscribe]);

  return { view: state.view, streamStatus, error, refresh };
}
