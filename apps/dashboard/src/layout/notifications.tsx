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

import type { FlashbarProps } from '@cloudscape-design/components/flashbar';

import { autoDismissDelay } from './auto-dismiss';

type Notice = { type: 'success' | 'error' | 'info' | 'warning'; content: ReactNode; header?: ReactNode };

interface NotificationsValue {
  items: FlashbarProps.MessageDefinition[];
  notify(notice: Notice): void;
}

const NotificationsContext = createContext<NotificationsValue | null>(null);
let nextId = 1;

/**
 * Messages shown above every page. Success and info messages dismiss themselves after a delay, but
 * errors and warnings stay until the user dismisses them.
 */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<FlashbarProps.MessageDefinition[]>([]);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  const notify = useCallback((notice: Notice) => {
    const id = String(nextId++);
    const dismiss = () => setItems((current) => current.filter((item) => item.id !== id));
    const delay = autoDismissDelay(notice.type);
    if (delay !== null) {
      const timer = setTimeout(() => {
        timers.current.delete(timer);
        dismiss();
      }, delay);
      timers.current.add(timer);
    }
    setItems((current) => [
      ...current.slice(-4),
      { ...notice, id, dismissible: true, dismissLabel: 'Dismiss message', onDismiss: dismiss },
    ]);
  }, []);

  const value = useMemo(() => ({ items, notify }), [items, notify]);

  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsValue {
  const value = useContext(NotificationsContext);
  if (!value) {
    throw new Error('useNotifications must be used inside NotificationsProvider');
  }

  return value;
}
