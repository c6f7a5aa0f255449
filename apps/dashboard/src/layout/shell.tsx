import { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

import AppLayout from '@cloudscape-design/components/app-layout';
import Flashbar from '@cloudscape-design/components/flashbar';
import SideNavigation, { SideNavigationProps } from '@cloudscape-design/components/side-navigation';
import TopNavigation from '@cloudscape-design/components/top-navigation';

import { useSession } from '../auth/session';
import { useNotifications } from './notifications';

const NAVIGATION: SideNavigationProps.Item[] = [
  { type: 'link', text: 'Overview', href: '/' },
  { type: 'link', text: 'Source servers', href: '/source-servers' },
  { type: 'link', text: 'Protection groups', href: '/protection-groups' },
  { type: 'link', text: 'Recovery plans', href: '/recovery-plans' },
  { type: 'link', text: 'Execution history', href: '/executions' },
];

/** Renders the frame of every signed-in page: top bar with the user, side navigation and messages. */
export function Shell({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const { items } = useNotifications();
  const navigate = useNavigate();
  const location = useLocation();
  const activeHref =
    NAVIGATION.map((item) => (item.type === 'link' ? item.href : ''))
      .filter((href) => href !== '/' && location.pathname.startsWith(href))
      .sort((a, b) => b.length - a.length)[0] ??
    (location.pathname.startsWith('/executions') ? '/executions' : '/');

  return (
    <>
      <div id="top-navigation" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{
            href: '/',
            title: 'DRS Orchestrator',
            onFollow: (event) => {
              event.preventDefault();
              navigate('/');
            },
          }}
          utilities={[
            {
              type: 'menu-dropdown',
              text: session?.name ?? '',
              description: `Role: ${session?.role ?? 'none'}`,
              iconName: 'user-profile',
              ariaLabel: `Signed in as ${session?.name ?? ''}`,
              items: [{ id: 'sign-out', text: 'Sign out' }],
              onItemClick: ({ detail }) => {
                if (detail.id === 'sign-out') {
                  signOut();
                }
              },
            },
          ]}
          i18nStrings={{ overflowMenuTriggerText: 'More', overflowMenuTitleText: 'All' }}
        />
      </div>
      <AppLayout
        headerSelector="#top-navigation"
        toolsHide
        navigation={
          <SideNavigation
            header={{ text: 'DRS Orchestrator', href: '/' }}
            activeHref={activeHref}
            items={NAVIGATION}
            onFollow={(event) => {
              event.preventDefault();
              navigate(event.detail.href);
            }}
          />
        }
        notifications={<Flashbar items={items} />}
        content={children}
        ariaLabels={{
          navigation: 'Side navigation',
          navigationClose: 'Close side navigation',
          navigationToggle: 'Open side navigation',
          notifications: 'Messages',
        }}
      />
    </>
  );
}
