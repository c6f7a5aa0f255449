import { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';

import Link from '@cloudscape-design/components/link';

/** Renders a Cloudscape link that changes the page inside the app instead of reloading it. */
export function AppLink({
  href,
  children,
  ariaLabel,
}: {
  href: string;
  children: ReactNode;
  ariaLabel?: string;
}) {
  const navigate = useNavigate();

  return (
    <Link
      href={href}
      ariaLabel={ariaLabel}
      onFollow={(event) => {
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </Link>
  );
}
