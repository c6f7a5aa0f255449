import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

import { isRole, Role, roleSatisfies } from '@drs/domain';

import { ApiClient } from '../api/api-client';
import type { CallerResponse, SignInResponse } from '../api/resources';

const STORAGE_KEY = 'drs-orchestrator.session';

export interface Session {
  token: string;
  name: string;
  role: Role | null;
  expiresAt: string;
}

interface SessionContextValue {
  session: Session | null;
  api: ApiClient;
  /** Reason the last session ended, shown on the sign-in page. */
  endReason: string | null;
  signIn(name: string, password: string): Promise<void>;
  /** Starts a session from a token issued elsewhere, such as an OpenID Connect provider. */
  adoptToken(token: string): Promise<void>;
  signOut(reason?: string): void;
  /** True when the signed-in role grants at least `required`. */
  may(required: Role): boolean;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function readStoredSession(): Session | null {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (!stored) {
      return null;
    }
    const session = JSON.parse(stored) as Session;
    return Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

/** Holds the signed-in user's token (in sessionStorage, so a reload keeps it and closing the tab ends it). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(readStoredSession);
  const [endReason, setEndReason] = useState<string | null>(null);
  const tokenRef = useRef<string | null>(session?.token ?? null);
  tokenRef.current = session?.token ?? null;

  const signOut = useCallback((reason?: string) => {
    sessionStorage.removeItem(STORAGE_KEY);
    tokenRef.current = null;
    setSession(null);
    setEndReason(reason ?? null);
  }, []);

  const api = useMemo(
    () =>
      new ApiClient(
        () => tokenRef.current,
        () => signOut('Your session has ended. Sign in again.'),
      ),
    [signOut],
  );

  const adoptToken = useCallback(
    async (token: string) => {
      tokenRef.current = token;
      const caller = await api.get<CallerResponse>('/auth/me');
      const next: Session = {
        token,
        name: caller.name,
        role: isRole(caller.role) ? caller.role : null,
        expiresAt: caller.expiresAt,
      };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      setEndReason(null);
      setSession(next);
    },
    [api],
  );

  const signIn = useCallback(
    async (name: string, password: string) => {
      const response = await api.post<SignInResponse>('/auth/token', { name, password });
      await adoptToken(response.accessToken);
    },
    [api, adoptToken],
  );

  // Sign out when the token expires, rather than on the first call that fails.
  useEffect(() => {
    if (!session) {
      return undefined;
    }
    const remainingMs = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(() => signOut('Your session expired. Sign in again.'), Math.max(0, remainingMs));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const may = useCallback(
    (required: Role) => session?.role != null && roleSatisfies(session.role, required),
    [session],
  );

  const value = useMemo(
    () => ({ session, api, endReason, signIn, adoptToken, signOut, may }),
    [session, api, endReason, signIn, adoptToken, signOut, may],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) {
    throw new Error('useSession must be used inside SessionProvider');
  }

  return value;
}
