import { createContext, ReactNode, useCallback, useContext, useMemo, useState } from 'react';

import type { FlashbarProps } from '@cloudscape-design/components/flashbar';

type Notice = { type: 'success' | 'error' | 'info' | 'warning'; content: ReactNode; header?: ReactNode };

interface NotificationsValue {
  items: FlashbarProps.MessageDefinition[];
  notify(notice: Notice): void;
}

const NotificationsContext = createContext<NotificationsValue | null>(null);
let nextId = 1;

/** Messages shown above every page until the user dismisses them. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<FlashbarProps.MessageDefinition[]>([]);

  const notify = useCallback((notice: Notice) => {
    const id = String(nextId++);
    const dismiss = () => setItems((current) => current.filter((item) => item.id !== id));
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
