import { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';

import Link, { LinkProps } from '@cloudscape-design/components/link';

/**
 * Renders a Cloudscape link to a page of the dashboard. A plain click navigates inside the app, and a
 * click with a modifier key keeps the browser's behaviour, such as opening a new tab.
 */
export function InternalLink({
  href,
  children,
  ariaLabel,
  variant,
}: {
  href: string;
  children: ReactNode;
  ariaLabel?: string;
  variant?: LinkProps.Variant;
}) {
  const navigate = useNavigate();

  return (
    <Link
      href={href}
      ariaLabel={ariaLabel}
      variant={variant}
      onFollow={(event) => {
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </Link>
  );
}
